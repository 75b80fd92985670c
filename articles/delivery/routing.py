"""Routing that resolves a whole URL path in one query.

Stock Wagtail walks the tree one level at a time: two queries per URL segment.
Here every page along the path is looked up at once; the request goes to the
deepest one that exists (so routable sub-paths such as ``feed/`` still reach
their page), which keeps the chain of ancestors for its breadcrumb and its
view-restriction check.

The chain found for a path is cached (``cached_chain``) until something on
the site is published, moved or deleted.

Two ways in: ``articles.middleware.PageRoutingMiddleware`` (whole site, from the site root) and
``PathRoutingMixin`` (from one page down, for sites without the middleware).
Host sites import the mixins from ``articles.routing``.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

from ..text import has_nul
from ..visibility import restricted_here
from .generation import cache_timeout, render_generation

# What a page needs to be linked to, by title and URL, with nothing else loaded:
# listings, menus and breadcrumbs load no more of the pages they link to.
LINK_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "content_type_id",
    "live",
    "locale_id",
)
# A story at the end of the path comes whole with the chain (``load_chain``).
STORY_RELATION = "articlepage"


def load_chain(start, path_components):
    """The pages from the tree root down along ``path_components`` below ``start``.

    Each with its content type (``remember_content_types``) and, when the
    deepest is a story, that story whole (``specific_target``): the route to
    a story costs this one query, not a second one for the story.
    """
    prefixes = [
        start.url_path + "/".join(path_components[:depth]) + "/"
        for depth in range(1, len(path_components) + 1)
    ]
    ancestor_paths = [start.path[: Page.steplen * depth] for depth in range(1, start.depth + 1)]
    # url_path has no index; the slug has one, and narrows the search to a
    # handful of rows however many pages the site has.
    pages = Page.objects.filter(
        slug__in=path_components, path__startswith=start.path, url_path__in=prefixes
    ) | Page.objects.filter(path__in=ancestor_paths)
    chain = list(
        pages.annotate(has_restriction=restricted_here())
        .select_related("content_type", STORY_RELATION)
        .order_by("depth")
    )
    remember_content_types(chain)
    stories = {}
    for page in chain:
        # The story's row stays out of the chain the cache keeps: only the
        # route is kept, and the story is read afresh once the route is known.
        story = page._state.fields_cache.pop(STORY_RELATION, None)
        if story is not None:
            stories[page.pk] = story
    return chain, prefixes, stories


def remember_content_types(chain):
    """Put the chain's content types in Django's, so ``specific`` and the
    breadcrumbs ask the database for none, even in a process's first request."""
    for page in chain:
        content_type = page._state.fields_cache.get("content_type")
        if content_type is not None:
            # Django's own cache, as get_for_models fills it.
            ContentType.objects._add_to_cache(ContentType.objects.db, content_type)


def specific_target(target, stories):
    """``target.specific``, from the story loaded with the chain when it is one."""
    story = stories.get(target.pk)
    if story is None or target.specific_class is not type(story):
        return target.specific
    # As Wagtail's get_specific: the generic page's other attributes come along.
    for name, value in target.__dict__.items():
        story.__dict__.setdefault(name, value)
    return story


def cached_chain(start, request, path_components):
    """``load_chain``, from the cache while nothing is published, moved or deleted.

    Kept under the render generation, which every such change moves on;
    only for paths that are pages all the way down, so unknown URLs add
    nothing to the cache. Previews always read the database.
    """
    if getattr(request, "is_preview", False):
        return load_chain(start, path_components)
    generation = render_generation(request)
    digest = hashlib.sha256(f"{start.pk}:{'/'.join(path_components)}".encode()).hexdigest()
    key = f"newsroom:route:{digest[:40]}"
    stored = cache.get(key)
    if stored is not None and stored[0] == generation:
        chain, prefixes = stored[1]
        remember_content_types(chain)
        return chain, prefixes, {}
    chain, prefixes, stories = load_chain(start, path_components)
    if sum(page.depth > start.depth for page in chain) == len(path_components):
        cache.set(key, (generation, (chain, prefixes)), cache_timeout())
    return chain, prefixes, stories


def route_path(start, request, path_components):
    """Wagtail's ``route()`` for ``path_components`` below ``start``, in two queries at most."""
    if not path_components:
        return start.specific.route(request, path_components)
    if has_nul(*path_components):
        raise Http404  # no slug holds one, and PostgreSQL would refuse to look
    chain, prefixes, stories = cached_chain(start, request, path_components)
    descendants = [page for page in chain if page.depth > start.depth]
    # url_path is hierarchical, so found pages are exactly the leading prefixes.
    if not descendants or descendants[0].url_path != prefixes[0]:
        raise Http404
    target = descendants[-1]
    specific = specific_target(target, stories)
    specific._route_chain = chain[:-1]
    specific._route_restricted = any(page.has_restriction for page in chain)
    return specific.route(request, path_components[len(descendants) :])


class PathRoutingMixin:
    """Resolve everything below this page in one query (see module docstring)."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_path(self, request, path_components)


class ChainAwareMixin:
    """Reuses the ancestor chain found while routing, where there is one."""

    def get_ancestor_chain(self):
        chain = getattr(self, "_route_chain", None)
        if chain is None:
            chain = list(self.get_ancestors())
            self._route_chain = chain
        return chain

    def get_view_restrictions(self):
        chain = getattr(self, "_route_chain", None)
        if (
            chain is not None
            and getattr(self, "_route_restricted", True) is False
            and not self.alias_of_id
            and not any(page.alias_of_id for page in chain)
        ):
            # Nothing from the root down carries a restriction: skip the queries.
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
