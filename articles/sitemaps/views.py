"""The sitemap index and the sitemaps it lists, served from the reader cache."""

import re

from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from ..delivery.reader_cache import reader_cacheable
from ..delivery.sites import absolute_url
from ..models import SitemapWeek
from .maps import NewsSitemap, PageSitemap, WeekSitemap
from .weeks import week_section

WEEK_SECTION = re.compile(r"stories-(\d{4})-W(\d{2})", re.ASCII)


SITEMAPS = {"pages": PageSitemap, "news": NewsSitemap}
TEMPLATES = {"news": "articles/sitemap_news.xml"}


@reader_cacheable
def index(request):
    """The pages and news sitemaps, then each week's stories, newest week first."""
    site = PageSitemap(request).get_wagtail_site()
    if site is None:
        raise Http404("No site")

    def item(section, lastmod):
        url = absolute_url(request, reverse("articles:sitemap", args=[section]))
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
        "articles/sitemap_index.xml",
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
        template_name=TEMPLATES.get(section, "articles/sitemap.xml"),
    )


# Cached like the pages: a story may outstay the 48 hours by the cache timeout.
@reader_cacheable
def news_sitemap(request):
    return sitemap(request, "news")
