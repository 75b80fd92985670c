"""Database upkeep that a site needs as its archive grows.

SQLite plans queries from the statistics ``ANALYZE`` stores, and has none
until it is run. Without them it guesses that a search's content-type filter
is selective and runs the full-text match once per indexed story: a search
of 10,000 stories took seconds instead of milliseconds. Only the search
index's table is analysed: with statistics for every table, SQLite walks the
whole page tree for each story to look for view restrictions (a table that
is usually empty, and so has no statistics). PostgreSQL's autovacuum keeps
its own statistics, so it is left alone there.

``run_upkeep`` does that and reconciles the sitemap index's weeks with the
stories; it runs after every ``migrate`` and hourly from ``newsroom_scheduler``.
"""

import logging

from django.db import connections
from wagtail.search.models import IndexEntry

from ..models import BreakingBanner
from ..sitemaps.weeks import reconcile_weeks

logger = logging.getLogger(__name__)


def refresh_statistics(using="default"):
    """``ANALYZE`` the search index of an SQLite database; returns whether it ran."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    table = IndexEntry._meta.db_table
    if table not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    logger.debug("Refreshed the query planner's statistics of %s", using)
    return True


def run_upkeep(using="default"):
    """Everything above, and the sitemap index's weeks (``articles.sitemaps.weeks``)."""
    refresh_statistics(using)
    changed = reconcile_weeks()
    if changed:
        logger.info("Reconciled %d weeks of the sitemap index", changed)


def end_expired_banners(now=None):
    """Delete the breaking-news banners whose time is up; returns how many.

    Each deletion purges its site (``handlers.purge_on_banner_change``), so
    no cache keeps a page showing it. ``newsroom_scheduler`` runs it every tick.
    """
    ended = 0
    for banner in BreakingBanner.objects.expired(now):
        banner.delete()
        ended += 1
    if ended:
        logger.info("Ended %d expired breaking-news banners", ended)
    return ended


def upkeep_after_migrate(sender, using="default", **kwargs):
    if using == "default":
        run_upkeep(using)
