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

# The test database is a file, as the site's is, not Django's shared-cache
# database in memory: the live server's threads and the tests then share it as
# the admin's requests share the real one (WAL, the busy timeout, IMMEDIATE
# transactions). Shared-cache SQLite locks whole tables and fails a second
# writer at once ("database table is locked"), which the site never does. The
# file lives in memory too (/dev/shm where there is one), one per test process
# (pytest-xdist adds each worker's suffix).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile as _tempfile

    _shm = Path("/dev/shm")  # noqa: F405, S108
    _test_dir = _shm if _shm.is_dir() else Path(_tempfile.gettempdir())  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(_test_dir / f"newsroom-test-{os.getpid()}.sqlite3"),  # noqa: F405
    }
