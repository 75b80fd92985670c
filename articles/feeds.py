"""RSS 2.0 and Atom feeds of the latest stories: the site, a section, a tag, an author.

Every item carries its bylines, its section and tags as categories, its
first-publication and last-publication dates, and the lead photo's social card
(1200x630) both as an enclosure and as Media RSS ``media:content`` with the
photo's credit and the story's caption.

The feeds are built in a fixed number of queries however many stories they
list: bylines and tags are prefetched, photos and renditions come from one
``listing_photos`` call, and section names from one query on the stories' parents.
"""

import mimetypes
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page, Site

from media.loading import rendition as photo_rendition
from media.sizes import SIZES, fallback_spec

from . import conf
from .delivery.sites import absolute_url, site_root_url
from .models import (
    ArticleByline,
    ArticlePage,
    ArticlePageTag,
    Author,
    NewsroomSettings,
    StoryNote,
)
from .presentation.dates import reader_datetime
from .presentation.listings import listing_photos
from .presentation.notes import ordered_notes
from .text import has_nul, xml_text

MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
DUBLIN_CORE_NS = "http://purl.org/dc/elements/1.1/"


def feed_items():
    """How many stories a feed lists."""
    return conf.get("NEWSROOM_FEED_ITEMS")


# Titles, shared with the ``{% feed_links %}`` tag so a reader's feed list and
# the feed itself agree.


def site_feed_title(publisher):
    return str(publisher)


def section_feed_title(publisher, section):
    return f"{publisher}: {section.title}"


def tag_feed_title(publisher, tag):
    return f"{publisher}: {tag.name}"


def author_feed_title(publisher, author):
    return f"{publisher}: {author.name}"


def corrections_feed_title(publisher, section=None):
    if section is None:
        return _("%(publisher)s: corrections") % {"publisher": publisher}
    return _("%(publisher)s: corrections in %(section)s") % {
        "publisher": publisher,
        "section": section.title,
    }


# Feed generators -------------------------------------------------------------


def add_media_content(handler, image):
    """A Media RSS ``media:content`` element for a photo, with credit and caption."""
    if not image:
        return
    attrs = {
        "url": image.url,
        "medium": "image",
        "type": image.mime_type,
        "width": str(image.width),
        "height": str(image.height),
    }
    if image.length:
        attrs["fileSize"] = str(image.length)
    handler.startElement("media:content", attrs)
    if image.credit:
        handler.addQuickElement("media:credit", xml_text(image.credit))
    if image.caption:
        handler.addQuickElement("media:description", xml_text(image.caption), {"type": "plain"})
    handler.endElement("media:content")


class XmlSafeFeedMixin:
    """Drops characters XML cannot carry from every string of the feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_text(args), **{key: xml_text(v) for key, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_text(args), **{key: xml_text(v) for key, v in kwargs.items()})


class NewsroomRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per byline and Media RSS photos."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE_NS, "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item["updateddate"] is not None:
            # RSS has no update date of its own; Atom's is the common extension.
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        add_media_content(handler, item.get("image"))


class NewsroomAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    """Atom 1.0 with one ``author`` per byline and Media RSS photos."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        add_media_content(handler, item.get("image"))


# What the feeds list ------------------------------------------------------------


@dataclass
class FeedImage:
    url: str
    width: int
    height: int
    length: int
    mime_type: str
    credit: str
    caption: str


@dataclass
class FeedEntry:
    """One story with everything its feed item shows, loaded in bulk."""

    story: ArticlePage
    link: str
    authors: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    image: FeedImage | None = None
    notes: list = field(default_factory=list)


@dataclass
class FeedSource:
    """The subject of one feed request: what it lists and how it describes itself."""

    request: object
    newsroom: NewsroomSettings
    title: str
    link: str
    description: str
    stories: object  # an ArticlePage queryset, not yet limited or ordered


def social_rendition(photo):
    """The rendition ``media.responsive.social_image`` describes: the 1200x630 card."""
    return photo_rendition(photo, fallback_spec("social", SIZES["social"].widths[0]))


def rendition_size(rendition):
    try:
        return rendition.file.size
    except (OSError, ValueError):
        # A rendition whose file has gone missing still gets its URL listed.
        return 0


def feed_image(story, photo, request, sizes):
    rendition = social_rendition(photo)
    if rendition.pk not in sizes:
        sizes[rendition.pk] = rendition_size(rendition)
    return FeedImage(
        url=absolute_url(request, rendition.url),
        width=rendition.width,
        height=rendition.height,
        length=sizes[rendition.pk],
        mime_type=mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg",
        credit=story.lead_credit_text,
        caption=story.lead_caption_text,
    )


def feed_entries(stories, request):
    """``stories`` as ``FeedEntry`` objects, in a fixed number of queries."""
    stories = list(
        stories.prefetch_related(
            Prefetch("bylines", queryset=ArticleByline.objects.select_related("author")),
            "tags",
            "notes",
        )
    )
    photos = listing_photos(stories, ["social"])
    # A story's parent is its section (see ArticlePage.parent_page_types).
    parent_paths = {story.path[: -Page.steplen] for story in stories}
    section_titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    sizes = {}
    entries = []
    for story in stories:
        photo = photos.get(story.lead_photo_id)
        section = section_titles.get(story.path[: -Page.steplen])
        entries.append(
            FeedEntry(
                story=story,
                link=story.get_full_url(request),
                authors=[byline.author.name for byline in story.bylines.all()],
                categories=([section] if section else []) + [tag.name for tag in story.tags.all()],
                image=feed_image(story, photo, request, sizes) if photo is not None else None,
                notes=ordered_notes(story.notes.all()),
            )
        )
    return entries


class StoryFeed(Feed):
    """Base for the newsroom's RSS feeds; subclasses say which stories."""

    feed_type = NewsroomRssFeed
    # Served from the reader cache like the pages that list the same stories;
    # a publish purges the feeds it changes (``articles.publishing.urls``).
    newsroom_cacheable = True

    def get_object(self, request, *args, **kwargs):
        raise NotImplementedError

    def site_stories(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise ObjectDoesNotExist
        return ArticlePage.objects.descendant_of(site.root_page, inclusive=True)

    @staticmethod
    def publisher(request):
        return NewsroomSettings.for_request(request).publisher_display_name

    def source(self, request, *, title, link, description, stories):
        return FeedSource(
            request=request,
            newsroom=NewsroomSettings.for_request(request),
            title=title,
            link=link,
            description=description,
            stories=stories,
        )

    def narrowed_source(self, request, *, title, url, description, matching):
        """The site's stories for which a ``matching`` row exists (a tag's, an author's).

        ``url`` is the listing's path.
        """
        return self.source(
            request,
            title=title,
            link=absolute_url(request, url),
            description=description,
            stories=self.site_stories(request).filter(Exists(matching)),
        )

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django reads the language from the class; a site's setting says it here.
        feed.feed["language"] = obj.newsroom.language
        return feed

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        # Absolute, so Django does not put the request's Host in front of it.
        return absolute_url(obj.request, obj.request.path)

    def description(self, obj):
        return obj.description

    def subtitle(self, obj):
        return obj.description

    def author_name(self, obj):
        return obj.newsroom.publisher_display_name

    def items(self, obj):
        return feed_entries(obj.stories.for_listing()[: feed_items()], obj.request)

    def item_title(self, entry):
        return entry.story.title

    def item_description(self, entry):
        # Feed descriptions are HTML; the summary and the notes are plain text.
        return escape(entry.story.summary) + "".join(note_html(note) for note in entry.notes)

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.story.published_at

    def item_updateddate(self, entry):
        return entry.story.last_published_at

    def item_categories(self, entry):
        return entry.categories

    def item_enclosures(self, entry):
        image = entry.image
        if image is None:
            return []
        return [Enclosure(url=image.url, length=str(image.length), mime_type=image.mime_type)]

    def item_extra_kwargs(self, entry):
        return {"authors": entry.authors, "image": entry.image}


class SiteFeed(StoryFeed):
    def get_object(self, request):
        publisher = self.publisher(request)
        return self.source(
            request,
            title=site_feed_title(publisher),
            link=site_root_url(request) + "/",
            description=_("The latest stories from %(publisher)s.") % {"publisher": publisher},
            stories=self.site_stories(request),
        )


class SectionFeed(StoryFeed):
    """A section's stories, its sub-sections' included."""

    def get_object(self, request, section):
        return self.source(
            request,
            title=section_feed_title(self.publisher(request), section),
            link=section.get_full_url(request),
            description=section.description
            or _("The latest stories in %(section)s.") % {"section": section.title},
            stories=ArticlePage.objects.descendant_of(section),
        )


class TagFeed(StoryFeed):
    def get_object(self, request, slug):
        if has_nul(slug):
            raise ObjectDoesNotExist
        tag = Tag.objects.get(slug=slug)
        if not ArticlePage.objects.shows_tag(tag):
            raise ObjectDoesNotExist
        return self.narrowed_source(
            request,
            title=tag_feed_title(self.publisher(request), tag),
            url=reverse("articles:tag", args=[tag.slug]),
            description=_("The latest stories about %(tag)s.") % {"tag": tag.name},
            matching=ArticlePageTag.objects.filter(content_object=OuterRef("pk"), tag=tag),
        )


class AuthorFeed(StoryFeed):
    def get_object(self, request, slug):
        if has_nul(slug):
            raise ObjectDoesNotExist
        author = Author.objects.get(slug=slug)
        if not ArticlePage.objects.shows_author(author):
            raise ObjectDoesNotExist
        return self.narrowed_source(
            request,
            title=author_feed_title(self.publisher(request), author),
            url=reverse("articles:author", args=[author.slug]),
            description=_("The latest stories by %(author)s.") % {"author": author.name},
            matching=ArticleByline.objects.filter(page=OuterRef("pk"), author=author),
        )


def note_html(note):
    """A story note as a paragraph of a feed item: its kind, its date, its text."""
    return (
        f"<p><strong>{escape(note.get_kind_display())}</strong>, "
        f"{escape(reader_datetime(note.noted_at))}: {escape(note.text)}</p>"
    )


class CorrectionsFeed(StoryFeed):
    """The site's corrections and clarifications, newest first: one item per note."""

    def notes_source(self, request, *, title, link, stories):
        return self.source(
            request,
            title=title,
            link=link,
            description=_("Corrections and clarifications to stories from %(publisher)s.")
            % {"publisher": self.publisher(request)},
            stories=stories,
        )

    def get_object(self, request):
        return self.notes_source(
            request,
            title=corrections_feed_title(self.publisher(request)),
            link=absolute_url(request, reverse("articles:corrections")),
            stories=self.site_stories(request),
        )

    def items(self, obj):
        notes = StoryNote.objects.listed(obj.stories)[: feed_items()]
        return [(note, note.page.get_full_url(obj.request)) for note in notes]

    def item_title(self, item):
        note, _link = item
        return f"{note.get_kind_display()}: {note.page.title}"

    def item_description(self, item):
        return note_html(item[0])

    def item_link(self, item):
        note, link = item
        return f"{link}#{note.anchor}"

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item[0].noted_at

    def item_updateddate(self, item):
        return item[0].noted_at

    def item_categories(self, item):
        return [item[0].get_kind_display()]

    def item_enclosures(self, item):
        return []

    def item_extra_kwargs(self, item):
        return {}


class SectionCorrectionsFeed(CorrectionsFeed):
    def get_object(self, request, section):
        return self.notes_source(
            request,
            title=corrections_feed_title(self.publisher(request), section),
            link=section.get_full_url(request) + section.reverse_subpage("corrections"),
            stories=ArticlePage.objects.descendant_of(section),
        )


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = NewsroomAtomFeed


class SectionCorrectionsAtomFeed(SectionCorrectionsFeed):
    feed_type = NewsroomAtomFeed


class SiteAtomFeed(SiteFeed):
    feed_type = NewsroomAtomFeed


class SectionAtomFeed(SectionFeed):
    feed_type = NewsroomAtomFeed


class TagAtomFeed(TagFeed):
    feed_type = NewsroomAtomFeed


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsroomAtomFeed
