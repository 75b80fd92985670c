"""The site's navigation: its top-level sections, read once per site and render generation.

Every reader page shows them (``{% newsroom_navigation %}`` in the header,
``{% newsroom_footer_navigation %}`` in the footer), so the list is kept in
the cache under the render generation, which every publish, unpublish, move,
rename or privacy change moves on (``articles.publishing.handlers``): one
query for the first page rendered after a change, none for the others. What
the cache keeps is the same for every page; which link is the current
section is worked out per page (``mark_current``).
"""

from django.core.cache import cache
from wagtail.models import Page

from .. import visibility
from ..delivery.generation import cache_timeout, render_generation
from ..delivery.routing import LINK_FIELDS
from ..delivery.sites import site_for_request


def menu_pages(root):
    """The pages a reader sees in ``root``'s menu: its live, public children
    marked "Show in menus", in the order of the page tree."""
    children = Page.objects.child_of(root).filter(show_in_menus=True)
    return visibility.readable(children).only(*LINK_FIELDS).order_by("path")


def _navigation_key(site_id):
    return f"newsroom:nav:{site_id}"


def top_sections(request):
    """The request's site's menu as ``{"pk", "path", "title", "url"}`` dicts.

    Read once per request (the header and the footer share it), from the
    cache while the render generation holds.
    """
    if request is None:
        return []
    sections = getattr(request, "_newsroom_sections", None)
    if sections is not None:
        return sections
    site = site_for_request(request)
    if site is None:
        sections = []
    else:
        generation = render_generation(request)
        stored = cache.get(_navigation_key(site.pk))
        if stored is not None and stored[0] == generation:
            sections = stored[1]
        else:
            sections = [
                {"pk": page.pk, "path": page.path, "title": page.title, "url": url}
                for page in menu_pages(site.root_page)
                if (url := page.get_url(request=request))
            ]
            cache.set(_navigation_key(site.pk), (generation, sections), cache_timeout())
    request._newsroom_sections = sections
    return sections


def mark_current(sections, page):
    """``sections`` with each one's ``current``: ``"page"`` for ``page`` itself,
    ``"true"`` for the section ``page`` is in, else ``None`` (for ``aria-current``)."""
    pk, path = getattr(page, "pk", None), getattr(page, "path", None)
    marked = []
    for section in sections:
        if pk is not None and section["pk"] == pk:
            current = "page"
        elif path and path.startswith(section["path"]):
            current = "true"
        else:
            current = None
        marked.append({**section, "current": current})
    return marked
