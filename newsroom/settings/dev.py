import hashlib
import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-key-change-me"  # noqa: F405, S105

# Static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if not MAIL_CONFIGURED:  # noqa: F405
    # Mail the dev server sends (password resets) is printed on its console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    MAIL_CONFIGURED = True

if not os.environ.get("REDIS_URL"):
    # `make run` publishes scheduled stories from a second process
    # (newsroom_scheduler): the cache its purges clear must be the server's.
    # One folder per database, so two databases served from one checkout never
    # read each other's cached pages.
    _database = DATABASES["default"]  # noqa: F405
    _database_key = hashlib.sha256(
        "|".join(
            str(_database.get(part) or "") for part in ("ENGINE", "HOST", "PORT", "NAME")
        ).encode()
    ).hexdigest()[:16]
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / _database_key),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
