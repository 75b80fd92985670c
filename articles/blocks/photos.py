"""Photos in the flow of a story, each with its own caption for this use."""

import copy

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from media.uses import photo_use

from ..delivery.loaded import held_photos
from .stored import StoredStructBlock


class PhotoChooserBlock(ImageChooserBlock):
    """Wagtail's image chooser block, loading each photo's newsroom details with it.

    The editor sees the chosen photo's credit and default caption beside it.
    """

    @cached_property
    def widget(self):
        from media.admin.widgets import CreditedImageChooser

        return CreditedImageChooser()

    def bulk_to_python(self, values):
        # Wagtail's in_bulk with the credits and captions joined: one query for all,
        # or none when the view has loaded them all already.
        values = list(values)
        wanted = [pk for pk in values if pk is not None]
        loaded = held_photos()
        if loaded is not None and all(pk in loaded for pk in wanted):
            photos, seen = loaded, set(wanted)  # the view's own: copies only
        else:
            photos, seen = (
                self.model_class.objects.select_related("newsroom_details").in_bulk(wanted),
                set(),
            )
        result = []
        for pk in values:
            photo = photos.get(pk)
            # As Wagtail does: a photo used twice is two objects, each with its own use.
            result.append(copy.copy(photo) if photo is not None and pk in seen else photo)
            seen.add(pk)
        return result


class PhotoValue(blocks.StructValue):
    @property
    def use(self):
        """The photo with this block's caption, credit and alt text (``media.uses``)."""
        return photo_use(
            self.get("photo"),
            caption=self.get("caption"),
            credit=self.get("credit"),
            alt=self.get("alt_text"),
        )

    @property
    def caption_text(self):
        return self.use.caption

    @property
    def credit_text(self):
        return self.use.credit

    @property
    def alt(self):
        return self.use.alt


class InlinePhotoBlock(StoredStructBlock):
    """A photo in the flow of the story, with its own caption for this use."""

    photo = PhotoChooserBlock(help_text=_("Choose or upload a credited photo."))
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
        value = dict(self.meta.preview_value)
        value["photo"] = get_image_model().objects.order_by("-pk").first()
        return self.to_python({**value, "photo": value["photo"] and value["photo"].pk})

    class Meta:
        icon = "image"
        template = "articles/blocks/inline_photo_block.html"
        value_class = PhotoValue
        help_text = _("A photo inside the story, with caption and credit.")
        preview_value = {"caption": "A photo inside the story, with its caption."}


# Stored StreamField definitions name the blocks by their public path (Wagtail's
# own convention, see wagtail.blocks.base), so modules can move without a migration.
DECONSTRUCT_ALIASES = {
    InlinePhotoBlock: "articles.blocks.InlinePhotoBlock",
    PhotoChooserBlock: "articles.blocks.PhotoChooserBlock",
}
