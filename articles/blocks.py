"""Body blocks an editor puts together into a story."""

import copy
import datetime
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from django.forms.utils import ErrorList
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.embeds.blocks import EmbedValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import check_url

from .safety import safe_href

# Rich text in a story body: what a reporter needs, nothing that breaks layout.
BODY_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# The elements and attributes each feature lets the editor write, in the
# database format; paragraphs and line breaks come with every rich text.
FEATURE_ELEMENTS = {
    "bold": {"b": set()},
    "italic": {"i": set()},
    "link": {"a": {"href", "linktype", "id"}},
    "ol": {"ol": set(), "li": set()},
    "ul": {"ul": set(), "li": set()},
}
BLOCK_KEY = "data-block-key"


class _RichTextChecker(HTMLParser):
    """Finds the first thing in database-format rich text that ``features`` do not allow."""

    def __init__(self, features):
        super().__init__(convert_charrefs=True)
        self.allowed = {"p": set(), "br": set()}
        for feature in features:
            for tag, attrs in FEATURE_ELEMENTS.get(feature, {}).items():
                self.allowed.setdefault(tag, set()).update(attrs)
        self.problem = None

    def found(self, problem):
        self.problem = self.problem or problem

    def handle_starttag(self, tag, attrs):
        if tag not in self.allowed:
            return self.found(f"<{tag}>")
        for name, value in attrs:
            if name not in self.allowed[tag] | {BLOCK_KEY}:
                self.found(f"the {name} attribute of <{tag}>")
            elif name == "href" and not check_url(value or ""):
                self.found(f"the link to {value[:80]}")
            elif name == "linktype" and value != "page":
                self.found(f"a link of type {value}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.found("an HTML comment")

    def handle_decl(self, decl):
        self.found(f"<!{decl}>")

    def handle_pi(self, data):
        self.found(f"<?{data}>")

    def unknown_decl(self, data):
        self.found(f"<![{data}]>")


def rich_text_problem(html, features):
    """What in ``html`` the rich-text ``features`` do not allow, or ``None``."""
    checker = _RichTextChecker(features)
    try:
        checker.feed(html)
        checker.close()
    except AssertionError:
        # html.parser gives up on some malformed declarations ("<![x[").
        return "malformed markup"
    return checker.problem


class ParagraphBlock(blocks.RichTextBlock):
    """A paragraph (or a few) of reporting."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_FEATURES)
        super().__init__(**kwargs)

    def to_python(self, value):
        # Stored rich text is a string; anything else is no text at all.
        return super().to_python(value if isinstance(value, str) else "")

    def clean(self, value):
        # The editor's widget cleans what it saves; rich text set in code, by an
        # import or a fixture was never cleaned, so it must already be clean.
        value = super().clean(value)
        problem = rich_text_problem(value.source, self.features or BODY_FEATURES)
        if problem:
            raise ValidationError(
                _("Paragraphs may only have bold, italic, links and lists; remove %(what)s.")
                % {"what": problem}
            )
        return value

    def get_api_representation(self, value, context=None):
        # Readers of the API get links as real URLs, not Wagtail's database tags.
        return expand_db_html(value.source) if value else ""

    class Meta:
        icon = "pilcrow"
        template = "articles/blocks/paragraph_block.html"
        help_text = _("Paragraphs of reporting. Use bold sparingly; links open in the same tab.")
        preview_value = (
            "<p>Officials in <b>Ankara</b> confirmed the delivery on Tuesday, "
            "two weeks ahead of the schedule announced in spring.</p>"
        )
        preview_description = _("Body text with basic formatting and links.")


class HeadingBlock(blocks.CharBlock):
    """A cross-heading that breaks a long story into parts."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    class Meta:
        icon = "title"
        template = "articles/blocks/heading_block.html"
        help_text = _("A short cross-heading for a new part of the story.")
        preview_value = "What happens next"
        form_classname = "title"


def readable(block, raw):
    """``raw`` if ``block.to_python`` can read it, else the empty value in its place.

    Stored values come from code, imports and migrations as well as the editor:
    one of the wrong shape must fail validation, or show as empty, rather than
    fail the whole page.
    """
    if isinstance(block, blocks.StructBlock):
        return raw if isinstance(raw, dict) else {}
    if isinstance(block, blocks.ListBlock):
        return raw if isinstance(raw, list) else []
    if isinstance(block, blocks.ChooserBlock):
        # A primary key; anything else (or one no database column holds) finds nothing.
        is_id = isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw < 2**31
        return raw if is_id else None
    if isinstance(block, blocks.DateBlock):
        if isinstance(raw, datetime.date) or raw is None:
            return raw
        try:
            return raw if isinstance(raw, str) and parse_date(raw) else None
        except ValueError:  # well-formed but impossible, as 2024-02-30
            return None
    return raw


class StoredStructBlock(blocks.StructBlock):
    """A StructBlock that reads stored values of the wrong shape as empty fields."""

    def _readable(self, value):
        if not isinstance(value, dict):
            return {}
        return {
            name: readable(self.child_blocks[name], raw) if name in self.child_blocks else raw
            for name, raw in value.items()
        }

    def to_python(self, value):
        return super().to_python(self._readable(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._readable(value) for value in values])


class QuoteValue(blocks.StructValue):
    @property
    def source_href(self):
        return safe_href(self.get("source_url")) or None


class QuoteBlock(StoredStructBlock):
    """A statement with the person who made it, their role and, for quotes
    taken from another outlet, who reported it."""

    text = blocks.TextBlock(
        label=_("Quote"), help_text=_("The words as said, without quotation marks.")
    )
    speaker = blocks.CharBlock(max_length=120, help_text=_("Who said it, e.g. 'Mevlüt Çavuşoğlu'."))
    role = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text=_("Their role, e.g. 'Foreign Minister'."),
    )
    said_on = blocks.DateBlock(required=False, help_text=_("When it was said, if not today."))
    source_name = blocks.CharBlock(
        max_length=120,
        required=False,
        label=_("Reported by"),
        help_text=_("The outlet that first reported it, e.g. 'Daily Sabah'."),
    )
    source_url = blocks.URLBlock(
        required=False, label=_("Report URL"), help_text=_("Link to that report, if online.")
    )
    pull_quote = blocks.BooleanBlock(
        required=False,
        help_text=_("Display large, as a pull quote. Leave off for a quote in the flow of text."),
    )

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote_block.html"
        value_class = QuoteValue
        help_text = _("A quoted statement with its speaker. Shown as a block quote.")
        preview_value = {
            "text": "We will keep every channel of dialogue open.",
            "speaker": "Mevlüt Çavuşoğlu",
            "role": "Foreign Minister",
            "source_name": "Daily Sabah",
            "pull_quote": False,
        }


class PhotoValue(blocks.StructValue):
    @property
    def caption_text(self):
        photo = self.get("photo")
        return self.get("caption") or (photo.default_caption if photo else "")

    @property
    def credit_text(self):
        photo = self.get("photo")
        return self.get("credit") or (photo.credit if photo else "")

    @property
    def alt(self):
        photo = self.get("photo")
        return self.get("alt_text") or (photo.default_alt_text if photo else "")


class InlinePhotoBlock(StoredStructBlock):
    """A photo in the flow of the story, with its own caption for this use."""

    photo = ImageChooserBlock(help_text=_("Choose or upload a credited photo."))
    caption = blocks.TextBlock(
        required=False,
        help_text=_("What the photo shows here. Leave empty to use the photo's default caption."),
    )
    credit = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text=_("Overrides the photo's credit for this use only."),
    )
    alt_text = blocks.CharBlock(
        required=False,
        max_length=500,
        help_text=_("For screen readers. Leave empty to use the photo's alt text."),
    )

    def get_preview_value(self):
        # Previews show the newest photo in the library, when there is one.
        from wagtail.images import get_image_model

        value = dict(self.meta.preview_value)
        value["photo"] = get_image_model().objects.order_by("-pk").first()
        return self.to_python({**value, "photo": value["photo"] and value["photo"].pk})

    class Meta:
        icon = "image"
        template = "articles/blocks/inline_photo_block.html"
        value_class = PhotoValue
        help_text = _("A photo inside the story, with caption and credit.")
        preview_value = {"caption": "A photo inside the story, with its caption."}


def _is_private():
    """Whether a view restriction covers the page or any of its ancestors."""
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path"))))


class ReaderPageChooserBlock(blocks.PageChooserBlock):
    """Wagtail's page chooser; its pages also say whether they are private
    (``newsroom_private``), found in the same query that loads them."""

    @cached_property
    def canonical_module_path(self):
        # Stored exactly as Wagtail's block: only the loading differs.
        return "wagtail.blocks.PageChooserBlock"

    def _pages(self):
        return self.model_class.objects.annotate(newsroom_private=_is_private())

    def to_python(self, value):
        return None if value is None else self._pages().filter(pk=value).first()

    def bulk_to_python(self, values):
        found = self._pages().in_bulk([value for value in values if value is not None])
        pages, seen = [], set()
        for value in values:
            page = found.get(value)
            # A page linked twice is two objects, as Wagtail's own block returns.
            pages.append(copy.copy(page) if page is not None and value in seen else page)
            seen.add(value)
        return pages


class LinkValue(blocks.StructValue):
    @cached_property
    def href(self):
        page = self.get("page")
        if page is not None:
            # Drafts, unpublished, expired and private pages are never linked to:
            # the link text would be their headline.
            if not page.live:
                return None
            private = getattr(page, "newsroom_private", None)
            if private is None:
                # A page set in code or by a preview, not loaded by the block.
                private = Page.objects.filter(pk=page.pk).filter(_is_private()).exists()
            return None if private else page.url
        return safe_href(self.get("url")) or None

    @property
    def text(self):
        page = self.get("page")
        return self.get("title") or (page.title if page is not None else self.get("url"))

    @property
    def is_external(self):
        return self.get("page") is None


class LinkBlock(StoredStructBlock):
    """One link: a story or page on this site, or an external address."""

    page = ReaderPageChooserBlock(required=False, help_text=_("A story or page on this site."))
    url = blocks.URLBlock(required=False, label=_("External URL"))
    title = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Link text"),
        help_text=_("Required for external links; defaults to the page's headline."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("page") and value.get("url"):
            errors["url"] = ErrorList([_("Choose a page or enter a URL, not both.")])
        elif not value.get("page") and not value.get("url"):
            errors["page"] = ErrorList([_("Choose a page or enter an external URL.")])
        elif value.get("url") and not value.get("title"):
            errors["title"] = ErrorList([_("External links need a title.")])
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        label_format = "{title}"


class RelatedLinksValue(blocks.StructValue):
    @property
    def visible_links(self):
        return [link for link in self.get("links") or [] if link.href]


class RelatedLinksBlock(StoredStructBlock):
    """A titled list of links placed between paragraphs: "Read more"."""

    title = blocks.CharBlock(default=_("Read more"), max_length=80, label=_("Heading"))
    links = blocks.ListBlock(LinkBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "articles/blocks/related_links_block.html"
        value_class = RelatedLinksValue
        help_text = _("A 'Read more' list of related stories or external pages.")
        preview_value = {
            "title": "Read more",
            "links": [
                {"url": "https://www.example.org/background", "title": "Background briefing"}
            ],
        }


class _IframeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.iframes = []
        self.other_tags = 0

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.iframes.append(dict(attrs))
        elif tag not in {"div", "p", "br"}:
            self.other_tags += 1


def iframe_player(embed):
    """A player rebuilt from the provider's iframe, or "" for anything else.

    Provider HTML is never passed through: scripts and unknown markup are
    dropped, and the one iframe is written out again with escaped attributes.
    """
    finder = _IframeFinder()
    try:
        finder.feed(embed.html or "")
    except Exception:  # noqa: BLE001
        # html.parser gives up on some malformed markup (AssertionError on
        # "<![x["; others on rarer input found by the property tests): no player.
        return ""
    if len(finder.iframes) != 1 or finder.other_tags:
        return ""
    src = finder.iframes[0].get("src") or ""
    if not src.startswith("https://"):
        return ""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" '
        'allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin">'
        "</iframe>",
        src,
        embed.title or embed.provider_name or _("Embedded media"),
        embed.width or 640,
        embed.height or 360,
    )


class EmbedBlock(WagtailEmbedBlock):
    """A video or post from another site, by its address.

    Readers see the provider's player once it has been fetched (at publish);
    until then, or when no provider answers, a plain link.
    """

    def clean(self, value):
        # The provider may be unreachable while the editor works: keep the URL
        # (shown as a link) rather than refusing to save the story, but check
        # it is a web address as any URL field would.
        if not (isinstance(value, EmbedValue) and value.url):
            if self.required:
                raise ValidationError(_("Enter the address of the video or post."))
            return None
        return blocks.URLBlock.clean(self, value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        embeds = (parent_context or {}).get("newsroom_embeds")
        embed = embeds.get(value.url) if embeds is not None and value else None
        context["embed"] = embed
        context["player"] = iframe_player(embed) if embed is not None else ""
        return context

    class Meta:
        icon = "media"
        template = "articles/blocks/embed_block.html"
        help_text = _("Paste the address of a video or social post (YouTube, Vimeo, …).")
        preview_value = "https://www.example.org/video/briefing"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    inline_photo = InlinePhotoBlock()
    related_links = RelatedLinksBlock(label=_("Read more list"))
    embed = EmbedBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}


class PageRelatedLinksBlock(blocks.StreamBlock):
    link = LinkBlock()
