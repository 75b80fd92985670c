"""Named rendition sets for newsroom photos, and a one-query bulk loader.

A *size* names how a photo is used (the lead, a teaser, a social card) and
expands to one filter spec per width and format. The same specs are made when
a photo is uploaded (see ``tasks.py``), so readers never wait for Pillow.
"""

import functools
import operator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from PIL import Image, ImageOps, features
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from willow.plugins.pillow import PillowImage


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
}

MIME_TYPES = {"avif": "image/avif", "webp": "image/webp"}


def image_formats():
    """Modern formats to offer, best first, limited to what this Pillow can write."""
    wanted = getattr(settings, "NEWSROOM_IMAGE_FORMATS", ("avif", "webp"))
    return tuple(fmt for fmt in wanted if fmt in MIME_TYPES and features.check(fmt))


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


def load_photos(ids, size_names):
    """Photos by id, their renditions for ``size_names`` prefetched (``load_photo_uses``)."""
    return load_photo_uses({name: ids for name in size_names})


def load_photo_uses(uses):
    """Photos by id, each with the renditions of the sizes it is used at prefetched.

    ``uses`` maps a size name to the ids of the photos shown at that size, so a
    teaser's photo brings its two teaser widths, not the lead's twelve. One
    query when the renditions exist (they are made at upload); photos with
    none yet cost one more. Missing renditions are made when first asked for.
    """
    specs_by_photo = {}
    for size_name, ids in uses.items():
        for pk in ids:
            if pk:
                specs_by_photo.setdefault(pk, set()).update(specs_for(size_name))
    if not specs_by_photo:
        return {}
    Photo = get_image_model()
    Rendition = Photo.get_rendition_model()
    # Photos wanting the same specs share one condition, so the query stays short.
    groups = {}
    for pk, specs in specs_by_photo.items():
        groups.setdefault(frozenset(specs), []).append(pk)
    wanted = functools.reduce(
        operator.or_,
        (Q(image_id__in=ids, filter_spec__in=sorted(specs)) for specs, ids in groups.items()),
    )
    photos = {}
    for rendition in Rendition.objects.filter(wanted).select_related("image"):
        photo = photos.get(rendition.image_id)
        if photo is None:
            photo = photos[rendition.image_id] = rendition.image
            photo.prefetched_renditions = []
        rendition.image = photo
        photo.prefetched_renditions.append(rendition)
    missing = specs_by_photo.keys() - photos.keys()
    if missing:
        for photo in Photo.objects.filter(id__in=missing):
            photo.prefetched_renditions = []
            photos[photo.id] = photo
    return photos


@functools.cache
def _filter(spec):
    return Filter(spec=spec)


def renditions_for(photo, specs):
    """``photo``'s renditions for ``specs``, by spec, through Wagtail's ``get_renditions``.

    With one ``Filter`` per spec for the whole process: Wagtail parses a spec
    given as a string on every call, which cost a page's photos more than
    reading their prefetched renditions.
    """
    return photo.get_renditions(*map(_filter, specs))


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


@dataclass
class ResponsivePhoto:
    """What a template needs to lay out one photo as ``<picture>``."""

    photo: object
    size_name: str
    src: str
    width: int
    height: int
    srcset: str
    sources: list  # of (mime type, srcset)
    sizes: str

    @property
    def alt(self):
        return self.photo.default_alt_text


def _srcset(renditions):
    seen = {}
    for rendition in renditions:
        seen.setdefault(rendition.width, rendition.url)
    return ", ".join(f"{url} {width}w" for width, url in sorted(seen.items()))


def responsive_photo(photo, size_name):
    size = SIZES[size_name]
    by_spec = renditions_for(photo, specs_for(size_name))
    fallbacks = [by_spec[fallback_spec(size_name, width)] for width in size.widths]
    # The middle width is a sensible src for browsers without srcset.
    default = fallbacks[min(1, len(fallbacks) - 1)]
    sources = []
    if size.formats:
        for fmt in image_formats():
            renditions = [by_spec[f"{size.operation_for(w)}|format-{fmt}"] for w in size.widths]
            sources.append((MIME_TYPES[fmt], _srcset(renditions)))
    return ResponsivePhoto(
        photo=photo,
        size_name=size_name,
        src=default.url,
        width=default.width,
        height=default.height,
        srcset=_srcset(fallbacks),
        sources=sources,
        sizes=size.sizes,
    )


def social_image(photo, size_name="social"):
    """The first rendition of ``size_name`` as url/width/height, for meta tags."""
    spec = fallback_spec(size_name, SIZES[size_name].widths[0])
    rendition = renditions_for(photo, [spec])[spec]
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}
