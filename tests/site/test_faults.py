"""Faults a newsroom meets under load: a cache, database or editor that misbehaves.

A purge endpoint that is down or hangs never holds up a publish, and what it
missed is purged on a later scheduler tick. The slow tests run the real stack
(``tests/site/stack.py``): PostgreSQL restarted and Redis stopped under readers.
Two editors saving the same story go through Wagtail's own edit view.
"""

import io
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import PendingPurge
from articles.publishing import backends as purge
from articles.publishing.backends import record_failures, retry_pending_purges
from articles.publishing.urls import story_urls

from ..conftest import build_story
from .stack import Stack, missing_programs
from .test_varnish import publisher, require

# Purge endpoint faults ----------------------------------------------------------


class _PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - http.server names handlers after the method
        self.server.purged.append((self.headers["Host"], self.path))
        status = 503 if self.path in self.server.failing_paths else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class PurgeRecorder(ThreadingHTTPServer):
    """A stand-in Varnish on loopback: answers PURGE and remembers (Host, path)."""

    daemon_threads = True

    def __init__(self, port=0, failing_paths=()):
        super().__init__(("127.0.0.1", port), _PurgeHandler)
        self.purged = []
        self.failing_paths = set(failing_paths)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def location(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()
        self.thread.join(5)


def closed_port():
    """A loopback port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def front_end_cache(settings):
    """Point the site's front-end cache at ``location``, with a short timeout."""

    def configure(location, timeout=0.5):
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "articles.purge.RetryingHTTPBackend",
                "LOCATION": location,
                "TIMEOUT": timeout,
            }
        }
        return location

    return configure


@pytest.fixture
def urlopen_timeouts(monkeypatch):
    """The timeout of every PURGE the backend sends."""
    timeouts = []
    real_urlopen = purge.urlopen

    def urlopen(request, timeout=None):
        timeouts.append(timeout)
        return real_urlopen(request, timeout=timeout)

    monkeypatch.setattr(purge, "urlopen", urlopen)
    return timeouts


def paths_of(urls):
    return sorted(urlsplit(url).path for url in urls)


def make_due():
    PendingPurge.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def tick():
    call_command("newsroom_scheduler", "--once", stdout=io.StringIO())


def test_a_publish_with_the_cache_down_is_purged_on_a_later_scheduler_tick(
    turkey, newsroom_settings, front_end_cache, caplog, django_capture_on_commit_callbacks
):
    port = closed_port()
    location = front_end_cache(f"http://127.0.0.1:{port}")

    with django_capture_on_commit_callbacks(execute=True):
        story = build_story(turkey, title="Published while Varnish was down", slug="down")

    story.refresh_from_db()
    assert story.live
    assert f"purge at {location} failed for" in caplog.text
    assert "ConnectionRefusedError" in caplog.text
    pending = PendingPurge.objects.all()
    assert {p.url for p in pending} == story_urls(story)
    assert {p.location for p in pending} == {location}
    assert all(p.next_attempt_at > timezone.now() for p in pending)

    with PurgeRecorder(port) as varnish:
        tick()  # The cache is back, but the first retry is not due yet.
        assert varnish.purged == []
        make_due()
        caplog.clear()
        caplog.set_level(logging.INFO, logger="articles.publishing.backends")
        tick()

    assert PendingPurge.objects.count() == 0
    assert sorted(path for _, path in varnish.purged) == paths_of(story_urls(story))
    assert {host for host, _ in varnish.purged} == {"testserver"}
    assert f"at {location}: {len(varnish.purged)} purged, 0 failed" in caplog.text


def test_a_publish_with_a_silent_cache_waits_one_timeout_only(
    turkey, newsroom_settings, front_end_cache, urlopen_timeouts, django_capture_on_commit_callbacks
):
    # Listening but never accepting: the kernel completes the connection, nobody answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        location = front_end_cache(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.2)

        with django_capture_on_commit_callbacks(execute=True):
            story = build_story(turkey, title="Published while Varnish hung", slug="hung")

    story.refresh_from_db()
    assert story.live
    # One PURGE, bounded by the timeout; the other URLs were not tried, only queued.
    assert urlopen_timeouts == [0.2]
    pending = PendingPurge.objects.filter(location=location)
    assert {p.url for p in pending} == story_urls(story)
    assert {p.last_error for p in pending} == {"TimeoutError: timed out"}


def test_a_purge_refused_for_one_url_is_retried_for_that_url_only(db):
    with PurgeRecorder(failing_paths={"/b/"}) as varnish:
        # As Wagtail's get_backends() builds it from WAGTAILFRONTENDCACHE.
        backend = purge.RetryingHTTPBackend({"LOCATION": varnish.location, "TIMEOUT": 0.5})
        backend.purge_batch(
            ["http://testserver/a/", "http://testserver/b/", "http://testserver/c/"]
        )
    # The cache answered: the URLs after the refused one were still sent.
    assert sorted(path for _, path in varnish.purged) == ["/a/", "/b/", "/c/"]
    assert [(p.url, p.last_error) for p in PendingPurge.objects.all()] == [
        ("http://testserver/b/", "HTTP 503 Service Unavailable")
    ]


def test_a_failing_retry_backs_off_exponentially_then_gives_up(
    db, settings, front_end_cache, caplog
):
    settings.NEWSROOM_PURGE_RETRY_DELAY = 30
    settings.NEWSROOM_PURGE_RETRY_MAX_DELAY = 100
    settings.NEWSROOM_PURGE_MAX_ATTEMPTS = 4
    location = front_end_cache(f"http://127.0.0.1:{closed_port()}")
    record_failures(location, {"http://testserver/story/": "ConnectionRefusedError"})
    pending = PendingPurge.objects.get()
    assert pending.attempts == 1

    delays = []
    now = pending.next_attempt_at
    assert retry_pending_purges(now - timedelta(seconds=1)) == (0, 0)  # not due yet
    for _ in range(2):
        assert retry_pending_purges(now) == (0, 1)
        pending.refresh_from_db()
        delays.append((pending.next_attempt_at - now).total_seconds())
        now = pending.next_attempt_at
    assert delays == [60, 100]  # 30 s doubled, then capped
    assert pending.attempts == 3

    assert retry_pending_purges(now) == (0, 0)
    assert not PendingPurge.objects.exists()
    assert "Giving up purging http://testserver/story/" in caplog.text


def test_a_url_failing_again_during_a_retry_stays_pending(db, front_end_cache, monkeypatch):
    with PurgeRecorder() as varnish:
        location = front_end_cache(varnish.location)
        record_failures(location, {"http://testserver/story/": "TimeoutError: timed out"})
        make_due()
        real_send = purge.RetryingHTTPBackend.send

        def send_while_a_publish_fails(self, urls):
            # A publish fails to purge the same URL while the retry is under way.
            record_failures(location, {"http://testserver/story/": "TimeoutError: timed out"})
            return real_send(self, urls)

        monkeypatch.setattr(purge.RetryingHTTPBackend, "send", send_while_a_publish_fails)
        assert retry_pending_purges() == (1, 0)

    # The retry's success predates the newer failure: that one is still owed.
    assert PendingPurge.objects.filter(url="http://testserver/story/").exists()


# Two editors, one story -----------------------------------------------------------


def edit_form(story, title, loaded):
    """The edit view's POST for ``story`` with a new headline, as the editor sends it."""
    return nested_form_data(
        {
            "title": title,
            "slug": story.slug,
            "summary": story.summary,
            "story_type": story.story_type,
            "lead_photo": story.lead_photo_id,
            "lead_caption": story.lead_caption,
            "dateline": story.dateline,
            "body": streamfield([("paragraph", rich_text("<p>Reporting.</p>"))]),
            "related_links": streamfield([]),
            "notes": inline_formset([]),
            "bylines": inline_formset([]),
            "tags": "",
            **loaded,
        }
    )


def open_editor(client, story):
    """GET the edit view; the hidden fields it sends back and its editing-session ping."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    loaded = {
        name: soup.select_one(f"[data-edit-form] input[name={name}]")["value"]
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }
    session = soup.select_one("form.w-editing-sessions")
    ping = {
        "url": session["data-w-swap-src-value"],
        "revision_id": session.select_one("input[name=revision_id]")["value"],
        "revision_created_at": session.select_one("input[name=revision_created_at]")["value"],
    }
    return loaded, ping


@pytest.fixture
def two_editors(django_user_model):
    editors = []
    for name in ("ayse", "burak"):
        user = django_user_model.objects.create_superuser(
            name, f"{name}@example.org", "pw", first_name=name.title()
        )
        client = Client()
        client.force_login(user)
        editors.append(client)
    return editors


def test_an_editor_saving_over_a_newer_revision_is_warned_and_autosave_refused(story, two_editors):
    ayse, burak = two_editors
    ayse_loaded, _ = open_editor(ayse, story)
    burak_loaded, burak_ping = open_editor(burak, story)
    assert ayse_loaded == burak_loaded

    saved = ayse.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        edit_form(story, "Ayşe's corrected headline", ayse_loaded),
    )
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    ayse_revision = story.revisions.latest("created_at")
    assert ayse_revision.content["title"] == "Ayşe's corrected headline"

    # Burak's editor pings while he types: it names Ayşe's newer revision, and the
    # save button then asks him to confirm overwriting it.
    ping = burak.post(
        burak_ping["url"],
        {
            "is_editing": "1",
            "revision_id": burak_ping["revision_id"],
            "revision_created_at": burak_ping["revision_created_at"],
        },
    ).json()
    [other] = ping["other_sessions"]
    assert other["user"] == "Ayse" and other["revision_id"] == ayse_revision.pk
    assert "Ayse saved a new version" in ping["html"]
    assert "Proceeding will overwrite the changes made by Ayse" in ping["html"]

    # His editor's own save (autosave, JSON) on the old revision is refused outright.
    refused = burak.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        edit_form(story, "Burak's stale headline", burak_loaded),
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "invalid_revision"
    latest = story.revisions.latest("created_at")
    assert latest.pk == ayse_revision.pk
    assert latest.content["title"] == "Ayşe's corrected headline"


def test_a_confirmed_stale_save_keeps_the_newer_revision_in_history(story, two_editors):
    # Past the warning, a plain form POST is Wagtail's "Continue": it saves, and
    # Ayşe's version stays one click away in the history.
    ayse, burak = two_editors
    ayse_loaded, _ = open_editor(ayse, story)
    burak_loaded, _ = open_editor(burak, story)
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    ayse.post(edit_url, edit_form(story, "Ayşe's corrected headline", ayse_loaded))
    ayse_revision = story.revisions.latest("created_at")

    saved = burak.post(edit_url, edit_form(story, "Burak's headline", burak_loaded))

    assert saved.status_code == 302
    titles = [revision.content["title"] for revision in story.revisions.order_by("created_at")]
    assert titles[-2:] == ["Ayşe's corrected headline", "Burak's headline"]
    assert story.revisions.filter(pk=ayse_revision.pk).exists()


# The real stack under load -------------------------------------------------------


def test_database_connections_are_health_checked_before_reuse(settings):
    # Persistent connections outlive a database restart; checked, they are replaced.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.fixture(scope="module")
def live_site():
    """PostgreSQL, Redis and gunicorn (two workers) on loopback, with a small site built."""
    require(missing_programs())
    with Stack() as stack:
        stack.start_postgres()
        stack.start_redis()
        app = stack.start_gunicorn(workers=2, name="gunicorn")
        built = publisher(
            stack, "build", "--migrate", "--port", app.rsplit(":", 1)[1], varnish=False
        )
        yield stack, app, built


class Readers:
    """Reader threads GETting ``paths`` flat out.

    Each request is kept as (sent at, path, status, app cache, answered at).
    """

    def __init__(self, base, paths, count=4):
        self.base, self.paths = base, paths
        self.results = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(count)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def read(self, offset):
        n = offset
        while not self.stopping.is_set():
            path = self.paths[n % len(self.paths)].replace("{n}", str(n))
            n += len(self.threads)
            sent_at = time.monotonic()
            try:
                with urllib.request.urlopen(self.base + path, timeout=10) as response:  # noqa: S310
                    status, app_cache = response.status, response.headers["X-Newsroom-Cache"]
                    response.read()
            except urllib.error.HTTPError as error:
                status, app_cache = error.code, None
            except OSError as error:
                status, app_cache = type(error).__name__, None
            self.results.append((sent_at, path, status, app_cache, time.monotonic()))

    def since(self, moment):
        return [result for result in self.results if result[0] >= moment]


def statuses(results):
    return Counter(str(result[2]) for result in results)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.status, response.headers["X-Newsroom-Cache"]


@pytest.mark.slow
def test_the_site_serves_again_after_postgresql_restarts_without_restarting_the_app(live_site):
    stack, app, built = live_site
    # Search and a fresh query string are never cached: each needs the database.
    paths = [built["story"], built["home"], "/search/?q=harbour", built["story"] + "?reader={n}"]
    postmaster_pid = stack.root / "postgres" / "data" / "postmaster.pid"
    first_postmaster = postmaster_pid.read_text().split()[0]

    with Readers(app, paths) as readers:
        time.sleep(1.5)
        restarting_at = time.monotonic()
        stack.restart_postgres()
        restarted_at = time.monotonic()
        time.sleep(3)

    before = [result for result in readers.results if result[-1] < restarting_at]
    after = readers.since(restarted_at)
    during = [result for result in readers.results if result not in before + after]
    print(
        f"\nanswered before the restart: {dict(statuses(before))}; in flight or sent during "
        f"it: {dict(statuses(during))}; sent after it: {dict(statuses(after))}"
    )
    assert postmaster_pid.read_text().split()[0] != first_postmaster, "PostgreSQL did not restart"
    assert set(statuses(before)) == {"200"}
    # Every request sent once PostgreSQL was back succeeded: dead connections were replaced.
    assert statuses(after) == {"200": len(after)}
    assert {result[1] for result in after} >= {"/search/?q=harbour", built["story"]}
    assert len(after) >= 20


@pytest.mark.slow
def test_readers_are_served_uncached_while_redis_is_down_and_cached_once_it_is_back(live_site):
    # tests/site/test_production.py covers a Redis that is unreachable from the start;
    # here a live one, holding pooled connections, goes away under readers and returns.
    stack, app, built = live_site
    paths = [built["story"], built["home"], *built["sections"]]
    for path in paths:
        get(app + path)
    assert get(app + built["story"]) == (200, "hit")

    port = stack.stop_redis()
    try:
        stopped_at = time.monotonic()
        with Readers(app, paths) as readers:
            time.sleep(2)
    finally:
        stack.start_redis(port=port)

    served = readers.since(stopped_at)
    print(f"\nwhile Redis was down: {dict(statuses(served))} in 2 s")
    assert statuses(served) == {"200": len(served)}
    assert {result[3] for result in served} == {"miss"}
    # Not stalled on the missing cache: a refused connection costs next to nothing.
    assert len(served) >= 10
    # Back up: the same app processes cache again.
    seen = [get(app + built["story"]) for _ in range(4)]
    assert (200, "hit") in seen, seen
