"""Reader markup the Nu Html Checker rejected: fractional seconds, an empty action, two types."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.models import PreviewLink

from ..conftest import build_story
from ..factories import ArticlePageFactory

# HTML's global date and time string: at most three digits of a second.
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
)


@pytest.fixture
def pages(client, turkey, newsroom_settings, settings):
    settings.NEWSROOM_STORIES_PER_PAGE = 1
    build_story(turkey, slug="earlier", title="An earlier story", tags=["Elections"])
    story = build_story(turkey, slug="later", title="A later story", tags=["Elections"])
    embargoed = ArticlePageFactory(parent=turkey, title="Embargoed", slug="embargoed", live=False)
    embargoed.go_live_at = timezone.now() + timedelta(days=1)
    embargoed.save_revision(approved_go_live_at=embargoed.go_live_at).publish()
    shared = f"/shared/{PreviewLink.create_for(embargoed)[1]}/"
    urls = [story.url, "/news/", "/news/?page=2", "/tags/elections/", "/search/?q=story", shared]
    return {url: client.get(url) for url in urls}


def test_every_time_element_has_a_valid_datetime(pages):
    checked = 0
    for url, response in pages.items():
        assert response.status_code == 200, url
        for time in BeautifulSoup(response.content, "html.parser").find_all("time"):
            assert HTML_DATETIME.fullmatch(time["datetime"]), (url, time["datetime"])
            checked += 1
    assert checked >= len(pages)


def test_search_form_has_no_empty_action_and_one_type(pages):
    html = pages["/search/?q=story"].content.decode()
    form = re.search(r"<form[^>]*search__form[^>]*>", html)[0]
    assert "action=" not in form
    field = re.search(r'<input[^>]*name="q"[^>]*>', html)[0]
    assert field.count("type=") == 1 and 'type="search"' in field
