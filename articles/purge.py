"""The dotted path host settings name for the retrying front-end cache backend.

    WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "articles.purge.RetryingHTTPBackend", ...}}

It lives with the rest of the write path in ``articles.publishing.backends``.
"""

from .publishing.backends import RetryingHTTPBackend

__all__ = ["RetryingHTTPBackend"]
