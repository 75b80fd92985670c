"""A host that keeps its own search and sitemap index and mounts Newsroom's pieces around them.

Its /search/ and /sitemap.xml come first, as a `wagtail start` site's do; Newsroom's
search, sitemaps and feeds each go under a prefix of their own, its tag and author
pages stay at the root, and the host's index lists Newsroom's stories.
"""

from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.contrib.sitemaps import views as sitemap_views

from articles.sitemaps import PageSitemap, StorySitemap
from articles.urls import newsroom_urls


def host_search(request):
    return HttpResponse("The host's own search")


host_sitemaps = {"pages": PageSitemap, "stories": StorySitemap}

urlpatterns = [
    path("search/", host_search, name="search"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": host_sitemaps, "sitemap_url_name": "host_sitemap"},
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": host_sitemaps},
        name="host_sitemap",
    ),
    path("", newsroom_urls(search="news-search/", sitemaps="news-sitemaps/", feeds="feeds/")),
    path("", include(wagtail_urls)),
]
