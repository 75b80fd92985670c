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

``weeks`` keeps the index's weeks, ``maps`` holds the sitemap classes (a
host site with an index of its own adds ``PageSitemap``, ``StorySitemap`` and
``NewsSitemap`` to it) and ``views`` serves them.
"""

from .maps import NewsSitemap, PageSitemap, StorySitemap, WeekSitemap
from .weeks import mark_weeks_changed, reconcile_weeks, week_of, week_section, weeks_under

__all__ = [
    "NewsSitemap",
    "PageSitemap",
    "StorySitemap",
    "WeekSitemap",
    "mark_weeks_changed",
    "reconcile_weeks",
    "week_of",
    "week_section",
    "weeks_under",
]
