"""Which modern formats a photo is made in: what was asked for, as far as this Pillow writes."""

import warnings

from PIL import features

from media.sizes import image_formats


def test_formats_this_pillow_cannot_write_are_skipped_without_a_warning(settings):
    # AVIF is a Pillow feature from 11.2 only; the compatibility leg runs Pillow 9.5.
    settings.NEWSROOM_IMAGE_FORMATS = ("avif", "jpegxl", "webp")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        formats = image_formats()
    expected = ("avif", "webp") if "avif" in features.modules else ("webp",)
    assert formats == expected
