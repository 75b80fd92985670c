"""Listings cost the same number of queries with 30 stories as with 120, and
page through the whole archive by their links.

The archive is built the way ``bench/seed.py`` builds one (``bench/archive.py``),
so these are the page shapes the render benchmark times.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

import articles.models.querysets
from articles.models import ArticlePage, SectionPage
from bench.archive import add_stories, build_archive
from bench.render import page_urls
from media.sizes import upload_specs

from ..factories import PhotoFactory, cold_caches, jpeg_file

QUERY_BUDGET = 12
PAGES = ["article", "section, page 1", "section, oldest page", "tag page", "author page", "home"]


@pytest.fixture(autouse=True)
def listing_settings(settings):
    # Renders, not the reader cache's copies; small pages, so a 120-story
    # archive runs past the numbered pages into the cursor ones.
    settings.NEWSROOM_READER_CACHE = False
    settings.NEWSROOM_STORIES_PER_PAGE = 4
    settings.NEWSROOM_NUMBERED_PAGES = 3


@pytest.fixture
def archive(home):
    photo = PhotoFactory(file=jpeg_file(size=(1300, 800)))
    photo.get_renditions(*upload_specs())
    return build_archive(home, [photo], authors=6, tags=12, photo_pool=3)


def query_count(client, url):
    # The first request fills process-wide caches (site root paths, content types).
    assert client.get(url).status_code == 200, url
    cold_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [query["sql"] for query in queries.captured_queries]


def listing(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    older, newer = soup.find("a", rel="next"), soup.find("a", rel="prev")
    return (
        [a["href"] for a in soup.select(".teaser__headline a")],
        older["href"] if older else None,
        newer["href"] if newer else None,
    )


def expected_urls(section):
    return [story.url for story in section.get_stories()]


@pytest.mark.parametrize("small_listing", [500, 5], ids=["from-their-rows", "down-the-dates"])
def test_listing_queries_do_not_grow_with_the_archive(client, archive, monkeypatch, small_listing):
    # Both query shapes of tag and author pages (see StoryQuerySet.tagged).
    monkeypatch.setattr(articles.models.querysets, "SMALL_LISTING", small_listing)
    counts = {}
    for size in (30, 120):
        add_stories(archive, size - archive.stories, search_index=False)
        urls = page_urls()
        assert "?before=" in urls["section, oldest page"]
        counts[size] = {}
        for name in PAGES:
            counts[size][name], sql = query_count(client, urls[name])
            assert counts[size][name] <= QUERY_BUDGET, f"{name}\n" + "\n".join(sql)
    assert counts[30] == counts[120]


def walk(client, section, url, link):
    """[(query, stories)] of every page from ``url`` on, following ``link`` (1 older, 2 newer)."""
    visited = []
    while url:
        found = listing(client, section.url + url)
        visited.append((url, found[0]))
        url = found[link]
    return visited


def stories_of(pages):
    return [story for _, stories in pages for story in stories]


def test_older_links_walk_the_whole_section_once_and_newer_links_walk_back(client, archive):
    add_stories(archive, 120, search_index=False)
    section = SectionPage.objects.get(slug="news")
    pages = walk(client, section, "?page=1", 1)
    assert stories_of(pages) == expected_urls(section)
    assert len(pages) > 4 and all(len(stories) == 4 for _, stories in pages[:-1])
    # Numbered pages first, then cursors.
    assert [query for query, _ in pages[:4]][1:3] == ["?page=2", "?page=3"]
    assert pages[3][0].startswith("?before=")
    assert listing(client, section.url + "?page=3")[2] == "?page=2"
    # From the last page back to the first, the same pages.
    back = walk(client, section, pages[-1][0], 2)
    assert [stories for _, stories in back[::-1]] == [stories for _, stories in pages]
    assert back[-1][0].startswith("?after=")  # "Newer stories" on page 2 is a cursor too


def test_stories_with_the_same_date_page_in_id_order(client, archive):
    add_stories(archive, 40, search_index=False)
    section = SectionPage.objects.get(slug="news")
    # Six stories in the same second, across a page boundary.
    tied = list(section.get_stories().values_list("pk", flat=True)[2:8])
    ArticlePage.objects.filter(pk__in=tied).update(
        display_order_date=ArticlePage.objects.get(pk=tied[0]).display_order_date
    )
    assert stories_of(walk(client, section, "?page=1", 1)) == expected_urls(section)
    assert expected_urls(section)[2:8] == [
        ArticlePage.objects.get(pk=pk).url for pk in sorted(tied, reverse=True)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?page=4",  # past the numbered pages
        "?page=2&page=3",
        "?page=2&before=20260101T000000.000000_1",
        "?before=yesterday",
        "?before=20261301T000000.000000_1",  # month 13
        "?before=20260101T000000.000000_0",
        "?after=20260101T000000.000000",
        "?before=",
        "?before=10000101T000000.000000_1",  # older than every story
    ],
)
def test_bad_listing_parameters_are_404(client, archive, query):
    add_stories(archive, 40, search_index=False)
    response = client.get("/news/" + query)
    assert response.status_code == 404


def test_canonical_link_names_the_page(client, archive):
    add_stories(archive, 60, search_index=False)
    soup = BeautifulSoup(client.get("/news/?page=3").content, "html.parser")
    older = soup.find("a", rel="next")["href"]
    assert soup.find("link", rel="canonical")["href"].endswith("/news/?page=3")
    soup = BeautifulSoup(client.get("/news/" + older).content, "html.parser")
    assert soup.find("link", rel="canonical")["href"].endswith("/news/" + older)
    assert re.search(r"Stories from \d+ \w+ \d{4} to", soup.select_one(".pagination").get_text())


def test_bulk_built_tree_is_valid_and_searchable(client, archive):
    add_stories(archive, 30)
    assert not any(Page.find_problems())
    story = ArticlePage.objects.for_listing().first()
    assert client.get(story.url).status_code == 200
    # The headline's words and its number, which no other story has.
    response = client.get("/search/", {"q": re.sub(r"[()]", "", story.title)})
    assert [
        a.get_text()
        for a in BeautifulSoup(response.content, "html.parser").select(".teaser__headline a")
    ] == [story.title]
