"""The server-side cache of reader pages, and how a purge empties it.

Each cached path has a generation; a purge replaces the generation, which
orphans every cached variant of the path (any query string) at once. A
site-wide generation changes on every purge too: a page rendered while a publish
was under way is not stored, since it may have read the old content.
"""

import hashlib
import math
import uuid
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .. import conf
from ..text import is_tracking_parameter
from .generation import EPOCH_KEY, SITE_GENERATION_KEY, cache_timeout


def cache_query(query_string):
    """The part of a query string a cached page is kept under: tracking parameters dropped.

    ``?utm_source=x`` and ``?fbclid=y`` are the page without them, not one
    more copy of it each (listings ignore them too: ``ListingRequest``).
    """
    if not query_string:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not is_tracking_parameter(name)]
    return query_string if len(kept) == len(pairs) else urlencode(kept)


def _generation_key(path):
    # By path alone: a purge covers the page under every host name it is served at.
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"newsroom:gen:{digest}"


def page_key(host, path, query):
    digest = hashlib.sha256(f"{host}{path}?{query}".encode()).hexdigest()[:40]
    return f"newsroom:page:{digest}"


def _generations(found, path_key):
    path_generation = found.get(path_key, "0") + "." + found.get(EPOCH_KEY, "0")
    return path_generation, found.get(SITE_GENERATION_KEY, "0")


def current_generations(path):
    """(path generation, site generation): a cached copy is good while the first holds."""
    keys = [_generation_key(path), SITE_GENERATION_KEY, EPOCH_KEY]
    return _generations(cache.get_many(keys), keys[0])


def lookup(host, path, query):
    """(cached response or None, path generation, site generation), in one cache round trip.

    A page is stored with the path generation it was rendered under
    (``store``); a purge since then changed the generation, so the copy is
    not used.
    """
    key = page_key(host, path, query)
    path_key = _generation_key(path)
    found = cache.get_many([path_key, SITE_GENERATION_KEY, EPOCH_KEY, key])
    path_generation, site_generation = _generations(found, path_key)
    stored = found.get(key)
    response = stored[1] if stored and stored[0] == path_generation else None
    if response is not None and len(stored) > 2 and stored[2] is not None:
        response = _until(response, stored[2])
    return response, path_generation, site_generation


def _until(response, ends_at):
    """A copy kept only until ``ends_at`` (a breaking-news banner's end): the time
    left, not the time it was stored for, is what other caches may keep it."""
    left = seconds_until(ends_at)
    if left < 1:
        return None
    patch_cache_control(response, max_age=min(conf.get("NEWSROOM_BROWSER_MAX_AGE"), left))
    patch_cache_control(response, s_maxage=left)
    return response


def seconds_until(moment, now=None):
    """Whole seconds from now until ``moment`` (0 once it has passed)."""
    return max(0, math.floor((moment - (now or timezone.now())).total_seconds()))


def store(host, path, query, path_generation, response, timeout=None, ends_at=None):
    """Keep ``response`` for ``timeout`` seconds (``NEWSROOM_CACHE_TIMEOUT`` by default).

    ``ends_at``: the page must not be shown after then; a hit's headers say
    how long is left (``_until``).
    """
    timeout = cache_timeout() if timeout is None else timeout
    stored = (
        (path_generation, response) if ends_at is None else (path_generation, response, ends_at)
    )
    cache.set(page_key(host, path, query), stored, timeout)


def stale_at(request, moment):
    """The page being rendered for ``request`` goes stale by itself at ``moment``.

    A front page slot pinned until 18:00 shows other stories after it with no
    publish to purge the page, and a breaking-news banner leaves every page at
    its end: no cache may keep the copy rendered before then any longer
    (``lifetime``; the reader cache's copy keeps the moment, ``_until``). The
    earliest moment given wins.
    """
    if moment is None:
        return
    current = getattr(request, "_newsroom_stale_at", None)
    if current is None or moment < current:
        request._newsroom_stale_at = moment


def lifetime(request, timeout):
    """Seconds a page rendered for ``request`` may be kept: ``timeout`` at most, and
    never past the moment it goes stale (``stale_at``); 0 when that has come."""
    moment = getattr(request, "_newsroom_stale_at", None)
    if moment is None:
        return timeout
    # Rounded down: a copy may go a second early, never late.
    remaining = int((moment - timezone.now()).total_seconds())
    return max(0, min(timeout, remaining))


def stale_moment(request):
    """The earliest moment given to ``stale_at`` for ``request``, or None."""
    return getattr(request, "_newsroom_stale_at", None)


def invalidate_everything():
    """Orphan every cached page: for changes that can touch any page (privacy)."""
    fresh = uuid.uuid4().hex
    cache.set_many({EPOCH_KEY: fresh, SITE_GENERATION_KEY: fresh}, timeout=None)


def invalidate(urls):
    """Drop every cached variant of ``urls`` from the server-side cache."""
    fresh = uuid.uuid4().hex
    generations = {SITE_GENERATION_KEY: fresh}
    for url in urls:
        generations[_generation_key(unquote(urlsplit(url).path))] = fresh
    cache.set_many(generations, timeout=None)


def reader_cacheable(view):
    """Mark a view's anonymous GET responses cacheable for readers (``ReaderCacheMiddleware``)."""
    view.newsroom_cacheable = True
    return view
