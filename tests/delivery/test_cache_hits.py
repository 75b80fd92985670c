"""A reader-cache hit answered first (``ReaderCacheHitMiddleware``): the miss's response, for less.

The plugin's test settings put it right after ``SecurityMiddleware``; these
tests add a spy after it to see what a hit runs, and also take it out, to show
``ReaderCacheMiddleware`` keeps serving hits on its own.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings

from ..conftest import build_story
from ..spy import Spy

HIT = "articles.middleware.ReaderCacheHitMiddleware"
SPY = "tests.spy.Spy"
# Headers that may differ between two answers of one page.
PER_RESPONSE = {"Date", "X-Newsroom-Cache", "Expires"}


@pytest.fixture
def spied(settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(HIT) + 1, SPY)
    settings.MIDDLEWARE = middleware
    Spy.paths = []
    return Spy.paths


@pytest.fixture
def story(turkey, newsroom_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_story(turkey, title="Hit headline", slug="hit", tags=["Defence"])


def headers(response):
    return {name: value for name, value in response.items() if name not in PER_RESPONSE}


def test_a_hit_is_answered_before_the_rest_of_the_stack(client, story, spied, news):
    for url in (story.url, news.url, "/", "/feed/"):
        miss = client.get(url)
        assert miss["X-Newsroom-Cache"] == "miss", url
        assert spied == [url]
        hit = client.get(url)
        assert hit["X-Newsroom-Cache"] == "hit", url
        assert spied == [url], f"a hit of {url} went on past the hit middleware"
        assert hit.content == miss.content
        # Every header the middleware between the two add is in the copy.
        assert headers(hit) == headers(miss), url
        spied.clear()


def test_a_hit_keeps_the_headers_of_the_middleware_it_skips(client, story):
    miss = client.get(story.url)
    hit = client.get(story.url)
    assert miss["X-Frame-Options"] == hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Language"] == miss["Content-Language"]
    assert "public" in hit["Cache-Control"]


def test_a_hit_answers_conditional_requests(client, story, spied):
    first = client.get(story.url)
    not_modified = client.get(story.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert spied == [story.url]
    stale = client.get(story.url, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert stale.status_code == 200 and stale["X-Newsroom-Cache"] == "hit"


def test_a_conditional_miss_is_not_kept_as_the_page(client, story):
    # A reader whose browser kept the page after the server's cache lost it.
    etag = client.get(story.url)["ETag"]
    cache.clear()
    assert client.get(story.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    page = client.get(story.url)
    assert page.status_code == 200
    assert b"Hit headline" in page.content


def test_editors_pass_through(client, admin_user, story, spied):
    client.get(story.url)
    client.force_login(admin_user)
    spied.clear()
    response = client.get(story.url)
    assert "X-Newsroom-Cache" not in response
    assert spied == [story.url]


def test_another_spelling_of_the_path_is_not_answered_for_the_page(client, story, spied):
    client.get(story.url)
    spied.clear()
    # The server reports the raw path: /news/%74urkey/… is /news/turkey/… decoded.
    raw = story.url.replace("/turkey/", "/%74urkey/")
    response = client.get(story.url, REQUEST_URI=raw)
    assert spied == [story.url]
    assert response["X-Newsroom-Cache"] == "hit"  # from ReaderCacheMiddleware, as before


def test_a_response_given_a_cookie_on_its_way_out_is_not_kept(client, story, settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(HIT) + 1, "tests.delivery.test_cache_hits.SetsCookie")
    settings.MIDDLEWARE = middleware
    first = client.get(story.url)
    assert first.cookies and "private" in first["Cache-Control"]
    assert client.get(story.url)["X-Newsroom-Cache"] == "miss"


class SetsCookie:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.set_cookie("chosen", "1")
        return response


def test_without_it_the_reader_cache_serves_hits_itself(client, story, settings):
    with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != HIT]):
        assert client.get(story.url)["X-Newsroom-Cache"] == "miss"
        assert client.get(story.url)["X-Newsroom-Cache"] == "hit"
    # Kept by ReaderCacheMiddleware alone, the copy is served first once it is back.
    assert client.get(story.url)["X-Newsroom-Cache"] == "hit"
