from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from articles import urls as articles_urls
from articles.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    path("", include(articles_urls)),
    path("", include(wagtail_urls)),
]
