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
keeps its ``lastmod``, so crawlers skip it. The index itself is one query
for all the weeks.
"""

import re
from datetime import UTC, datetime, timedelta

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

from .middleware import reader_cacheable
from .models import ArticlePage, NewsroomSettings
from .text import xml_text

NEWS_WINDOW = timedelta(hours=48)
WEEK_SECTION = re.compile(r"stories-(\d{4})-W(\d{2})", re.ASCII)


def w3c_datetime(value):
    """``value`` as a W3C datetime to the second, as Google News asks."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def week_section(date):
    """The sitemap section of the ISO week ``date`` falls in, in UTC."""
    year, week, _ = date.astimezone(UTC).isocalendar()
    return f"stories-{year:04d}-W{week:02d}"


def lastmod_of(pages):
    return pages.aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))[
        "latest"
    ]


class PageSitemap(Sitemap):
    """Every live, public page of the request's site but its stories, with when it last changed."""

    @cached_property
    def pages(self):
        # Wagtail's public() queries the view restrictions when it is called:
        # once per sitemap, not once per use.
        return super().items().not_type(ArticlePage)

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
            self.start = datetime.fromisocalendar(year, week, 1).replace(tzinfo=UTC)
        except ValueError as error:
            raise Http404("No such week") from error

    def items(self):
        # The (display_order_date, page_ptr) index finds the week's rows.
        return (
            site_stories(self.get_wagtail_site())
            .filter(
                display_order_date__gte=self.start,
                display_order_date__lt=self.start + timedelta(weeks=1),
            )
            .defer_streamfields()
            .order_by("display_order_date", "pk")
        )


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
        site_stories(site)
        .annotate(week=TruncWeek("display_order_date", tzinfo=UTC))
        .values("week")
        .annotate(lastmod=Max(Coalesce("last_published_at", "latest_revision_created_at")))
        .order_by("-week")
    )
    items += [item(week_section(row["week"]), row["lastmod"]) for row in weeks]
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
