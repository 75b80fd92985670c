"""The deployed stack serves a publish fresh: real Varnish, gunicorn, PostgreSQL, Redis.

Everything runs on loopback on private ports (``tests/site/stack.py``): two
gunicorn instances sharing one PostgreSQL and one Redis, Varnish with
``deploy/varnish/default.vcl`` in front of the first. The editor's side runs
in a subprocess with the stack's settings (``tests/site/stack_publisher.py``), so
these tests need no database of their own.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from .stack import Stack, free_port, missing_programs
from .stack_publisher import RESULT_MARKER

pytestmark = pytest.mark.slow

REPETITIONS = 100
READERS = 8
# Between one reader's GETs: eight readers still keep every page busy, and leave
# the two cores some room for the publisher, gunicorn and PostgreSQL.
READER_PAUSE = 0.005


def require(programs):
    if programs:
        reason = "the stack needs " + ", ".join(programs)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}: .ci/run installs them")
        print(f"\nSkipping: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def deployment():
    """The stack, migrated, with home, News > Turkey and a story; the paths ``build`` made."""
    require(missing_programs())
    with Stack() as stack:
        stack.start_postgres()
        stack.start_redis()
        front_port = free_port()
        # The servers start while the database is built: none touches it until asked.
        with ThreadPoolExecutor(1) as background:
            # The Site's port is Varnish's: readers and purges name pages by it.
            built = background.submit(
                publisher, stack, "build", "--migrate", "--port", front_port, varnish=False
            )
            app = stack.start_gunicorn(name="gunicorn-a")
            stack.start_gunicorn(name="gunicorn-b")
            stack.start_varnish(app, port=front_port)
            pages = built.result()
        yield stack, pages


def publisher(stack, *args, varnish=True, timeout=300):
    """Run ``tests/site/stack_publisher.py`` in the stack; what it reports."""
    output = stack.run(
        [sys.executable, "-m", "tests.site.stack_publisher", *args],
        name=f"stack_publisher {args[0]}",
        env=stack.env(VARNISH_URL=stack.front if varnish else None),
        timeout=timeout,
    )
    line = next(line for line in output.splitlines() if line.startswith(RESULT_MARKER))
    return json.loads(line.removeprefix(RESULT_MARKER))


def get(url, host=None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers, response.read().decode()


def test_a_publish_is_fresh_through_varnish_with_zero_stale_reads(deployment):
    stack, _ = deployment
    summary = publisher(
        stack,
        "race",
        "--front",
        stack.front,
        "--repetitions",
        REPETITIONS,
        "--readers",
        READERS,
        "--pause",
        READER_PAUSE,
        timeout=240,
    )

    print("\nstale-read race:", json.dumps(summary, indent=2))
    assert summary["stale_reads"] == 0, summary["stale_examples"]
    assert summary["not_fresh_within_deadline"] == []
    # How soon readers saw a publish is reported above, not asserted: on a
    # shared machine a wall-clock bound fails for reasons of its own.
    assert summary["non_2xx"] == 0, summary["statuses"]
    assert summary["request_failures"] == {}
    # The readers really hammered, and saw most pages fresh after most publishes.
    assert summary["reader_requests"] > REPETITIONS * 20
    assert summary["pages_checked"] >= 0.75 * summary["pages_published"]


def test_a_publish_through_one_app_server_is_fresh_on_both(deployment):
    stack, built = deployment
    pages = [built["story"], built["home"], *built["sections"]]
    # Each app server read directly, under the site's own address (the front's).
    site_host = urllib.parse.urlsplit(stack.front).netloc
    for app in stack.apps:
        for path in pages:
            get(app + path, host=site_host)
            headers, _ = get(app + path, host=site_host)
            assert headers["X-Newsroom-Cache"] == "hit", f"{app}{path} not cached server-side"

    publisher(stack, "publish", "--headline", "Headline 900")

    for app in stack.apps:
        for path in pages:
            _, html = get(app + path, host=site_host)
            assert "Headline 900" in html, f"{app}{path} is stale"


def test_moving_unpublishing_and_deleting_a_story_are_seen_through_varnish_at_once(deployment):
    stack, _ = deployment
    result = publisher(stack, "lifecycle", "--front", stack.front)

    assert result["failures"] == [], "\n".join(result["failures"])


def test_varnish_drops_tracking_parameters_before_it_keys_a_page(deployment):
    stack, built = deployment
    path = built["sections"][0]
    get(stack.front + path)
    headers, _ = get(stack.front + path)
    assert headers["X-Cache"] == "HIT"
    headers, _ = get(stack.front + path + "?utm_source=newsletter&fbclid=abc")
    assert headers["X-Cache"] == "HIT", "a shared link is one more copy of the page"
    get(stack.front + path + "?page=1")
    headers, _ = get(stack.front + path + "?utm_medium=social&page=1&gclid=1")
    assert headers["X-Cache"] == "HIT", "the page's own parameters stay"


def test_a_storys_photos_load_through_varnish_with_production_settings(deployment):
    """Local media is served (``SERVE_MEDIA``), kept by Varnish, and only the photo folders."""
    from bs4 import BeautifulSoup

    stack, built = deployment
    _, html = get(stack.front + built["story"])
    soup = BeautifulSoup(html, "html.parser")
    urls = {img["src"] for img in soup.select("article img[src]")}
    for tag in soup.select("article img[srcset], article source[srcset]"):
        urls |= {candidate.split()[0] for candidate in tag["srcset"].split(",")}
    urls |= {meta["content"] for meta in soup.select('meta[property="og:image"]')}
    media = sorted(url for url in urls if "/media/" in url)
    assert len(media) >= 3, urls
    for url in media:
        address = url if url.startswith("http") else stack.front + url
        address = stack.front + urllib.parse.urlsplit(address).path
        headers, _ = fetch_bytes(address)
        assert headers["Content-Type"].startswith("image/"), (url, headers["Content-Type"])
        assert "immutable" in headers["Cache-Control"]
        headers, _ = fetch_bytes(address)
        assert headers["X-Cache"] == "HIT", url
    for path in ("/media/documents/report.pdf", "/media/images/../../settings.py", "/media/"):
        assert _status(stack.front + path) == 404, path


def fetch_bytes(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers, response.read()


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_cache_is_bounded_and_evicts_the_least_recently_used(deployment):
    import redis

    stack, _ = deployment
    config = redis.Redis.from_url(stack.redis_url).config_get("maxmemory*")
    assert int(config["maxmemory"]) == 256 * 1024 * 1024
    assert config["maxmemory-policy"] == "allkeys-lru"


def search_status(url, forwarded_for):
    """The status of a search through Varnish, as a TLS proxy on this host would send it."""
    request = urllib.request.Request(url, headers={"X-Forwarded-For": forwarded_for})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_varnish_refuses_a_flood_of_searches_from_one_address_before_the_app(deployment):
    """Past 10 searches at once from one reader's address (then one a second, 60 a
    minute), Varnish answers 429 itself.

    The same words each time: after the first, the app answers from its own
    search cache, which its own rate does not count, so every 429 here is Varnish's.
    """
    stack, _ = deployment
    url = stack.front + "/search/?q=harbour"
    flood = [search_status(url, "203.0.113.7") for _ in range(30)]
    statuses = [status for status, _, _ in flood]
    # The bucket refills one search a second, so a quick loop gets ten and a few more.
    assert statuses[:10] == [200] * 10 and statuses.count(429) >= 10, statuses
    refused = [(headers, body) for status, headers, body in flood if status == 429]
    headers, body = refused[-1]
    assert headers["Retry-After"] == "10"
    assert "Please wait 10 seconds" in body
    assert headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "<h1>Too many searches</h1>" in body
    # Another reader behind the same proxy, and a cached page, are not refused.
    assert search_status(url, "203.0.113.8")[0] == 200
    assert _status(stack.front + "/") == 200


def test_a_preview_link_passes_varnish_and_stops_at_once_when_revoked(deployment):
    stack, _ = deployment
    embargoed = publisher(stack, "embargo", varnish=False)
    shared = stack.front + embargoed["shared"]
    for _ in range(2):
        headers, body = get(shared)
        assert "Embargoed stack story" in body
        assert headers["X-Cache"] == "MISS", "Varnish kept a preview link's page"
        assert headers["Cache-Control"] == "private, no-store"
    # Everyone else gets a 404 at the story's address until its moment.
    assert _status(stack.front + embargoed["story"]) == 404
    publisher(stack, "embargo", "--revoke", varnish=False)
    assert _status(shared) == 404
