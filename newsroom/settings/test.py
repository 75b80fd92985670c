from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# AVIF encoding costs about a second a rendition: the suite exercises it in one
# test and uses WebP elsewhere.
NEWSROOM_IMAGE_FORMATS = ("webp",)

# Static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The factories make this site's home page (tests/factories.py).
TEST_HOME_PAGE_MODEL = "newsroom.HomePage"

# One process per test run: its local-memory cache is the whole cache.
SILENCED_SYSTEM_CHECKS = ["newsroom_articles.W005", "newsroom_articles.W006"]
