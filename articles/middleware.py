from django.conf import settings
from django.http import Http404
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from .routing import route_path


class PageRoutingMiddleware:
    """Resolves the page for Wagtail's ``serve`` view before it runs.

    Wagtail keeps the route on ``request._wagtail_route_for_request``; filling
    it in here saves the per-level queries for every page on the site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return None
        if hasattr(request, "_wagtail_route_for_request"):
            return None
        site = Site.find_for_request(request)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        try:
            request._wagtail_route_for_request = route_path(site.root_page, request, components)
        except Http404:
            request._wagtail_route_for_request = None
        return None
