"""The sitemap classes: pages, a week of stories, and Google News."""

from datetime import datetime, timedelta

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import get_page_models

from .. import visibility
from ..models import ArticlePage, NewsroomSettings, StoryType
from ..text import xml_text
from .weeks import stories_of_week, week_range

NEWS_WINDOW = timedelta(hours=48)


def w3c_datetime(value):
    """``value`` as a W3C datetime to the second, as Google News asks."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


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
        # Wagtail's items() with the readers' visibility (``articles.visibility``).
        # The page types are named rather than the stories excluded, so the
        # database finds the few pages by type instead of walking every story.
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return (
            visibility.readable(pages)
            .exact_type(*non_story_page_models())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def items(self):
        return self.pages

    def get_latest_lastmod(self):
        # Django's default loads every page for this; the index only needs the newest.
        return lastmod_of(self.pages)


class WeekSitemap(Sitemap):
    """The live, public stories of one ISO week, oldest first."""

    def __init__(self, year, week, request=None):
        super().__init__(request)
        try:
            self.week = datetime.fromisocalendar(year, week, 1).date()
            # The week's end must be a date too: 9999-W52 ends past the calendar.
            week_range(self.week)
        except (ValueError, OverflowError) as error:
            raise Http404("No such week") from error

    def items(self):
        return stories_of_week(self.get_wagtail_site(), self.week).defer_streamfields()


class StorySitemap(Sitemap):
    """Every live, public story of the request's site, newest first, for a host's own index.

    Newsroom's index lists a sitemap per week instead; a host that serves its own
    (``django.contrib.sitemaps``' or Wagtail's index view) adds this class to its
    ``sitemaps``, and Django pages it at ``limit`` URLs a sitemap (``?p=2``…).
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            ArticlePage.objects.descendant_of(root)
            .readable()
            .defer_streamfields()
            .order_by("-display_order_date", "-pk")
        )

    def get_latest_lastmod(self):
        # One aggregate, not every story loaded as Django's default would.
        return lastmod_of(self.items())


class NewsSitemap(Sitemap):
    """Stories first published in the last 48 hours, for Google News.

    Sponsored stories are left out: Google News takes no paid content. They
    stay in their week's sitemap, as pages of the site.
    """

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
            .exclude(story_type=StoryType.SPONSORED)
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
