"""The weeks of the sitemap index: which ISO week a story is in, and keeping ``SitemapWeek`` rows.

A story published, unpublished, moved, deleted or made private marks its week
changed (``mark_weeks_changed``, from the publishing handlers), and
``reconcile_weeks`` (after ``migrate``, hourly from the scheduler, after a
bulk import) repairs whatever a signal could not see.
"""

from datetime import UTC, datetime, time, timedelta

from django.db.models import Max
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from wagtail.models import Page, Site

from ..models import ArticlePage, SitemapWeek


def week_of(moment):
    """The Monday (a date, UTC) of the ISO week ``moment`` falls in."""
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def week_section(moment):
    """The sitemap section of the ISO week ``moment`` (a datetime or a week's date) falls in."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(UTC)
    year, week, _ = moment.isocalendar()
    return f"stories-{year:04d}-W{week:02d}"


def week_range(week):
    start = datetime.combine(week, time.min, tzinfo=UTC)
    return start, start + timedelta(weeks=1)


def site_stories(site):
    return (
        ArticlePage.objects.descendant_of(site.root_page)
        .readable()
        .filter(display_order_date__isnull=False)
    )


def stories_of_week(site, week):
    # The (display_order_date, page_ptr) index finds the week's rows.
    start, end = week_range(week)
    return (
        site_stories(site)
        .filter(display_order_date__gte=start, display_order_date__lt=end)
        .order_by("display_order_date", "pk")
    )


def sites_holding(page):
    """The sites whose page tree ``page`` is in (from its path, so even once deleted)."""
    step = Page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    return list(Site.objects.filter(root_page__path__in=paths))


def mark_weeks_changed(page, *, weeks=None, sites=None, at=None):
    """Story ``page``'s week (or ``weeks``) changed ``at`` (default: now), in each site holding it.

    A week left with no readable story in a site leaves that site's index.
    """
    if weeks is None:
        moment = getattr(page.specific_deferred, "display_order_date", None)
        weeks = [week_of(moment)] if moment else []
    weeks = set(weeks)
    if not weeks:
        return
    at = at or timezone.now()
    for site in sites_holding(page) if sites is None else sites:
        for week in weeks:
            if stories_of_week(site, week).exists():
                SitemapWeek.objects.update_or_create(
                    site=site, week=week, defaults={"changed_at": at}
                )
            else:
                SitemapWeek.objects.filter(site=site, week=week).delete()


def weeks_under(page):
    """The weeks of the live stories at or under ``page`` (a section made private, say)."""
    moments = (
        ArticlePage.objects.descendant_of(page, inclusive=True)
        .live()
        .filter(display_order_date__isnull=False)
        .annotate(week=TruncWeek("display_order_date", tzinfo=UTC))
        .values_list("week", flat=True)
        .distinct()
    )
    return {week_of(moment) for moment in moments}


def reconcile_weeks(sites=None):
    """Make each site's ``SitemapWeek`` rows match its stories; returns the rows changed.

    Adds missing weeks, drops empty ones, and moves a week's ``changed_at``
    forward (never back) to its newest publish. One grouped scan of the
    archive per site: upkeep, not something a reader's request does.
    """
    changed = 0
    for site in Site.objects.all() if sites is None else sites:
        actual = {
            week_of(row["week"]): row["lastmod"]
            for row in site_stories(site)
            .annotate(week=TruncWeek("display_order_date", tzinfo=UTC))
            .values("week")
            .annotate(lastmod=Max(Coalesce("last_published_at", "latest_revision_created_at")))
            .order_by()
        }
        rows = {row.week: row for row in SitemapWeek.objects.filter(site=site)}
        gone = [row.pk for week, row in rows.items() if week not in actual]
        SitemapWeek.objects.filter(pk__in=gone).delete()
        stale = []
        for row in rows.values():
            lastmod = actual.get(row.week)
            if lastmod and lastmod > row.changed_at:
                row.changed_at = lastmod
                stale.append(row)
        SitemapWeek.objects.bulk_update(stale, ["changed_at"])
        missing = [
            SitemapWeek(site=site, week=week, changed_at=lastmod or timezone.now())
            for week, lastmod in actual.items()
            if week not in rows
        ]
        SitemapWeek.objects.bulk_create(missing, ignore_conflicts=True)
        changed += len(gone) + len(stale) + len(missing)
    return changed
