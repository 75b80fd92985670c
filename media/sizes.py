"""Named rendition sets: how a photo is used, and the filter specs each use needs.

A *size* names how a photo is used (the lead, a teaser, a social card) and
expands to one filter spec per width and format. The same specs are made when
a photo is uploaded (``tasks.py``), so readers never wait for Pillow.
"""

from dataclasses import dataclass

from PIL import features

from . import conf


@dataclass(frozen=True)
class Size:
    widths: tuple
    sizes: str
    operation: str  # "width" keeps the photo's shape; "fill" crops to ratio
    ratio: tuple = (16, 9)
    formats: bool = True  # modern formats (AVIF/WebP) in a <picture>

    def operation_for(self, width):
        if self.operation == "max":
            return f"max-{width}x{round(width * self.ratio[1] / self.ratio[0])}"
        if self.operation == "fill":
            height = round(width * self.ratio[1] / self.ratio[0])
            return f"fill-{width}x{height}"
        return f"width-{width}"


SIZES = {
    "lead": Size(
        widths=(480, 800, 1200, 1600),
        sizes="(min-width: 48rem) 46rem, 100vw",
        operation="width",
    ),
    "inline": Size(
        widths=(480, 800, 1200, 1600),
        sizes="(min-width: 48rem) 46rem, 100vw",
        operation="width",
    ),
    "teaser": Size(widths=(320, 640), sizes="(min-width: 48rem) 14rem, 40vw", operation="fill"),
    "avatar": Size(widths=(64, 128), sizes="4rem", operation="fill", ratio=(1, 1)),
    "logo": Size(widths=(600,), sizes="", operation="max", ratio=(10, 1), formats=False),
    "social": Size(widths=(1200,), sizes="", operation="fill", ratio=(1200, 630), formats=False),
    # A story's photo for search engines, in the three shapes Google's Article
    # guidelines ask for, each 1200 px wide: fill crops to the shape and never
    # enlarges, so a smaller original gives the largest crop it holds.
    "article_16x9": Size(widths=(1200,), sizes="", operation="fill", formats=False),
    "article_4x3": Size(widths=(1200,), sizes="", operation="fill", ratio=(4, 3), formats=False),
    "article_1x1": Size(widths=(1200,), sizes="", operation="fill", ratio=(1, 1), formats=False),
}
# The sizes of ``media.responsive.article_images``, widest shape first.
ARTICLE_IMAGE_SIZES = ("article_16x9", "article_4x3", "article_1x1")

MIME_TYPES = {"avif": "image/avif", "webp": "image/webp"}


def image_formats():
    """Modern formats to offer, best first, limited to what this Pillow can write."""
    wanted = conf.get("NEWSROOM_IMAGE_FORMATS")
    # Pillow before 11.2 has no "avif" feature at all, and features.check() would
    # warn "Unknown feature" each time it is asked; skip it quietly instead.
    return tuple(
        fmt
        for fmt in wanted
        if fmt in MIME_TYPES and fmt in features.modules and features.check_module(fmt)
    )


def fallback_spec(size_name, width):
    size = SIZES[size_name]
    if not size.formats:
        return f"{size.operation_for(width)}|format-jpeg"
    return size.operation_for(width)


def specs_for(size_name):
    """Every filter spec a size needs, fallback first."""
    size = SIZES[size_name]
    specs = [fallback_spec(size_name, width) for width in size.widths]
    if size.formats:
        for fmt in image_formats():
            specs += [f"{size.operation_for(width)}|format-{fmt}" for width in size.widths]
    return specs


def upload_specs():
    """The specs made for every new upload, shared between sizes."""
    return list(dict.fromkeys(spec for name in SIZES for spec in specs_for(name)))
