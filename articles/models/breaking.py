"""The breaking-news banner: one per site, over every reader page until it expires.

An editor sets it in one step from a story (*Set as breaking news*) or as a
short text with a link, with the time it ends. Readers see it as an
``<aside>`` at the top of every page (``{% breaking_banner %}``); the
scheduler's tick deletes it at its expiry, and taking its story down deletes
it too. Every change purges the whole site (``articles.publishing.handlers``).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel

BANNER_TEXT_MAX_LENGTH = 140
# How long a banner set from a story lasts unless the editor says otherwise.
DEFAULT_BANNER_DURATION = timedelta(hours=2)


def default_expiry():
    return timezone.now() + DEFAULT_BANNER_DURATION


class BreakingBannerQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class BreakingBanner(models.Model):
    """The site's breaking news: a live story, or a short text and a link, until a time."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Each site has at most one banner."),
    )
    story = models.ForeignKey(
        "newsroom_articles.ArticlePage",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The banner shows its headline and links to it while it is published."),
    )
    text = models.CharField(
        _("text"),
        max_length=BANNER_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Without a story: what readers read, e.g. 'Polls close at 17:00'."),
    )
    link_url = models.URLField(
        _("link"), blank=True, help_text=_("Without a story: where the banner leads.")
    )
    expires_at = models.DateTimeField(
        _("ends at"),
        default=default_expiry,
        help_text=_("The banner goes from every page at this time, without anyone acting."),
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    objects = BreakingBannerQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        PageChooserPanel("story", "newsroom_articles.ArticlePage"),
        MultiFieldPanel([FieldPanel("text"), FieldPanel("link_url")], heading=_("Or a text")),
        FieldPanel("expires_at"),
    ]

    class Meta:
        verbose_name = _("breaking news banner")
        verbose_name_plural = _("breaking news")
        constraints = [
            models.UniqueConstraint(fields=["site"], name="newsroom_one_breaking_banner_per_site"),
            models.CheckConstraint(
                condition=Q(story__isnull=False) | ~Q(text=""),
                name="newsroom_breaking_banner_says_something",
            ),
        ]

    def __str__(self):
        return self.story.title if self.story_id else self.text

    def clean(self):
        super().clean()
        if not self.story_id and not self.text.strip():
            raise ValidationError(_("Choose a story, or write a text for the banner."))
        if not self.story_id and not self.link_url:
            raise ValidationError({"link_url": _("A banner without a story needs a link.")})
        if self.story_id and self.site_id:
            story = self.story
            if not story.path.startswith(self.site.root_page.path):
                raise ValidationError(
                    {
                        "story": _("This story is not on %(site)s: choose one of its stories.")
                        % {"site": self.site}
                    }
                )
            if not story.live:
                raise ValidationError({"story": _("Publish the story before it leads the banner.")})
        if self.expires_at and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": _("The banner must end in the future.")})
