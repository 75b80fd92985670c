"""Rows the newsroom keeps for itself: sitemap weeks and purges still to send. Nobody edits them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingPurge(models.Model):
    """A front-end cache purge that failed and will be sent again.

    Until it succeeds, the cache at ``location`` may serve a stale copy of
    ``url``. Rows come and go on their own: nothing here is edited by hand.
    """

    location = models.CharField(_("cache location"), max_length=255)
    url = models.CharField(_("URL"), max_length=2000)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=1)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    first_failed_at = models.DateTimeField(_("first failed at"), default=timezone.now)
    last_failed_at = models.DateTimeField(_("last failed at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "url"], name="articles_pendingpurge_location_url"
            ),
        ]

    def __str__(self):
        return f"{self.url} at {self.location}"


class SitemapWeek(models.Model):
    """A week of a site's stories in its sitemap index, and when it last changed.

    The index reads these rows, one per week, instead of grouping the whole
    archive by week on every request. ``articles.sitemaps.weeks`` keeps them: a
    story published, unpublished, moved, deleted or made private marks its
    week changed, and the hourly upkeep reconciles them with the stories.
    """

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday (UTC) of the ISO week.")
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "week"], name="unique_sitemap_week"),
        ]

    def __str__(self):
        return f"{self.site} {self.week:%G-W%V}"


class StoryReads(models.Model):
    """How many readers read a story in one hour (UTC), for the "Most read" lists.

    The counting is the cache's (``articles.delivery.reads``); the scheduler
    moves each hour here once it closes, so the lists outlive a cache restart,
    which loses only the hour under way. Rows older than two days are deleted.
    """

    story = models.ForeignKey(
        "newsroom_articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField(db_index=True)
    reads = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("story reads")
        verbose_name_plural = _("story reads")
        constraints = [
            models.UniqueConstraint(fields=["story", "hour"], name="unique_story_reads_hour"),
        ]

    def __str__(self):
        return f"{self.story_id} at {self.hour:%Y-%m-%d %H}:00: {self.reads}"
