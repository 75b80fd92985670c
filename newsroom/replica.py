"""Reader traffic on a read replica, when ``DATABASE_REPLICA_URL`` is set.

Anonymous GET and HEAD requests outside the admin read from the ``replica``
database; everything else (editors, the admin, forms, every write, the
session and user lookups that decide who is asking) uses ``default``, the
primary.

A replica lags the primary by a moment. A reader page rendered from it just
after a publish would show the old story, and the reader cache and Varnish
would keep that stale copy after the purge that was meant to end it. So for
``NEWSROOM_REPLICA_GRACE`` seconds (default 5) after any write to the
primary, committed or not, readers read from the primary too. The moment of
the last write is kept in the cache, which every app process shares.
"""

import contextvars
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

REPLICA = "replica"
LAST_WRITE_KEY = "newsroom:replica:last-write"

_reading_replica = contextvars.ContextVar("newsroom_reading_replica", default=False)


def grace():
    return float(getattr(settings, "NEWSROOM_REPLICA_GRACE", 5))


def mark_write(**kwargs):
    """Readers use the primary until the replica has had time to catch up."""
    if kwargs.get("using", "default") == REPLICA:
        return
    cache.set(LAST_WRITE_KEY, time.time(), timeout=max(1, int(grace()) + 1))
    # From the commit too: the grace runs from when the replica can first see it.
    transaction.on_commit(
        lambda: cache.set(LAST_WRITE_KEY, time.time(), timeout=max(1, int(grace()) + 1)),
        using=kwargs.get("using"),
    )


def written_recently():
    last = cache.get(LAST_WRITE_KEY)
    return last is not None and time.time() - last < grace()


class ReplicaRouter:
    """Reads of reader requests go to the replica; all else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks anonymous reader requests, so ``ReplicaRouter`` sends their reads to the replica.

    Goes after ``AuthenticationMiddleware``: finding out who is asking reads
    the session and the user from the primary, where a login has just
    written them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        post_save.connect(mark_write, dispatch_uid="newsroom.replica.post_save")
        post_delete.connect(mark_write, dispatch_uid="newsroom.replica.post_delete")

    def __call__(self, request):
        if not self.reads_replica(request):
            return self.get_response(request)
        token = _reading_replica.set(True)
        try:
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response
        finally:
            _reading_replica.reset(token)

    def reads_replica(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(("/admin/", "/django-admin/")):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        return not written_recently()
