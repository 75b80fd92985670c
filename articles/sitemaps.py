"""Sitemaps for search engines: every page, and a Google News sitemap.

``/sitemap.xml`` is an index of ``/sitemap-pages.xml`` (Wagtail's sitemap of
every live, public page of the request's site) and ``/sitemap-news.xml``
(stories first published in the last 48 hours, in Google's News format).
"""

from datetime import timedelta

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from .middleware import reader_cacheable
from .models import ArticlePage, NewsroomSettings
from .text import xml_text

NEWS_WINDOW = timedelta(hours=48)


def w3c_datetime(value):
    """``value`` as a W3C datetime to the second, as Google News asks."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


class PageSitemap(Sitemap):
    """Every live, public page of the request's site, with when it last changed."""

    @cached_property
    def pages(self):
        # Wagtail's public() queries the view restrictions when it is called:
        # once per sitemap, not once per use.
        return super().items()

    def items(self):
        return self.pages

    def get_latest_lastmod(self):
        # Django's default loads every page for this; the index only needs the newest.
        return self.pages.aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]


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
    return wagtail_sitemap_views.index(request, SITEMAPS, sitemap_url_name="articles:sitemap")


@reader_cacheable
def sitemap(request, section):
    return wagtail_sitemap_views.sitemap(
        request,
        SITEMAPS,
        section=section,
        template_name=TEMPLATES.get(section, "sitemap.xml"),
    )


# Cached like the pages: a story may outstay the 48 hours by the cache timeout.
@reader_cacheable
def news_sitemap(request):
    return sitemap(request, "news")
