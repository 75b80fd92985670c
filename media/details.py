"""Reading and writing a photo's newsroom details (credit, usage notes, default caption).

Every place that needs a photo's credit or caption reads it from here, so an
image without a ``PhotoDetails`` row (one a site had before installing
Newsroom) reads as empty rather than raising. Loaders that show many photos
``select_related("newsroom_details")`` so this costs no query.
"""

from django.core.exceptions import ObjectDoesNotExist

from .models import PhotoDetails

DETAIL_FIELDS = ("credit", "copyright", "default_caption")
RELATED_NAME = "newsroom_details"


def details_of(image):
    """``image``'s details row, or an unsaved empty one when it has none."""
    if image is None:
        return PhotoDetails()
    try:
        return getattr(image, RELATED_NAME)
    except ObjectDoesNotExist:
        return PhotoDetails(image_id=image.pk)


def credit_of(image):
    return details_of(image).credit


def caption_of(image):
    return details_of(image).default_caption


def copyright_of(image):
    return details_of(image).copyright


def alt_of(image):
    """The alt text readers get when a use writes none: the image's default (its description)."""
    if image is None:
        return ""
    return image.default_alt_text or ""


def written_alt(image, override=""):
    """The alt text someone wrote for this use of ``image``: the override, else the image's own.

    Not the title, which Wagtail falls back to: a file name is no description.
    """
    return (override or getattr(image, "description", "") or "").strip()


def save_details(image, *, new_image=False, **values):
    """Write ``values`` (some of ``DETAIL_FIELDS``) for a saved ``image``; return the row.

    ``new_image`` says the image was saved for the first time just now, so its
    details show on no page yet (``PhotoDetails.new_image``: nothing to purge).
    """
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"not photo details: {', '.join(sorted(unknown))}")
    details = PhotoDetails.objects.filter(image_id=image.pk).first()
    if details is None:
        details = PhotoDetails(image_id=image.pk)
    details.new_image = new_image
    for name, value in values.items():
        setattr(details, name, value)
    details.save()
    # The image now reads the row just written, not a stale cached one.
    PhotoDetails.image.field.remote_field.set_cached_value(image, details)
    return details


def create_photo(model=None, *, credit="", copyright="", default_caption="", **fields):
    """Save a new image with its details: for loaders and importers (the admin uses the form)."""
    from wagtail.images import get_image_model
    from wagtail.search import index

    from .storage import save_image

    image = (model or get_image_model())(**fields)
    save_image(image)
    save_details(
        image,
        new_image=True,
        credit=credit,
        copyright=copyright,
        default_caption=default_caption,
    )
    # The image was indexed as it was saved, before it had details: search
    # finds it by its credit and caption from now on.
    index.insert_or_update_object(image)
    return image
