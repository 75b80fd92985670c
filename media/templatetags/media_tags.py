from django import template

from ..details import alt_of
from ..responsive import responsive_photo

register = template.Library()

# Not Wagtail's {% picture %}: on the same prefetched photos it renders about
# 2.1x slower (lead 1,257 against 599 µs a photo, median; teaser 794 against
# 390: bench/picture.py), as it parses its filter specs again on every render,
# and a template literal can neither keep the original format as the fallback
# nor follow NEWSROOM_IMAGE_FORMATS.


@register.inclusion_tag("media/picture.html", takes_context=True)
def picture(context, photo, size="lead", alt=None, loading="lazy", css_class="", sizes=None):
    """Lay out ``photo`` as a responsive ``<picture>``.

    ``sizes`` replaces the size's own ``sizes`` attribute where a layout shows the
    same renditions wider or narrower (a teaser alone on its row on a phone).

    Uses the bulk-loaded photo from ``newsroom_photos`` in the context when the
    view prepared one, so the renditions cost no query here.
    """
    if not photo:
        return {"image": None}
    photo = context.get("newsroom_photos", {}).get(photo.pk, photo)
    image = responsive_photo(photo, size)
    return {
        "image": image,
        "alt": alt_of(photo) if alt is None else alt,
        "loading": loading,
        "css_class": css_class,
        "sizes": sizes or image.sizes,
    }
