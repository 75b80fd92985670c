"""Links to stories, pages and other sites: 'Read more' lists and related links."""

import copy

from django.core.exceptions import ObjectDoesNotExist
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page

from ..delivery.loaded import held_pages, reader_pages
from ..text import safe_href
from ..visibility import is_restricted
from .stored import StoredStructBlock


class ReaderPageChooserBlock(blocks.PageChooserBlock):
    """Wagtail's page chooser; its pages also say whether they are private
    (``newsroom_private``), found in the same query that loads them."""

    @cached_property
    def canonical_module_path(self):
        # Stored exactly as Wagtail's block: only the loading differs.
        return "wagtail.blocks.PageChooserBlock"

    def _pages(self):
        return reader_pages(self.model_class)

    def to_python(self, value):
        return None if value is None else self._pages().filter(pk=value).first()

    def bulk_to_python(self, values):
        wanted = [value for value in values if value is not None]
        loaded = held_pages()
        if self.model_class is Page and loaded is not None and all(v in loaded for v in wanted):
            found, seen = loaded, set(wanted)  # the view's own: copies only
        else:
            found, seen = self._pages().in_bulk(wanted), set()
        pages = []
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
                private = is_restricted(page)
            return None if private else page.url
        return safe_href(self.get("url")) or None

    @property
    def text(self):
        page = self.get("page")
        return self.get("title") or (page.title if page is not None else self.get("url"))

    @property
    def is_external(self):
        return self.get("page") is None

    @cached_property
    def story(self):
        """The linked page as a story, with its teaser fields, or None for any other link."""
        page = self.get("page")
        if page is None:
            return None
        try:
            return page if hasattr(page, "summary") else page.articlepage
        except ObjectDoesNotExist:
            return None


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


class PageRelatedLinksBlock(blocks.StreamBlock):
    link = LinkBlock()


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    LinkBlock: "articles.blocks.LinkBlock",
    RelatedLinksBlock: "articles.blocks.RelatedLinksBlock",
    PageRelatedLinksBlock: "articles.blocks.PageRelatedLinksBlock",
}
