from django import template
from django.urls import NoReverseMatch, reverse

from .. import caching
from ..models import NewsroomSettings
from ..safety import safe_href as _safe_href

register = template.Library()


@register.inclusion_tag("articles/includes/site_footer.html", takes_context=True)
def newsroom_footer(context):
    """Alternate addresses, app links and social accounts from the site settings.

    Cached per settings until something pages show changes
    (``caching.render_generation``).
    """
    newsroom = context.get("newsroom")
    request = context.get("request")
    if newsroom is None and request is not None:
        newsroom = NewsroomSettings.for_request(request)
    return {
        "newsroom": newsroom,
        "generation": caching.render_generation(request),
        "timeout": caching.cache_timeout(),
    }


@register.simple_tag
def tag_url(tag):
    """The tag page's URL, or "" when the host site does not route tag pages."""
    try:
        return reverse("articles:tag", args=[tag.slug])
    except NoReverseMatch:
        return ""


@register.simple_tag
def author_url(author):
    """The author's page on this site, or "" when the host does not route them."""
    try:
        return reverse("articles:author", args=[author.slug])
    except NoReverseMatch:
        return ""


@register.filter
def safe_href(url):
    """An editor's URL, or "" when it is not an http(s)/mailto link."""
    return _safe_href(url)
