"""Search under load: an answer is kept briefly per normalised search and retired by a
publish, and a client making the site run too many searches waits, others do not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import ArticlePageFactory, PhotoFactory, publish
from .test_search import headlines

# Finding the request's site: a search that names no section reads nothing more.
QUERIES_BEFORE_THE_RATE = 1


@pytest.fixture
def archive(turkey, django_capture_on_commit_callbacks, settings):
    settings.NEWSROOM_SEARCH_RATE = 5
    settings.NEWSROOM_SEARCH_CACHE_SECONDS = 60
    photo = PhotoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            page = ArticlePageFactory.build(
                title=f"Harbour story {n}", slug=f"harbour-{n}", lead_photo=photo
            )
            turkey.add_child(instance=page)
            publish(page)
    return turkey


def search(client, query, address="203.0.113.5"):
    return client.get("/search/", {"q": query}, REMOTE_ADDR=address)


def queries(client, *args, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = search(client, *args, **kwargs)
    return response, len(captured)


def test_the_same_search_is_answered_from_the_cache(client, archive):
    first, ran = queries(client, "harbour")
    again, cached = queries(client, "HARBOUR")  # the same words, normalised
    assert headlines(first) == headlines(again) and len(headlines(first)) == 3
    assert cached < ran and cached <= 2, (cached, ran)


def test_a_publish_retires_every_kept_answer(client, archive, django_capture_on_commit_callbacks):
    assert len(headlines(search(client, "harbour"))) == 3
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory.build(
            title="Harbour story new", slug="harbour-new", lead_photo=PhotoFactory()
        )
        archive.add_child(instance=page)
        publish(page)
    assert "Harbour story new" in headlines(search(client, "harbour"))


def test_a_client_running_too_many_searches_waits_and_others_do_not(client, archive):
    for n in range(5):
        assert search(client, f"harbour {n}").status_code == 200
    # The refusal is a short page of its own, made without the database: under a
    # flood of searches refusals are most of the answers.
    with CaptureQueriesContext(connection) as queries:
        refused = search(client, "harbour again")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "no-store" in refused["Cache-Control"]
    assert "Too many searches" in refused.content.decode()
    assert len(refused.content) < 1500
    assert len(queries) <= QUERIES_BEFORE_THE_RATE, [query["sql"] for query in queries]
    # A kept answer costs nothing: it is served to the same client.
    assert search(client, "harbour 1").status_code == 200
    assert search(client, "harbour again", address="198.51.100.7").status_code == 200


def test_the_rate_can_be_off(client, archive, settings):
    settings.NEWSROOM_SEARCH_RATE = 0
    assert all(search(client, f"harbour {n}").status_code == 200 for n in range(8))


def test_the_client_address_can_come_from_a_function(client, archive, settings):
    settings.NEWSROOM_CLIENT_ADDRESS = "tests.views.test_search_limits.forwarded_for"
    for n in range(5):
        client.get("/search/", {"q": f"x {n}"}, HTTP_X_TEST_CLIENT="one")
    assert client.get("/search/", {"q": "y"}, HTTP_X_TEST_CLIENT="one").status_code == 429
    assert client.get("/search/", {"q": "y"}, HTTP_X_TEST_CLIENT="two").status_code == 200


def forwarded_for(request):
    return request.META.get("HTTP_X_TEST_CLIENT", "")


def test_a_query_with_other_parameters_is_not_kept(client, archive):
    from django.core.cache import cache

    before = set(getattr(cache, "_cache", {}))
    response = client.get("/search/", {"q": "harbour", "other": "x"})
    assert response.status_code == 200 and len(headlines(response)) == 3
    kept = {key for key in getattr(cache, "_cache", {}) if ":search:" in key} - before
    assert not kept


def test_search_works_with_the_cache_down(client, archive, settings):
    # The reference site's Redis cache: an outage is a miss, or an error for incr.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    for n in range(7):  # past the rate, which cannot be counted
        response = search(client, f"harbour {n % 2}")
        assert response.status_code == 200
    assert len(headlines(search(client, "harbour"))) == 3


def test_a_client_cannot_spend_its_minute_at_once(client, archive, settings):
    # 30 a minute: 5 in any 10 seconds, then a short wait, not the rest of the minute.
    settings.NEWSROOM_SEARCH_RATE = 30
    assert [search(client, f"harbour {n}").status_code for n in range(6)] == [200] * 5 + [429]
    refused = search(client, "harbour burst")
    assert refused.status_code == 429 and refused["Retry-After"] == "10"
    assert "wait 10 seconds" in refused.content.decode()
    assert search(client, "harbour burst", address="198.51.100.7").status_code == 200


def test_a_burst_window_that_ends_lets_the_client_search_again(client, archive, settings):
    from django.core.cache import cache

    settings.NEWSROOM_SEARCH_RATE = 30
    for n in range(6):
        search(client, f"harbour {n}")
    # The short window ends (its counter expires); the minute's count is kept.
    cache.delete_many([key for key in _rate_keys() if "search-burst" in key])
    assert search(client, "harbour later").status_code == 200


def _rate_keys():
    from articles.delivery import searches

    return [
        f"newsroom:rate-{kind}:{searches.hashlib.sha256(b'203.0.113.5').hexdigest()[:32]}"
        for kind in ("search", "search-burst")
    ]
