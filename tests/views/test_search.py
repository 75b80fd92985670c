"""Site search: headline, summary, body, tags and bylines; diacritics optional."""

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from articles.text import fold

from ..factories import ArticlePageFactory, AuthorFactory, PhotoFactory, add_bylines, publish


def headlines(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".teaser__headline a")]


@pytest.fixture
def stories(news, turkey, django_capture_on_commit_callbacks):
    """Three live stories and a draft, indexed as publishing would index them."""
    with django_capture_on_commit_callbacks(execute=True):
        radar = ArticlePageFactory.build(
            lead_photo=PhotoFactory(),
            title="Radar delivered",
            slug="radar",
            summary="Coastal radar arrives early.",
            body=[("paragraph", RichText("<p>Minister Mevlüt Çavuşoğlu praised the crews.</p>"))],
        )
        turkey.add_child(instance=radar)
        radar.tags.set(["Defence"])
        add_bylines(radar, [AuthorFactory(name="Elif Yıldırım", slug="elif")])
        publish(radar)
        barrier = ArticlePageFactory.build(
            title="Flood barrier opens",
            slug="barrier",
            summary="Gates close for a test.",
            lead_photo=PhotoFactory(),
        )
        news.add_child(instance=barrier)
        barrier.tags.set(["Climate"])
        publish(barrier)
        draft = ArticlePageFactory.build(
            title="Embargoed radar scoop",
            slug="scoop",
            summary="Radar secrets.",
            live=False,
            lead_photo=PhotoFactory(),
        )
        turkey.add_child(instance=draft)
    return {"radar": radar, "barrier": barrier, "draft": draft}


def test_fold_strips_turkish_diacritics():
    assert fold("Işık Çavuşoğlu İzmit Yıldırım") == "Isik Cavusoglu Izmit Yildirim"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("barrier", ["Flood barrier opens"]),  # headline
        ("gates", ["Flood barrier opens"]),  # summary
        ("crews", ["Radar delivered"]),  # body text
        ("Defence", ["Radar delivered"]),  # tag
        ("Yıldırım", ["Radar delivered"]),  # byline
        ("Yildirim", ["Radar delivered"]),  # byline without diacritics
        ("Çavuşoğlu", ["Radar delivered"]),
        ("Cavusoglu", ["Radar delivered"]),
    ],
)
def test_search_finds_stories_by_every_field(client, stories, query, expected):
    assert headlines(client.get("/search/", {"q": query})) == expected


def test_drafts_are_never_found(client, stories):
    assert headlines(client.get("/search/", {"q": "radar"})) == ["Radar delivered"]
    assert headlines(client.get("/search/", {"q": "Embargoed"})) == []


def test_search_filters_by_section(client, stories, news, turkey):
    assert headlines(client.get("/search/", {"q": "radar", "section": turkey.pk})) == [
        "Radar delivered"
    ]
    found = headlines(client.get("/search/", {"q": "gates", "section": turkey.pk}))
    assert found == []
    assert headlines(client.get("/search/", {"q": "gates", "section": news.pk})) == [
        "Flood barrier opens"
    ]


@pytest.mark.parametrize(
    "params", [{"q": "x", "section": "abc"}, {"q": "x" * 500}, {"q": "radar", "page": "zz"}]
)
def test_bad_search_input_is_never_a_500(client, stories, params):
    response = client.get("/search/", params)
    assert response.status_code in {200, 404}


def test_search_page_has_labelled_form(client, home):
    soup = BeautifulSoup(client.get("/search/").content, "html.parser")
    field = soup.find("input", attrs={"name": "q"})
    assert soup.find("label", attrs={"for": field["id"]})
    assert soup.find(attrs={"role": "search"})


def test_author_page_lists_their_live_stories(client, stories):
    soup = BeautifulSoup(client.get("/authors/elif/").content, "html.parser")
    assert soup.h1.get_text() == "Elif Yıldırım"
    assert [a.get_text() for a in soup.select(".teaser__headline a")] == ["Radar delivered"]
    assert client.get("/authors/nobody/").status_code == 404


def test_byline_links_to_author_page(client, stories):
    soup = BeautifulSoup(client.get(stories["radar"].url).content, "html.parser")
    assert soup.select_one(".byline__name a")["href"] == "/authors/elif/"


def test_results_come_newest_first_a_page_at_a_time(
    client, turkey, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    settings.NEWSROOM_STORIES_PER_PAGE = 2
    settings.NEWSROOM_SEARCH_PAGES = 2
    now = timezone.now()
    photo = PhotoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for age in (3, 1, 5, 2, 4):
            story = ArticlePageFactory.build(
                title=f"Harbour story {age} days old",
                slug=f"harbour-{age}",
                display_date=now - timedelta(days=age),
                lead_photo=photo,
            )
            turkey.add_child(instance=story)
            publish(story)
    first = client.get("/search/", {"q": "harbour"})
    assert headlines(first) == ["Harbour story 1 days old", "Harbour story 2 days old"]
    soup = BeautifulSoup(first.content, "html.parser")
    assert soup.select_one(".search__count").get_text() == "Stories 1–2 for “harbour”, newest first"
    assert soup.find("a", rel="next")["href"] == "?q=harbour&page=2"
    second = client.get("/search/", {"q": "harbour", "page": 2})
    assert headlines(second) == ["Harbour story 3 days old", "Harbour story 4 days old"]
    soup = BeautifulSoup(second.content, "html.parser")
    assert soup.find("a", rel="prev")["href"] == "?q=harbour&page=1"
    # Past the last numbered page of results: narrow the search instead.
    assert soup.find("a", rel="next") is None
    assert client.get("/search/", {"q": "harbour", "page": 3}).status_code == 404
    nothing = BeautifulSoup(client.get("/search/", {"q": "zeppelin"}).content, "html.parser")
    assert nothing.select_one(".search__count").get_text() == "No stories found for “zeppelin”"


def test_sqlite_has_search_statistics_after_migrate(stories):
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        call_command("migrate", verbosity=0)
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        # The search index only: see articles/publishing/upkeep.py.
        assert [row[0] for row in cursor.fetchall()] == ["wagtailsearch_indexentry"]


def test_postgresql_search_uses_an_index_for_the_full_text_match(client, stories):
    """Wagtail's backend matches (title || body): indexed by migration 0008."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches through its FTS5 table")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": "flood barrier"})
    assert response.status_code == 200
    (match,) = [query["sql"] for query in captured if "@@" in query["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        # With a few test rows the planner prefers any other way in: only the
        # index made for the match is left (all of it undone with the transaction).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'wagtailsearch_indexentry'::regclass AND contype = 'u'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE wagtailsearch_indexentry DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry' "
            "AND indexname <> 'articles_search_title_body_gin' AND indexdef NOT LIKE '%(id)'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("EXPLAIN " + match)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_search_title_body_gin" in plan, plan


def test_the_search_page_is_described_but_kept_out_of_search_engines(client, home):
    soup = BeautifulSoup(client.get("/search/").content, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # Lighthouse's SEO audit wants a description on every page, noindex or not.
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
