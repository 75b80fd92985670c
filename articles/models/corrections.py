"""Notes on a published story: corrections, clarifications, editor's notes and updates.

A note is part of the story's content: it rides with a revision, goes live when
the story is published (a publish purges what it changes) and every earlier
wording stays in the story's revision history. Readers see the notes at the
top or the bottom of the story, oldest first; corrections and clarifications
are also schema.org ``correction`` in the story's JSON-LD and are listed on
the corrections pages and their feeds.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from ..delivery.routing import LINK_FIELDS

NOTE_MAX_LENGTH = 1000


class NoteKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    EDITORS_NOTE = "editors_note", _("Editor's note")
    UPDATE = "update", _("Update")


# The kinds that put right what a story said: schema.org ``correction``, the corrections pages.
CORRECTING_KINDS = (NoteKind.CORRECTION, NoteKind.CLARIFICATION)


class NotePlacement(models.TextChoices):
    TOP = "top", _("At the top, under the headline")
    BOTTOM = "bottom", _("At the bottom, after the story")


# What a corrections page shows of a note's story: its headline and its URL.
LISTED_STORY_FIELDS = tuple(f"page__{name}" for name in LINK_FIELDS)


class StoryNoteQuerySet(models.QuerySet):
    def listed(self, stories):
        """The corrections and clarifications on ``stories`` a reader may see, newest first.

        ``stories`` is an ``ArticlePage`` queryset (a site's, a section's);
        a draft's notes, or a withdrawn or restricted story's, are not listed.
        """
        return (
            self.filter(kind__in=CORRECTING_KINDS, page__in=stories.readable().values("pk"))
            .select_related("page")
            .only("id", "kind", "noted_at", "text", "placement", "page_id", *LISTED_STORY_FIELDS)
            .order_by("-noted_at", "-pk")
        )


class StoryNote(models.Model):
    """One note on a story, dated, in the words readers see."""

    page = ParentalKey(
        "newsroom_articles.ArticlePage", related_name="notes", on_delete=models.CASCADE
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=NoteKind.choices, default=NoteKind.CORRECTION
    )
    noted_at = models.DateTimeField(
        _("date"),
        default=timezone.now,
        help_text=_("When the note was made; readers see it, newest notes last."),
    )
    text = models.TextField(
        _("text"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "What was wrong and what is right, in plain words, e.g. 'An earlier version of "
            "this story gave the wrong date for the vote. It is on Tuesday.'"
        ),
    )
    placement = models.CharField(
        _("shown"), max_length=10, choices=NotePlacement.choices, default=NotePlacement.BOTTOM
    )

    objects = StoryNoteQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("placement"), FieldPanel("noted_at")]),
        FieldPanel("text"),
    ]

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("corrections and notes")
        ordering = ["noted_at", "pk"]
        # The corrections pages list notes newest first, seeking by date.
        indexes = [models.Index(fields=["noted_at", "id"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def clean(self):
        super().clean()
        if self.text and not self.text.strip():
            raise ValidationError({"text": _("A note needs words readers can read.")})

    @property
    def is_correcting(self):
        return self.kind in CORRECTING_KINDS

    @property
    def anchor(self):
        """The fragment id readers and the corrections pages link to."""
        return f"note-{self.pk}" if self.pk else ""
