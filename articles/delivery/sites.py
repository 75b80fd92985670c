"""What every reader page reads about its site, kept in the cache between requests.

Which site a host name belongs to, with its root page, and the site's
``NewsroomSettings`` change rarely but are read by every page, feed and
sitemap: two queries a render that the cache answers instead. Sites are
looked up by Wagtail and remembered under the render generation,
which moves on when a site is saved or deleted and when a page (a site's
root among them) is published, moved or deleted. The settings are dropped
when saved or deleted (``articles.publishing.handlers``).
"""

from urllib.parse import urlsplit

from django.core.cache import cache
from django.http.request import split_domain_port
from django.utils.encoding import escape_uri_path
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .generation import render_generation

SITES_KEY = "newsroom:sites"
TIMEOUT = 300
# Host names remembered at most: ALLOWED_HOSTS keeps them few on a real site.
MAX_HOSTS = 64


def site_for_hostname(hostname, port, generation):
    """Wagtail's site for ``hostname:port`` (or None), remembered for ``generation``."""
    stored = cache.get(SITES_KEY)
    found = stored[1] if stored is not None and stored[0] == generation else {}
    if (hostname, port) not in found:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None
        if len(found) >= MAX_HOSTS:
            found = {}
        found = {**found, (hostname, port): site}
        cache.set(SITES_KEY, (generation, found), TIMEOUT)
    return found[(hostname, port)]


def site_for_request(request):
    """``Site.find_for_request`` from the cache, remembered on the request as Wagtail does."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = site_for_hostname(
            hostname, request.get_port(), render_generation(request)
        )
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
