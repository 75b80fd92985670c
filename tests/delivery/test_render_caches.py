"""What a render keeps between requests, and every change that must retire it.

A story's page caches its route and its fragments (``articles.delivery.
generation``), its site and its settings (``articles.delivery.sites``).
These tests read stories with the reader cache off, so each request is a
render, and check that a change an editor makes shows on the next one.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from media.details import save_details

from ..conftest import build_story
from ..factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def renders(settings):
    settings.NEWSROOM_READER_CACHE = False


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def related_titles(client, url):
    aside = BeautifulSoup(read(client, url), "html.parser").select_one("aside.related")
    return [a.get_text(strip=True) for a in aside.select("h3 a")] if aside else []


def test_a_story_read_again_costs_one_query(client, turkey):
    story = build_story(turkey)
    # The site's first render creates its settings row, which retires what it cached.
    read(client, story.url)
    first = read(client, story.url)
    with CaptureQueriesContext(connection) as queries:
        again = read(client, story.url)
    # Its own row: the route, the fragments, the site and its settings are cached.
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]
    assert again == first


def test_a_renamed_author_shows_at_once(client, turkey):
    story = build_story(turkey)
    author = story.bylines.first().author
    assert author.name in read(client, story.url)
    author.name = "Renamed Reporter"
    author.save()
    page = read(client, story.url)
    assert "Renamed Reporter" in page
    assert page.count("Renamed Reporter") >= 2  # the byline and the JSON-LD


def test_a_new_credit_on_the_lead_photo_shows_at_once(client, turkey):
    story = build_story(turkey)
    assert "AFP" in read(client, story.url)
    photo = story.lead_photo
    save_details(photo, credit="Meridian Press Agency")
    assert "Meridian Press Agency" in read(client, story.url)


def test_related_stories_follow_publishing_and_unpublishing(client, turkey):
    first = build_story(turkey, slug="first", title="First", tags=["Elections"])
    assert "Second story" not in related_titles(client, first.url)
    second = build_story(turkey, slug="second", title="Second story", tags=["Elections"])
    assert "Second story" in related_titles(client, first.url)
    second.unpublish()
    assert "Second story" not in related_titles(client, first.url)
    assert "Second story" not in read(client, first.url)


def test_a_republished_headline_shows_at_once(client, story):
    read(client, story.url)
    story.title = "A corrected headline"
    publish(story)
    page = read(client, story.url)
    assert "A corrected headline" in page
    assert "A published story" not in page


def test_a_settings_change_shows_at_once(client, newsroom_settings, story):
    assert "mirror-one.example.net" in read(client, story.url)
    newsroom_settings.publisher_name = "Renamed Publisher"
    newsroom_settings.alternate_addresses = [("address", "mirror-two.example.net")]
    newsroom_settings.save()
    page = read(client, story.url)
    assert '"Renamed Publisher"' in page  # the JSON-LD publisher
    assert "mirror-two.example.net" in page
    assert "mirror-one.example.net" not in page


def test_a_new_host_name_changes_the_canonical_url(client, story):
    assert 'href="http://testserver/news/turkey/story/"' in read(client, story.url)
    site = Site.objects.get()
    site.hostname = "news.example.org"
    site.save()
    # The default site still answers testserver; the canonical URL names the site.
    page = read(client, story.url)
    assert '<link rel="canonical" href="http://news.example.org/news/turkey/story/">' in page


def test_a_moved_story_leaves_its_old_route(client, story, news):
    old_url = story.url
    read(client, old_url)
    story.move(news, pos="last-child")
    story.refresh_from_db()
    # Wagtail's redirect for the move, not the page from the old route.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.url == "/news/story/"
    assert "A published story" in read(client, story.url)


def test_a_section_made_private_closes_its_cached_stories(client, story, turkey):
    read(client, story.url)
    PageViewRestriction.objects.create(page=turkey, restriction_type="login")
    response = client.get(story.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "login" in response["Location"]


def test_an_unpublished_story_is_gone_at_once(client, story):
    read(client, story.url)
    story.unpublish()
    assert client.get(story.url).status_code == 404


def test_a_preview_shows_the_draft_not_the_cached_page(client, story):
    read(client, story.url)
    story.title = "A draft headline"
    story.save_revision()
    response = story.make_preview_request()
    assert response.status_code == 200
    assert "A draft headline" in response.content.decode()
    assert "A draft headline" not in read(client, story.url)
