"""The slots an editor arranges a front page with: the lead, featured stories, section rails.

Readers never see these blocks rendered one by one: the front's resolver
(``articles.presentation.front``) reads their stored values and loads every
story they name in one query, so they have no template of their own.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .stored import StoredStructBlock

STORY_PAGE_TYPE = "newsroom_articles.ArticlePage"
SECTION_PAGE_TYPE = "newsroom_articles.SectionPage"
FEATURED_MAX = 6
RAIL_MAX = 8


def pinned_until_block():
    return blocks.DateTimeBlock(
        required=False,
        label=_("Pinned until"),
        help_text=_(
            "After this time the slot is filled automatically again (with the newest "
            "stories). Leave empty to keep it until you change it."
        ),
    )


class LeadSlotBlock(StoredStructBlock):
    """The story at the top of the front, with its photo large."""

    story = blocks.PageChooserBlock(page_type=STORY_PAGE_TYPE, label=_("Story"))
    pinned_until = pinned_until_block()

    class Meta:
        icon = "pick"
        label = _("Lead story")
        help_text = _("The story at the top of the page. Without one, the newest story leads.")


class FeaturedSlotBlock(StoredStructBlock):
    """A few stories shown as a grid under the lead."""

    stories = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=STORY_PAGE_TYPE, label=_("Story")),
        min_num=1,
        max_num=FEATURED_MAX,
        label=_("Stories"),
    )
    pinned_until = pinned_until_block()

    class Meta:
        icon = "grip"
        label = _("Featured stories")
        help_text = _(
            "Shown as a grid under the lead. A story that is no longer published is "
            "replaced by the newest one."
        )


class SectionRailBlock(StoredStructBlock):
    """A section's newest stories under its name, which links to the section."""

    section = blocks.PageChooserBlock(page_type=SECTION_PAGE_TYPE, label=_("Section"))
    count = blocks.IntegerBlock(
        default=4, min_value=1, max_value=RAIL_MAX, label=_("Number of stories")
    )
    pinned_until = pinned_until_block()

    class Meta:
        icon = "list-ul"
        label = _("Section rail")
        help_text = _(
            "The newest stories of a section (and its sub-sections) not shown above. "
            "Once its time is up the rail is taken off and its stories join the latest."
        )


class FrontBlock(blocks.StreamBlock):
    """A front page's slots; whatever they leave out is filled with the newest stories."""

    lead = LeadSlotBlock()
    featured = FeaturedSlotBlock()
    section_rail = SectionRailBlock()

    class Meta:
        block_counts = {"lead": {"max_num": 1}, "featured": {"max_num": 1}}


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    LeadSlotBlock: "articles.blocks.LeadSlotBlock",
    FeaturedSlotBlock: "articles.blocks.FeaturedSlotBlock",
    SectionRailBlock: "articles.blocks.SectionRailBlock",
    FrontBlock: "articles.blocks.FrontBlock",
}
