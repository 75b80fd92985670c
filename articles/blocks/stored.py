"""Stored block values of the wrong shape read as empty, never as a failed page."""

import datetime

from django.utils.dateparse import parse_date
from wagtail import blocks


def readable_value(block, raw):
    """``raw`` if ``block.to_python`` can read it, else the empty value in its place.

    Stored values come from code, imports and migrations as well as the editor:
    one of the wrong shape must fail validation, or show as empty, rather than
    fail the whole page.
    """
    if isinstance(block, blocks.StructBlock):
        return raw if isinstance(raw, dict) else {}
    if isinstance(block, blocks.ListBlock):
        return raw if isinstance(raw, list) else []
    if isinstance(block, blocks.ChooserBlock):
        # A primary key; anything else (or one no database column holds) finds nothing.
        is_id = isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw < 2**31
        return raw if is_id else None
    if isinstance(block, blocks.DateBlock):
        if isinstance(raw, datetime.date) or raw is None:
            return raw
        try:
            return raw if isinstance(raw, str) and parse_date(raw) else None
        except ValueError:  # well-formed but impossible, as 2024-02-30
            return None
    return raw


class StoredStructBlock(blocks.StructBlock):
    """A StructBlock that reads stored values of the wrong shape as empty fields."""

    def _readable(self, value):
        if not isinstance(value, dict):
            return {}
        return {
            name: readable_value(self.child_blocks[name], raw) if name in self.child_blocks else raw
            for name, raw in value.items()
        }

    def to_python(self, value):
        return super().to_python(self._readable(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._readable(value) for value in values])


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    StoredStructBlock: "articles.blocks.StoredStructBlock",
}
