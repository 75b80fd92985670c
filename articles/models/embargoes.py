"""Preview links for embargoed stories: a reader outside the newsroom reads one early.

A story scheduled to go live at a moment (Wagtail's ``go_live_at`` on an
approved revision) is embargoed until then: readers get a 404 at its address
and it is in no listing. An editor who may edit it can share a preview link,
``/shared/<token>/``, with a source or a partner; whoever holds it reads the
scheduled version there, and nowhere else. Only the token's SHA-256 is
stored, so the database alone cannot give a link away. A link can be revoked,
expires (by default a day after the embargo lifts), and logs each use.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Links to a story with no embargo moment (a draft shown early) last this long.
UNSCHEDULED_LIFETIME = timedelta(hours=48)
# And links to a scheduled story last this long after its moment.
AFTER_EMBARGO = timedelta(days=1)
USER_AGENT_MAX_LENGTH = 200


def hash_token(token):
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def embargo_moment(story):
    """When ``story`` goes live by itself, or None when it is not scheduled."""
    revision = story.scheduled_revision
    return revision.approved_go_live_at if revision is not None else None


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Links neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def for_token(self, token):
        """The usable link ``token`` opens, with its story, or None."""
        if not token or len(token) > 100:
            return None
        return self.usable().select_related("story").filter(token_hash=hash_token(token)).first()

    def with_use_counts(self):
        return self.annotate(use_count=models.Count("uses"))


class PreviewLink(models.Model):
    """A shareable, revocable link to an embargoed story's scheduled version."""

    story = models.ForeignKey(
        "ArticlePage",
        on_delete=models.CASCADE,
        related_name="preview_links",
        verbose_name=_("story"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview link to {self.story_id}, expires {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def create_for(cls, story, *, user=None, expires_at=None):
        """A new link to ``story`` and its token, the only time the token is known."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        if expires_at is None:
            moment = embargo_moment(story)
            expires_at = moment + AFTER_EMBARGO if moment else now + UNSCHEDULED_LIFETIME
        link = cls.objects.create(
            story=story,
            token_hash=hash_token(token),
            created_by=user if user is not None and user.is_authenticated else None,
            created_at=now,
            expires_at=expires_at,
        )
        return link, token

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def log_use(self, request):
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH]
        return self.uses.create(user_agent=user_agent)


class PreviewLinkUse(models.Model):
    """One opening of a preview link: when, and by what browser."""

    link = models.ForeignKey(
        PreviewLink, on_delete=models.CASCADE, related_name="uses", verbose_name=_("link")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    user_agent = models.CharField(_("user agent"), max_length=USER_AGENT_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("preview link use")
        verbose_name_plural = _("preview link uses")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.link_id} at {self.at:%Y-%m-%d %H:%M}"
