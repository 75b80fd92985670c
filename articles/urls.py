"""Newsroom's reader URLs: tag, author and corrections pages, feeds, sitemaps, search and
embargoed stories' preview links.

A host includes them all at once, at the root or under a prefix::

    path("", include("articles.urls")),
    path("newsroom/", include("articles.urls")),

or mounts each piece where its own URLs leave room, in one include, with
``newsroom_urls`` (every piece keeps its names in the ``articles`` namespace, so
links, feeds' and sitemaps' URLs and the checks follow wherever it is)::

    path("", newsroom_urls(search="news-search/", sitemaps="news-sitemaps/")),

The API (``articles.api``) has its router of its own, mounted where the host's
``api_router`` is.
"""

from django.urls import include, path

from . import feeds, views
from .sitemaps import views as sitemaps

app_name = "articles"

# Tag and author pages, the site's corrections, and the read beacon.
listing_patterns = [
    path("tags/<str:slug>/", views.tag_page, name="tag"),
    path("authors/<str:slug>/", views.author_page, name="author"),
    path("corrections/", views.corrections, name="corrections"),
    # Story pages' read beacon, for the "Most read" lists.
    path("reads/", views.read_beacon, name="read_beacon"),
]

# RSS and Atom feeds of the site, its corrections, a tag and an author.
feed_patterns = [
    path("feed/", feeds.SiteFeed(), name="feed"),
    path("feed/atom/", feeds.SiteAtomFeed(), name="atom_feed"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections_feed"),
    path("corrections/feed/atom/", feeds.CorrectionsAtomFeed(), name="corrections_atom_feed"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_atom_feed"),
    path("authors/<str:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<str:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_atom_feed"),
]

# The sitemap index, the Google News sitemap and the sitemaps it lists.
sitemap_patterns = [
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap, name="sitemap"),
]

# The story search, at the piece's own prefix.
search_patterns = [
    path("", views.search, name="search"),
]

# An embargoed story for the holder of its preview link (``PreviewLink``), never cached.
shared_patterns = [
    path("<str:token>/", views.shared_story, name="shared_story"),
]

PIECES = ("listings", "feeds", "sitemaps", "search", "shared")


def newsroom_urls(*, listings="", feeds="", sitemaps="", search="search/", shared="shared/"):
    """Newsroom's URLs as one ``include()``, each piece under the prefix given.

    A prefix is a path ending in ``/`` or ``""`` for the root: with the
    defaults the URLs are those of ``include("articles.urls")``.
    """
    prefixes = {
        "listings": listings,
        "feeds": feeds,
        "sitemaps": sitemaps,
        "search": search,
        "shared": shared,
    }
    for piece, prefix in prefixes.items():
        if prefix and not prefix.endswith("/") or prefix.startswith("/"):
            raise ValueError(
                f"newsroom_urls({piece}={prefix!r}): a prefix is '' or a path such as "
                f"'{piece}/', without a leading slash"
            )
    patterns = {
        "listings": listing_patterns,
        "feeds": feed_patterns,
        "sitemaps": sitemap_patterns,
        "search": search_patterns,
        "shared": shared_patterns,
    }
    return include(
        ([path(prefixes[piece], include(patterns[piece])) for piece in PIECES], app_name)
    )


urlpatterns = [
    *listing_patterns,
    *feed_patterns,
    *sitemap_patterns,
    path("search/", include(search_patterns)),
    path("shared/", include(shared_patterns)),
]
