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
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
