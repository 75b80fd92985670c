"""What a view has loaded already for the blocks of the page it renders, by id.

A story's view reads the ids its body and related links name, loads those
photos (with their renditions) and pages in bulk, and renders with them held
here: the blocks (``articles.blocks.photos``, ``articles.blocks.links``) take
them from here when every one they need is held, rather than asking the
database again. Below both the blocks and the presentation that renders them.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Page

from ..visibility import restricted

_photos = ContextVar("newsroom_loaded_photos", default=None)
_pages = ContextVar("newsroom_loaded_pages", default=None)


@contextmanager
def _holding(variable, value):
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


def loaded_photos(photos):
    """Photo blocks read while this holds take their photos from ``photos``."""
    return _holding(_photos, photos)


def loaded_pages(pages):
    """Page choosers read while this holds take their pages from ``pages`` (``load_pages``)."""
    return _holding(_pages, pages)


def held_photos():
    return _photos.get()


def held_pages():
    return _pages.get()


def reader_pages(model=Page):
    """Pages as a story's links read them: each says whether it is private
    (``newsroom_private``), found in the same query that loads it."""
    pages = model.objects.annotate(newsroom_private=restricted())
    if model is Page:
        # A linked story comes with what its teaser shows (``page.articlepage``,
        # from the same row), so related links are shown as cards at no
        # query more; its body and links stay in the database.
        pages = pages.select_related("articlepage").defer(
            "articlepage__body", "articlepage__related_links"
        )
    return pages


def load_pages(ids):
    """The pages of ``ids`` as the link blocks read them, in one query."""
    return reader_pages().in_bulk(ids)
