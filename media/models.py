from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class Photo(AbstractImage):
    """A photo in the library. Its credit belongs to the photo (the licence
    holder) and follows it into every story that uses it."""

    credit = models.CharField(
        _("credit"),
        max_length=255,
        help_text=_(
            "Agency or photographer who holds the rights, e.g. 'AFP' or 'Jane Doe/Reuters'. "
            "Shown as '(Photo by …)' wherever the photo is used."
        ),
    )
    copyright = models.CharField(
        _("copyright and usage notes"),
        max_length=500,
        blank=True,
        help_text=_("Licence, embargo or usage restrictions. Not shown to readers."),
    )
    default_caption = models.TextField(
        _("default caption"),
        blank=True,
        help_text=_(
            "Suggested caption: what the photo shows, who distributed it and when. "
            "Each story can write its own."
        ),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        blank=True,
        help_text=_(
            "What the photo shows, for readers using screen readers. "
            "Not the caption: describe the picture itself."
        ),
    )

    admin_form_fields = (
        "title",
        "file",
        "credit",
        "alt_text",
        "default_caption",
        "copyright",
        "description",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    api_fields = [APIField("credit"), APIField("alt_text"), APIField("default_caption")]

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        permissions = Image._meta.permissions

    @classmethod
    def from_db(cls, db, field_names, values):
        photo = super().from_db(db, field_names, values)
        # Remembered so a replaced file gets its renditions remade on save.
        photo._loaded_file_name = photo.__dict__.get("file") and photo.file.name
        return photo

    @property
    def default_alt_text(self):
        return self.alt_text or self.description or self.title


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
