import functools
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page

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
create_page = page_viewset_registry.as_view(
    "add", app_label_kwarg="content_type_app_name", model_name_kwarg="content_type_model_name"
)
edit_page = page_viewset_registry.as_view("edit", page_id_kwarg="page_id")

# How recent a draft of the editor's own must be to count as the one this
# form's autosave made.
AUTOSAVE_TWIN_WINDOW = timedelta(minutes=10)


def autosaved_twin(request, parent_page_id):
    """The draft this add form's autosave already created, when a full save is late to learn of it.

    The editor's first autosave creates the page, and the form only becomes
    that page's edit form once the answer is back. Save draft or Publish
    clicked meanwhile (or after a refused publish, whose form page starts
    over as an add form) posts to the add view again, where the slug is now
    taken: "The page could not be created due to validation errors", with the
    editor's latest text refused. The twin is a never-published draft under the
    same parent with the slug the form sends, owned by this editor and saved
    within ``AUTOSAVE_TWIN_WINDOW``. Its earlier revisions stay in its history.
    """
    slug = request.POST.get("slug") or slugify(request.POST.get("title", ""))
    parent = Page.objects.filter(id=parent_page_id).first()
    if not slug or parent is None:
        return None
    return (
        parent.get_children()
        .filter(
            slug=slug,
            owner=request.user,
            live=False,
            first_published_at__isnull=True,
            latest_revision_created_at__gte=timezone.now() - AUTOSAVE_TWIN_WINDOW,
        )
        .first()
    )


def add_or_resume(request, content_type_app_name, content_type_model_name, parent_page_id):
    """Wagtail's add view, but a full save of a page its own autosave created edits that page."""
    if request.method == "POST" and request.accepts("text/html"):
        twin = autosaved_twin(request, parent_page_id)
        if twin is not None and twin.specific_class._meta.model_name == content_type_model_name:
            response = edit_page(request, page_id=twin.pk)
            if response.status_code == 302:
                messages.info(request, _("Saved to the draft this story's autosave had started."))
            return response
    return create_page(
        request,
        content_type_app_name=content_type_app_name,
        content_type_model_name=content_type_model_name,
        parent_page_id=parent_page_id,
    )


add_page = atomic_post(add_or_resume)
