"""Hostile text in every editor field reaches readers as text, never as code.

Each payload goes into every field a reader page, feed, JSON-LD block, Open
Graph tag, share link or API response shows; each output is parsed and
checked for anything that would run.
"""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from wagtail.embeds.blocks import EmbedValue
from wagtail.models import Site
from wagtail.rich_text import RichText

from articles.blocks.cleaning import clean_rich_text
from articles.models import NewsroomSettings
from articles.sitemaps import week_section
from articles.text import safe_href

from ..factories import ArticlePageFactory, AuthorFactory, PhotoFactory, add_bylines, publish

PAYLOADS = {
    "script": '<script>alert("xss")</script>',
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(1)",
    "data-url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript-url": "vbscript:msgbox(1)",
    "script-breakout": "</script><script>alert(1)</script>",
    "comment-breakout": "--><script>alert(1)</script><!--",
    "svg-onload": "<svg/onload=alert(1)>",
    "lookalike": "ｊａｖａｓｃｒｉｐｔ:alert(1) ＜script＞alert(1)＜/script＞",
    # No NUL: PostgreSQL text cannot hold one, and Django's forms refuse it.
    "control-chars": "java\tscript:alert(1)\u202e\u0001\u001f",
    "long": "A" * 10_000,
}
DANGEROUS_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "cite", "poster", "srcset")


def hostile_story(section, payload):
    # Cut to each field's length: PostgreSQL enforces them, as the admin's forms do.
    photo = PhotoFactory(credit=payload[:255], alt_text=payload[:255], default_caption=payload)
    author = AuthorFactory(name=payload[:120], role=payload[:120], bio=payload, url=payload[:200])
    page = ArticlePageFactory.build(
        title=payload[:120],
        slug="hostile",
        summary=payload,
        lead_photo=photo,
        lead_caption=payload,
        lead_credit=payload[:255],
        lead_alt_text=payload[:500],
        dateline=payload[:80],
        body=[
            ("paragraph", RichText(clean_rich_text(f"<p>{payload}</p>"))),
            ("paragraph", RichText(clean_rich_text(payload))),
            ("heading", payload),
            (
                "quote",
                {
                    "text": payload,
                    "speaker": payload,
                    "role": payload,
                    "source_name": payload,
                    "source_url": payload,
                    "pull_quote": False,
                },
            ),
            (
                "inline_photo",
                {"photo": photo, "caption": payload, "credit": payload, "alt_text": payload},
            ),
            (
                "related_links",
                {
                    "title": payload[:80],
                    "links": [{"page": None, "url": payload, "title": payload}],
                },
            ),
            ("embed", EmbedValue(payload)),
        ],
        related_links=[("link", {"page": None, "url": payload, "title": payload})],
    )
    section.add_child(instance=page)
    page.tags.set([payload[:100]])
    add_bylines(page, [author])
    return publish(page)


def hostile_settings(payload):
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.publisher_name = payload[:120]
    newsroom.alternate_addresses = [("address", payload[:253])]
    newsroom.app_links = [("app", {"name": payload, "url": payload, "store": "web"})]
    newsroom.social_accounts = [("account", {"network": "x", "handle": payload, "url": payload})]
    newsroom.save()


def assert_nothing_runs(html):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        src = script.get("src", "")
        assert src.startswith("/static/") or script.get("type") == "application/ld+json", script
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            if name in URL_ATTRIBUTES:
                value = " ".join(value) if isinstance(value, list) else value
                assert not DANGEROUS_URL.match(value), (tag.name, name, value[:80])
    assert soup.find_all(["iframe", "object", "embed", "svg"]) == [] or all(
        frame.get("src", "").startswith("https://") for frame in soup.find_all("iframe")
    )
    for data in soup.find_all("script", type="application/ld+json"):
        json.loads(data.string)  # still valid JSON, so nothing broke out of it


@pytest.fixture
def payload_story(request, turkey):
    payload = PAYLOADS[request.param]
    hostile_settings(payload)
    return payload, hostile_story(turkey, payload)


@pytest.mark.parametrize("payload_story", list(PAYLOADS), indirect=True)
def test_hostile_text_is_inert_everywhere(client, payload_story):
    payload, story = payload_story
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    author = story.bylines.first().author
    pages = [story.url, "/", "/news/", "/news/turkey/", f"/authors/{author.slug}/"]
    pages += [soup.select_one(".tags a")["href"], "/search/?q=" + payload[:50]]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_runs(response.content.decode())

    # Share links carry the headline as data: it decodes back intact.
    for link in soup.select("a.share__link"):
        assert not DANGEROUS_URL.match(link["href"])
    x_link = soup.select_one("a.share__link--x")["href"]
    assert parse_qs(urlsplit(x_link).query)["text"] == [story.title]

    # Feeds stay well-formed XML with the payload as text.
    for url in ("/feed/", "/feed/atom/", "/news/turkey/feed/"):
        body = client.get(url).content
        ET.fromstring(body)
        parsed = feedparser.parse(body)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.entries
    week = f"/sitemap-{week_section(story.display_order_date)}.xml"
    for url in ("/sitemap.xml", "/sitemap-news.xml", "/sitemap-pages.xml", week):
        ET.fromstring(client.get(url).content)

    # The API returns the payload as data.
    data = client.get(f"/api/v2/articles/{story.pk}/").json()
    assert data["title"] == payload[:120]


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("mailto:desk@example.org", True),
        ("/news/", True),
        ("//evil.example.org/", False),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("", False),
    ],
)
def test_safe_href(url, safe):
    assert bool(safe_href(url)) is safe
