"""Fixtures the reference site's browser tests share."""

import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler

from .browser_support import TIMEOUT_MS


@pytest.fixture
def patient_expect():
    """Assertions wait as long as actions do: an upload makes its renditions within
    the request (tasks run immediately here), a publish purges and reindexes."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=None)  # Playwright's default again, for other tests


@pytest.fixture
def one_request_at_a_time(monkeypatch):
    """The live server answers one request at a time.

    The editor's browser posts the form for the preview and for autosave while
    the chooser loads; the test database is SQLite in memory, shared between the
    server's threads, where a second writer fails at once ("database table is
    locked": no busy timeout applies to in-memory tables). Concurrent writes are
    the embedded database's own tests' concern.
    """
    lock = threading.RLock()
    answer = WSGIHandler.__call__

    def one_at_a_time(self, environ, start_response):
        with lock:
            return answer(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", one_at_a_time)
