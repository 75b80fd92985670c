"""What every reader page reads about its site, kept in the cache between requests.

Which site a host name belongs to, with its root page, and the site's
``NewsroomSettings`` change rarely but are read by every page, feed and
sitemap: the cache answers them instead. When it cannot, one query finds
the site as Wagtail does (``get_site_for_hostname``) with its settings.
Sites are remembered under the render generation, which moves on when a
site is saved or deleted and when a page (a site's root among them) is
published, moved or deleted. The settings are dropped when saved or deleted
(``articles.publishing.handlers``).
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, When
from django.http.request import split_domain_port
from django.utils.encoding import escape_uri_path
from wagtail.models import Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

from .generation import render_generation

SITES_KEY = "newsroom:sites"
TIMEOUT = 300
# Host names remembered at most: ALLOWED_HOSTS keeps them few on a real site.
MAX_HOSTS = 64


SETTINGS_RELATION = "newsroomsettings"


def find_site(hostname, port):
    """Wagtail's ``get_site_for_hostname`` (None for no site), in the same one query
    with the site's ``NewsroomSettings`` (None when it has none yet)."""
    sites = list(
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related("root_page", SETTINGS_RELATION)
    )
    # Wagtail's choice among the sites found.
    if not sites:
        return None, None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        site = sites[0]
    elif sites[0].match == MATCH_DEFAULT:
        site = sites[len(sites) == 2]
    else:
        return None, None
    # The settings are not kept with the site: they are cached on their own
    # terms (``NewsroomSettings.for_site``), and read as it reads them, without the site.
    settings = site._state.fields_cache.pop(SETTINGS_RELATION, None)
    if settings is not None:
        settings._state.fields_cache.pop("site", None)
    return site, settings


def site_for_hostname(hostname, port, generation):
    """Wagtail's site for ``hostname:port`` (or None), remembered for ``generation``,
    and the site's settings when they were read with it (else None)."""
    stored = cache.get(SITES_KEY)
    found = stored[1] if stored is not None and stored[0] == generation else {}
    settings = None
    if (hostname, port) not in found:
        site, settings = find_site(hostname, port)
        if len(found) >= MAX_HOSTS:
            found = {}
        found = {**found, (hostname, port): site}
        cache.set(SITES_KEY, (generation, found), TIMEOUT)
    return found[(hostname, port)], settings


def site_for_request(request):
    """``Site.find_for_request`` from the cache, remembered on the request as Wagtail does.

    Settings read with the site are remembered on the request too, as
    ``NewsroomSettings.for_request`` would, and in the cache.
    """
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        site, settings = site_for_hostname(hostname, request.get_port(), render_generation(request))
        request._wagtail_site = site
        if settings is not None:
            NewsroomSettings = apps.get_model("newsroom_articles", "NewsroomSettings")
            cache.set(settings_key(site.pk), settings, TIMEOUT)
            settings._request = request
            setattr(request, NewsroomSettings.get_cache_attr_name(), settings)
    return request._wagtail_site


def settings_key(site_id):
    return f"newsroom:settings:{site_id}"


def forget_settings(sender, instance, **kwargs):
    cache.delete(settings_key(instance.site_id))


def site_root_url(request):
    """The root URL of the request's Wagtail site, e.g. ``https://news.example``.

    Every absolute URL in what readers get (pages, feeds, JSON-LD, Open Graph,
    sitemaps) starts with it, never with what the request's ``Host`` says:
    cached output must not depend on what a client chose to send. Only a
    site without any Wagtail ``Site`` falls back to the request.
    """
    site = site_for_request(request)
    if site is None:
        return request.build_absolute_uri("/").rstrip("/")
    return site.root_url


def absolute_url(request, url):
    """``url`` (a path, or already absolute, as on a media host) under ``site_root_url``."""
    if urlsplit(url).scheme:
        return url
    return site_root_url(request) + "/" + url.lstrip("/")


def site_host(site):
    """What a browser sends as ``Host`` for ``site``: the port only when not the scheme's own."""
    if site.port in (80, 443):
        return site.hostname
    return f"{site.hostname}:{site.port}"


def canonical_url(request):
    """The URL of this request under its site's own address, or None when it is that already.

    Another form of the host (case, a trailing dot, another port, another name
    the server answers to) or of the path (``/news/%74urkey/`` for
    ``/news/turkey/``, where the server reports the raw path) is the same page
    under another URL: one more copy in every cache, which a purge of the
    site's URL would not reach.
    """
    site = site_for_request(request)
    if site is None or site.hostname == "*":
        return None
    host = request._get_raw_host()
    host_ok = host == site_host(site) or host == f"{site.hostname}:{site.port}"
    path = escape_uri_path(request.path)
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    path_ok = raw is None or urlsplit(raw).path in ("", path)
    if host_ok and path_ok:
        return None
    query = request.META.get("QUERY_STRING", "")
    return site.root_url + path + (f"?{query}" if query else "")
