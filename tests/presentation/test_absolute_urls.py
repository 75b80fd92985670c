"""Absolute URLs come from the Site's root URL, never from the request's Host, so a
request with another Host (or port, or scheme) cannot poison what is cached for
every reader: og:image, JSON-LD, feeds, sitemaps and the ninjs export."""

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from ..conftest import build_story

ROOT = "http://testserver/"
HOSTILE = ["127.0.0.1:6666", "evil.example", "TESTSERVER.", "testserver:1"]


@pytest.fixture
def story(turkey, newsroom_settings, settings):
    settings.ALLOWED_HOSTS = ["*"]
    return build_story(turkey, title="Poison-proof story", slug="poison")


def absolute_urls(text):
    return set(re.findall(r"https?://[^\s\"'<>)]+", text))


def page_urls(response):
    soup = BeautifulSoup(response.content, "html.parser")
    urls = {meta["content"] for meta in soup.select("meta[content^=http]")}
    urls |= {link["href"] for link in soup.select("link[href^=http]")}
    for script in soup.select('script[type="application/ld+json"]'):
        urls |= absolute_urls(json.dumps(json.loads(script.string)))
    return urls


def assert_ours(urls, where):
    """Every URL on our site names it as its Site does; none names a host a client sent."""
    hosts = {urlsplit(url).netloc for url in urls}
    assert "testserver" in hosts, (where, urls)
    assert not hosts & ({host.lower() for host in HOSTILE} | set(HOSTILE)), (where, hosts)
    assert not any("6666" in url or "evil" in url for url in urls), where


@pytest.mark.parametrize("host", HOSTILE)
def test_a_hostile_host_first_does_not_change_what_readers_get(client, story, host):
    first = client.get(story.url, HTTP_HOST=host)
    assert first.status_code in (200, 301, 302, 400, 404)
    reader = client.get(story.url)
    urls = page_urls(reader)
    assert any(url.startswith(ROOT + "media/") or "/images/" in url for url in urls), urls
    assert_ours(urls, "page")
    if first.status_code == 200:
        assert_ours(page_urls(first), "the hostile request's own page")


@pytest.mark.parametrize("host", HOSTILE)
@pytest.mark.parametrize(
    "path",
    [
        "/feed/",
        "/feed/atom/",
        "/news/turkey/feed/",
        "/tags/tag-0/feed/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-pages.xml",
    ],
)
def test_feeds_and_sitemaps_name_the_site_not_the_host(client, story, host, path):
    hostile = client.get(path, HTTP_HOST=host)
    for response in (hostile, client.get(path)):
        if response.status_code != 200:
            continue
        text = response.content.decode()
        assert_ours(absolute_urls(text), path)


def test_the_ninjs_export_names_the_site(client, story):
    data = client.get(story.url + "?format=ninjs", HTTP_HOST="evil.example:6666").json()
    text = json.dumps(data)
    assert "evil" not in text and "6666" not in text
    assert data["uri"].startswith(ROOT)
