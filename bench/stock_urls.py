"""The stock Wagtail site's URLs (``bench/stock_site.py``): the admin alone."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("admin/", include(wagtailadmin_urls))]
