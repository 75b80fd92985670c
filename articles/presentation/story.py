"""A story's page: everything it shows besides its own fields, read only when a fragment needs it.

The article template caches its fragments (``{% wagtailpagecache %}``, varying
on ``newsroom_generation``); a render whose fragments are all cached reads
none of the bylines, tags, related stories, photos or metadata.
"""

import copy
import operator
from functools import partial
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.embeds.models import Embed

from media.details import alt_of
from media.loading import load_photo_uses
from media.responsive import article_images, social_image
from media.sizes import ARTICLE_IMAGE_SIZES

from .. import conf
from ..delivery.generation import cache_timeout, render_generation
from ..delivery.loaded import load_pages, loaded_pages, loaded_photos
from ..delivery.preview import is_preview
from . import seo
from .listings import attach_photos
from .notes import ordered_notes, placed
from .share import share_links

# What a story's page shows besides its own fields (``render_inputs``).
RENDER_INPUTS = (
    "lead_photo",
    "bylines",
    "notes_top",
    "notes_bottom",
    "tags",
    "related_links",
    "related_stories",
    "newsroom_photos",
    "newsroom_embeds",
    "canonical_url",
    "share_links",
    "open_graph",
    "json_ld",
)


def story_context(page, request, newsroom):
    """The context a story's template adds to Wagtail's, each input lazy."""
    context = {}
    dated = as_readers_will_see(page, request)
    if dated is not page:
        page = context["page"] = context["self"] = dated
    inputs = SimpleLazyObject(lambda: render_inputs(page, request, newsroom))
    context.update(
        {name: SimpleLazyObject(partial(operator.getitem, inputs, name)) for name in RENDER_INPUTS}
    )
    context.update(
        {
            "breadcrumbs": page.get_breadcrumbs(),
            "show_breadcrumbs": conf.get("NEWSROOM_BREADCRUMBS"),
            "newsroom_generation": render_generation(request),
            "newsroom_fragment_timeout": cache_timeout(),
        }
    )
    return context


def as_readers_will_see(page, request):
    """``page``, or in a preview of a story never published, a copy dated as it will go out.

    Such a story has no publication time yet, and would show its draft's
    creation as "Published". Readers will see its display date if it has one,
    else the time it goes live: the scheduled time, or now for a publish now.
    The copy is never saved; the page a preview was made from stays as it is.
    """
    if not is_preview(request) or page.first_published_at is not None:
        return page
    now = timezone.now()
    scheduled = page.go_live_at if page.go_live_at and page.go_live_at > now else None
    dated = copy.copy(page)
    dated.first_published_at = scheduled or now
    return dated


def related_cards(links):
    """Hand-picked related links as cards: a story as its teaser, any other link by its host.

    A picked story is shown as the automatic related stories are (photo,
    type, headline, summary, date), under the editor's link text if given.
    """
    return [
        {
            "href": link.value.href,
            "text": link.value.text,
            "story": link.value.story,
            "headline": link.value.get("title") or "",
            "host": urlsplit(link.value.href).hostname or "" if link.value.is_external else "",
            "is_external": link.value.is_external,
        }
        for link in links
    ]


def render_inputs(page, request, newsroom):
    """Everything the story's page shows besides the page's own fields (``RENDER_INPUTS``).

    The pages it links to (its related links, its body's "Read more" lists)
    and the publisher's policy pages are read in one query, before the
    blocks that show them are.
    """
    policy_ids = newsroom.policy_pages_to_read(request)
    linked = linked_page_ids(page)
    ids = {*linked, *policy_ids}
    pages = load_pages(ids) if ids else {}
    if policy_ids:
        # Only when read here: were the cached links to lapse meanwhile, an
        # empty set would be cached as the site having no public policy page.
        newsroom.newsroom_policy_pages = {pk: pages[pk] for pk in policy_ids if pk in pages}
    try:
        with loaded_pages(pages):
            return _render_inputs(page, request, newsroom)
    finally:
        newsroom.__dict__.pop("newsroom_policy_pages", None)


def linked_page_ids(page):
    """The ids of the pages the story's links choose, read from their stored form."""

    def chosen(link):
        return [link.get("page")] if isinstance(link, dict) and link.get("page") else []

    ids = []
    for item in page.related_links.raw_data:
        if item["type"] == "link":
            ids += chosen(item.get("value"))
    for item in page.body.raw_data:
        if item["type"] == "related_links" and isinstance(item.get("value"), dict):
            for link in item["value"].get("links") or []:
                # A list item is stored as {"type": "item", "value": ...}, or bare (older).
                value = link.get("value") if isinstance(link, dict) and "type" in link else link
                ids += chosen(value)
    return ids


def _render_inputs(page, request, newsroom):
    bylines = list(page.bylines.select_related("author"))
    tags = list(page.tags.all())
    notes = ordered_notes(page.notes.all())
    related_links = [link for link in page.related_links if link.value.href]
    linked_stories = [link.value.story for link in related_links if link.value.story]
    related_stories = [] if page.related_links else page.get_related_stories(tags)
    photos = load_photo_uses(
        {
            "lead": [page.lead_photo_id],
            "inline": inline_photo_ids(page),
            "social": [page.share_image_id or page.lead_photo_id],
            **{name: [page.lead_photo_id] for name in ARTICLE_IMAGE_SIZES},
            "logo": [newsroom.publisher_logo_id],
            "avatar": [byline.author.photo_id for byline in bylines],
            "teaser": [story.lead_photo_id for story in [*related_stories, *linked_stories]],
        }
    )
    with loaded_photos(photos):
        # The body's photo blocks take theirs from these: no query of their own.
        list(page.body)
    # Reuse the loaded photos for the foreign keys so templates cost no query.
    attach_photos([page], "lead_photo", photos)
    attach_photos([page], "share_image", photos)
    attach_photos([*related_stories, *linked_stories], "lead_photo", photos)
    attach_photos([byline.author for byline in bylines], "photo", photos)
    inputs = {
        "lead_photo": photos.get(page.lead_photo_id),
        "bylines": bylines,
        "notes_top": placed(notes, "top"),
        "notes_bottom": placed(notes, "bottom"),
        "tags": tags,
        "related_links": related_cards(related_links),
        "related_stories": related_stories,
        "newsroom_photos": photos,
        "newsroom_embeds": embeds_of(page),
        **machine_metadata(page, request, bylines, tags, newsroom, photos, notes),
    }
    if getattr(request, "newsroom_preview_link", None) is not None:
        # A preview link's holder is asked not to pass the story on: nothing offers to.
        inputs["share_links"] = []
    return inputs


def inline_photo_ids(page):
    """The ids of the photos the body's photo blocks show, read from its stored form.

    The photos are loaded once, with their renditions, before the body is read.
    """
    return [
        item["value"].get("photo")
        for item in page.body.raw_data
        if item["type"] == "inline_photo" and isinstance(item.get("value"), dict)
    ]


def machine_metadata(page, request, bylines, tags, newsroom, photos, notes=()):
    """Canonical URL, share links, Open Graph, Twitter card and JSON-LD."""
    photo = page.social_photo
    image = social_image(photos.get(photo.pk, photo)) if photo else None
    if image is not None:
        is_lead = photo.pk == page.lead_photo_id
        image["alt"] = page.lead_use.alt if is_lead else alt_of(photo)
    logo = photos.get(newsroom.publisher_logo_id)
    logo_url = social_image(logo, "logo")["url"] if logo else None
    lead = photos.get(page.lead_photo_id)
    policies = newsroom.policy_links(request)
    canonical = page.get_full_url(request)
    return {
        "canonical_url": canonical,
        "share_links": share_links(canonical, page.title, newsroom.share_network_keys),
        "open_graph": seo.open_graph(
            page,
            request,
            tags=tags,
            image=image,
            site_name=newsroom.publisher_display_name,
            notes=notes,
        )
        + seo.twitter_card(page, image),
        "json_ld": seo.json_ld_scripts(
            [
                seo.article_data(
                    page,
                    request,
                    bylines=bylines,
                    tags=tags,
                    newsroom=newsroom,
                    images=article_images(lead) if lead else [],
                    logo_url=logo_url,
                    notes=notes,
                    policies=policies,
                ),
                seo.claim_review_data(page, request, newsroom=newsroom),
            ]
        ),
    }


def embeds_of(page):
    """The fetched embeds of the story's embed blocks, by URL (fetched at publish)."""
    urls = {block.value.url for block in page.body if block.block_type == "embed" and block.value}
    if not urls:
        return {}
    return {embed.url: embed for embed in Embed.objects.filter(url__in=urls, max_width=None)}
