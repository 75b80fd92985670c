"""Emptying what a change touched: the reader cache here, then the front-end cache."""

import logging

from django.db import transaction
from wagtail.contrib.frontend_cache import utils as frontend_cache

from ..delivery import reader_cache
from .urls import site_wide

logger = logging.getLogger(__name__)


def purge(urls):
    """Invalidate ``urls`` here and in the front-end cache."""
    urls = sorted(urls)
    reader_cache.invalidate(urls)
    try:
        frontend_cache.purge_urls_from_cache(urls)
    except Exception:
        # The publish has happened; a failed purge must not undo it.
        logger.exception("Front-end cache purge failed for %d URLs", len(urls))


def purge_after_commit(urls):
    # Renders already under way must not store what they read before the commit.
    reader_cache.invalidate([])
    transaction.on_commit(lambda: purge(urls))


def purge_everything_after_commit(urls):
    """For a story leaving public view: it may be on any story's page.

    Other stories show it among their related stories, or link to it from a
    'Read more' list; no list of URLs names them all, so nothing cached here
    may outlive the change. The front-end cache is sent ``urls`` and, for
    each site, the URL standing for all its pages (``urls.site_wide``).
    """
    # Renders already under way must not store what they read before the commit.
    reader_cache.invalidate_everything()

    def after_commit():
        reader_cache.invalidate_everything()
        purge(urls | site_wide(urls))

    transaction.on_commit(after_commit)
