from django import template

from ..delivery.generation import cache_timeout, render_generation
from ..delivery.preview import is_preview
from ..models import NewsroomSettings
from ..presentation import bylines as _bylines
from ..presentation import dates
from ..presentation.links import reverse_or_none
from ..text import safe_href as _safe_href

register = template.Library()


@register.inclusion_tag("articles/includes/site_footer.html", takes_context=True)
def newsroom_footer(context):
    """Alternate addresses, app links and social accounts from the site settings.

    Cached per settings until something pages show changes (the render generation).
    """
    request = context.get("request")
    return {
        "newsroom": NewsroomSettings.for_request(request) if request is not None else None,
        "generation": render_generation(request),
        "timeout": cache_timeout(),
    }


@register.inclusion_tag("articles/includes/preview_banner.html", takes_context=True)
def preview_banner(context):
    """The "Preview: not published" banner on an admin preview of any page; nothing for readers."""
    if not is_preview(context.get("request")):
        return {"shown": False}
    page = context.get("page")
    return {"shown": True, "live": bool(getattr(page, "live", False))}


@register.simple_tag
def tag_url(tag):
    """The tag page's URL, or "" when the host site does not route tag pages."""
    return reverse_or_none("articles:tag", tag.slug) or ""


@register.simple_tag
def author_url(author):
    """The author's page on this site, or "" when the host does not route them."""
    return reverse_or_none("articles:author", author.slug) or ""


@register.simple_tag
def byline_text(bylines):
    """The story's bylines as one sentence: "By Selin Kaya, Ankara correspondent, and
    Deniz Arslan", each name linked to its author's page."""
    return _bylines.byline_html([byline.author for byline in bylines])


@register.filter
def safe_href(url):
    """An editor's URL, or "" when it is not an http(s)/mailto link."""
    return _safe_href(url)


@register.filter
def html_datetime(value):
    """``value`` for a ``<time datetime>``: ISO 8601 to the second, with its offset."""
    return dates.html_datetime(value)


@register.filter
def reader_datetime(value):
    """``value`` as readers see it, naming its zone: "2 December 2026, 09:15 UTC"."""
    return dates.reader_datetime(value)
