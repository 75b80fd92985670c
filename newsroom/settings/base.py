"""Settings shared by every environment of the reference site.

Secrets, hosts and the database come from the environment; SQLite under
``var/`` is the embedded default so ``make run`` needs nothing installed.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "newsroom",
    "articles",
    "media",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Login protection (newsroom/auth.py): after django.contrib.auth.
    "axes",
]

MIDDLEWARE = [
    # The "Most read" beacons, as many as the pages read, with nothing else run.
    "articles.middleware.ReadBeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, building the policy once rather than for every response.
    "newsroom.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A reader's page from the reader cache before sessions, CSRF, authentication…,
    # none of which a cached page needs; stored, with their headers, on its way out.
    "articles.middleware.ReaderCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # One URL per page: another form of the host or path is redirected to the Site's.
    "articles.middleware.CanonicalURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304, also for cached pages.
    "django.middleware.http.ConditionalGetMiddleware",
    "articles.middleware.ReaderCacheMiddleware",
    "articles.middleware.SiteLanguageMiddleware",
    "articles.middleware.PageRoutingMiddleware",
    # Answers a locked-out login with newsroom/login_locked.html (status 429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

if "DATABASE_URL" not in os.environ:
    # The embedded SQLite database lives under var/, made on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if os.environ.get("DATABASE_REPLICA_URL"):
    # Anonymous reader requests read from a replica (newsroom/replica.py).
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "newsroom.replica.ReplicaReadsMiddleware",
    )
    NEWSROOM_REPLICA_GRACE = float(os.environ.get("NEWSROOM_REPLICA_GRACE", "5"))

# SQLite serves the admin's requests at once (an autosave while the image
# chooser makes thumbnails and photos upload) and the task worker and the
# scheduler write from processes of their own. In WAL mode readers never wait
# for the writer, nor it for them; with IMMEDIATE transactions a transaction
# takes the write lock as it begins, so one that reads before it writes waits
# its turn (up to ``timeout`` seconds) instead of failing at once with
# "database is locked" when another has written in between. NORMAL is WAL's
# safe level of fsync: a power cut may lose the last commits, never the file.
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["OPTIONS"] = {**_SQLITE_OPTIONS, **_database.get("OPTIONS", {})}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full-text search.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Mail (password reset, moderation notices): the standard EMAIL_* settings from
# the environment. Without EMAIL_HOST (or an EMAIL_BACKEND) the site sends no
# mail at all, and the password reset page says it is unavailable.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL and EMAIL_PORT == 587)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
MAIL_CONFIGURED = bool(EMAIL_HOST or os.environ.get("EMAIL_BACKEND"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend",
)
# Password reset requests per client address, per email address, per window (seconds).
PASSWORD_RESET_LIMITS = (10, 3, 3600)

# Login protection by django-axes (newsroom/auth.py): failures are counted per
# user name *and* real client address, in the database (no cache to be down), so
# nobody can lock an editor out from elsewhere, and the right password from
# another address still works.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(seconds=int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.auth.locked_out"
# Proxies in front of the app that each append the address they saw to
# X-Forwarded-For (Varnish: 1; a TLS proxy in front of Varnish: 2). 0 trusts
# no header: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The search rate limit counts per client address, read past the same proxies.
NEWSROOM_CLIENT_ADDRESS = "newsroom.auth.client_ip"
# Every section gets its contributors, editors and moderation workflow (articles.roles).
NEWSROOM_SECTION_ROLES = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Photos and renditions on S3 or an S3-compatible store (MinIO, R2, …) through
    # django-storages (pip install "newsroom[s3]"). boto3 reads the credentials
    # from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Public photos at stable URLs that caches can keep; never overwritten.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Redis when REDIS_URL is set (shared by every app process), else local memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content Security Policy (django-csp). Reader pages: nothing but this site's
# own scripts, styles and images, no inline script, no framing. Embedded
# players may come from the video sites named here. The admin needs inline
# scripts (Wagtail's date pickers), so there the same policy only reports.
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *env_list("CSP_IMG_SRC")],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
        *env_list("CSP_FRAME_SRC"),
    ],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/admin/"], "DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": {
        **_CSP_DIRECTIVES,
        # The page editor frames its own previews (its side panel); those may be
        # framed by the admin's origin (articles.delivery.preview), reader pages not.
        "frame-src": ["'self'", *_CSP_DIRECTIVES["frame-src"]],
        "frame-ancestors": ["'self'"],
    }
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Wagtail
# With local storage the app serves the photos under MEDIA_URL itself when not
# in DEBUG (newsroom/views.py: originals and renditions only, never documents,
# whose privacy Wagtail's own view checks), for Varnish to cache; a front web
# server serving MEDIA_ROOT can take over (SERVE_MEDIA=false, deploy/README.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", STORAGES["default"]["BACKEND"].endswith(".FileSystemStorage"))

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Newsroom")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Photos are Wagtail's own image model; the plugin keeps each one's credit,
# usage notes and default caption beside it (media.models.PhotoDetails), and
# its form (media/forms.py, Wagtail's WAGTAILIMAGES_IMAGE_FORM_BASE unless a site
# sets its own) asks for them. Uploads: Wagtail's documented limits, which
# articles/ninjs applies to wire pictures too. The form also refuses damaged
# files, animations over the pixel limit and SVG, and reports a failed write (a
# full disk) as a form error. SVG and HEIC stay off; see media/forms.py for why.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # agency full-resolution JPEGs
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000  # counts every frame of an animation
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if os.environ.get("SEARCH_URL"):
    # OpenSearch or Elasticsearch instead of the database (pip install
    # "newsroom[opensearch]"); SEARCH_BACKEND names Wagtail's backend module:
    # opensearch3 (default), opensearch2, elasticsearch7, elasticsearch8 or elasticsearch9.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends." + os.environ.get("SEARCH_BACKEND", "opensearch3"),
            "URLS": env_list("SEARCH_URL", ""),
            "INDEX": os.environ.get("SEARCH_INDEX", "newsroom"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Nothing leaves the machine from the admin: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
# Slugs in ASCII: the editor transliterates 'Çavuşoğlu' to 'cavusoglu', so a shared
# link is not percent-encoded. `manage.py newsroom_ascii_slugs` converts older ones.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Background tasks (renditions of new uploads, search indexing, purges):
# TASKS_BACKEND=database queues them in the database for `manage.py db_worker`;
# the default runs each task at once, in the process that enqueued it.
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Chosen, not forgotten: the check that warns of tasks run in the request.
    SILENCED_SYSTEM_CHECKS = ["newsroom_articles.W006"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
