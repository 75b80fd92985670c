"""Picture files sent with wire copy: found, checked and stored once.

A picture association names its files in ``renditions``. The importer takes
the largest one that is a local path or a ``file:`` URI, resolved against the
document's folder, and never reaches outside the import folder. Web addresses
are not fetched: pictures travel with the story, as agencies' FTP and zip
deliveries do.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils.text import Truncator
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.utils.file import hash_filelike

from media.details import create_photo

from .reader import NinjsError

# Pillow's format names and the file extensions Wagtail's settings allow.
FORMAT_EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "AVIF": "avif",
    "HEIF": "heic",
    "SVG": "svg",
}


def is_local(href):
    return urlsplit(href).scheme in ("", "file")


def picture_file(picture, folder, root, item):
    """``(path, field)`` of ``picture``'s largest local rendition; ``(None, None)`` when
    all its renditions are web addresses."""
    local = [rendition for rendition in picture.renditions if is_local(rendition.href)]
    if not local:
        return None, None
    best = max(local, key=lambda rendition: (rendition.width, rendition.sizeinbytes))
    return resolve_href(best.href, Path(folder), Path(root), item, best.field), best.field


def resolve_href(href, folder, root, item, field):
    """``href`` as a file under ``root``; anything else is refused."""
    parts = urlsplit(href)
    if parts.scheme == "file" and parts.netloc not in ("", "localhost"):
        raise NinjsError(item, field, f"{href!r} is on another machine")
    name = unquote(parts.path)
    # A NUL (%00) cannot be in a file name; the file system would refuse it.
    if not name or "\x00" in name:
        raise NinjsError(item, field, f"{href!r} names no file")
    path = Path(name) if os.path.isabs(name) else folder / name
    # resolve() follows symbolic links, so a link pointing out is caught too.
    resolved = path.resolve()
    root = root.resolve()
    if not resolved.is_relative_to(root):
        raise NinjsError(item, field, f"{href!r} is outside the import folder")
    if resolved.is_file():
        return resolved
    # Files uploaded together in the admin arrive side by side, without their folders.
    beside = (folder / resolved.name).resolve()
    if beside.is_relative_to(root) and beside.is_file():
        return beside
    raise NinjsError(item, field, f"{href!r}: no such file")


def check_image(path, item, field):
    """Refuse what Wagtail's upload form would: wrong formats, huge files, image bombs,
    and files that are not (whole) images."""
    max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128 * 1000000)
    size = path.stat().st_size
    if max_size and size > max_size:
        raise NinjsError(
            item, field, f"{path.name} is {size / 1e6:.1f} MB; the limit is {max_size / 1e6:.1f} MB"
        )
    try:
        with Image.open(path) as image:
            check_format(image, path, item, field)
            width, height = image.size
            # Animated images cost every frame in memory, as Wagtail counts them.
            pixels = width * height * getattr(image, "n_frames", 1)
            if max_pixels and pixels > max_pixels:
                raise NinjsError(
                    item,
                    field,
                    f"{path.name} has {pixels / 1e6:.0f} million pixels, over the limit of "
                    f"{max_pixels / 1e6:.0f} million (refused as a possible image bomb)",
                )
            if image.format == "JPEG":
                # Decoding at 1/8 scale still reads every byte, so truncation shows.
                image.draft(image.mode, (max(width // 8, 1), max(height // 8, 1)))
            image.load()
    except Image.DecompressionBombError as error:
        raise NinjsError(item, field, f"{path.name} is an image bomb: {error}") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise NinjsError(item, field, f"{path.name} is not a readable image: {error}") from error


def check_format(image, path, item, field):
    allowed = get_allowed_image_extensions()
    if FORMAT_EXTENSIONS.get(image.format) not in allowed:
        raise NinjsError(
            item,
            field,
            f"{path.name} is {image.format or 'an unknown format'}; "
            f"photos may be {', '.join(ext.upper() for ext in allowed)}",
        )


def photo_for(picture, path, item, stored):
    """``(photo, created)``: the library photo with this exact file, else a new one.

    Files are matched by content (Wagtail's SHA-1 ``file_hash``), so the same
    picture sent with many stories, or again with an update, is stored once.
    New files are appended to ``stored`` so a rolled-back import can remove them.
    """
    Photo = get_image_model()
    with path.open("rb") as handle:
        digest = hash_filelike(handle)
    existing = Photo.objects.filter(file_hash=digest).order_by("pk").first()
    if existing is not None:
        return existing, False
    if not picture.credit:
        raise NinjsError(
            item,
            f"{picture.field}.by",
            "a photo needs a credit: send 'by', a 'creditline' description or 'copyrightholder'",
        )
    with path.open("rb") as handle:
        try:
            photo = create_photo(
                Photo,
                title=Truncator(picture.title or picture.caption or path.stem).chars(255),
                credit=picture.credit[:255],
                default_caption=picture.caption,
                description=picture.alt[:255],
                copyright=picture.copyright[:500],
                file=ImageFile(handle, name=path.name),
                file_size=path.stat().st_size,
                file_hash=digest,
            )
        except OSError as error:
            # A full disk, say: the photo left nothing behind (media.storage.save_image).
            raise NinjsError(
                item, picture.field, f"{path.name} could not be stored: {error.strerror or error}"
            ) from error
    stored.append(photo.file)
    return photo, True
