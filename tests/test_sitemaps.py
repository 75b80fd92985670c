"""Sitemap index, pages sitemap, Google News sitemap and robots.txt."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from articles.sitemaps import NewsSitemap

from .factories import AuthorFactory, HomePageFactory, SectionPageFactory
from .test_feeds import add_bulk_stories, add_hidden_stories, add_story, count_queries

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}
W3C_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
HEADLINE = "Çavuşoğlu & Erdoğan <meet> in Ankara"
SITEMAPS = ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-news.xml"]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    # Our own response, not untrusted input.
    return ET.fromstring(response.content)  # noqa: S314


def locations(root):
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


@pytest.fixture
def photo(db):
    from .factories import PhotoFactory

    return PhotoFactory()


def test_sitemap_index_lists_the_pages_and_news_sitemaps(client, story):
    root = parse(client.get("/sitemap.xml"))
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert locations(root) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-news.xml",
    ]
    for entry in root.iterfind("sm:sitemap", NS):
        assert W3C_DATETIME.match(entry.findtext("sm:lastmod", namespaces=NS))


def test_pages_sitemap_lists_every_live_page_with_lastmod(client, home, news, story):
    root = parse(client.get("/sitemap-pages.xml"))
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    assert locations(root) == [
        "http://testserver/",
        "http://testserver/news/",
        "http://testserver/news/turkey/",
        "http://testserver/news/turkey/story/",
    ]
    [url] = [
        url
        for url in root.iterfind("sm:url", NS)
        if url.findtext("sm:loc", "", NS).endswith("/story/")
    ]
    assert url.findtext("sm:lastmod", namespaces=NS) == f"{story.last_published_at:%Y-%m-%d}"


def test_sitemaps_list_only_the_requests_site(client, home, turkey, newsroom_settings, photo):
    add_story(turkey, slug="ours", photo=photo)
    other_home = HomePageFactory(parent=home.get_parent(), title="Other", slug="other")
    add_story(
        SectionPageFactory(parent=other_home, title="World", slug="world"),
        slug="theirs",
        photo=photo,
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    pages = locations(parse(client.get("/sitemap-pages.xml", HTTP_HOST="other.example")))
    assert pages == [
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
    # Every page, old stories included, stays in the pages sitemap.
    assert "http://testserver/news/turkey/three-days-ago/" in locations(
        parse(client.get("/sitemap-pages.xml"))
    )


def test_news_sitemap_lists_at_most_its_limit(
    client, turkey, newsroom_settings, photo, monkeypatch
):
    assert NewsSitemap.limit == 1000
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    add_bulk_stories(turkey, 3, photo=photo, authors=[AuthorFactory()])
    assert len(locations(parse(client.get("/sitemap-news.xml")))) == 2
    # Still one news sitemap in the index, not a second page of it.
    assert len(locations(parse(client.get("/sitemap.xml")))) == 2


def test_unknown_sitemap_is_a_404(client, home):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_the_sitemaps(client, home):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_hidden_stories_never_appear_in_a_sitemap(client, news, turkey, newsroom_settings, photo):
    add_story(turkey, slug="visible", photo=photo)
    add_hidden_stories(news, turkey, photo=photo, author=AuthorFactory())
    for url in SITEMAPS:
        content = client.get(url).content
        assert b"hidden" not in content.lower(), url
    assert locations(parse(client.get("/sitemap-news.xml"))) == [
        "http://testserver/news/turkey/visible/"
    ]
    assert "http://testserver/news/turkey/visible/" in locations(
        parse(client.get("/sitemap-pages.xml"))
    )


def test_sitemap_query_count_does_not_grow_with_the_number_of_stories(
    client, turkey, newsroom_settings, photo, settings
):
    # The cost of building the sitemaps, not of the reader cache's copy.
    settings.NEWSROOM_READER_CACHE = False
    authors = [AuthorFactory(), AuthorFactory()]
    add_bulk_stories(turkey, 5, photo=photo, authors=authors)
    few = {url: count_queries(client, url) for url in SITEMAPS}
    add_bulk_stories(turkey, 20, photo=photo, authors=authors, start=5)
    assert len(locations(parse(client.get("/sitemap-news.xml")))) == 25
    many = {url: count_queries(client, url) for url in SITEMAPS}
    assert many == few
    # The news sitemap is one query for the stories, after the site and its settings.
    assert few["/sitemap-news.xml"] == 3, few


def test_sitemaps_are_served_from_the_reader_cache_until_a_publish(
    client, turkey, newsroom_settings, photo, django_capture_on_commit_callbacks
):
    add_story(turkey, slug="first", photo=photo)
    for url in SITEMAPS:
        assert client.get(url)["X-Newsroom-Cache"] == "miss", url
        assert client.get(url)["X-Newsroom-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        add_story(turkey, slug="second", photo=photo)
    assert len(locations(parse(client.get("/sitemap-news.xml")))) == 2
    assert "http://testserver/news/turkey/second/" in locations(
        parse(client.get("/sitemap-pages.xml"))
    )
