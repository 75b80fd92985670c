"""Placeholder: helper-4 is writing the sitemaps."""

from django.http import HttpResponse


def index(request):
    return HttpResponse(status=501)


news_sitemap = index


def sitemap(request, section):
    return HttpResponse(status=501)
