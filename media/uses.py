"""A photo as one story uses it: this use's caption, credit and alt text, else the photo's own.

The credit belongs to the photo (the licence holder) and the caption to the
use: a story may write its own of either, and falls back to the photo's
defaults. Every place that shows a photo (the lead, an inline photo, feeds,
ninjs, structured data) reads the texts from here.
"""

from dataclasses import dataclass

from .details import alt_of, details_of


@dataclass(frozen=True)
class PhotoUse:
    photo: object
    caption: str
    credit: str
    alt: str


def photo_use(photo, *, caption="", credit="", alt=""):
    """``photo`` with the texts this use shows: each override, else the photo's default."""
    if photo is None:
        return PhotoUse(None, caption or "", credit or "", alt or "")
    details = details_of(photo)
    return PhotoUse(
        photo,
        caption=caption or details.default_caption,
        credit=credit or details.credit,
        alt=alt or alt_of(photo),
    )
