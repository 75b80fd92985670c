"""``{% feed_links %}``: feed autodiscovery links for the head of a reader page."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from taggit.models import Tag

from ..feeds import (
    author_feed_title,
    corrections_feed_title,
    section_feed_title,
    site_feed_title,
    tag_feed_title,
)
from ..models import ArticlePage, Author, NewsroomSettings, SectionPage
from ..presentation.links import reverse_or_none

register = template.Library()


@dataclass(frozen=True)
class FeedLink:
    title: str
    rss_url: str
    atom_url: str


def _reverse_pair(rss_name, atom_name, args=()):
    urls = reverse_or_none(rss_name, *args), reverse_or_none(atom_name, *args)
    return urls if all(urls) else None


def _section_of(page):
    if isinstance(page, SectionPage):
        return page
    if isinstance(page, ArticlePage):
        return page.section
    return None


def feed_links_for(context):
    """The feeds a reader of this page may want: the site's, then the narrowest."""
    request = context.get("request")
    newsroom = NewsroomSettings.for_request(request) if request is not None else None
    publisher = newsroom.publisher_display_name if newsroom else settings.WAGTAIL_SITE_NAME

    links = []
    urls = _reverse_pair("articles:feed", "articles:atom_feed")
    if urls:
        links.append(FeedLink(site_feed_title(publisher), *urls))

    section = _section_of(context.get("page"))
    section_url = resolver = None
    if section is not None:
        # The section may be a plain Page from the routing chain: its URL
        # comes from the page, the sub-paths from SectionPage's routes.
        section_url = section.get_url(request)
        if section_url:
            resolver = SectionPage.get_resolver()
            links.append(
                FeedLink(
                    section_feed_title(publisher, section),
                    section_url + resolver.reverse("rss_feed"),
                    section_url + resolver.reverse("atom_feed"),
                )
            )

    if context.get("corrections_listing"):
        # A corrections page: its own feed, the site's or the section's.
        if section is None:
            urls = _reverse_pair("articles:corrections_feed", "articles:corrections_atom_feed")
        elif section_url:
            urls = tuple(
                section_url + resolver.reverse(name)
                for name in ("corrections_feed", "corrections_atom_feed")
            )
        else:
            urls = None
        if urls:
            links.append(FeedLink(corrections_feed_title(publisher, section), *urls))

    tag = context.get("tag")
    if isinstance(tag, Tag):
        urls = _reverse_pair("articles:tag_feed", "articles:tag_atom_feed", [tag.slug])
        if urls:
            links.append(FeedLink(tag_feed_title(publisher, tag), *urls))

    author = context.get("author")
    if isinstance(author, Author):
        urls = _reverse_pair("articles:author_feed", "articles:author_atom_feed", [author.slug])
        if urls:
            links.append(FeedLink(author_feed_title(publisher, author), *urls))
    return links


@register.inclusion_tag("articles/feeds/feed_links.html", takes_context=True)
def feed_links(context):
    """``<link rel="alternate">`` tags for the RSS and Atom feeds of this page."""
    return {"feed_links": feed_links_for(context)}
