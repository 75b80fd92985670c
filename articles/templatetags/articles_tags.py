from django import template
from django.core.cache import cache

from media.details import alt_of
from media.loading import load_photo_uses
from media.responsive import social_image

from .. import conf
from ..delivery import reads
from ..delivery.generation import cache_timeout, render_generation
from ..delivery.preview import is_preview
from ..delivery.sites import absolute_url, site_for_request
from ..models import ArticlePage, NewsroomSettings
from ..models.embargoes import embargo_moment
from ..models.querysets import TEASER_FIELDS
from ..presentation import bylines as _bylines
from ..presentation import dates, seo
from ..presentation.breaking import current_banner
from ..presentation.links import reverse_or_none
from ..presentation.navigation import mark_current, top_sections
from ..text import safe_href as _safe_href

register = template.Library()


@register.inclusion_tag("articles/includes/site_footer.html", takes_context=True)
def newsroom_footer(context):
    """Alternate addresses, app links, social accounts and policy pages from the site settings.

    Cached per settings until something pages show changes (the render generation).
    """
    request = context.get("request")
    newsroom = NewsroomSettings.for_request(request) if request is not None else None
    return {
        "newsroom": newsroom,
        # Called by the template only when its cached fragment is missing.
        "policies": (lambda: newsroom.policy_links(request)) if newsroom else (),
        "generation": render_generation(request),
        "timeout": cache_timeout(),
    }


@register.inclusion_tag("articles/includes/social_meta.html", takes_context=True)
def social_meta(context):
    """Open Graph and Twitter card tags for a page other than a story (whose tags are in
    its cached fragment): a section, tag, author or home page.

    From the view's ``social_meta`` (``title``, ``description``, ``path``, and
    optionally ``photo`` and ``og_type``), else from the context's Wagtail
    ``page``. The picture is ``photo``, else the listing's first story's lead
    photo, loaded with its social card (``listing_photos``): no query. URLs
    start with the Site's root URL, never with what the request says.
    """
    request = context.get("request")
    meta = context.get("social_meta")
    page = context.get("page")
    if request is None or (meta is None and page is None):
        return {"pairs": []}
    if meta is None:
        meta = {
            "title": page.seo_title or page.title,
            "description": page.search_description or getattr(page, "description", ""),
            "url": page.get_full_url(request),
        }
    url = meta.get("url") or (meta.get("path") and absolute_url(request, meta["path"]))
    if not url:
        return {"pairs": []}
    photo = meta.get("photo") or _first_story_photo(context)
    image = None
    if photo is not None:
        image = social_image(photo)
        image["url"] = absolute_url(request, image["url"])
        image["alt"] = alt_of(photo)
    newsroom = NewsroomSettings.for_request(request)
    return {
        "pairs": seo.page_open_graph(
            title=meta["title"],
            description=meta.get("description", ""),
            url=url,
            site_name=newsroom.publisher_display_name,
            image=image,
            og_type=meta.get("og_type", "website"),
        )
    }


def _first_story_photo(context):
    front = context.get("front")
    lead = front.lead if front is not None else None
    story = lead or context.get("lead_story") or next(iter(context.get("stories") or ()), None)
    return story.lead_photo if story is not None and story.lead_photo_id else None


@register.simple_tag(takes_context=True)
def publisher_json_ld(context):
    """The publisher as a NewsMediaOrganization JSON-LD block, on the site's home page only.

    With its logo and policy pages; kept in the cache while the render
    generation holds, so a home page costs no query for it.
    """
    request = context.get("request")
    page = context.get("page")
    site = site_for_request(request) if request is not None else None
    if site is None or page is None or page.pk != site.root_page_id:
        return ""
    newsroom = NewsroomSettings.for_request(request)
    generation = render_generation(request)
    key = f"newsroom:publisher-ld:{site.pk}"
    stored = cache.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    logo = load_photo_uses({"logo": [newsroom.publisher_logo_id]}).get(newsroom.publisher_logo_id)
    logo_url = social_image(logo, "logo")["url"] if logo else None
    html = seo.json_ld_script(
        seo.organization_data(newsroom, request, logo_url, newsroom.policy_links(request))
    )
    cache.set(key, (generation, html), cache_timeout())
    return html


@register.inclusion_tag("articles/includes/site_navigation.html", takes_context=True)
def newsroom_navigation(context):
    """The site's top-level sections (live, public, "Show in menus"), for the header.

    The section the page is in is marked ``aria-current``: ``"page"`` on its
    own page, ``"true"`` below it. On a phone the list folds into a menu
    that opens without JavaScript.
    """
    sections = top_sections(context.get("request"))
    return {"sections": mark_current(sections, context.get("page"))}


@register.inclusion_tag("articles/includes/footer_navigation.html", takes_context=True)
def newsroom_footer_navigation(context):
    """The same sections as ``newsroom_navigation``, as a plain list for the footer."""
    return {"sections": top_sections(context.get("request"))}


@register.simple_tag(takes_context=True)
def latest_stories(context, limit=5):
    """The site's newest ``limit`` stories a reader may see, as ``title``, ``url`` and
    ``published_at``: for a page with nothing else to offer (the 404 page).

    One query, then none while the render generation holds.
    """
    request = context.get("request")
    site = site_for_request(request) if request is not None else None
    if site is None:
        return []
    generation = render_generation(request)
    key = f"newsroom:latest:{site.pk}:{limit}"
    stored = cache.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    stories = (
        ArticlePage.objects.descendant_of(site.root_page).for_listing().only(*TEASER_FIELDS)[:limit]
    )
    latest = [
        {"title": story.title, "url": url, "published_at": story.published_at}
        for story in stories
        if (url := story.get_url(request=request))
    ]
    cache.set(key, (generation, latest), cache_timeout())
    return latest


@register.inclusion_tag("articles/includes/most_read.html", takes_context=True)
def newsroom_most_read(context, heading_level=2):
    """ "Most read in the last 24 hours" for the page: a story's section's list (or its
    site's), a section's own, the site's on its home page; one cache lookup, no query.

    The scheduler writes the lists (``articles.publishing.most_read``). Nothing
    is shown until a list has two stories, nor in a preview.
    """
    page = context.get("page")
    request = context.get("request")
    limit = conf.get("NEWSROOM_MOST_READ_LENGTH")
    if page is None or request is None or not limit or is_preview(request):
        return {"stories": []}
    step = page.steplen
    is_story = isinstance(page, ArticlePage)
    # Nearest first: the page's own list (a section or the home page), or its parent's,
    # then each section above, up to the site's root.
    first = len(page.path) - step if is_story else len(page.path)
    paths = [page.path[:end] for end in range(first, step, -step)]
    stories = reads.most_read(paths, exclude=page.pk if is_story else None, limit=limit)
    return {"stories": stories, "heading_level": heading_level}


@register.simple_tag
def newsroom_read_beacon(page):
    """Whether ``page`` sends the read beacon: a story, while "Most read" lists are shown."""
    return isinstance(page, ArticlePage) and bool(conf.get("NEWSROOM_MOST_READ_LENGTH"))


@register.simple_tag
def newsroom_read_sample():
    """One story page in this many sends the read beacon (``NEWSROOM_MOST_READ_SAMPLE``)."""
    return max(1, conf.get("NEWSROOM_MOST_READ_SAMPLE"))


@register.inclusion_tag("articles/includes/preview_banner.html", takes_context=True)
def preview_banner(context):
    """The "Preview: not published" banner on an admin preview of any page, the embargo's
    on a shared preview link; nothing for readers."""
    request = context.get("request")
    if not is_preview(request):
        return {"shown": False}
    page = context.get("page")
    link = getattr(request, "newsroom_preview_link", None)
    if link is not None:
        # A preview link's holder (``articles.views.shared_story``): the embargo's terms.
        moment = embargo_moment(link.story)
        return {
            "shown": True,
            "shared": True,
            "embargo": dates.reader_datetime(moment) if moment else "",
        }
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


@register.inclusion_tag("articles/includes/breaking_banner.html", takes_context=True)
def breaking_banner(context):
    """The site's breaking-news banner, as an ``<aside>``: nothing when there is none.

    Cached with the render generation (``articles.presentation.breaking``):
    no query on a warm render.
    """
    return {"banner": current_banner(context.get("request"))}
