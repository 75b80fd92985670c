"""Which URLs a change touches: a story's page and every page that lists it.

A story appears on its own page and on every page that lists it: the home
page, its sections up the tree (their ``get_cached_paths()``: the listing and
its feeds), its tag and author pages, the feeds and the sitemaps.
"""

from urllib.parse import urljoin, urlsplit, urlunsplit

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex

from ..models import ArticlePage, Author, SectionPage
from ..presentation.links import reverse_or_none
from ..sitemaps.weeks import week_section, weeks_under

TAG_URL_NAMES = ("articles:tag", "articles:tag_feed", "articles:tag_atom_feed")
AUTHOR_URL_NAMES = ("articles:author", "articles:author_feed", "articles:author_atom_feed")
SITE_URL_NAMES = (
    "articles:feed",
    "articles:atom_feed",
    # A story's notes change with its publish; its withdrawal takes them off.
    "articles:corrections",
    "articles:corrections_feed",
    "articles:corrections_atom_feed",
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


def cached_urls(page):
    """The URLs a front-end cache keeps of ``page``: its own and its ``get_cached_paths()``."""
    page_url = page.get_full_url()
    if page_url is None:
        return set()
    return {page_url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()}


def story_urls(page, tags=None, authors=None):
    """Absolute URLs of the story and of every page that lists it."""
    page = page.specific
    site = page.get_site()
    if site is None:
        return set()
    root = site.root_url + "/"
    urls = {root} | cached_urls(page)
    for section in SectionPage.objects.ancestor_of(page):
        urls |= cached_urls(section)
    tags = page.tags.all() if tags is None else tags
    if authors is None:
        authors = [byline.author for byline in page.bylines.select_related("author")]
    paths = [reverse_or_none(name, tag.slug) for tag in tags for name in TAG_URL_NAMES]
    paths += [reverse_or_none(name, author.slug) for author in authors for name in AUTHOR_URL_NAMES]
    paths += [reverse_or_none(name) for name in SITE_URL_NAMES]
    paths.append(reverse_or_none("articles:sitemap", "pages"))
    if getattr(page, "display_order_date", None):
        paths.append(reverse_or_none("articles:sitemap", week_section(page.display_order_date)))
    urls.update(urljoin(root, path) for path in paths if path)
    return urls


def linking_urls(page):
    """Absolute URLs of the live pages that link to ``page`` ('Read more', related links)."""
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
    stories = ArticlePage.objects.descendant_of(page, inclusive=True).live()
    tags = Tag.objects.filter(newsroom_articles_articlepagetag_items__content_object__in=stories)
    authors = Author.objects.filter(bylines__page__in=stories)
    urls = story_urls(page, tags=tags.distinct(), authors=authors.distinct())
    site = page.get_site()
    if site is not None:
        weeks = [
            reverse_or_none("articles:sitemap", week_section(week)) for week in weeks_under(page)
        ]
        urls.update(urljoin(site.root_url + "/", path) for path in weeks if path)
    urls.update(url for url in (p.get_full_url() for p in page.get_descendants().live()) if url)
    for section in SectionPage.objects.descendant_of(page, inclusive=True).live():
        urls |= cached_urls(section)
    return urls
