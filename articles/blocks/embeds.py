"""Videos and posts from other sites, shown as a rebuilt player or a plain link."""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.embeds.blocks import EmbedValue


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


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    EmbedBlock: "articles.blocks.EmbedBlock",
}
