import os

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from .filters import WebSafeFilter


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

    # The stored file of a row not yet saved, removed if the save fails.
    _unsaved_file_name = None

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        permissions = Image._meta.permissions

    def save(self, *args, **kwargs):
        try:
            self.store_file()
            super().save(*args, **kwargs)
        except BaseException:
            # No file without its row: the row was not written (or was rolled back).
            if self._unsaved_file_name:
                self.file.storage.delete(self._unsaved_file_name)
                self._unsaved_file_name = None
            raise
        self._unsaved_file_name = None

    @classmethod
    def from_db(cls, db, field_names, values):
        photo = super().from_db(db, field_names, values)
        # Remembered so a replaced file gets its renditions remade on save.
        photo._loaded_file_name = photo.__dict__.get("file") and photo.file.name
        return photo

    def get_upload_to(self, filename):
        """Wagtail's ASCII-only name, never hidden or extensionless: a name made
        only of emoji or right-to-left marks would otherwise become ``.jpg``."""
        path = super().get_upload_to(filename)
        folder, name = os.path.split(path)
        extension = os.path.splitext(f"photo{name}")[1]
        stem = name[: len(name) - len(extension)].strip("._-")
        return os.path.join(folder, f"{stem or 'photo'}{extension.lower()}")

    def store_file(self):
        """Write a newly assigned file to storage now, leaving no part of it
        behind if that fails (a full disk leaves a partial file otherwise)."""
        file = self.file
        if not file or file._committed:
            return
        field, storage = file.field, file.storage
        name = storage.get_available_name(
            field.generate_filename(self, file.name), max_length=field.max_length
        )
        try:
            file.name = storage.save(name, file.file, max_length=field.max_length)
        except OSError:
            # The name was free a moment ago, so what is there now is our partial write.
            if storage.exists(name):
                storage.delete(name)
            raise
        file._committed = True
        self._unsaved_file_name = file.name

    def generate_rendition_file(self, filter, *, source=None):
        return super().generate_rendition_file(WebSafeFilter(filter.spec), source=source)

    @property
    def default_alt_text(self):
        return self.alt_text or self.description or self.title


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
