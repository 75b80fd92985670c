"""A photo laid out for a template: ``<picture>`` sources, and the URLs meta tags need."""

from dataclasses import dataclass

from .details import alt_of
from .loading import renditions_for
from .sizes import ARTICLE_IMAGE_SIZES, MIME_TYPES, SIZES, fallback_spec, image_formats, specs_for


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
        return alt_of(self.photo)


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


def article_images(photo):
    """``photo`` cropped to 16:9, 4:3 and 1:1 for structured data, as url/width/height.

    Each is 1200 px wide when the original is large enough, else the largest
    crop of that shape it holds: never enlarged, so never blurred.
    """
    specs = [fallback_spec(name, SIZES[name].widths[0]) for name in ARTICLE_IMAGE_SIZES]
    by_spec = renditions_for(photo, specs)
    return [
        {"url": by_spec[spec].url, "width": by_spec[spec].width, "height": by_spec[spec].height}
        for spec in specs
    ]
