"""The photo upload form, used by every admin upload path.

``WAGTAILIMAGES_IMAGE_FORM_BASE`` points here, so the add view, the multiple
uploader and the chooser's upload tab all validate with ``PhotoFileField`` and
store files through ``PhotoForm``. Wagtail's own checks (size, format,
``WAGTAILIMAGES_MAX_IMAGE_PIXELS``) run too; this adds what they miss.

SVG is refused even when ``WAGTAILIMAGES_EXTENSIONS`` lists it. Reader pages
use WebP/JPEG renditions (``sizes.py``), which Wagtail cannot make from an
SVG, and an SVG opened from its own URL runs any script inside it unless the
media server adds ``Content-Security-Policy``/``Content-Disposition`` headers,
which this site does not control. Logos and graphics go up as PNG.
"""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .details import DETAIL_FIELDS, details_of
from .models import PhotoDetails
from .storage import discard_unsaved_file, store_file

# What Pillow raises for files it recognises but cannot decode.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError)


class PhotoFileField(WagtailImageField):
    """Wagtail's image field, also refusing damaged files, SVG, and animations
    whose frames add up to too many pixels, before anything is decoded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["damaged_image"] = _(
            "This image file is damaged or incomplete and cannot be read (%(reason)s). "
            "Export or download it again, then upload the new copy."
        )
        self.error_messages["too_many_frames"] = _(
            "This animation has too many pixels (%(width)s×%(height)s pixels × %(frames)s "
            "frames = %(num_pixels)s). Maximum pixels %(max_pixels_count)s."
        )
        self.error_messages["svg_refused"] = _(
            "SVG files cannot be used as photos: reader pages show photos as WebP and JPEG "
            "renditions, which cannot be made from SVG, and an SVG can carry scripts. "
            "Upload a PNG or JPEG export instead."
        )

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        # Cheap checks first: a 60 MB file or an image bomb is refused before
        # Wagtail's checks make Pillow decode it in full.
        self.check_image_file_size(upload)
        self.check_image_header(upload)
        try:
            checked = super().to_python(data)
        except DECODE_ERRORS as error:
            # Wagtail only expects image bombs here; a truncated file would be a 500.
            raise self.damaged(error) from error
        if checked.image.format_name == "svg":
            # Even with "svg" in WAGTAILIMAGES_EXTENSIONS: see the module docstring.
            raise ValidationError(self.error_messages["svg_refused"], code="svg_refused")
        return checked

    def damaged(self, error):
        return ValidationError(
            self.error_messages["damaged_image"], code="damaged_image", params={"reason": error}
        )

    def check_image_header(self, upload):
        """Refuse on the dimensions the file declares, counting every frame."""
        upload.seek(0)
        try:
            with warnings.catch_warnings():
                # Pillow's own (lower) warning limit is not ours; its error limit is.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    width, height = image.size
                    frames = getattr(image, "n_frames", 1)
        except Image.DecompressionBombError as error:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": _("unknown number"), "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            ) from error
        except UnidentifiedImageError:
            return  # not a raster format Pillow knows: Wagtail's checks decide
        except DECODE_ERRORS as error:
            raise self.damaged(error) from error
        finally:
            upload.seek(0)
        num_pixels = width * height * frames
        if self.max_image_pixels and frames > 1 and num_pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["too_many_frames"],
                code="file_too_many_pixels",
                params={
                    "width": width,
                    "height": height,
                    "frames": frames,
                    "num_pixels": num_pixels,
                    "max_pixels_count": self.max_image_pixels,
                },
            )


def storage_failed_error(error):
    """The form error for an ``OSError`` from storage (a full disk, say)."""
    return ValidationError(
        _(
            "The photo could not be stored on the server (%(reason)s). "
            "Nothing was saved. Try again later, and tell the technical "
            "team if it keeps happening."
        ),
        code="storage_failed",
        params={"reason": error.strerror or error},
    )


class PhotoDetailsFormMixin:
    """Adds a photo's credit, usage notes and default caption to an image form, and saves them.

    For any image model: the values are kept on the instance when the form is
    cleaned and written by ``media.signal_handlers`` once the image row is
    saved, which covers Wagtail's views that save with ``commit=False`` first
    (the multiple uploader). A credit is required for every new upload and
    cannot be removed once given; an image a site had before Newsroom can still
    be edited without one (the photo desk's report lists it).

    ``PhotoForm`` uses it; a site with its own ``WAGTAILIMAGES_IMAGE_FORM_BASE``
    mixes it in first (check ``newsroom_media.E001`` says so).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_detail_fields()

    def add_detail_fields(self):
        instance = self.instance
        details = details_of(instance) if instance.pk else PhotoDetails()
        fields = {}
        for name in DETAIL_FIELDS:
            field = PhotoDetails._meta.get_field(name).formfield()
            field.initial = getattr(details, name)
            fields[name] = field
        fields["credit"].required = instance._state.adding or bool(details.credit)
        fields["default_caption"].widget.attrs["rows"] = 3  # a caption, not an article
        description = self.fields.get("description")
        if description is not None:
            # Wagtail's description is every image's default alt text.
            description.label = _("Alt text")
            description.help_text = _(
                "What the photo shows, for readers using screen readers. "
                "Not the caption: describe the picture itself."
            )
        # Shown after the file and title, before Wagtail's other fields.
        order = list(self.fields)
        after = order.index("title") + 1 if "title" in order else len(order)
        self.fields.update(fields)
        self.order_fields([*order[:after], *fields, *order[after:]])

    def _post_clean(self):
        super()._post_clean()
        self.instance._newsroom_details = {
            name: self.cleaned_data[name] for name in DETAIL_FIELDS if name in self.cleaned_data
        }


class PhotoForm(PhotoDetailsFormMixin, BaseImageForm):
    """Base of the photo forms: the photo's details, a checked file field, and a
    file stored while the form can still report that storing it failed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if file_field is not None:
            # Built here rather than declared, so it reads the WAGTAILIMAGES_*
            # settings in force now, as Wagtail's own field does.
            self.fields["file"] = PhotoFileField(
                label=file_field.label, required=file_field.required, widget=file_field.widget
            )

    def _post_clean(self):
        super()._post_clean()
        if self._errors or "file" not in self.changed_data:
            return
        # Wagtail's views save a valid form without catching storage errors, so a
        # full disk would be a 500. Storing the file now turns it into a form error.
        try:
            store_file(self.instance)
        except OSError as error:
            self.add_error("file", storage_failed_error(error))

    def save(self, commit=True):
        try:
            return super().save(commit=commit)
        except BaseException:
            # No file without its row.
            discard_unsaved_file(self.instance)
            raise
