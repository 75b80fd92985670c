"""Quotes: a statement with who made it and who reported it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..text import safe_href
from .stored import StoredStructBlock


class QuoteValue(blocks.StructValue):
    @property
    def source_href(self):
        return safe_href(self.get("source_url")) or None


class QuoteBlock(StoredStructBlock):
    """A statement with the person who made it, their role and, for quotes
    taken from another outlet, who reported it."""

    text = blocks.TextBlock(
        label=_("Quote"), help_text=_("The words as said, without quotation marks.")
    )
    speaker = blocks.CharBlock(max_length=120, help_text=_("Who said it, e.g. 'Mevlüt Çavuşoğlu'."))
    role = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text=_("Their role, e.g. 'Foreign Minister'."),
    )
    said_on = blocks.DateBlock(required=False, help_text=_("When it was said, if not today."))
    source_name = blocks.CharBlock(
        max_length=120,
        required=False,
        label=_("Reported by"),
        help_text=_("The outlet that first reported it, e.g. 'Daily Sabah'."),
    )
    source_url = blocks.URLBlock(
        required=False, label=_("Report URL"), help_text=_("Link to that report, if online.")
    )
    pull_quote = blocks.BooleanBlock(
        required=False,
        help_text=_("Display large, as a pull quote. Leave off for a quote in the flow of text."),
    )

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote_block.html"
        value_class = QuoteValue
        help_text = _("A quoted statement with its speaker. Shown as a block quote.")
        preview_value = {
            "text": "We will keep every channel of dialogue open.",
            "speaker": "Mevlüt Çavuşoğlu",
            "role": "Foreign Minister",
            "source_name": "Daily Sabah",
            "pull_quote": False,
        }


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    QuoteBlock: "articles.blocks.QuoteBlock",
}
