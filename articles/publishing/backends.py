"""Front-end cache purges that never stall a publish, and are sent again if they fail.

Wagtail's ``HTTPBackend`` sends each PURGE with ``urlopen`` and no timeout, so a
Varnish that accepts connections but never answers holds the publish (and the
editor) indefinitely, and a purge that fails is only logged: readers keep
seeing the old page until its ``s-maxage`` runs out.

``RetryingHTTPBackend`` waits at most ``TIMEOUT`` seconds for each PURGE and
stops at the first URL the cache cannot be reached for, so a publish costs at
most one timeout per cache. Every URL not purged is stored as a
``PendingPurge``; ``retry_pending_purges()``, which ``newsroom_scheduler`` runs
on each tick, sends them again with exponential backoff until they succeed or
``NEWSROOM_PURGE_MAX_ATTEMPTS`` is reached.

    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "articles.purge.RetryingHTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
            "TIMEOUT": 2,  # seconds, for each PURGE
        },
    }
"""

import http.client
import logging
from collections import defaultdict
from datetime import timedelta
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.utils import timezone
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends

from .. import conf
from ..models import PendingPurge

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 2.0
# One retry pass sends at most this many URLs, so a tick stays short.
RETRY_BATCH_SIZE = 1000


def retry_delay(attempts):
    """Seconds before the next try of a purge that has failed ``attempts`` times."""
    first = conf.get("NEWSROOM_PURGE_RETRY_DELAY")
    longest = conf.get("NEWSROOM_PURGE_RETRY_MAX_DELAY")
    return min(first * 2 ** max(attempts - 1, 0), longest)


def max_attempts():
    return conf.get("NEWSROOM_PURGE_MAX_ATTEMPTS")


class RetryingHTTPBackend(HTTPBackend):
    """HTTP PURGE (Varnish, Squid) with a timeout; failed URLs are retried later."""

    def __init__(self, params):
        params = dict(params)
        self.location = params["LOCATION"]
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        failures = self.send(urls)
        if failures:
            record_failures(self.location, failures)

    def send(self, urls):
        """PURGE each URL; ``{url: error}`` for those not purged.

        An unreachable or silent cache fails every URL left, untried: each try
        would only wait out the same timeout again.
        """
        failures = {}
        urls = list(urls)
        for index, url in enumerate(urls):
            try:
                with urlopen(self.request(url), timeout=self.timeout):  # noqa: S310 - LOCATION is ours
                    pass
            except HTTPError as error:
                # The cache answered: only this URL failed.
                error.close()
                failures[url] = f"HTTP {error.code} {error.reason}"
            except (OSError, http.client.HTTPException) as error:
                reason = getattr(error, "reason", error)
                message = f"{type(reason).__name__}: {reason}"
                failures.update(dict.fromkeys(urls[index:], message))
                break
        return failures

    def request(self, url):
        """The PURGE for ``url``, sent to the cache with the page's own Host header.

        ``https://host/*`` (``urls.site_wide``) is every page of the host: a
        PURGE of ``/`` with ``X-Purge-Scope: site``, which the VCL in
        ``deploy/varnish/`` turns into a ban of the host's pages.
        """
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        headers = {"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"}
        path = parts.path
        if path == "/*":
            path = "/"
            headers["X-Purge-Scope"] = "site"
        return PurgeRequest(
            url=urlunsplit((self.cache_scheme, self.cache_netloc, path, parts.query, "")),
            headers=headers,
        )


def record_failures(location, failures):
    """Keep ``{url: error}`` as pending purges; a URL failing again starts its backoff anew."""
    now = timezone.now()
    first_error = next(iter(failures.values()))
    logger.warning(
        "Front-end cache purge at %s failed for %d URLs (%s); queued for retry",
        location,
        len(failures),
        first_error,
    )
    rows = [
        PendingPurge(
            location=location,
            url=url,
            attempts=1,
            last_error=error[:500],
            first_failed_at=now,
            last_failed_at=now,
            next_attempt_at=now + timedelta(seconds=retry_delay(1)),
        )
        for url, error in failures.items()
    ]
    try:
        PendingPurge.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["location", "url"],
            update_fields=["attempts", "last_error", "last_failed_at", "next_attempt_at"],
        )
    except Exception:
        # The publish has happened; losing the retry must not undo it.
        logger.exception("Could not queue %d failed purges for retry", len(rows))


def retry_pending_purges(now=None):
    """Send the pending purges that are due again; ``(purged, still_failing)`` counts.

    Runs on each ``newsroom_scheduler`` tick; callable on its own (a shell, cron).
    Purges for a cache no longer configured are left alone.
    """
    now = now or timezone.now()
    backends = {
        backend.location: backend
        for backend in get_backends().values()
        if isinstance(backend, RetryingHTTPBackend)
    }
    if not backends:
        return 0, 0
    due = PendingPurge.objects.filter(location__in=list(backends), next_attempt_at__lte=now)
    by_location = defaultdict(list)
    for pending in due.order_by("next_attempt_at", "pk")[:RETRY_BATCH_SIZE]:
        by_location[pending.location].append(pending)

    purged = failing = 0
    for location, pending_purges in by_location.items():
        failures = backends[location].send([pending.url for pending in pending_purges])
        for pending in pending_purges:
            if pending.url in failures:
                failing += _reschedule(pending, failures[pending.url], now)
            else:
                purged += 1
                # Unless a publish failed to purge it again meanwhile: then it stays due.
                PendingPurge.objects.filter(
                    pk=pending.pk, last_failed_at=pending.last_failed_at
                ).delete()
        log = logger.warning if failures else logger.info
        log(
            "Retried %d front-end cache purges at %s: %d purged, %d failed%s",
            len(pending_purges),
            location,
            len(pending_purges) - len(failures),
            len(failures),
            f" ({next(iter(failures.values()))})" if failures else "",
        )
    return purged, failing


def _reschedule(pending, error, now):
    """Back off one more step, or give up; 1 if the purge stays pending."""
    attempts = pending.attempts + 1
    unchanged = PendingPurge.objects.filter(pk=pending.pk, last_failed_at=pending.last_failed_at)
    if attempts >= max_attempts():
        logger.error(
            "Giving up purging %s at %s after %d attempts: %s",
            pending.url,
            pending.location,
            attempts,
            error,
        )
        unchanged.delete()
        return 0
    unchanged.update(
        attempts=attempts,
        last_error=error[:500],
        last_failed_at=now,
        next_attempt_at=now + timedelta(seconds=retry_delay(attempts)),
    )
    return 1
