"""Rendition filters that give browsers' formats pixels they can hold."""

from contextlib import contextmanager

from PIL import Image, ImageOps
from wagtail.images.models import Filter
from willow.plugins.pillow import PillowImage

# Pillow modes the browsers' formats cannot hold: 16- and 32-bit greyscale
# (16-bit PNGs and TIFFs) and print CMYK. Pillow writes no JPEG from the first
# and clips them to white in WebP; CMYK stays CMYK in JPEG renditions.
HIGH_BIT_DEPTH_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N"}


class WebSafeFilter(Filter):
    """Wagtail's rendition filter, given an 8-bit RGB or greyscale image to work on."""

    @contextmanager
    def get_willow_image(self, image, source=None):
        with super().get_willow_image(image, source) as willow_image:
            yield web_safe(willow_image)


def web_safe(willow_image):
    """``willow_image``, or when its pixels are 16-bit or CMYK, an upright 8-bit copy."""
    if willow_image.format_name not in ("jpeg", "png", "tiff"):
        return willow_image
    with Image.open(willow_image.f) as header:  # reads the header, decodes nothing
        mode = header.mode
    willow_image.f.seek(0)
    if mode not in HIGH_BIT_DEPTH_MODES and mode != "CMYK":
        return willow_image
    # Upright first: the conversions below drop the EXIF orientation.
    upright = PillowImage(ImageOps.exif_transpose(willow_image.get_pillow_image()))
    if mode == "CMYK":
        # With a profile, Willow converts through it; without one, Pillow's formula.
        safe = upright.transform_colorspace_to_srgb()
        if safe.image.mode == "CMYK":
            safe = PillowImage(safe.image.convert("RGB"))
    else:
        safe = PillowImage(upright.image.convert("I").point(lambda value: value / 256).convert("L"))
    # Wagtail picks the output format from the original's.
    safe.format_name = willow_image.format_name
    return safe
