"""The reference site's navigation, 404 and 500 pages, as a reader gets them."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error
from wagtail.models import PageViewRestriction

from ..conftest import build_story
from ..factories import SectionPageFactory, cold_caches, publish


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def header_links(soup):
    return [
        (a.get_text(), a.get("aria-current"))
        for a in soup.select("header .site-nav__list--inline a")
    ]


@pytest.fixture
def sport(home):
    return SectionPageFactory(parent=home, title="Sport", slug="sport")


def test_from_a_story_in_turkey_a_reader_reaches_sport(client, story, sport):
    soup = soup_of(client.get(story.url))
    assert header_links(soup) == [("News", "true"), ("Sport", None)]
    assert [a["href"] for a in soup.select("header .site-nav__menu a")] == ["/news/", "/sport/"]
    # And from the footer.
    assert [a["href"] for a in soup.select("footer .footer-nav a")] == ["/news/", "/sport/"]


def test_a_section_page_is_the_current_page(client, story, sport):
    assert header_links(soup_of(client.get(sport.url))) == [("News", None), ("Sport", "page")]
    assert header_links(soup_of(client.get("/"))) == [("News", None), ("Sport", None)]


def test_a_new_section_reaches_the_header_of_cached_stories_and_leaves_it(
    client, story, django_capture_on_commit_callbacks
):
    client.get(story.url)
    cached = client.get(story.url)
    assert cached["X-Newsroom-Cache"] == "hit"
    assert header_links(soup_of(cached)) == [("News", "true")]

    with django_capture_on_commit_callbacks(execute=True):
        culture = SectionPageFactory.build(title="Culture", slug="culture", show_in_menus=True)
        story.get_parent().get_parent().get_parent().add_child(instance=culture)
        publish(culture)
    response = client.get(story.url)
    assert response["X-Newsroom-Cache"] == "miss"
    assert header_links(soup_of(response)) == [("News", "true"), ("Culture", None)]
    assert client.get(story.url)["X-Newsroom-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        culture.unpublish()
    assert header_links(soup_of(client.get(story.url))) == [("News", "true")]


def test_a_renamed_section_is_renamed_in_every_header(
    client, story, news, django_capture_on_commit_callbacks
):
    client.get(story.url)
    with django_capture_on_commit_callbacks(execute=True):
        news.title = "Haberler"
        publish(news)
    assert header_links(soup_of(client.get(story.url))) == [("Haberler", "true")]


def test_not_found_offers_search_and_the_latest_stories(client, turkey, home):
    for n in range(7):
        build_story(turkey, title=f"Story {n}", slug=f"story-{n}")
    draft = build_story(turkey, title="Withdrawn", slug="withdrawn")
    draft.unpublish()
    private = SectionPageFactory(parent=home, title="Staff", slug="staff")
    build_story(private, title="Staff notice", slug="notice")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = soup_of(response)
    form = soup.select_one("main form[role=search]")
    assert form["action"] == "/search/" and form.get("method") == "get"
    assert form.select_one("input[type=search]")["name"] == "q"
    latest = [a.get_text() for a in soup.select(".error-page__latest a")]
    assert latest == ["Story 6", "Story 5", "Story 4", "Story 3", "Story 2"]
    # The site's own page: its stylesheet, header, navigation and footer.
    assert soup.select_one('link[rel=stylesheet][href$="newsroom/css/site.css"]')
    assert soup.select_one("header .site-nav") and soup.select_one("footer .footer-nav")


def test_not_found_reads_its_sections_and_stories_from_the_cache(client, story):
    client.get("/nope/")
    cold_caches()
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/nope/").status_code == 404
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/nope/").status_code == 404
    # Cold: the site, its settings, the route, the sections, the latest stories,
    # the breaking-news banner and the redirects. Warm: what every 404 asks, its
    # route (a path that is no page is not cached) and the redirects; the
    # sections, the latest stories and the banner come from the cache.
    assert len(cold) <= 7, [q["sql"] for q in cold.captured_queries]
    assert len(warm) <= 2, [q["sql"] for q in warm.captured_queries]
    # The route's query (pages by url_path) brings a story's columns along.
    others = [q for q in warm.captured_queries if '"url_path" IN' not in q["sql"]]
    from_the_cache = [
        q
        for q in others
        if any(name in q["sql"] for name in ("show_in_menus", "articlepage", "breakingbanner"))
    ]
    assert from_the_cache == []


@pytest.mark.django_db
def test_server_error_page_is_styled_and_reads_no_database():
    with CaptureQueriesContext(connection) as queries:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert len(queries) == 0
    soup = soup_of(response)
    assert soup.select_one('link[rel=stylesheet][href$="newsroom/css/site.css"]')
    assert soup.select_one("header.site-header a[href='/']")
    assert soup.h1.get_text() == "Something went wrong"


def test_navigation_and_not_found_in_the_site_language(client, story):
    from wagtail.models import Site

    from articles.models import NewsroomSettings

    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.language = "tr"
    newsroom.save()
    soup = soup_of(client.get("/nope/"))
    assert soup.select_one("header nav")["aria-label"] == "Bölümler"
    assert soup.select_one("footer nav.footer-nav")["aria-label"] == "Sitenin bölümleri"
    assert soup.select_one("main label").get_text() == "Haberlerde ara"
    assert soup.select_one(".error-page__latest h2").get_text() == "Son haberler"
    section = soup_of(client.get("/news/"))
    assert section.select_one("nav.subsections")["aria-label"] == "News içindeki bölümler"


@pytest.mark.django_db
def test_the_demo_top_level_sections_are_the_navigation():
    import io

    from django.core.management import call_command
    from django.test import Client

    call_command("newsroom_demo", stdout=io.StringIO())
    soup = soup_of(Client(HTTP_HOST="127.0.0.1:8000").get("/news/turkey/"))
    assert header_links(soup) == [("News", "true"), ("Sport", None)]
    assert [
        a.get_text()
        for a in soup_of(Client(HTTP_HOST="127.0.0.1:8000").get("/news/")).select(
            "nav.subsections a"
        )
    ] == ["Turkey", "World"]
