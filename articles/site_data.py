"""What every reader page reads about its site, kept in the cache between requests.

Which site a host name belongs to, with its root page, and the site's
``NewsroomSettings`` change rarely but are read by every page, feed and
sitemap: two queries a render that the cache answers instead. The copies are
dropped when a site, a site's root page or the settings are saved, moved or
deleted (see ``signal_handlers``); ``TIMEOUT`` bounds anything missed.
"""

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Page, Site

SITES_KEY = "newsroom:sites"
TIMEOUT = 300

# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname).
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def _all_sites():
    sites = cache.get(SITES_KEY)
    if sites is None:
        sites = list(Site.objects.select_related("root_page").order_by("pk"))
        cache.set(SITES_KEY, sites, TIMEOUT)
    return sites


def site_for_hostname(hostname, port):
    """The site Wagtail's ``Site.find_for_request`` gives ``hostname:port``, or None."""

    def match(site):
        if site.hostname == hostname:
            if site.port == port:
                return _HOSTNAME_PORT
            return _HOSTNAME_DEFAULT if site.is_default_site else _HOSTNAME
        return _DEFAULT

    sites = sorted(
        (site for site in _all_sites() if site.hostname == hostname or site.is_default_site),
        key=match,
    )
    if not sites:
        return None
    if len(sites) == 1 or match(sites[0]) in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
        return sites[0]
    # The default site first, then hostname matches on other ports: one such
    # match wins over the default, several leave the default.
    return sites[len(sites) == 2]


def site_for_request(request):
    """``Site.find_for_request`` from the cache, remembered on the request as Wagtail does."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = site_for_hostname(hostname, request.get_port())
    return request._wagtail_site


def forget_sites(**kwargs):
    cache.delete(SITES_KEY)


def forget_sites_rooted_at(sender, instance, **kwargs):
    """A page saved: the cached sites hold it when it is a site's root."""
    if not isinstance(instance, Page) or kwargs.get("raw"):
        return
    sites = cache.get(SITES_KEY)
    if sites and any(site.root_page_id == instance.pk for site in sites):
        forget_sites()


def settings_key(site_id):
    return f"newsroom:settings:{site_id}"


def forget_settings(sender, instance, **kwargs):
    cache.delete(settings_key(instance.site_id))
