"""Metadata for machines: schema.org NewsArticle JSON-LD and Open Graph tags."""

import json

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..delivery.sites import absolute_url, site_root_url
from ..text import safe_href
from .links import reverse_or_none

# ``articles.models.CORRECTING_KINDS`` by stored value: this layer sits below the models.
CORRECTING_KINDS = ("correction", "clarification")

# The schema.org type of each ``ArticlePage.story_type`` (by stored value: this
# layer sits below the models). Interviews, obituaries and plain news
# are NewsArticle: schema.org has no type for the first two, and
# ReportageNewsArticle claims first-hand reporting by the newsroom, which a
# wire brief or a desk rewrite is not; NewsArticle promises nothing it cannot
# keep, and search engines treat the subtypes as it. A fact check is a
# NewsArticle with a ClaimReview beside it (``claim_review_data``); sponsored
# content is no news: AdvertiserContentArticle is schema.org's paid article.
SCHEMA_TYPES = {
    "news": "NewsArticle",
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "review": "ReviewNewsArticle",
    "explainer": "BackgroundNewsArticle",
    "interview": "NewsArticle",
    "obituary": "NewsArticle",
    "fact_check": "NewsArticle",
    "sponsored": "AdvertiserContentArticle",
}
# ``ArticlePage.claim_rating``'s scale (``ClaimRating``), false to true.
WORST_RATING, BEST_RATING = 1, 5

# Characters that could end a <script> element or open a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` as a JSON-LD script element, safe for any string inside it."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def json_ld_scripts(blocks):
    """Each of ``blocks`` as its own JSON-LD script element, skipping the empty ones."""
    return format_html_join("\n", "{}", ((json_ld_script(data),) for data in blocks if data))


def person_or_org(author, request):
    """An author as schema.org ``Person`` (or ``Organization`` for an agency): ``url`` their
    page on this site (else their own site), ``sameAs`` their accounts elsewhere."""
    data = {
        "@type": "Organization" if author.is_organization else "Person",
        "name": author.name,
    }
    if author.role and not author.is_organization:
        data["jobTitle"] = author.role
    page = reverse_or_none("articles:author", author.slug)
    if page:
        data["url"] = absolute_url(request, page)
    elif safe_href(author.url):
        data["url"] = author.url
    if same_as := author.same_as:
        data["sameAs"] = same_as
    return data


def publisher_data(newsroom, request, logo_url=None, policies=()):
    """The publisher as schema.org ``NewsMediaOrganization``, with its policy pages
    (``NewsroomSettings.policy_links``: each a schema.org property and a URL)."""
    data = {"@type": "NewsMediaOrganization", "name": newsroom.publisher_display_name}
    data["url"] = site_root_url(request) + "/"
    if logo_url:
        data["logo"] = {"@type": "ImageObject", "url": absolute_url(request, logo_url)}
    for policy in policies:
        data[policy["property"]] = absolute_url(request, policy["url"])
    return data


def organization_data(newsroom, request, logo_url=None, policies=()):
    """The publisher on its own, as a JSON-LD document (the home page's)."""
    return {
        "@context": "https://schema.org",
        **publisher_data(newsroom, request, logo_url, policies),
    }


def image_objects(request, images, *, caption="", credit=""):
    """schema.org ``ImageObject``s for ``images`` (url, width, height), the same photo's
    crops, with its caption and credit."""
    objects = []
    for image in images:
        data = {
            "@type": "ImageObject",
            "url": absolute_url(request, image["url"]),
            "width": image["width"],
            "height": image["height"],
        }
        if caption:
            data["caption"] = caption
        if credit:
            data["creditText"] = credit
        objects.append(data)
    return objects


def modified_at(page, notes=()):
    """The story's last change for machines: its last publish, or a later note's date."""
    dates = [page.modified_at] + [note.noted_at for note in notes if note.noted_at]
    return max(date for date in dates if date is not None)


def corrections_data(notes):
    """schema.org ``correction``: the story's corrections and clarifications, oldest first."""
    return [
        {
            "@type": "CorrectionComment",
            "datePublished": note.noted_at.isoformat(),
            "text": note.text,
        }
        for note in notes
        if note.kind in CORRECTING_KINDS
    ]


def article_data(
    page, request, *, bylines, tags, newsroom, images, logo_url=None, notes=(), policies=()
):
    """schema.org NewsArticle (or its subtype for the story type), from what the view
    already loaded: ``images`` the lead photo's crops (``media.responsive.article_images``)."""
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(page.story_type, "NewsArticle"),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title,
        "description": page.summary,
        "inLanguage": newsroom.language,
        "publisher": publisher_data(newsroom, request, logo_url, policies),
    }
    if page.published_at:
        data["datePublished"] = page.published_at.isoformat()
        # Every publish, typo fixes included; readers' "Updated" is ``updated_at``.
        data["dateModified"] = modified_at(page, notes).isoformat()
    if corrections := corrections_data(notes):
        data["correction"] = corrections
    if images:
        data["image"] = image_objects(
            request, images, caption=page.lead_caption_text, credit=page.lead_credit_text
        )
    if bylines:
        data["author"] = [person_or_org(byline.author, request) for byline in bylines]
    else:
        data["author"] = publisher_data(newsroom, request)
    if page.section is not None:
        data["articleSection"] = page.section.title
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    if page.dateline:
        data["locationCreated"] = {"@type": "Place", "name": page.dateline}
    return data


def claim_review_data(page, request, *, newsroom):
    """schema.org ClaimReview for a fact check with its claim, rating and claimant; else None.

    Its author is the newsroom that checked the claim, as Google asks, not the
    claim's author, who is the reviewed Claim's.
    """
    if not (page.is_fact_check and page.claim_reviewed and page.claim_rating and page.claim_author):
        return None
    claim = {
        "@type": "Claim",
        "author": {
            "@type": "Organization" if page.claim_author_is_organization else "Person",
            "name": page.claim_author,
        },
    }
    if page.claim_date:
        claim["datePublished"] = page.claim_date.isoformat()
    if safe_href(page.claim_url):
        claim["appearance"] = {"@type": "CreativeWork", "url": page.claim_url}
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page.get_full_url(request),
        "claimReviewed": page.claim_reviewed,
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": page.claim_rating,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": str(page.claim_rating_label),
        },
        "author": publisher_data(newsroom, request),
    }
    if page.published_at:
        data["datePublished"] = page.published_at.isoformat()
    return data


def open_graph(page, request, *, tags, image, site_name, notes=()):
    """(property, content) pairs for Open Graph and Twitter card meta tags."""
    url = page.get_full_url(request)
    pairs = [
        ("og:type", "article"),
        ("og:site_name", site_name),
        ("og:title", page.title),
        ("og:description", page.summary),
        ("og:url", url),
    ]
    if image is not None:
        pairs += [
            ("og:image", absolute_url(request, image["url"])),
            ("og:image:width", str(image["width"])),
            ("og:image:height", str(image["height"])),
            ("og:image:alt", image["alt"]),
        ]
    if page.published_at:
        pairs.append(("article:published_time", page.published_at.isoformat()))
        pairs.append(("article:modified_time", modified_at(page, notes).isoformat()))
    if page.section is not None:
        pairs.append(("article:section", page.section.title))
    pairs += [("article:tag", tag.name) for tag in tags]
    return pairs


def twitter_card(page, image):
    pairs = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", page.title),
        ("twitter:description", page.summary),
    ]
    if image is not None:
        pairs.append(("twitter:image:alt", image["alt"]))
    return pairs


def page_open_graph(*, title, description, url, site_name, image=None, og_type="website"):
    """(property, content) pairs of Open Graph and Twitter card tags for a page other than
    a story (a section, tag, author or home page); ``image`` as ``social_image`` gives it,
    with its ``alt``."""
    pairs = [
        ("og:type", og_type),
        ("og:site_name", site_name),
        ("og:title", title),
        ("og:url", url),
    ]
    if description:
        pairs.append(("og:description", description))
    if image is not None:
        pairs += [
            ("og:image", image["url"]),
            ("og:image:width", str(image["width"])),
            ("og:image:height", str(image["height"])),
            ("og:image:alt", image["alt"]),
        ]
    pairs += [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
    ]
    if description:
        pairs.append(("twitter:description", description))
    if image is not None:
        pairs.append(("twitter:image:alt", image["alt"]))
    return pairs
