"""What a publish invalidates, and the server-side cache of reader pages.

A story appears on its own page and on every page that lists it: the home
page, its sections up the tree, its tag and author pages, the feeds and the
sitemaps. ``story_urls()`` names exactly those; publishing, unpublishing,
moving or deleting a story drops them from the server-side cache and purges
them from the front-end cache (Varnish, Cloudflare, … via Wagtail's
``frontend_cache`` settings).
"""

import hashlib
import logging
import uuid
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

LISTING_SUFFIXES = ("", "feed/", "feed/atom/")
TAG_URL_NAMES = ("articles:tag", "articles:tag_feed", "articles:tag_atom_feed")
AUTHOR_URL_NAMES = ("articles:author", "articles:author_feed", "articles:author_atom_feed")
SITE_URL_NAMES = (
    "articles:feed",
    "articles:atom_feed",
    "articles:sitemap_index",
    "articles:news_sitemap",
)


def site_wide(urls):
    """For each host among ``urls``, the URL that stands for all its pages (``…/*``).

    ``articles.purge.RetryingHTTPBackend`` sends it as a site-wide ban to
    Varnish; CloudFront reads ``/*`` as every path too. Other caches purge a
    URL no page has, and keep other pages until their ``s-maxage`` runs out.
    """
    return {
        urlunsplit((parts.scheme, parts.netloc, "/*", "", ""))
        for parts in map(urlsplit, urls)
        if parts.netloc
    }


def _reverse(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def story_urls(page, tags=None, authors=None):
    """Absolute URLs of the story and of every page that lists it."""
    page = page.specific
    site = page.get_site()
    if site is None:
        return set()
    root = site.root_url + "/"
    urls = {root}
    if page.get_url_parts() is not None:
        urls.add(page.get_full_url())
    urls |= _section_urls(page)
    tags = page.tags.all() if tags is None else tags
    if authors is None:
        authors = [byline.author for byline in page.bylines.select_related("author")]
    paths = [_reverse(name, tag.slug) for tag in tags for name in TAG_URL_NAMES]
    paths += [_reverse(name, author.slug) for author in authors for name in AUTHOR_URL_NAMES]
    paths += [_reverse(name) for name in SITE_URL_NAMES]
    paths.append(_reverse("articles:sitemap", "pages"))
    if getattr(page, "display_order_date", None):
        from .sitemaps import week_section

        paths.append(_reverse("articles:sitemap", week_section(page.display_order_date)))
    urls.update(urljoin(root, path) for path in paths if path)
    return urls


def linking_urls(page):
    """Absolute URLs of the live pages that link to ``page`` ('Read more', related links)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    sources = ReferenceIndex.get_references_to(page).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    ids = {int(object_id) for object_id in sources.values_list("object_id", flat=True)}
    ids.discard(page.pk)
    linking = Page.objects.live().filter(pk__in=ids)
    return {url for url in (source.get_full_url() for source in linking) if url}


def removal_urls(page):
    """What taking a story down invalidates: its listings and the pages linking to it."""
    return story_urls(page) | linking_urls(page)


def subtree_urls(page):
    """Every live page under ``page`` (itself included) and every listing of its stories.

    For a privacy change: the listings are found in a few queries, however many
    stories the subtree holds.
    """
    from taggit.models import Tag

    from .models import ArticlePage, Author, SectionPage

    stories = ArticlePage.objects.descendant_of(page, inclusive=True).live()
    tags = Tag.objects.filter(articles_articlepagetag_items__content_object__in=stories)
    authors = Author.objects.filter(bylines__page__in=stories)
    urls = story_urls(page, tags=tags.distinct(), authors=authors.distinct())
    site = page.get_site()
    if site is not None:
        from .sitemaps import week_section, weeks_under

        weeks = [_reverse("articles:sitemap", week_section(week)) for week in weeks_under(page)]
        urls.update(urljoin(site.root_url + "/", path) for path in weeks if path)
    urls.update(url for url in (p.get_full_url() for p in page.get_descendants().live()) if url)
    for section in SectionPage.objects.descendant_of(page, inclusive=True).live():
        section_url = section.get_full_url()
        if section_url:
            urls.update(section_url + suffix for suffix in LISTING_SUFFIXES)
    return urls


def _section_urls(page):
    from .models import SectionPage

    urls = set()
    for section in SectionPage.objects.ancestor_of(page):
        section_url = section.get_full_url()
        if section_url:
            urls.update(section_url + suffix for suffix in LISTING_SUFFIXES)
    return urls


# Server-side cache --------------------------------------------------------------
#
# Each cached path has a generation; a purge replaces the generation, which
# orphans every cached variant of the path (any query string) at once. A
# site-wide generation changes on every purge too: a page rendered while a publish
# was under way is not stored, since it may have read the old content.


def _generation_key(path):
    # By path alone: a purge covers the page under every host name it is served at.
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"newsroom:gen:{digest}"


SITE_GENERATION_KEY = "newsroom:gen:site"
EPOCH_KEY = "newsroom:gen:epoch"


CONTENT_GENERATION_KEY = "newsroom:gen:content"


def render_generation(request=None):
    """Changes whenever something a cached fragment of a reader page shows may have.

    Fragments (``{% wagtailpagecache %}`` in the templates) vary on their page
    and on this: the site generation and the epoch, which every purge moves
    on (a story published, unpublished, moved, deleted or made private; an
    author, photo, tag, section, site or the settings edited: see
    ``signal_handlers``), and the content generation (``content_changed``:
    what no purge follows). The route to a page (``articles.routing``) and the
    site for a host name (``articles.site_data``) are cached on it too.

    Read once per request when given one.
    """
    generation = getattr(request, "_newsroom_generation", None)
    if generation is None:
        keys = [SITE_GENERATION_KEY, EPOCH_KEY, CONTENT_GENERATION_KEY]
        found = cache.get_many(keys)
        generation = ".".join(found.get(key, "0") for key in keys)
        if request is not None:
            request._newsroom_generation = generation
    return generation


def content_changed(**kwargs):
    """Something fragments show changed: retire them now and again at commit.

    Now, so no fragment cached from here on outlives the change; at commit, so
    none rendered from the old rows while the transaction ran is used either.
    """
    from django.db import transaction

    def bump():
        cache.set(CONTENT_GENERATION_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def cache_timeout():
    return getattr(settings, "NEWSROOM_CACHE_TIMEOUT", 3600)


def page_key(host, path, query):
    digest = hashlib.sha256(f"{host}{path}?{query}".encode()).hexdigest()[:40]
    return f"newsroom:page:{digest}"


def _generations(found, path_key):
    path_generation = found.get(path_key, "0") + "." + found.get(EPOCH_KEY, "0")
    return path_generation, found.get(SITE_GENERATION_KEY, "0")


def current_generations(path):
    """(path generation, site generation): a cached copy is good while the first holds."""
    keys = [_generation_key(path), SITE_GENERATION_KEY, EPOCH_KEY]
    return _generations(cache.get_many(keys), keys[0])


def lookup(host, path, query):
    """(cached response or None, path generation, site generation), in one cache round trip.

    A page is stored with the path generation it was rendered under
    (``store``); a purge since then changed the generation, so the copy is
    not used.
    """
    key = page_key(host, path, query)
    path_key = _generation_key(path)
    found = cache.get_many([path_key, SITE_GENERATION_KEY, EPOCH_KEY, key])
    path_generation, site_generation = _generations(found, path_key)
    stored = found.get(key)
    response = stored[1] if stored and stored[0] == path_generation else None
    return response, path_generation, site_generation


def store(host, path, query, path_generation, response):
    cache.set(page_key(host, path, query), (path_generation, response), cache_timeout())


def invalidate_everything():
    """Orphan every cached page: for changes that can touch any page (privacy)."""
    fresh = uuid.uuid4().hex
    cache.set_many({EPOCH_KEY: fresh, SITE_GENERATION_KEY: fresh}, timeout=None)


def invalidate(urls):
    """Drop every cached variant of ``urls`` from the server-side cache."""
    fresh = uuid.uuid4().hex
    generations = {SITE_GENERATION_KEY: fresh}
    for url in urls:
        generations[_generation_key(unquote(urlsplit(url).path))] = fresh
    cache.set_many(generations, timeout=None)


def purge(urls):
    """Invalidate ``urls`` here and in the front-end cache."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = sorted(urls)
    invalidate(urls)
    try:
        purge_urls_from_cache(urls)
    except Exception:
        # The publish has happened; a failed purge must not undo it.
        logger.exception("Front-end cache purge failed for %d URLs", len(urls))
