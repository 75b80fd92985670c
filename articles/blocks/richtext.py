"""Rich text in a story: what a reporter may write, checked however it arrives.

The editor's widget cleans what it saves; rich text set in code, by an import
or a fixture was never cleaned, so ``ParagraphBlock`` checks it
(``cleaning.clean_rich_text`` cleans it as the editor would).
"""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.rich_text import RichText, expand_db_html
from wagtail.rich_text.rewriters import LinkRewriter
from wagtail.whitelist import check_url

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


# Applied to rich text already expanded for readers: links to pages are
# site-relative by then, so only the outbound ones start with http(s).
_SPONSORED_LINKS = LinkRewriter(
    rules={"external": lambda attrs: format_html('<a href="{}" rel="sponsored">', attrs["href"])}
)


class SponsoredRichText(RichText):
    """Rich text of a sponsored story: its outbound links say they are paid for
    (``rel="sponsored"``), as search engines ask of paid links."""

    def __html__(self):
        return mark_safe(_SPONSORED_LINKS(super().__html__()))  # noqa: S308 - rewrites safe HTML


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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = (parent_context or {}).get("page")
        if value and getattr(page, "is_sponsored", False):
            context["value"] = context["self"] = SponsoredRichText(value.source)
        return context

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


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    ParagraphBlock: "articles.blocks.ParagraphBlock",
}
