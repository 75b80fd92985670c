from django.urls import path

from . import feeds, views
from .sitemaps import views as sitemaps

app_name = "articles"

urlpatterns = [
    path("tags/<str:slug>/", views.tag_page, name="tag"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_atom_feed"),
    path("authors/<str:slug>/", views.author_page, name="author"),
    path("authors/<str:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<str:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_atom_feed"),
    path("feed/", feeds.SiteFeed(), name="feed"),
    path("feed/atom/", feeds.SiteAtomFeed(), name="atom_feed"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap, name="sitemap"),
    path("search/", views.search, name="search"),
]
