"""Site search that holds under load: answers kept briefly, and a limit per client.

A search cannot be cached for an hour like a page, and a reader cache keyed
on every distinct query would store one copy per query a client invents. So
the search view keeps each *normalised* search (its words, section and page)
for ``NEWSROOM_SEARCH_CACHE_SECONDS``, under the render generation (a publish
retires every answer at once), and counts the searches it has to run per
client address: beyond ``NEWSROOM_SEARCH_RATE`` a minute, or a sixth of it (at
least ``MIN_BURST``) in ``BURST_WINDOW`` seconds, the client waits, while cached
answers are served to everyone. The short window spreads a client's searches over
the minute: counted per minute alone, every address of a flood would spend its
whole minute's searches in its first second, all at once.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.module_loading import import_string

from .. import conf
from ..text import is_tracking_parameter
from .generation import render_generation

logger = logging.getLogger(__name__)

SEARCH_PARAMETERS = {"q", "section", "page"}
RATE_WINDOW = 60
BURST_WINDOW = 10
MIN_BURST = 5


def cache_key(request, site_id, words, section_id, page):
    """The key of a search's answer, or None when the query holds more than a search.

    Parameters the view does not read (tracking ones aside) would end up in the
    answer's own links, so such a request is answered without the cache.
    """
    names = {name for name in request.GET if not is_tracking_parameter(name)}
    if not names <= SEARCH_PARAMETERS or any(len(request.GET.getlist(n)) > 1 for n in names):
        return None
    normalised = "\x1f".join([words.casefold(), str(section_id or ""), str(page or "1")])
    digest = hashlib.sha256(normalised.encode()).hexdigest()[:32]
    return f"newsroom:search:{site_id}:{render_generation(request)}:{digest}"


def cached_answer(key):
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001 - a cache outage means searching, not failing
        logger.warning("Search cache unavailable: %s", error)
        return None


def keep_answer(key, content):
    if key is None or not conf.get("NEWSROOM_SEARCH_CACHE_SECONDS"):
        return
    try:
        cache.set(key, content, conf.get("NEWSROOM_SEARCH_CACHE_SECONDS"))
    except Exception as error:  # noqa: BLE001
        logger.warning("Search cache unavailable: %s", error)


def client_address(request):
    """Who is searching: ``NEWSROOM_CLIENT_ADDRESS`` (a dotted path), else ``REMOTE_ADDR``."""
    reader = conf.get("NEWSROOM_CLIENT_ADDRESS")
    if reader:
        return import_string(reader)(request)
    return request.META.get("REMOTE_ADDR", "")


def over_limit(kind, value, limit, window):
    """Count one request of ``kind`` for ``value``; whether it goes past ``limit`` per ``window``.

    The counts live in the cache; a cache outage lets the request through
    (the database answers it, as it does every page while the cache is down).
    """
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"newsroom:rate-{kind}:{digest}"
    try:
        if cache.add(key, 1, window):
            return False
        return cache.incr(key) > limit
    except Exception as error:  # noqa: BLE001 - an outage must not block or break requests
        logger.warning("Rate of %s not counted: %s", kind, error)
        return False


def burst_limit(rate):
    """Searches a client may make run in ``BURST_WINDOW`` seconds, at ``rate`` a minute."""
    return max(MIN_BURST, -(-rate * BURST_WINDOW // RATE_WINDOW))


def over_rate(request):
    """Count one search this client makes run; past the rate, the seconds it should wait.

    0 when the search may run. Both windows count every search, so a client
    refused in the short one has spent a search of its minute too.
    """
    rate = conf.get("NEWSROOM_SEARCH_RATE")
    if not rate:
        return 0
    address = client_address(request)
    over_minute = over_limit("search", address, rate, RATE_WINDOW)
    over_burst = over_limit("search-burst", address, burst_limit(rate), BURST_WINDOW)
    if over_minute:
        return RATE_WINDOW
    return BURST_WINDOW if over_burst else 0
