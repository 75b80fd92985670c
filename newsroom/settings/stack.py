"""Production-like settings for the tests that run the real stack.

gunicorn, PostgreSQL, Redis and Varnish on loopback (``tests/site/stack.py``): no
HTTPS redirects or manifest storage, so nothing needs collectstatic, but
otherwise what production runs. Everything comes from the environment.
"""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["*"]

# Static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True

if os.environ.get("VARNISH_URL"):
    # A PURGE waits at most TIMEOUT seconds; failed ones are retried by newsroom_scheduler.
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "articles.purge.RetryingHTTPBackend",
            "LOCATION": os.environ["VARNISH_URL"],
            "TIMEOUT": float(os.environ.get("PURGE_TIMEOUT", "2")),
        },
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
