"""Sitemap index, pages sitemap, weekly story sitemaps, Google News sitemap and robots.txt."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from wagtail.models import Site

from articles.models import ArticlePage, SitemapWeek, StoryType
from articles.sitemaps import NewsSitemap, reconcile_weeks, week_section

from ..factories import AuthorFactory, HomePageFactory, SectionPageFactory
from ..feeds.test_feeds import add_bulk_stories, add_hidden_stories, add_story, count_queries

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}
W3C_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
HEADLINE = "Çavuşoğlu & Erdoğan <meet> in Ankara"
SITEMAPS = ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-news.xml"]


def week_path(story):
    return f"/sitemap-{week_section(story.display_order_date)}.xml"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    # Our own response, not untrusted input.
    return ET.fromstring(response.content)  # noqa: S314


def locations(root):
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def every_sitemap(client, host="testserver"):
    """The URLs of every sitemap in the index but the news one."""
    index = locations(parse(client.get("/sitemap.xml", HTTP_HOST=host)))
    return [url for url in index if not url.endswith("/sitemap-news.xml")]


def every_page(client, host="testserver"):
    """Every page the sitemaps list, through the index, as a crawler finds them."""
    return [
        location
        for url in every_sitemap(client, host)
        for location in locations(parse(client.get(url.split(host, 1)[1], HTTP_HOST=host)))
    ]


@pytest.fixture
def photo(db):
    from ..factories import PhotoFactory

    return PhotoFactory()


def test_sitemap_index_lists_the_pages_news_and_week_sitemaps(client, story):
    response = client.get("/sitemap.xml")
    root = parse(response)
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert locations(root) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-news.xml",
        f"http://testserver{week_path(story)}",
    ]
    # The fixture's sections were never published, so only the stories have a lastmod.
    for entry in root.findall("sm:sitemap", NS)[1:]:
        assert W3C_DATETIME.match(entry.findtext("sm:lastmod", namespaces=NS))
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_pages_sitemap_lists_every_live_page_but_the_stories(client, home, news, story):
    root = parse(client.get("/sitemap-pages.xml"))
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    assert locations(root) == [
        "http://testserver/",
        "http://testserver/news/",
        "http://testserver/news/turkey/",
    ]


def test_week_sitemap_lists_its_stories_with_lastmod(client, story):
    root = parse(client.get(week_path(story)))
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    assert locations(root) == ["http://testserver/news/turkey/story/"]
    url = root.find("sm:url", NS)
    assert url.findtext("sm:lastmod", namespaces=NS) == f"{story.last_published_at:%Y-%m-%d}"


def test_stories_are_split_by_iso_week_oldest_first(client, turkey, newsroom_settings, photo):
    # Monday 2 November 2026 00:00 UTC starts ISO week 45; the Sunday before ends week 44.
    monday = datetime(2026, 11, 2, tzinfo=UTC)
    dates = {
        "sunday-night": monday - timedelta(minutes=1),
        "monday-morning": monday,
        "monday-noon": monday + timedelta(hours=12),
        "a-week-on": monday + timedelta(weeks=1),
    }
    for slug, moment in dates.items():
        add_story(turkey, slug=slug, photo=photo, display_date=moment)
    assert every_sitemap(client)[1:] == [
        "http://testserver/sitemap-stories-2026-W46.xml",
        "http://testserver/sitemap-stories-2026-W45.xml",
        "http://testserver/sitemap-stories-2026-W44.xml",
    ]
    assert locations(parse(client.get("/sitemap-stories-2026-W45.xml"))) == [
        "http://testserver/news/turkey/monday-morning/",
        "http://testserver/news/turkey/monday-noon/",
    ]
    assert locations(parse(client.get("/sitemap-stories-2026-W44.xml"))) == [
        "http://testserver/news/turkey/sunday-night/"
    ]
    # A week with no stories is an empty sitemap; a week that cannot be, a 404.
    assert locations(parse(client.get("/sitemap-stories-2026-W40.xml"))) == []
    for section in ("stories-2026-W54", "stories-2026-W00", "stories-26-W45", "stories-2026-45"):
        assert client.get(f"/sitemap-{section}.xml").status_code == 404, section


def test_week_lastmod_is_its_latest_change(client, turkey, newsroom_settings, photo):
    monday = datetime(2026, 11, 2, tzinfo=UTC)
    old = add_story(turkey, slug="old", photo=photo, display_date=monday)
    new = add_story(turkey, slug="new", photo=photo, display_date=monday + timedelta(weeks=1))
    old.title = "Corrected"
    old.save_revision().publish()
    old.refresh_from_db()
    lastmods = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in parse(client.get("/sitemap.xml")).iterfind("sm:sitemap", NS)
    }
    assert lastmods["http://testserver/sitemap-stories-2026-W45.xml"].startswith(
        old.last_published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert lastmods["http://testserver/sitemap-stories-2026-W46.xml"].startswith(
        new.last_published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    )


def index_weeks(client):
    """The week sitemaps the index lists, by section name, with their lastmod."""
    return {
        entry.findtext("sm:loc", namespaces=NS).rsplit("/sitemap-", 1)[1][
            :-4
        ]: datetime.fromisoformat(entry.findtext("sm:lastmod", namespaces=NS))
        for entry in parse(client.get("/sitemap.xml")).iterfind("sm:sitemap", NS)
        if "-stories-" in entry.findtext("sm:loc", namespaces=NS)
    }


def test_a_week_leaves_the_index_with_its_last_story(client, turkey, newsroom_settings, photo):
    monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
    first = add_story(turkey, slug="first", photo=photo, display_date=monday)
    second = add_story(turkey, slug="second", photo=photo, display_date=monday + timedelta(days=1))
    later = add_story(turkey, slug="later", photo=photo, display_date=monday + timedelta(weeks=1))
    before = index_weeks(client)
    assert list(before) == ["stories-2026-W46", "stories-2026-W45"]

    first.unpublish()
    after = index_weeks(client)
    # Still listed (one story left), and marked changed: a crawler fetches it again.
    assert after["stories-2026-W45"] > before["stories-2026-W45"]
    assert after["stories-2026-W46"] == before["stories-2026-W46"]

    second.delete()
    assert list(index_weeks(client)) == ["stories-2026-W46"]
    later.unpublish()
    assert index_weeks(client) == {}
    assert SitemapWeek.objects.count() == 0


def test_a_section_made_private_takes_its_weeks_out(
    client, news, turkey, newsroom_settings, photo, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    sport = SectionPageFactory(parent=news, title="Sport", slug="sport")
    monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
    add_story(turkey, slug="ours", photo=photo, display_date=monday)
    hidden = add_story(sport, slug="theirs", photo=photo, display_date=monday + timedelta(weeks=1))
    assert list(index_weeks(client)) == ["stories-2026-W46", "stories-2026-W45"]

    with mock.patch("articles.publishing.purge.purge") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            PageViewRestriction.objects.create(page=sport, restriction_type="login")
    assert list(index_weeks(client)) == ["stories-2026-W45"]
    # Front-end caches drop the week's sitemap too, which listed the story.
    purged = set().union(*(call.args[0] for call in purge.call_args_list))
    assert f"http://testserver{week_path(hidden)}" in purged
    assert hidden.url not in locations(parse(client.get(week_path(hidden))))


def test_a_story_moved_to_another_site_leaves_the_first_sites_weeks(
    client, home, turkey, newsroom_settings, photo
):
    other_home = HomePageFactory(parent=home.get_parent(), title="Other", slug="other")
    world = SectionPageFactory(parent=other_home, title="World", slug="world")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    story = add_story(turkey, slug="moving", photo=photo)
    assert list(index_weeks(client)) == [week_section(story.display_order_date)]

    story.move(world, pos="last-child")
    assert index_weeks(client) == {}
    other = SitemapWeek.objects.get(site__hostname="other.example")
    assert week_section(other.week) == week_section(story.display_order_date)


def test_reconcile_restores_the_weeks_from_the_stories(client, turkey, newsroom_settings, photo):
    monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
    for day in range(0, 21, 3):
        add_story(turkey, slug=f"day-{day}", photo=photo, display_date=monday + timedelta(days=day))
    kept = index_weeks(client)
    assert len(kept) == 3
    # Rows lost, or a stale one left behind (a bulk import sends no signals).
    SitemapWeek.objects.filter(week=monday.date()).delete()
    SitemapWeek.objects.create(
        site=Site.objects.get(is_default_site=True),
        week=date(2020, 1, 6),
        changed_at=timezone.now(),
    )
    assert reconcile_weeks() == 2
    assert reconcile_weeks() == 0
    reconciled = index_weeks(client)
    assert list(reconciled) == list(kept)
    assert reconciled["stories-2026-W46"] == kept["stories-2026-W46"]


def test_sitemaps_list_only_the_requests_site(client, home, turkey, newsroom_settings, photo):
    add_story(turkey, slug="ours", photo=photo)
    other_home = HomePageFactory(parent=home.get_parent(), title="Other", slug="other")
    add_story(
        SectionPageFactory(parent=other_home, title="World", slug="world"),
        slug="theirs",
        photo=photo,
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    assert every_page(client, "other.example") == [
        "http://other.example/",
        "http://other.example/world/",
        "http://other.example/world/theirs/",
    ]
    news = locations(parse(client.get("/sitemap-news.xml", HTTP_HOST="other.example")))
    assert news == ["http://other.example/world/theirs/"]
    assert locations(parse(client.get("/sitemap-news.xml"))) == [
        "http://testserver/news/turkey/ours/"
    ]


def test_news_sitemap_follows_the_google_news_schema(client, turkey, newsroom_settings, photo):
    story = add_story(turkey, slug="talks", title=HEADLINE, photo=photo)
    root = parse(client.get("/sitemap-news.xml"))
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    [url] = root.findall("sm:url", NS)
    assert [child.tag for child in url] == [f"{{{SITEMAP_NS}}}loc", f"{{{NEWS_NS}}}news"]
    assert url.findtext("sm:loc", namespaces=NS) == "http://testserver/news/turkey/talks/"
    news = url.find("news:news", NS)
    assert [child.tag.split("}")[1] for child in news] == [
        "publication",
        "publication_date",
        "title",
    ]
    publication = news.find("news:publication", NS)
    assert publication.findtext("news:name", namespaces=NS) == "Test News"
    assert publication.findtext("news:language", namespaces=NS) == "en"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert W3C_DATETIME.match(published)
    assert published == story.published_at.replace(microsecond=0).isoformat()
    assert news.findtext("news:title", namespaces=NS) == HEADLINE


def test_news_sitemap_escapes_markup_in_titles(client, turkey, newsroom_settings, photo):
    add_story(turkey, slug="talks", title=HEADLINE, photo=photo)
    content = client.get("/sitemap-news.xml").content.decode()
    assert "Çavuşoğlu &amp; Erdoğan &lt;meet&gt; in Ankara" in content


def test_news_sitemap_uses_the_site_settings(client, turkey, newsroom_settings, photo):
    newsroom_settings.publisher_name = "Haber Merkezi"
    newsroom_settings.language = "tr"
    newsroom_settings.save()
    add_story(turkey, slug="one", photo=photo)
    publication = parse(client.get("/sitemap-news.xml")).find(".//news:publication", NS)
    assert publication.findtext("news:name", namespaces=NS) == "Haber Merkezi"
    assert publication.findtext("news:language", namespaces=NS) == "tr"


def test_news_sitemap_lists_the_last_48_hours_newest_first(
    client, turkey, newsroom_settings, photo
):
    now = timezone.now()
    for slug, age in [("yesterday", 24), ("three-days-ago", 72), ("this-morning", 3)]:
        add_story(turkey, slug=slug, photo=photo, display_date=now - timedelta(hours=age))
    assert locations(parse(client.get("/sitemap-news.xml"))) == [
        "http://testserver/news/turkey/this-morning/",
        "http://testserver/news/turkey/yesterday/",
    ]
    # Every page, old stories included, stays in the sitemaps.
    assert "http://testserver/news/turkey/three-days-ago/" in every_page(client)


def test_sponsored_stories_stay_out_of_google_news_but_not_the_sitemaps(
    client, turkey, newsroom_settings, photo
):
    add_story(turkey, slug="paid", photo=photo, story_type=StoryType.SPONSORED)
    add_story(turkey, slug="reported", photo=photo, story_type=StoryType.ANALYSIS)
    assert locations(parse(client.get("/sitemap-news.xml"))) == [
        "http://testserver/news/turkey/reported/"
    ]
    paid = ArticlePage.objects.get(slug="paid")
    assert paid.full_url in locations(parse(client.get(week_path(paid))))


def test_news_sitemap_lists_at_most_its_limit(
    client, turkey, newsroom_settings, photo, monkeypatch
):
    assert NewsSitemap.limit == 1000
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    add_bulk_stories(turkey, 3, photo=photo, authors=[AuthorFactory()])
    assert len(locations(parse(client.get("/sitemap-news.xml")))) == 2
    # Still one news sitemap in the index, not a second page of it.
    index = locations(parse(client.get("/sitemap.xml")))
    assert [url for url in index if "news" in url] == ["http://testserver/sitemap-news.xml"]


def test_unknown_sitemap_is_a_404(client, home):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_hidden_stories_never_appear_in_a_sitemap(client, news, turkey, newsroom_settings, photo):
    add_story(turkey, slug="visible", photo=photo)
    add_hidden_stories(news, turkey, photo=photo, author=AuthorFactory())
    for url in SITEMAPS + [url.removeprefix("http://testserver") for url in every_sitemap(client)]:
        content = client.get(url).content
        assert b"hidden" not in content.lower(), url
    assert locations(parse(client.get("/sitemap-news.xml"))) == [
        "http://testserver/news/turkey/visible/"
    ]
    assert "http://testserver/news/turkey/visible/" in every_page(client)


def test_sitemap_query_count_does_not_grow_with_the_number_of_stories(
    client, turkey, newsroom_settings, photo, settings
):
    # The cost of building the sitemaps, not of the reader cache's copy.
    settings.NEWSROOM_READER_CACHE = False
    authors = [AuthorFactory(), AuthorFactory()]
    add_bulk_stories(turkey, 5, photo=photo, authors=authors)
    this_week = week_path(ArticlePage.objects.first())
    few = {url: count_queries(client, url) for url in [*SITEMAPS, this_week]}
    add_bulk_stories(turkey, 20, photo=photo, authors=authors, start=5)
    assert len(locations(parse(client.get("/sitemap-news.xml")))) == 25
    many = {url: count_queries(client, url) for url in [*SITEMAPS, this_week]}
    assert many == few
    # The news sitemap is one query for the site with its settings, one for the stories.
    assert few["/sitemap-news.xml"] == 2, few


def test_sitemaps_are_served_from_the_reader_cache_until_a_publish(
    client, turkey, newsroom_settings, photo, django_capture_on_commit_callbacks
):
    first = add_story(turkey, slug="first", photo=photo)
    for url in [*SITEMAPS, week_path(first)]:
        assert client.get(url)["X-Newsroom-Cache"] == "miss", url
        assert client.get(url)["X-Newsroom-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        add_story(turkey, slug="second", photo=photo)
    assert len(locations(parse(client.get("/sitemap-news.xml")))) == 2
    assert "http://testserver/news/turkey/second/" in locations(parse(client.get(week_path(first))))
