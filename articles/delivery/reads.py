"""Story reads counted in the cache, for the "Most read" lists.

A reader's browser sends one beacon per story page it shows
(``articles/js/beacon.js``, ``navigator.sendBeacon`` to our own
``articles:read_beacon``): no cookie, no third party. Each one adds 1 to a
counter per story and hour in the cache (``INCR`` on Redis): no query, nothing
stored about the reader. The scheduler's rollup (``articles.publishing.most_read``)
moves each closed hour's counters into ``StoryReads`` rows and writes the
lists a page shows, one cache entry per site and per section, which the
template tag reads with one cache lookup.

Not counted: a request that carries the session cookie (editors; readers never
get one), a prefetch or prerender, and any client whose User-Agent is empty or
names a bot, crawler, preview fetcher or headless browser.
"""

import logging
import re
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .. import conf

logger = logging.getLogger(__name__)

# Counters live two days: the rollup moves a closed hour into the database well before.
COUNTER_TIMEOUT = 2 * 24 * 3600
LIST_TIMEOUT = 24 * 3600
HOUR_FORMAT = "%Y%m%d%H"
# A beacon's body is a story id; anything longer is not one of ours.
BEACON_MAX_BYTES = 32
# Story ids are Wagtail page ids: positive, and within a 32-bit integer on every database.
MAX_STORY_ID = 2**31 - 1
NOT_READERS = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|scan|monitor|headless|lighthouse|phantom|"
    r"python|curl|wget|httpclient|java/|go-http|facebookexternalhit|embedly|whatsapp",
    re.IGNORECASE,
)


def hour_of(moment):
    """The start of ``moment``'s hour, in UTC."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def counter_key(story_id, hour):
    return f"newsroom:reads:{hour:{HOUR_FORMAT}}:{story_id}"


def list_key(path):
    """Where the rollup keeps the most-read list of the site root or section at ``path``."""
    return f"newsroom:most-read:{path}"


def parse_story_id(body):
    """The story id a beacon sends (its body, decimal digits), or None."""
    text = body.strip()
    if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()):
        return None
    story_id = int(text)
    return story_id if 0 < story_id <= MAX_STORY_ID else None


def is_reader(request):
    """Whether a beacon comes from a reader whose read counts (see the module's docstring)."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    if "prefetch" in purpose or "prerender" in purpose:
        return False
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and NOT_READERS.search(agent) is None


def count_read(story_id, moment=None, reads=1):
    """Add ``reads`` reads of ``story_id`` to its counter for the hour of ``moment`` (now).

    Returns whether it was counted: with the cache down the read is lost, and
    the reader's beacon is answered all the same.
    """
    key = counter_key(story_id, hour_of(moment or timezone.now()))
    try:
        try:
            cache.incr(key, reads)
        except ValueError:
            # The hour's first read; if another got there first, count on theirs.
            if not cache.add(key, reads, COUNTER_TIMEOUT):
                cache.incr(key, reads)
    except Exception as error:  # noqa: BLE001 - a lost read must not fail the beacon
        logger.info("Read of story %s not counted: %s", story_id, error)
        return False
    return True


def answer_beacon(request):
    """Count the read a beacon reports, if it is one (see the module's docstring): always 204.

    The story id in the body is counted when it is a number in range and the
    client a reader, for as many reads as pages send one
    (``NEWSROOM_MOST_READ_SAMPLE``: the setting, never the client, says how many).
    """
    story_id = parse_story_id(request.read(BEACON_MAX_BYTES + 1))
    if story_id is not None and is_reader(request):
        count_read(story_id, reads=max(1, conf.get("NEWSROOM_MOST_READ_SAMPLE")))
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


def hour_counts(story_ids, hour):
    """The counters of ``story_ids`` for ``hour``: ``{story_id: reads}``, zeros left out."""
    keys = {counter_key(pk, hour): pk for pk in story_ids}
    found = cache.get_many(keys)
    return {keys[key]: int(value) for key, value in found.items() if value}


def forget_hour(story_ids, hour):
    cache.delete_many([counter_key(pk, hour) for pk in story_ids])


def most_read(paths, *, exclude=None, limit=5, least=2):
    """The first of the lists of ``paths`` (a section's, then its site's…) with at least
    ``least`` stories besides ``exclude``: dicts of ``pk``, ``title``, ``url``, ``reads``.

    One cache lookup for all of them."""
    found = cache.get_many([list_key(path) for path in paths])
    for path in paths:
        entries = [e for e in found.get(list_key(path), ()) if e["pk"] != exclude][:limit]
        if len(entries) >= least:
            return entries
    return []


def window_start(moment, hours=24):
    return hour_of(moment) - timedelta(hours=hours - 1)
