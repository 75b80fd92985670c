"""Publish and expire scheduled stories on time.

Wagtail's go-live and expiry dates only take effect when ``publish_scheduled``
runs. This runs it every ``--interval`` seconds (or once with ``--once``), and
wakes early for a go-live moment that falls between two ticks: a story
scheduled for 09:00 (an embargo) is live in the second after 09:00, without
cron. Each tick also ends the breaking-news banners whose time is up
(``articles.publishing.upkeep``), sends the front-end cache purges that failed
and are due again (``articles.publishing.backends``) and rolls the story reads
up into the "Most read" lists (``articles.publishing.most_read``).
``make run`` starts it beside the development server; ``deploy/README.md`` has
the systemd units.
"""

import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from wagtail.models import Revision

from articles.publishing.backends import retry_pending_purges
from articles.publishing.most_read import roll_up_reads
from articles.publishing.upkeep import end_expired_banners, run_upkeep

# How often the scheduler refreshes SQLite's query-planner statistics.
UPKEEP_INTERVAL = 3600

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run Wagtail's publish_scheduled every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between ticks.")
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")

    def handle(self, *args, interval, once, **options):
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        while self.running:
            self.tick()
            if once:
                break
            deadline = time.monotonic() + seconds_to_next_tick(interval)
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))
            # A long-running loop must not keep a connection the database dropped.
            close_old_connections()

    def tick(self):
        try:
            call_command("publish_scheduled", stdout=self.stdout)
        except Exception:
            # A bad tick (database restarting, say) must not stop the schedule.
            logger.exception("Scheduled publishing failed; retrying next tick")
        try:
            end_expired_banners()
        except Exception:
            logger.exception("Ending expired breaking-news banners failed; retrying next tick")
        try:
            retry_pending_purges()
        except Exception:
            # Nor must a cache or database outage stop the purges queued behind it.
            logger.exception("Retrying failed purges failed; retrying next tick")
        try:
            roll_up_reads()
        except Exception:
            # The lists stay as they were; the counters wait for the next tick.
            logger.exception("Rolling up story reads failed; retrying next tick")
        if time.monotonic() >= getattr(self, "next_upkeep", 0):
            self.next_upkeep = time.monotonic() + UPKEEP_INTERVAL
            try:
                run_upkeep()
            except Exception:
                logger.exception("Database upkeep failed")

    def stop(self, *args):
        self.running = False


# Wagtail publishes the revisions due strictly before now: wake just after the moment.
AFTER_MOMENT = 0.05


def seconds_to_next_tick(interval):
    """``interval``, or less when a scheduled revision's go-live moment comes sooner."""
    try:
        moment = (
            Revision.objects.filter(approved_go_live_at__gt=timezone.now())
            .order_by("approved_go_live_at")
            .values_list("approved_go_live_at", flat=True)
            .first()
        )
    except Exception:
        # The next tick logs what is wrong with the database.
        return interval
    if moment is None:
        return interval
    return max(0.0, min(interval, (moment - timezone.now()).total_seconds() + AFTER_MOMENT))
