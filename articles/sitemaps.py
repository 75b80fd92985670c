"""Sitemaps for search engines: every page, by week, and a Google News sitemap.

``/sitemap.xml`` is an index of:

- ``/sitemap-pages.xml``: every live, public page of the request's site that
  is not a story (home, sections, …);
- ``/sitemap-stories-2026-W47.xml``: the stories of one ISO week (by their
  listing date, in UTC), one sitemap per week that has any;
- ``/sitemap-news.xml``: stories first published in the last 48 hours, in
  Google's News format.

The archive only grows, so its stories are split by week: each sitemap
costs the same however old the archive is, and a week that no one edits
keeps its ``lastmod``, so crawlers skip it. The index reads one
``SitemapWeek`` row per week rather than grouping the archive on every
request: a story published, unpublished, moved, deleted or made private marks
its week changed (``mark_weeks_changed``, from the signal handlers), and
``reconcile_weeks`` (after ``migrate``, hourly from the scheduler, after a bulk
import) repairs whatever a signal could not see.
"""

import re
from datetime import UTC, datetime, time, timedelta

from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.db.models.functions import Coalesce, TruncWeek
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Page, Site, get_page_models

from .middleware import reader_cacheable
from .models import ArticlePage, NewsroomSettings, SitemapWeek
from .text import xml_text

NEWS_WINDOW = timedelta(hours=48)
WEEK_SECTION = re.compile(r"stories-(\d{4})-W(\d{2})", re.ASCII)


def w3c_datetime(value):
    """``value`` as a W3C datetime to the second, as Google News asks."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


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


def lastmod_of(pages):
    return pages.aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))[
        "latest"
    ]


def non_story_page_models():
    return [model for model in get_page_models() if not issubclass(model, ArticlePage)]


class PageSitemap(Sitemap):
    """Every live, public page of the request's site but its stories, with when it last changed."""

    @cached_property
    def pages(self):
        # Wagtail's public() queries the view restrictions when it is called:
        # once per sitemap, not once per use. The page types are named rather
        # than the stories excluded, so the database finds the few pages by type
        # instead of walking every story.
        return super().items().exact_type(*non_story_page_models())

    def items(self):
        return self.pages

    def get_latest_lastmod(self):
        # Django's default loads every page for this; the index only needs the newest.
        return lastmod_of(self.pages)


def site_stories(site):
    return (
        ArticlePage.objects.descendant_of(site.root_page)
        .readable()
        .filter(display_order_date__isnull=False)
    )


class WeekSitemap(Sitemap):
    """The live, public stories of one ISO week, oldest first."""

    def __init__(self, year, week, request=None):
        super().__init__(request)
        try:
            self.week = datetime.fromisocalendar(year, week, 1).date()
        except ValueError as error:
            raise Http404("No such week") from error

    def items(self):
        return stories_of_week(self.get_wagtail_site(), self.week).defer_streamfields()


def stories_of_week(site, week):
    # The (display_order_date, page_ptr) index finds the week's rows.
    start, end = week_range(week)
    return (
        site_stories(site)
        .filter(display_order_date__gte=start, display_order_date__lt=end)
        .order_by("display_order_date", "pk")
    )


# Keeping the index's weeks -----------------------------------------------------


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


class NewsSitemap(Sitemap):
    """Stories first published in the last 48 hours, for Google News."""

    # Google News reads at most 1,000 stories from one sitemap.
    limit = 1000

    @cached_property
    def stories(self):
        root = self.get_wagtail_site().root_page
        since = timezone.now() - NEWS_WINDOW
        return list(
            ArticlePage.objects.descendant_of(root)
            .readable()
            .filter(display_order_date__gte=since)
            .defer_streamfields()
            .order_by("-display_order_date", "-pk")[: self.limit]
        )

    def items(self):
        return self.stories

    def lastmod(self, story):
        return story.last_published_at

    def get_latest_lastmod(self):
        return max((self.lastmod(story) for story in self.stories), default=None)

    def _urls(self, page, protocol, domain):
        newsroom = NewsroomSettings.for_request(self.request)
        publication = {
            "name": xml_text(newsroom.publisher_display_name),
            "language": xml_text(newsroom.language),
        }
        urls = [
            {
                "location": story.get_full_url(self.request),
                "publication": publication,
                "publication_date": w3c_datetime(story.published_at),
                "title": xml_text(story.title),
            }
            for story in self.paginator.page(page).object_list
        ]
        self.latest_lastmod = self.get_latest_lastmod()
        return urls


SITEMAPS = {"pages": PageSitemap, "news": NewsSitemap}
TEMPLATES = {"news": "articles/sitemap_news.xml"}


@reader_cacheable
def index(request):
    """The pages and news sitemaps, then each week's stories, newest week first."""
    site = PageSitemap(request).get_wagtail_site()
    if site is None:
        raise Http404("No site")

    def item(section, lastmod):
        url = request.build_absolute_uri(reverse("articles:sitemap", args=[section]))
        return SitemapIndexItem(url, lastmod)

    items = [
        item("pages", PageSitemap(request).get_latest_lastmod()),
        item("news", NewsSitemap(request).get_latest_lastmod()),
    ]
    weeks = (
        SitemapWeek.objects.filter(site=site).order_by("-week").values_list("week", "changed_at")
    )
    items += [item(week_section(week), changed_at) for week, changed_at in weeks]
    headers = {"X-Robots-Tag": "noindex, noodp, noarchive"}
    if all(entry.last_mod for entry in items):
        headers["Last-Modified"] = http_date(max(entry.last_mod for entry in items).timestamp())
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )


@reader_cacheable
def sitemap(request, section):
    sitemaps = SITEMAPS
    if match := WEEK_SECTION.fullmatch(section):
        sitemaps = {section: WeekSitemap(int(match[1]), int(match[2]), request)}
    return wagtail_sitemap_views.sitemap(
        request,
        sitemaps,
        section=section,
        template_name=TEMPLATES.get(section, "sitemap.xml"),
    )


# Cached like the pages: a story may outstay the 48 hours by the cache timeout.
@reader_cacheable
def news_sitemap(request):
    return sitemap(request, "news")
