"""System checks for what would silently lose a photo's credit."""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string


@checks.register(checks.Tags.compatibility)
def check_image_form_base(app_configs=None, **kwargs):
    from .forms import PhotoDetailsFormMixin

    path = getattr(settings, "WAGTAILIMAGES_IMAGE_FORM_BASE", "")
    if not path:
        return []
    try:
        base = import_string(path)
    except ImportError as error:
        return [
            checks.Error(
                f"WAGTAILIMAGES_IMAGE_FORM_BASE = {path!r} cannot be imported: {error}",
                id="newsroom_media.E002",
            )
        ]
    if isinstance(base, type) and issubclass(base, PhotoDetailsFormMixin):
        return []
    return [
        checks.Error(
            f"WAGTAILIMAGES_IMAGE_FORM_BASE = {path!r} does not ask for photo credits.",
            hint=(
                "Put media.forms.PhotoDetailsFormMixin first among its bases, or remove the "
                "setting to use media.forms.PhotoForm: without it, uploads through the admin "
                "get no credit, copyright notes or default caption."
            ),
            id="newsroom_media.E001",
        )
    ]
