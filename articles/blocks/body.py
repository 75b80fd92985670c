"""The body of a story: the blocks an editor puts together, in reading order."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .embeds import EmbedBlock
from .links import RelatedLinksBlock
from .photos import InlinePhotoBlock
from .quotes import QuoteBlock
from .richtext import ParagraphBlock


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


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    inline_photo = InlinePhotoBlock()
    related_links = RelatedLinksBlock(label=_("Read more list"))
    embed = EmbedBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    HeadingBlock: "articles.blocks.HeadingBlock",
    ArticleBodyBlock: "articles.blocks.ArticleBodyBlock",
}
