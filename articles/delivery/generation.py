"""The render generation: one value that changes whenever a cached fragment may be stale.

Fragments (``{% wagtailpagecache %}`` in the templates) vary on their page and
on this: the site generation and the epoch, which every purge moves on (a
story published, unpublished, moved, deleted or made private; an author,
photo, tag, section, site or the settings edited: see
``articles.publishing.handlers``), and the content generation
(``content_changed``: what no purge follows). The route to a page
(``routing``) and the site for a host name (``sites``) are cached on it too.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

from .. import conf

SITE_GENERATION_KEY = "newsroom:gen:site"
EPOCH_KEY = "newsroom:gen:epoch"
CONTENT_GENERATION_KEY = "newsroom:gen:content"


def cache_timeout():
    """Seconds a rendered page or fragment is kept (``NEWSROOM_CACHE_TIMEOUT``)."""
    return conf.get("NEWSROOM_CACHE_TIMEOUT")


def render_generation(request=None):
    """The current generation; read once per request when given one."""
    generation = getattr(request, "_newsroom_generation", None)
    if generation is None:
        keys = [SITE_GENERATION_KEY, EPOCH_KEY, CONTENT_GENERATION_KEY]
        found = cache.get_many(keys)
        generation = ".".join(found.get(key, "0") for key in keys)
        if request is not None:
            request._newsroom_generation = generation
    return generation


def content_changed(**kwargs):
    """Something fragments show changed: retire them now and again at commit.

    Now, so no fragment cached from here on outlives the change; at commit, so
    none rendered from the old rows while the transaction ran is used either.
    """

    def bump():
        cache.set(CONTENT_GENERATION_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)
