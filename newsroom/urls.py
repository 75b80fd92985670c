import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.documents import urls as wagtaildocs_urls

from articles import urls as articles_urls
from articles.api import api_router

from . import views
from .password_reset import LimitedPasswordResetView

# Served here rather than by Wagtail's view at the same address (which
# reverse("wagtailadmin_pages:add") still names), with the decorators Wagtail
# gives every admin view (wagtail/admin/urls/__init__.py).
admin_overrides = [
    path(
        "pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        never_cache(display_custom_404(require_admin_access(views.add_page))),
    ),
]

urlpatterns = [
    # Before Wagtail's own view of the same path: honest without mail, rate-limited with it.
    path(
        "admin/password_reset/",
        LimitedPasswordResetView.as_view(),
        name="newsroom_password_reset",
    ),
    path("admin/", include(admin_overrides)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("api/v2/", api_router.urls),
    path("", include(articles_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Photos (originals and renditions) only: documents go through Wagtail's
    # /documents/ view, which checks their privacy.
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [
        re_path(
            rf"^{prefix}(?P<path>(?:original_images|images)/[^/]+)$",
            views.media_file,
            name="media_file",
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
