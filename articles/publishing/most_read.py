"""The scheduler's rollup of story reads into "Most read in the last 24 hours" lists.

Each tick (``newsroom_scheduler``), ``roll_up_reads``:

1. moves every closed hour's counters of the candidate stories from the cache
   into ``StoryReads`` rows (and deletes those counters), so a cache restart
   loses only the hour under way;
2. sums the last 24 hours (the rows, plus the open hour's counters) per story;
3. writes, for each site and each section with reads, its most-read list
   (title, URL, reads) to the cache, where the template tag reads it.

Candidates are the newest ``NEWSROOM_MOST_READ_CANDIDATES`` live, public
stories: a read of an older story, a draft, or an id that is no story is never
looked at (and its counter expires on its own). Only live, public stories
are listed, so nothing unpublished reaches a reader through a list.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import Site

from .. import conf
from ..delivery import reads
from ..models import ArticlePage, SectionPage, StoryReads

logger = logging.getLogger(__name__)

# The last hour whose counters are in the database; kept beside them in the cache.
PERSISTED_KEY = "newsroom:reads:persisted-through"
KEEP_ROWS = timedelta(days=2)


def candidates():
    """The newest live, public stories, by pk."""
    stories = (
        ArticlePage.objects.live()
        .public()
        .order_by("-first_published_at", "-pk")
        .only("pk", "path", "title", "url_path")[: conf.get("NEWSROOM_MOST_READ_CANDIDATES")]
    )
    return {story.pk: story for story in stories}


def persist_closed_hours(story_ids, now):
    """Counters of every closed hour not yet in the database, moved there."""
    current = reads.hour_of(now)
    hour = reads.window_start(now, 48)
    persisted = cache.get(PERSISTED_KEY)
    if persisted is not None:
        hour = max(hour, persisted + timedelta(hours=1))
    moved = 0
    while hour < current:
        counts = reads.hour_counts(story_ids, hour)
        if counts:
            StoryReads.objects.bulk_create(
                [StoryReads(story_id=pk, hour=hour, reads=n) for pk, n in counts.items()],
                update_conflicts=True,
                unique_fields=["story", "hour"],
                update_fields=["reads"],
            )
            reads.forget_hour(counts, hour)
            moved += len(counts)
        cache.set(PERSISTED_KEY, hour, reads.COUNTER_TIMEOUT)
        hour += timedelta(hours=1)
    StoryReads.objects.filter(hour__lt=current - KEEP_ROWS).delete()
    return moved


def last_day_totals(story_ids, now):
    """Reads of each story in the last 24 hours: the closed hours' rows and the open hour."""
    totals = defaultdict(int)
    rows = (
        StoryReads.objects.filter(story_id__in=story_ids, hour__gte=reads.window_start(now))
        .values("story_id")
        .annotate(total=Sum("reads"))
    )
    for row in rows:
        totals[row["story_id"]] += row["total"]
    for pk, n in reads.hour_counts(story_ids, reads.hour_of(now)).items():
        totals[pk] += n
    return totals


def roll_up_reads(now=None):
    """Steps 1 to 3 of the module's docstring; returns how many lists it wrote."""
    now = now or timezone.now()
    stories = candidates()
    persist_closed_hours(stories, now)
    totals = last_day_totals(stories, now)
    ranked = sorted((pk for pk in totals if totals[pk] > 0), key=lambda pk: (-totals[pk], -pk))
    limit = conf.get("NEWSROOM_MOST_READ_LENGTH")
    # One more than shown, so a story's own page can leave itself out and still show the length.
    keep = limit + 1
    owners = {site.root_page.path for site in Site.objects.select_related("root_page")}
    owners |= set(SectionPage.objects.live().values_list("path", flat=True))
    # The path within its site: a list is a site's or one of its sections', shown on that site.
    urls = {pk: (stories[pk].get_url_parts() or (None, None, None))[2] for pk in ranked}
    lists = {}
    for path in owners:
        entries = [
            {
                "pk": story_pk,
                "title": stories[story_pk].title,
                "url": urls[story_pk],
                "reads": totals[story_pk],
            }
            for story_pk in ranked
            if stories[story_pk].path.startswith(path) and urls[story_pk]
        ][:keep]
        lists[reads.list_key(path)] = entries
    cache.set_many(lists, reads.LIST_TIMEOUT)
    return len(lists)


def forget_story(story):
    """Take an unpublished or deleted story off every list it is on, before the next rollup."""
    step = ArticlePage.steplen
    keys = [reads.list_key(story.path[:end]) for end in range(step, len(story.path), step)]
    lists = cache.get_many(keys)
    cache.set_many(
        {key: [e for e in entries if e["pk"] != story.pk] for key, entries in lists.items()},
        reads.LIST_TIMEOUT,
    )


def forget_story_on_removal(sender, instance, **kwargs):
    forget_story(instance)
