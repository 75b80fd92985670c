"""Read-only headless API (Wagtail API v2): articles, sections, authors, photos, breaking news.

A host site mounts it with ``path("api/v2/", api_router.urls)``. Only live,
public pages are ever returned: the page endpoints build on Wagtail's public
page queryset.

Every query parameter is checked where it is parsed, so that what a client
sends is a 400 with a message or a 404, never a 500: ids and offsets beyond
what a database column holds, field filters whose values the field cannot
read, search operators Wagtail does not know, and search syntax (the query is
reduced to words, as the reader search does).
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from media.details import details_of

from .delivery.sites import site_for_request
from .models import ArticlePage, Author, BreakingBanner, SectionPage, public_photos
from .presentation.breaking import banner_query
from .text import MAX_ID, has_nul, parse_id, search_words

# Parameters Wagtail reads as integers (``child_of=root`` aside).
NUMBER_PARAMETERS = ("offset", "limit", "id", "child_of", "ancestor_of", "descendant_of")
SEARCH_OPERATORS = (None, "and", "or")


def check_numbers(query):
    for name in NUMBER_PARAMETERS:
        value = query.get(name, "")
        digits = value.removeprefix("-")
        if digits.isascii() and digits.isdigit() and int(digits) > MAX_ID:
            raise BadRequestError(f"{name} is out of range")


def check_text(query):
    """No parameter may hold a NUL character: no field can match one.

    The search is read as words (``WordsSearchFilter``), which drops it.
    """
    for name, values in query.lists():
        if name != "search" and has_nul(name, *values):
            raise BadRequestError(f"{name[:40]!r} holds a NUL character")


def check_field_value(model, name, value):
    """A field filter's value as the field reads it, or a 400 saying why not."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return
    if isinstance(field, TaggableManager):
        return
    try:
        python = field.to_python(value)
    except ValidationError as error:
        raise BadRequestError(f"'{value}' is not a valid value for {name}") from error
    if isinstance(python, int) and not isinstance(python, bool) and abs(python) > MAX_ID:
        raise BadRequestError(f"{name} is out of range")


class CheckedFieldsFilter(FieldsFilter):
    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name in fields:
                check_field_value(queryset.model, name, value)
        return super().filter_queryset(request, queryset, view)


class _WithQuery:
    """``request`` with another query string, for a filter that reads ``request.GET``."""

    def __init__(self, request, query):
        self._request = request
        self.GET = query

    def __getattr__(self, name):
        return getattr(self._request, name)


class WordsSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if request.GET.get("search_operator") not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = request.GET.copy()
        query["search"] = search_words(query["search"])
        return super().filter_queryset(_WithQuery(request, query), queryset, view)


CHECKED_FILTERS = {FieldsFilter: CheckedFieldsFilter, SearchFilter: WordsSearchFilter}


class CheckedInputs:
    """An API view set whose inputs are checked (see the module docstring)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.filter_backends = [CHECKED_FILTERS.get(f, f) for f in cls.filter_backends]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        check_numbers(self.request.GET)
        check_text(self.request.GET)

    def detail_view(self, request, pk):
        if parse_id(pk) is None:
            raise Http404
        return super().detail_view(request, pk)

    def find_view(self, request):
        check_numbers(request.GET)
        check_text(request.GET)
        return super().find_view(request)


class ArticlesAPIViewSet(CheckedInputs, PagesAPIViewSet):
    model = ArticlePage
    name = "articles"
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "summary",
        "published_at",
        "share_url",
    ]


class SectionsAPIViewSet(CheckedInputs, PagesAPIViewSet):
    model = SectionPage
    name = "sections"
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["description"]


class AuthorsAPIViewSet(CheckedInputs, BaseAPIViewSet):
    """Authors with a byline a reader may see."""

    model = Author
    name = "authors"
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "slug",
        "kind",
        "role",
        "bio",
        "url",
        APIField(
            "same_as",
            serializer=serializers.ListField(child=serializers.URLField(), read_only=True),
        ),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "kind"]

    def get_queryset(self):
        return Author.objects.shown().order_by("id")


class PhotoDetailField(serializers.Field):
    """One of a photo's newsroom details (``media.details``), empty when it has none."""

    def __init__(self, name):
        super().__init__(source="*", read_only=True)
        self.detail = name

    def to_representation(self, image):
        return getattr(details_of(image), self.detail)


class PhotosAPIViewSet(CheckedInputs, ImagesAPIViewSet):
    """Photos a reader can come across on the site, not the whole library."""

    body_fields = ImagesAPIViewSet.body_fields + [
        APIField("credit", serializer=PhotoDetailField("credit")),
        APIField(
            "alt_text", serializer=serializers.CharField(source="description", read_only=True)
        ),
        APIField("default_caption", serializer=PhotoDetailField("default_caption")),
    ]
    listing_default_fields = ImagesAPIViewSet.listing_default_fields + ["credit"]

    def get_queryset(self):
        return public_photos(super().get_queryset()).select_related("newsroom_details")


class BreakingAPIViewSet(BaseAPIViewSet):
    """The site's breaking-news banner: one item, or none.

    Only a banner still running, and only with a story a reader may see
    (``articles.presentation.breaking.banner_query``).
    """

    model = BreakingBanner
    name = "breaking"

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]

    def get_queryset(self):
        site = site_for_request(self.request)
        if site is None:
            return BreakingBanner.objects.none()
        return banner_query(site)

    def listing_view(self, request):
        banner = self.get_queryset().first()
        items = [] if banner is None else [self.banner_item(banner, request)]
        return Response({"meta": {"total_count": len(items)}, "items": items})

    @staticmethod
    def banner_item(banner, request):
        story = banner.story
        if story is not None:
            url = story.get_full_url(request=request)
            return {
                "text": story.title,
                "url": url,
                "expires_at": banner.expires_at.isoformat(),
                "story": {"id": story.pk, "title": story.title, "kicker": story.kicker},
            }
        return {
            "text": banner.text,
            "url": banner.link_url,
            "expires_at": banner.expires_at.isoformat(),
            "story": None,
        }


api_router = WagtailAPIRouter("newsroom_api")
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("sections", SectionsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
api_router.register_endpoint("images", PhotosAPIViewSet)
api_router.register_endpoint("breaking", BreakingAPIViewSet)
