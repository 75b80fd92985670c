"""The site's breaking-news banner as readers see it, read once per site and render generation.

Every reader page shows it (``{% breaking_banner %}``), so it is kept in the
cache under the render generation, as the navigation is: setting, changing
or clearing the banner purges everything, which moves the generation on
(``articles.publishing.handlers``). One query for the first page rendered
after a change, none for the others. A banner whose time is up is not shown,
whatever the cache holds; the scheduler deletes it and purges.

A page that shows a banner may be kept only until the banner ends
(``seconds_left``): the reader cache and the ``max-age`` headers are capped
to it (``articles.middleware.ReaderCacheMiddleware``).
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from .. import visibility
from ..delivery.generation import cache_timeout, render_generation
from ..delivery.reader_cache import seconds_until
from ..delivery.routing import LINK_FIELDS
from ..delivery.sites import site_for_request
from ..text import safe_href

BANNER_FIELDS = ("id", "site_id", "story_id", "text", "link_url", "expires_at")


def _banner_key(site_id):
    return f"newsroom:breaking:{site_id}"


def banner_query(site):
    """The site's banner, if any, with its story when that is one a reader may see.

    A banner whose story is not readable (a draft, withdrawn, private) is
    none: its story is never shown.
    """
    BreakingBanner = apps.get_model("newsroom_articles", "BreakingBanner")
    ArticlePage = apps.get_model("newsroom_articles", "ArticlePage")
    readable = visibility.readable(ArticlePage.objects.all()).values("pk")
    return (
        BreakingBanner.objects.filter(site=site, expires_at__gt=timezone.now())
        .filter(Q(story__isnull=True) | Q(story__in=readable))
        .select_related("story")
        .only(*BANNER_FIELDS, *(f"story__{name}" for name in (*LINK_FIELDS, "kicker")))
    )


def banner_data(banner, request=None):
    """What a reader sees of ``banner``: ``text``, ``url``, ``expires_at``, ``story_id``."""
    if banner is None:
        return None
    if banner.story_id:
        url = banner.story.get_url(request=request)
        if not url:
            return None
        return {
            "text": banner.story.title,
            "url": url,
            "expires_at": banner.expires_at,
            "story_id": banner.story_id,
        }
    return {
        "text": banner.text,
        "url": safe_href(banner.link_url),
        "expires_at": banner.expires_at,
        "story_id": None,
    }


def _still_running(banner, now=None):
    return banner is not None and banner["expires_at"] > (now or timezone.now())


def current_banner(request):
    """The request's site's banner as ``banner_data`` gives it, or ``None``.

    Read once per request, from the cache while the render generation holds.
    The request remembers it, so the reader cache knows how long the page
    may be kept (``seconds_left``).
    """
    if request is None:
        return None
    if hasattr(request, "_newsroom_banner"):
        banner = request._newsroom_banner
        return banner if _still_running(banner) else None
    site = site_for_request(request)
    banner = None
    if site is not None:
        generation = render_generation(request)
        key = _banner_key(site.pk)
        stored = cache.get(key)
        if stored is not None and stored[0] == generation:
            banner = stored[1]
        else:
            banner = banner_data(banner_query(site).first(), request)
            timeout = cache_timeout()
            if banner is not None:
                timeout = max(1, min(timeout, seconds_until(banner["expires_at"])))
            cache.set(key, (generation, banner), timeout)
    if not _still_running(banner):
        banner = None
    request._newsroom_banner = banner
    return banner


def shown_until(request):
    """When the banner this request's page showed ends, or ``None`` if it showed none."""
    banner = getattr(request, "_newsroom_banner", None)
    return None if banner is None else banner["expires_at"]
