"""Production settings for the benchmarks in ``bench/``, on loopback.

What production runs (DEBUG off, whitenoise, the reader cache, Redis when
``REDIS_URL`` is set), minus what loopback HTTP cannot have: HTTPS redirects
and a fixed host name. Everything else comes from the environment, which
``bench/_setup.py`` and ``bench/serve.py`` fill in.
"""

import os

from .base import env_bool, env_list
from .production import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# The benchmarks serve on free ports the seeded Site does not name: no redirect
# to the Site's own address (bench/load.py, through Varnish, names it).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "articles.middleware.CanonicalURLMiddleware"]  # noqa: F405

# bench/render.py measures renders, so it turns the reader cache off;
# bench/serve.py runs one server with it and one without.
NEWSROOM_READER_CACHE = env_bool("NEWSROOM_READER_CACHE", True)

# AVIF costs about a second a rendition when the seed uploads its photos and
# nothing once they exist; the pages cost the same with one format or two.
NEWSROOM_IMAGE_FORMATS = tuple(env_list("NEWSROOM_IMAGE_FORMATS", "webp"))

if not env_bool("NEWSROOM_BENCH_COLLECTSTATIC", False):
    # In-process renders: static files from the app folders, no collectstatic.
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A benchmark database is rebuilt, never recovered: skip the fsyncs (still
    # in WAL mode, with base's timeout and transaction mode).
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
