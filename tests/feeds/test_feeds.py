"""RSS and Atom feeds: valid, complete items, only readable stories, fixed query cost."""

import calendar
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage

from ..conftest import build_story
from ..factories import (
    ArticlePageFactory,
    AuthorFactory,
    PhotoFactory,
    SectionPageFactory,
    add_bylines,
    cold_caches,
    publish,
)

HEADLINE = "Çavuşoğlu & Erdoğan <meet> in Ankara"
MEDIA_RSS = "{http://search.yahoo.com/mrss/}"

FEEDS = {
    "site": "/feed/",
    "site atom": "/feed/atom/",
    "section": "/news/feed/",
    "section atom": "/news/feed/atom/",
    "sub-section": "/news/turkey/feed/",
    "sub-section atom": "/news/turkey/feed/atom/",
    "tag": "/tags/türkiye/feed/",
    "tag atom": "/tags/türkiye/feed/atom/",
    "author": "/authors/ayse-kaya/feed/",
    "author atom": "/authors/ayse-kaya/feed/atom/",
}


def add_story(section, *, slug, photo, authors=(), tags=(), title=None, **fields):
    """A published story sharing ``photo``, so no image is processed per story."""
    page = ArticlePageFactory.build(
        title=title or f"Story {slug}", slug=slug, lead_photo=photo, **fields
    )
    section.add_child(instance=page)
    add_bylines(page, list(authors))
    page.tags.set(list(tags))
    return publish(page)


def add_hidden_stories(news, turkey, *, photo, author):
    """One story of every kind no reader may see, tagged and bylined like a visible one.

    Their titles and slugs all start with "hidden".
    """
    kinds = dict(photo=photo, authors=[author], tags=["Türkiye"])

    draft = ArticlePageFactory.build(
        title="Hidden draft", slug="hidden-draft", lead_photo=photo, live=False
    )
    turkey.add_child(instance=draft)
    draft.save_revision()

    expired = add_story(turkey, slug="hidden-expired", title="Hidden expired", **kinds)
    ArticlePage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(hours=1))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

    private = add_story(turkey, slug="hidden-private", title="Hidden private", **kinds)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    members = SectionPageFactory(parent=news, title="Hidden members", slug="hidden-members")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    add_story(members, slug="hidden-in-private-section", title="Hidden in section", **kinds)

    scheduled = ArticlePageFactory.build(
        title="Hidden scheduled",
        slug="hidden-scheduled",
        lead_photo=photo,
        go_live_at=timezone.now() + timedelta(days=1),
        live=False,
    )
    turkey.add_child(instance=scheduled)
    add_bylines(scheduled, [author])
    scheduled.tags.set(["Türkiye"])
    scheduled.save_revision().publish()

    hidden = ArticlePage.objects.filter(slug__startswith="hidden")
    assert hidden.count() == 5
    live = set(hidden.live().values_list("slug", flat=True))
    assert live == {"hidden-private", "hidden-in-private-section"}  # live, but restricted
    return hidden


def add_bulk_stories(section, count, *, photo, authors, start=0):
    """``count`` stories with one or two bylines and two tags each."""
    for i in range(start, start + count):
        add_story(
            section,
            slug=f"bulk-{i}",
            photo=photo,
            authors=authors[: 1 + i % 2],
            tags=["Türkiye", f"Topic {i % 3}"],
        )


def count_queries(client, url):
    # The first request warms process-wide caches (site root paths, content
    # types) and makes the shared photo's rendition; the second is the cost.
    assert client.get(url).status_code == 200
    cold_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def photo(db):
    return PhotoFactory(credit="Meridian Press Agency")


@pytest.fixture
def ayse(db):
    return AuthorFactory(name="Ayşe Kaya", slug="ayse-kaya")


@pytest.fixture
def full_story(turkey, newsroom_settings):
    story = build_story(turkey, n=2, title=HEADLINE, slug="talks", tags=["Türkiye", "Diplomacy"])
    # First published two hours before its latest publication: an updated story.
    earlier = story.last_published_at - timedelta(hours=2)
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=earlier, display_order_date=earlier
    )
    story.refresh_from_db()
    return story


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(
    "url,content_type",
    [("/feed/", "application/rss+xml"), ("/feed/atom/", "application/atom+xml")],
)
def test_feed_item_carries_every_field(client, full_story, url, content_type):
    response = client.get(url)
    assert response["Content-Type"].startswith(content_type)
    feed = parse(response)
    assert feed.feed.title == "Test News"
    assert feed.feed.language == "en"
    [entry] = feed.entries

    assert entry.title == HEADLINE
    assert entry.link == "http://testserver/news/turkey/talks/"
    assert entry.summary == full_story.summary
    assert [author.name for author in entry.authors] == [
        byline.author.name for byline in full_story.bylines.all()
    ]
    assert len(entry.authors) == 2
    assert calendar.timegm(entry.published_parsed) == int(full_story.published_at.timestamp())
    assert calendar.timegm(entry.updated_parsed) == int(full_story.last_published_at.timestamp())
    assert entry.published_parsed != entry.updated_parsed
    assert [tag.term for tag in entry.tags] == ["Turkey", "Türkiye", "Diplomacy"]

    rendition = full_story.lead_photo.get_rendition("fill-1200x630|format-jpeg")
    image_url = f"http://testserver{rendition.url}"
    [enclosure] = entry.enclosures
    assert enclosure.href == image_url
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == rendition.file.size > 0
    [media] = entry.media_content
    assert media["url"] == image_url
    assert (media["medium"], media["width"], media["height"]) == ("image", "1200", "630")
    assert entry.media_credit == [{"content": "AFP"}]
    # feedparser drops media:description; read it from the XML itself.
    # Our own response, not untrusted input.
    root = ET.fromstring(response.content)  # noqa: S314
    content = root.find(f".//{MEDIA_RSS}content")
    assert content.find(f"{MEDIA_RSS}credit").text == "AFP"
    assert content.find(f"{MEDIA_RSS}description").text == full_story.lead_caption_text


def test_summary_is_plain_text_in_the_html_description(client, turkey, newsroom_settings, photo):
    add_story(turkey, slug="markup", photo=photo, summary="Rates <b>up</b> & bonds down")
    for url in ("/feed/", "/feed/atom/"):
        [entry] = parse(client.get(url)).entries
        assert entry.summary == "Rates &lt;b&gt;up&lt;/b&gt; &amp; bonds down"


def test_story_whose_photo_was_deleted_has_no_enclosure(client, turkey, newsroom_settings):
    photo = PhotoFactory()
    add_story(turkey, slug="no-photo", photo=photo)
    photo.delete()
    for url in ("/feed/", "/feed/atom/"):
        [entry] = parse(client.get(url)).entries
        assert not entry.enclosures and "media_content" not in entry


def test_feeds_take_language_and_publisher_from_the_site_settings(
    client, turkey, newsroom_settings, photo
):
    newsroom_settings.language = "tr"
    newsroom_settings.publisher_name = "Haber Merkezi"
    newsroom_settings.save()
    add_story(turkey, slug="one", photo=photo)
    rss = parse(client.get("/feed/"))
    assert (rss.feed.title, rss.feed.language) == ("Haber Merkezi", "tr")
    atom = parse(client.get("/news/turkey/feed/atom/"))
    assert (atom.feed.title, atom.feed.language) == ("Haber Merkezi: Turkey", "tr")
    assert atom.feed.author == "Haber Merkezi"


def test_every_feed_lists_its_stories_and_no_others(
    client, home, news, turkey, newsroom_settings, photo, ayse
):
    sport = SectionPageFactory(parent=home, title="Sport", slug="sport")
    add_story(turkey, slug="in-turkey", photo=photo, authors=[ayse], tags=["Türkiye"])
    add_story(news, slug="in-news", photo=photo, tags=["Economy"])
    add_story(sport, slug="in-sport", photo=photo, authors=[AuthorFactory()])
    expected = {
        "/feed/": {"in-turkey", "in-news", "in-sport"},
        "/news/feed/": {"in-turkey", "in-news"},
        "/news/turkey/feed/atom/": {"in-turkey"},
        "/sport/feed/": {"in-sport"},
        "/tags/türkiye/feed/": {"in-turkey"},
        "/tags/economy/feed/atom/": {"in-news"},
        "/authors/ayse-kaya/feed/": {"in-turkey"},
    }
    for url, slugs in expected.items():
        links = {
            entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in parse(client.get(url)).entries
        }
        assert links == slugs, url


def test_tag_feed_finds_unicode_slugs(client, turkey, newsroom_settings, photo):
    add_story(turkey, slug="one", photo=photo, tags=["Türkiye"])
    assert Tag.objects.get(name="Türkiye").slug == "türkiye"
    feed = parse(client.get("/tags/t%C3%BCrkiye/feed/"))
    assert feed.feed.title == "Test News: Türkiye"
    assert len(feed.entries) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/tags/no-such-tag/feed/",
        "/tags/no-such-tag/feed/atom/",
        "/authors/nobody/feed/",
        "/authors/nobody/feed/atom/",
    ],
)
def test_unknown_tag_or_author_is_a_404(client, home, url):
    assert client.get(url).status_code == 404


def test_items_are_newest_first_and_limited_by_the_setting(
    client, turkey, newsroom_settings, photo, settings
):
    settings.NEWSROOM_FEED_ITEMS = 3
    now = timezone.now()
    for age in (5, 1, 4, 2, 3):
        add_story(turkey, slug=f"age-{age}", photo=photo, display_date=now - timedelta(hours=age))
    for url in ("/feed/", "/news/turkey/feed/atom/"):
        links = [entry.link for entry in parse(client.get(url)).entries]
        assert links == [f"http://testserver/news/turkey/age-{age}/" for age in (1, 2, 3)]


def test_site_feed_lists_only_the_requests_site(client, home, turkey, newsroom_settings, photo):
    from wagtail.models import Site

    from ..factories import HomePageFactory

    add_story(turkey, slug="ours", photo=photo)
    other_home = HomePageFactory(parent=home.get_parent(), title="Other", slug="other")
    other_section = SectionPageFactory(parent=other_home, title="World", slug="world")
    add_story(other_section, slug="theirs", photo=photo, tags=["Türkiye"])
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)

    [ours] = parse(client.get("/feed/")).entries
    assert ours.link == "http://testserver/news/turkey/ours/"
    [theirs] = parse(client.get("/feed/", HTTP_HOST="other.example")).entries
    assert theirs.link == "http://other.example/world/theirs/"
    assert len(parse(client.get("/tags/türkiye/feed/")).entries) == 0


def test_hidden_stories_never_appear_in_a_feed(
    client, news, turkey, newsroom_settings, photo, ayse
):
    add_story(turkey, slug="visible", photo=photo, authors=[ayse], tags=["Türkiye"])
    add_hidden_stories(news, turkey, photo=photo, author=ayse)
    for url in FEEDS.values():
        response = client.get(url)
        entries = parse(response).entries
        assert [entry.link for entry in entries] == ["http://testserver/news/turkey/visible/"], url
        assert b"hidden" not in response.content.lower(), url
    # The private section's own feed is Wagtail's password form, not a feed.
    response = client.get("/news/hidden-members/feed/")
    assert response["Content-Type"].startswith("text/html")
    assert b"Hidden in section" not in response.content


def test_feed_query_count_does_not_grow_with_the_number_of_stories(
    client, turkey, newsroom_settings, photo, ayse, settings
):
    # The cost of building the feeds, not of the reader cache's copy.
    settings.NEWSROOM_READER_CACHE = False
    authors = [ayse, AuthorFactory()]
    add_bulk_stories(turkey, 5, photo=photo, authors=authors)
    few = {name: count_queries(client, url) for name, url in FEEDS.items()}
    add_bulk_stories(turkey, 20, photo=photo, authors=authors, start=5)
    assert len(parse(client.get("/feed/")).entries) == 25
    many = {name: count_queries(client, url) for name, url in FEEDS.items()}
    assert many == few
    assert max(few.values()) <= 12, few


# {% feed_links %} -----------------------------------------------------------------


def render_feed_links(request=None, **context):
    request = request or RequestFactory().get("/", HTTP_HOST="testserver")
    template = Template("{% load feeds_tags %}{% feed_links %}")
    return template.render(Context({"request": request, **context}))


def alternates(html):
    from bs4 import BeautifulSoup

    links = BeautifulSoup(html, "html.parser").find_all("link", rel="alternate")
    return [(link["type"], link["href"], link["title"]) for link in links]


def test_feed_links_on_the_home_page_are_the_site_feeds(home, newsroom_settings):
    assert alternates(render_feed_links(page=home)) == [
        ("application/rss+xml", "/feed/", "Test News"),
        ("application/atom+xml", "/feed/atom/", "Test News (Atom)"),
    ]


def test_feed_links_on_a_story_add_its_section(client, story, newsroom_settings):
    story = ArticlePage.objects.get(pk=story.pk)
    assert alternates(render_feed_links(page=story))[2:] == [
        ("application/rss+xml", "/news/turkey/feed/", "Test News: Turkey"),
        ("application/atom+xml", "/news/turkey/feed/atom/", "Test News: Turkey (Atom)"),
    ]


def test_feed_links_on_section_tag_and_author_pages(client, turkey, newsroom_settings, ayse, photo):
    # A tag's or an author's page exists while a published story carries the tag or byline.
    add_story(turkey, slug="tagged", photo=photo, tags=["Türkiye"], authors=[ayse])
    tag = Tag.objects.get(slug="türkiye")
    cases = [
        ({"page": turkey}, "/news/turkey/feed/", "/news/turkey/feed/atom/"),
        ({"tag": tag}, "/tags/t%C3%BCrkiye/feed/", "/tags/t%C3%BCrkiye/feed/atom/"),
        ({"author": ayse}, "/authors/ayse-kaya/feed/", "/authors/ayse-kaya/feed/atom/"),
    ]
    for context, rss, atom in cases:
        links = alternates(render_feed_links(**context))
        assert [href for _, href, _ in links] == ["/feed/", "/feed/atom/", rss, atom]
        for _, href, _ in links:
            assert client.get(href).status_code == 200, href


def test_feed_links_cost_no_query_on_a_routed_page(client, story, newsroom_settings):
    # A story served through the site's routing already knows its section.
    response = client.get(story.url)
    page = response.context["page"]
    with CaptureQueriesContext(connection) as queries:
        html = render_feed_links(response.wsgi_request, page=page)
    assert "/news/turkey/feed/" in html
    assert len(queries) == 0


def test_feeds_are_served_from_the_reader_cache_until_a_publish(
    client, turkey, newsroom_settings, photo, django_capture_on_commit_callbacks
):
    urls = (
        "/feed/",
        "/news/turkey/feed/",
        "/tags/diplomacy/feed/atom/",
        "/authors/ayse-kaya/feed/",
    )
    author = AuthorFactory(name="Ayşe Kaya", slug="ayse-kaya")
    add_story(turkey, slug="first", photo=photo, authors=[author], tags=["Diplomacy"])
    for url in urls:
        assert client.get(url)["X-Newsroom-Cache"] == "miss", url
        assert client.get(url)["X-Newsroom-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        add_story(turkey, slug="second", photo=photo, authors=[author], tags=["Diplomacy"])
    for url in urls:
        assert len(parse(client.get(url)).entries) == 2, url


def test_unicode_tag_feed_is_purged_on_publish(
    client, turkey, newsroom_settings, photo, django_capture_on_commit_callbacks
):
    add_story(turkey, slug="first", photo=photo, tags=["Türkiye"])
    assert len(parse(client.get("/tags/türkiye/feed/")).entries) == 1
    with django_capture_on_commit_callbacks(execute=True):
        add_story(turkey, slug="second", photo=photo, tags=["Türkiye"])
    assert len(parse(client.get("/tags/türkiye/feed/")).entries) == 2
