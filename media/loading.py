"""Photos loaded in bulk with the renditions their uses need, in one query."""

import functools
import operator

from django.db.models import Q
from wagtail.images import get_image_model

from .filters import WebSafeFilter
from .sizes import specs_for


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
    for rendition in Rendition.objects.filter(wanted).select_related("image__newsroom_details"):
        photo = photos.get(rendition.image_id)
        if photo is None:
            photo = photos[rendition.image_id] = rendition.image
            photo.prefetched_renditions = []
        rendition.image = photo
        photo.prefetched_renditions.append(rendition)
    missing = specs_by_photo.keys() - photos.keys()
    if missing:
        for photo in Photo.objects.filter(id__in=missing).select_related("newsroom_details"):
            photo.prefetched_renditions = []
            photos[photo.id] = photo
    return photos


@functools.cache
def _filter(spec):
    # Every rendition the plugin makes goes through WebSafeFilter (16-bit and
    # CMYK sources), whatever the site's image model.
    return WebSafeFilter(spec=spec)


def rendition(photo, spec):
    """``photo``'s rendition for ``spec``, made web-safe if it has to be made."""
    return photo.get_rendition(_filter(spec))


def renditions_for(photo, specs):
    """``photo``'s renditions for ``specs``, by spec, through Wagtail's ``get_renditions``.

    With one ``Filter`` per spec for the whole process: Wagtail parses a spec
    given as a string on every call, which cost a page's photos more than
    reading their prefetched renditions.
    """
    return photo.get_renditions(*map(_filter, specs))


# Pillow modes the browsers' formats cannot hold: 16- and 32-bit greyscale
