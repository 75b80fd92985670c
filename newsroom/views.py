import functools

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.admin.viewsets.pages import page_viewset_registry


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", ""]
    for name in ("articles:sitemap_index", "articles:news_sitemap"):
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    return redirect(static("newsroom/favicon.svg"), permanent=True)


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
