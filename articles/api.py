"""Read-only headless API (Wagtail API v2): articles, sections, authors, photos.

A host site mounts it with ``path("api/v2/", api_router.urls)``. Only live,
public pages are ever returned: the page endpoints build on Wagtail's public
page queryset.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .models import ArticlePage, Author, SectionPage


class ArticlesAPIViewSet(PagesAPIViewSet):
    model = ArticlePage
    name = "articles"
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "summary",
        "published_at",
        "share_url",
    ]


class SectionsAPIViewSet(PagesAPIViewSet):
    model = SectionPage
    name = "sections"
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["description"]


class AuthorsAPIViewSet(BaseAPIViewSet):
    model = Author
    name = "authors"
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "kind", "role", "bio", "url"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "kind"]


class PhotosAPIViewSet(ImagesAPIViewSet):
    body_fields = ImagesAPIViewSet.body_fields + ["credit", "alt_text", "default_caption"]
    listing_default_fields = ImagesAPIViewSet.listing_default_fields + ["credit"]


api_router = WagtailAPIRouter("newsroom_api")
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("sections", SectionsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
api_router.register_endpoint("images", PhotosAPIViewSet)
