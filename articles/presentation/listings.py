"""Story listings' photos: loaded in bulk and set on the stories, so templates cost no query."""

from media.loading import load_photo_uses


def attach_photos(objects, field, photos):
    """Point each object's photo ``field`` at its bulk-loaded photo from ``photos`` (by id)."""
    for obj in objects:
        photo = photos.get(getattr(obj, f"{field}_id"))
        if photo is not None:
            setattr(obj, field, photo)


def listing_photos(stories, size_names=("teaser",), extra_ids=(), social_ids=None):
    """The lead photos of ``stories`` (and photos ``extra_ids``) at ``size_names``, by id.

    Each story's ``lead_photo`` is the loaded photo afterwards; templates
    find them by id in ``newsroom_photos`` too (``{% picture %}``). The
    photos ``social_ids`` (by default the first story's, the listing's social
    card: ``{% social_meta %}``) come with their social card's rendition too.
    """
    stories = list(stories)
    ids = [story.lead_photo_id for story in stories] + list(extra_ids)
    if social_ids is None:
        social_ids = ids[:1]
    uses = {name: ids for name in size_names}
    uses["social"] = [*uses.get("social", ()), *social_ids]
    photos = load_photo_uses(uses)
    attach_photos(stories, "lead_photo", photos)
    return photos
