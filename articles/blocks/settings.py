"""Blocks of the site settings: social accounts and app links, listed in the footer."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChoiceLabelValue(blocks.StructValue):
    """Exposes the human label of the block's choice field as ``<name>_label``."""

    def _label(self, name):
        choices = dict(self.block.child_blocks[name].field.choices)
        return choices.get(self.get(name), self.get(name))

    @property
    def network_label(self):
        return self._label("network")

    @property
    def store_label(self):
        return self._label("store")


class SocialAccountBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("x", "X"),
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("youtube", "YouTube"),
            ("bluesky", "Bluesky"),
            ("telegram", "Telegram"),
            ("mastodon", "Mastodon"),
            ("other", _("Other")),
        ]
    )
    handle = blocks.CharBlock(max_length=120, help_text=_("e.g. '@newsroom'"))
    url = blocks.URLBlock()

    class Meta:
        icon = "site"
        value_class = ChoiceLabelValue


class AppLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, help_text=_("e.g. 'Newsroom TV'"))
    url = blocks.URLBlock()
    store = blocks.ChoiceBlock(
        choices=[
            ("app_store", "App Store"),
            ("google_play", "Google Play"),
            ("web", _("Web")),
            ("other", _("Other")),
        ]
    )

    class Meta:
        icon = "mobile-alt"
        value_class = ChoiceLabelValue


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    SocialAccountBlock: "articles.blocks.SocialAccountBlock",
    AppLinkBlock: "articles.blocks.AppLinkBlock",
}
