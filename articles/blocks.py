"""Body blocks an editor puts together into a story."""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.embeds.blocks import EmbedValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

from .safety import safe_href

# Rich text in a story body: what a reporter needs, nothing that breaks layout.
BODY_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    """A paragraph (or a few) of reporting."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_FEATURES)
        super().__init__(**kwargs)

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


class QuoteValue(blocks.StructValue):
    @property
    def source_href(self):
        return safe_href(self.get("source_url")) or None


class QuoteBlock(blocks.StructBlock):
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


class InlinePhotoBlock(blocks.StructBlock):
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


class LinkValue(blocks.StructValue):
    @cached_property
    def href(self):
        page = self.get("page")
        if page is not None:
            # Drafts, unpublished and expired pages are never linked to.
            return page.url if page.live else None
        return safe_href(self.get("url")) or None

    @property
    def text(self):
        page = self.get("page")
        return self.get("title") or (page.title if page is not None else self.get("url"))

    @property
    def is_external(self):
        return self.get("page") is None


class LinkBlock(blocks.StructBlock):
    """One link: a story or page on this site, or an external address."""

    page = blocks.PageChooserBlock(required=False, help_text=_("A story or page on this site."))
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


class RelatedLinksBlock(blocks.StructBlock):
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
    finder.feed(embed.html or "")
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
        # (shown as a link) rather than refusing to save the story.
        if isinstance(value, EmbedValue) and not value.url:
            if self.required:
                raise ValidationError(_("Enter the address of the video or post."))
            return value
        return value

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
