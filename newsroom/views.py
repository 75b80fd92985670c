import functools

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve
from wagtail.admin.viewsets.pages import page_viewset_registry

from articles.delivery.sites import absolute_url


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", ""]
    for name in ("articles:sitemap_index", "articles:news_sitemap"):
        lines.append(f"Sitemap: {absolute_url(request, reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    return redirect(static("newsroom/favicon.svg"), permanent=True)


# Photo files keep their name for life (a replaced file gets a new one), as on S3.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def media_file(request, path):
    """A photo or rendition from ``MEDIA_ROOT`` (``SERVE_MEDIA``), for Varnish to keep.

    Django's ``serve`` refuses paths outside the folder and directory listings;
    the URL pattern admits only the photo folders.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response


def atomic_post(view):
    """``view`` with the writes of each POST in one transaction, committed or not at all."""

    @functools.wraps(view)
    def atomic_view(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return atomic_view


# Wagtail's page creation (its Save draft, Publish, Submit and the editor's
# first autosave) adds the page to the tree, then saves its first revision,
# each in a transaction of its own. When the second failed (SQLite's
# "database is locked"), the page stayed without a revision: a second,
# empty draft that kept the story's slug. Here both commit together. The form
# page a refused save renders again is rendered after the transaction, as
# Wagtail renders it outside its view; GET requests take no transaction.
add_page = atomic_post(
    page_viewset_registry.as_view(
        "add", app_label_kwarg="content_type_app_name", model_name_kwarg="content_type_model_name"
    )
)
