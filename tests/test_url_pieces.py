"""Newsroom's URLs in pieces: search, sitemaps and feeds each where a host has room for them."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from articles import checks as articles_checks
from articles.urls import newsroom_urls
from articles.urls import urlpatterns as all_patterns

from .feeds.test_feeds import add_story

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.urls("tests.testapp.urls_pieces")


def locations(response):
    assert response.status_code == 200, response.status_code
    # Our own response, not untrusted input.
    return [loc.text for loc in ET.fromstring(response.content).iterfind(".//sm:loc", NS)]  # noqa: S314


@pytest.fixture
def stories(turkey, db):
    from .factories import PhotoFactory

    photo = PhotoFactory()
    return [
        add_story(turkey, slug=f"ferry-{n}", title=f"Ferry timetable {n}", photo=photo)
        for n in (1, 2)
    ]


def test_each_piece_answers_under_its_own_prefix(client, stories):
    assert client.get("/search/").content == b"The host's own search"
    assert reverse("articles:search") == "/news-search/"
    found = client.get("/news-search/", {"q": "ferry"})
    assert found.status_code == 200
    assert "Ferry timetable 1" in found.text and "Ferry timetable 2" in found.text

    feed = feedparser.parse(client.get("/feeds/feed/").content)
    assert {entry.title for entry in feed.entries} >= {"Ferry timetable 1", "Ferry timetable 2"}
    assert client.get("/feed/").status_code == 404  # not at the root: the host mounted it elsewhere

    # A story advertises the feed where it is, and links its section's pages as before.
    page = client.get(stories[0].url)
    assert page.status_code == 200
    assert 'href="http://testserver/feeds/feed/"' in page.text or 'href="/feeds/feed/"' in page.text


def test_newsroom_s_index_lists_its_sitemaps_under_their_prefix(client, stories):
    index = locations(client.get("/news-sitemaps/sitemap.xml"))
    assert index and all("/news-sitemaps/sitemap-" in url for url in index)
    listed = [
        url for sitemap in index for url in locations(client.get(sitemap.split("testserver", 1)[1]))
    ]
    assert {story.full_url for story in stories} <= set(listed)


def test_the_host_s_own_index_lists_newsroom_s_stories_and_pages(client, stories, turkey):
    index = locations(client.get("/sitemap.xml"))
    assert sorted(url.rsplit("/", 1)[1] for url in index) == [
        "sitemap-pages.xml",
        "sitemap-stories.xml",
    ]
    story_urls = locations(client.get("/sitemap-stories.xml"))
    # Newest first, each story once, and nothing but stories.
    assert story_urls == [stories[1].full_url, stories[0].full_url]
    page_urls = locations(client.get("/sitemap-pages.xml"))
    assert turkey.full_url in page_urls
    assert not {story.full_url for story in stories} & set(page_urls)


def test_the_checks_find_newsroom_wherever_its_pieces_are(settings):
    assert articles_checks.check_urls(None) == []


def test_a_prefix_is_a_path_with_a_trailing_slash():
    with pytest.raises(ValueError, match="search='/find'"):
        newsroom_urls(search="/find")
    with pytest.raises(ValueError, match="feeds='feeds'"):
        newsroom_urls(feeds="feeds")


def test_the_default_pieces_are_the_one_include():
    # newsroom_urls() with no prefixes serves what include("articles.urls") does.
    patterns, app_name, namespace = newsroom_urls()
    assert app_name == namespace == "articles"

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    assert sorted(routes(patterns)) == sorted(routes(all_patterns))
