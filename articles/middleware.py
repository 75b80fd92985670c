"""The reader path's middleware: one address per page, whole pages from the reader
cache, and one-query routing.

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    ...,  # a CSP or static files middleware
    "articles.middleware.ReaderCacheHitMiddleware",  # optional: cheaper hits
    ...,  # sessions, django.middleware.common.CommonMiddleware (ALLOWED_HOSTS)
    "articles.middleware.CanonicalURLMiddleware",  # optional
    ...,  # CSRF, authentication, messages, clickjacking, redirects, conditional GET
    "articles.middleware.ReaderCacheMiddleware",
    "articles.middleware.SiteLanguageMiddleware",  # after the reader cache
    "articles.middleware.PageRoutingMiddleware",
]
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.middleware.http import ConditionalGetMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.encoding import escape_uri_path
from wagtail.views import serve as wagtail_serve

from . import conf
from .delivery import reader_cache, reads
from .delivery.generation import cache_timeout
from .delivery.preview import is_preview
from .delivery.reader_cache import reader_cacheable
from .delivery.routing import route_path
from .delivery.sites import canonical_url, site_for_request
from .models import NewsroomSettings
from .presentation import breaking

__all__ = [
    "CanonicalURLMiddleware",
    "PageRoutingMiddleware",
    "ReadBeaconMiddleware",
    "ReaderCacheHitMiddleware",
    "ReaderCacheMiddleware",
    "SiteLanguageMiddleware",
    "reader_cacheable",
]


class CanonicalURLMiddleware:
    """Readers asking for a page under another form of its URL are sent to its own.

    ``Host: LOCALHOST``, ``127.0.0.1.``, ``127.0.0.1:443`` or a path spelt with
    needless percent-encodings (``/news/%74urkey/``) would each be one more
    cached copy of the page, which a purge of the page's own URL leaves behind
    (a story taken down would live on under them). A permanent redirect to the
    URL the page's Wagtail ``Site`` gives instead, for GET and HEAD outside the
    admin; caches may keep the redirect, which never goes stale.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = admin_prefix()

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not (
            self.admin_prefix and request.path.startswith(self.admin_prefix)
        ):
            target = canonical_url(request)
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        return self.get_response(request)


def admin_prefix():
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


class SiteLanguageMiddleware:
    """Reader pages in their site's language, the ``language`` of its Newsroom settings.

    Every word the plugin's templates print ("Published", "Related stories", a
    byline's "and"), Django's month names and a 404 page are in the language
    the site's readers read, whatever their browser asks for: one copy of each
    page in the caches. The language is active while the page renders and the
    response says it (``Content-Language``). The admin keeps its editors' own
    languages; a site under ``WAGTAIL_I18N_ENABLED`` takes each page's from
    Django's ``LocaleMiddleware``, and a language Django knows no translations
    for leaves ``LANGUAGE_CODE`` active.

    Put it after ``ReaderCacheMiddleware``: a cached page needs no language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = admin_prefix()

    def __call__(self, request):
        language = self.site_language(request)
        if language is None:
            return self.get_response(request)
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    def site_language(self, request):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return None
        if self.admin_prefix and request.path.startswith(self.admin_prefix):
            return None
        if site_for_request(request) is None:
            return None
        language = NewsroomSettings.for_request(request).language
        return language if language and translation.check_for_language(language) else None


class PageRoutingMiddleware:
    """Resolves the page for Wagtail's ``serve`` view before it runs.

    Wagtail keeps the route on ``request._wagtail_route_for_request``; filling
    it in here saves the per-level queries for every page on the site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve or getattr(view_func, "newsroom_cacheable", False):
            # Reader views ask Wagtail for the request's site: it comes from the cache.
            site_for_request(request)
        if view_func is not wagtail_serve or getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return None
        if hasattr(request, "_wagtail_route_for_request"):
            return None
        site = site_for_request(request)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        try:
            request._wagtail_route_for_request = route_path(site.root_page, request, components)
        except Http404:
            request._wagtail_route_for_request = None
        return None


def look_up(request):
    """The reader cache's copy of the page ``request`` asks for, marked a hit, or None;
    on a miss, what storing the page will need is kept on the request."""
    host = request.get_host()
    query = reader_cache.cache_query(request.META.get("QUERY_STRING", ""))
    cached, path_generation, site_generation = reader_cache.lookup(host, request.path, query)
    if cached is None:
        request._newsroom_lookup = (host, query, path_generation, site_generation)
        return None
    cached["X-Newsroom-Cache"] = "hit"
    return cached


class ReadBeaconMiddleware:
    """Answers the "Most read" beacons (``articles:read_beacon``) before anything else runs.

    Optional: put it first in ``MIDDLEWARE``. A reader's browser sends one
    beacon for each story page it shows, as many as the pages themselves, and
    the pages mostly come from the front-end cache while every beacon reaches
    the application: here a beacon costs its cache counter and little else
    (no session, CSRF, authentication or URL resolving), the same 204 the view
    gives. Other requests, GETs of the beacon's address included, go on unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        try:
            self.path = reverse("articles:read_beacon")
        except NoReverseMatch:  # the site does not serve the beacon
            self.path = None

    def __call__(self, request):
        if request.method == "POST" and self.path and request.path_info == self.path:
            return reads.answer_beacon(request)
        return self.get_response(request)


class ReaderCacheHitMiddleware:
    """Answers an anonymous reader's GET from the reader cache before the rest of the stack.

    Optional, for ``ReaderCacheMiddleware``: put it first, after only Django's
    ``SecurityMiddleware`` (its HTTPS redirect and headers come first) and a
    CSP or static files middleware. A hit then costs one cache round trip and
    little else: no session, CSRF, authentication, messages or redirects
    lookup, which a cached page never needs. What it answers with is the copy
    ``ReaderCacheMiddleware`` rendered further in, stored here on its way out
    with the headers the middleware between them add (``X-Frame-Options``,
    ``Vary``), so a hit is the response the miss gave; it answers
    ``If-None-Match`` and ``If-Modified-Since`` with 304 as Django's
    ``ConditionalGetMiddleware`` does. A request it does not answer goes on
    unchanged, and ``ReaderCacheMiddleware`` uses the lookup it made: a miss
    costs no second round trip.

    A path spelt with needless percent-encodings (``/news/%74urkey/``) is left
    to ``CanonicalURLMiddleware``, which redirects it: it is kept under the
    decoded path, and a hit would answer for another URL than the one cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if ReaderCacheMiddleware._may_be_cached(request) and self._is_own_path(request):
            cached = look_up(request)
            if cached is not None:
                return self.conditional.process_response(request, cached)
            request._newsroom_store_outside = True
        response = self.get_response(request)
        pending = getattr(request, "_newsroom_pending", None)
        if pending is not None:
            self._store(request, response, pending)
        return response

    @staticmethod
    def _store(request, response, pending):
        # What the middleware on the way out did may make the page one reader's
        # (a cookie), or answer this request only (a 304 for its If-None-Match).
        if response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
            return
        if response.status_code != 200:
            return
        host, query, path_generation, timeout, ends_at = pending
        reader_cache.store(host, request.path, query, path_generation, response, timeout, ends_at)

    @staticmethod
    def _is_own_path(request):
        raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
        return raw is None or urlsplit(raw).path in ("", escape_uri_path(request.path))


class ReaderCacheMiddleware:
    """Serves anonymous readers' GETs from the cache and sets caching headers.

    Only views marked with ``reader_cacheable`` (and Wagtail's page view) are
    cached, only for requests without a session, and only 200 responses that
    set no cookie and do not vary on cookies. Everything else (editors,
    previews, POSTs, restricted pages) is marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Looked up before the URL is resolved: a hit skips the view machinery.
        # Only responses of cacheable views are stored, under their own URL.
        # ``ReaderCacheHitMiddleware``, further out, may have looked already.
        if self._may_be_cached(request) and not hasattr(request, "_newsroom_lookup"):
            cached = look_up(request)
            if cached is not None:
                return cached
        return self.process_response(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        lookup = getattr(request, "_newsroom_lookup", None)
        if lookup is None or is_preview(request):
            return None
        if self._is_cacheable_view(view_func):
            request._newsroom_cache = lookup
        return None

    def process_response(self, request, response):
        state = getattr(request, "_newsroom_cache", None)
        if state is None:
            if (
                request.method in ("GET", "HEAD")
                and getattr(request, "user", None)
                and (request.user.is_authenticated)
            ):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if not self._is_storable(request, response):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.add_post_render_callback(lambda r: self._store(request, r, state))
        else:
            self._store(request, response, state)
        response["X-Newsroom-Cache"] = "miss"
        return response

    def _store(self, request, response, state):
        host, query, path_generation, site_generation = state
        # A publish during this render may mean it read the old content. Its purge
        # may already have reached the front-end cache, so no cache may keep it.
        if reader_cache.current_generations(request.path)[1] != site_generation:
            patch_cache_control(response, private=True, no_cache=True)
            return
        timeout, max_age = cache_timeout(), conf.get("NEWSROOM_BROWSER_MAX_AGE")
        # A page that goes stale by itself (the breaking-news banner ends, a front
        # page's pin ends) is kept no longer than that, here, in browsers and in
        # front-end caches: no cache may show it after then.
        reader_cache.stale_at(request, breaking.shown_until(request))
        ends_at = reader_cache.stale_moment(request)
        if ends_at is not None:
            left = reader_cache.seconds_until(ends_at)
            if left < 1:
                patch_cache_control(response, private=True, no_cache=True)
                return
            timeout, max_age = min(timeout, left), min(max_age, left)
        patch_cache_control(response, public=True, max_age=max_age, s_maxage=timeout)
        # Stored with its ETag, so a hit is not hashed again on its way out.
        if not response.has_header("ETag"):
            set_response_etag(response)
        # As one body: a feed is written in thousands of small chunks, and a hit
        # would pickle and send each of them again (25 ms against 3 for a page).
        response.content = response.content
        if getattr(request, "_newsroom_store_outside", False):
            # Stored by ``ReaderCacheHitMiddleware`` once the middleware between
            # it and here have added their headers: the copy its hits answer with.
            request._newsroom_pending = (host, query, path_generation, timeout, ends_at)
            return
        reader_cache.store(host, request.path, query, path_generation, response, timeout, ends_at)

    @staticmethod
    def _may_be_cached(request):
        if not conf.get("NEWSROOM_READER_CACHE"):
            return False
        if request.method not in ("GET", "HEAD"):
            return False
        # Wagtail's preview sends a dummy request for the page's own URL through the
        # middleware; without the editor's cookies it would find the reader's copy.
        if is_preview(request):
            return False
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def _is_cacheable_view(view_func):
        return view_func is wagtail_serve or getattr(view_func, "newsroom_cacheable", False)

    @staticmethod
    def _is_storable(request, response):
        if response.status_code != 200 or response.cookies:
            return False
        # A form's CSRF token (a password-protected page) belongs to one reader.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        if "Cookie" in response.get("Vary", ""):
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control
