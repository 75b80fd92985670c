"""One meta description and one breadcrumb per page, whoever prints them."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def descriptions(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [meta["content"] for meta in soup.select('meta[name="description"]')]


def test_the_summary_describes_a_story_without_a_search_description(client, turkey):
    story = ArticlePageFactory(parent=turkey, summary="Boats sail again.", search_description="")
    assert descriptions(client, story) == ["Boats sail again."]


def test_a_search_description_is_the_only_description(client, turkey):
    story = ArticlePageFactory(
        parent=turkey, summary="Boats sail again.", search_description="Ferries resume."
    )
    assert descriptions(client, story) == ["Ferries resume."]


def test_a_section_is_described_once(client, turkey):
    turkey.description = "News from Turkey."
    turkey.save_revision().publish()
    assert descriptions(client, turkey) == ["News from Turkey."]
    turkey.search_description = "Turkey, every day."
    turkey.save_revision().publish()
    assert descriptions(client, turkey) == ["Turkey, every day."]


def test_a_host_with_its_own_breadcrumb_turns_newsroom_s_off(client, turkey, settings):
    story = ArticlePageFactory(parent=turkey)
    for page in (story, turkey):
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        assert len(soup.select('nav[aria-label="Breadcrumb"]')) == 1
    settings.NEWSROOM_BREADCRUMBS = False
    cache.clear()  # a setting changes with a deploy, which starts on a fresh generation
    for page in (story, turkey):
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        assert soup.select('nav[aria-label="Breadcrumb"]') == []
        assert soup.h1 is not None
