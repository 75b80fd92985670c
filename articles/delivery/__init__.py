"""The read path: what a reader's request reads before, and instead of, a render.

- ``generation``: the render generation that cached fragments, routes and
  sites are kept under, and that every purge moves on;
- ``preview``: admin previews, which the admin may frame and nothing caches;
- ``reader_cache``: whole responses for anonymous readers, by host, path and query;
- ``routing``: a whole URL path resolved in one query;
- ``sites``: the site for a host name, and its settings, from the cache.

Nothing here knows what a story is: the write path (``articles.publishing``)
decides what a change invalidates and calls down into ``reader_cache``.
"""
