"""Blocks an editor puts together into a story, one module per kind.

Stored StreamField definitions (migrations) name them as ``articles.blocks.X``:
every block is exported here under that path.
"""

from .body import ArticleBodyBlock, HeadingBlock
from .embeds import EmbedBlock, iframe_player
from .front import FeaturedSlotBlock, FrontBlock, LeadSlotBlock, SectionRailBlock
from .links import (
    LinkBlock,
    LinkValue,
    PageRelatedLinksBlock,
    ReaderPageChooserBlock,
    RelatedLinksBlock,
    RelatedLinksValue,
)
from .photos import InlinePhotoBlock, PhotoChooserBlock, PhotoValue
from .quotes import QuoteBlock, QuoteValue
from .richtext import BODY_FEATURES, ParagraphBlock, rich_text_problem
from .settings import AppLinkBlock, ChoiceLabelValue, SocialAccountBlock
from .stored import StoredStructBlock, readable_value

__all__ = [
    "BODY_FEATURES",
    "AppLinkBlock",
    "ArticleBodyBlock",
    "ChoiceLabelValue",
    "EmbedBlock",
    "FeaturedSlotBlock",
    "FrontBlock",
    "HeadingBlock",
    "InlinePhotoBlock",
    "LeadSlotBlock",
    "PhotoChooserBlock",
    "LinkBlock",
    "LinkValue",
    "PageRelatedLinksBlock",
    "ParagraphBlock",
    "PhotoValue",
    "QuoteBlock",
    "QuoteValue",
    "ReaderPageChooserBlock",
    "RelatedLinksBlock",
    "RelatedLinksValue",
    "SectionRailBlock",
    "SocialAccountBlock",
    "StoredStructBlock",
    "iframe_player",
    "readable_value",
    "rich_text_problem",
]
