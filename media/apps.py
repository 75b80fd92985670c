from django.apps import AppConfig
from django.conf import settings

# The photo form every admin upload path uses unless the site names its own.
DEFAULT_FORM_BASE = "media.forms.PhotoForm"


class MediaConfig(AppConfig):
    name = "media"
    label = "newsroom_media"
    verbose_name = "Newsroom photos"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            signal_handlers,
        )

        signal_handlers.register_signal_handlers()
        # Wagtail reads the setting whenever it builds an image form, so this
        # default applies to the add view, the multiple uploader and the chooser.
        if not getattr(settings, "WAGTAILIMAGES_IMAGE_FORM_BASE", ""):
            settings.WAGTAILIMAGES_IMAGE_FORM_BASE = DEFAULT_FORM_BASE
        self.index_details()
        # Wagtail builds the chooser's URLs from its viewset when the admin's
        # URLs are first loaded, after every app is ready.
        from .admin.chooser import install_chooser_views

        install_chooser_views()

    def index_details(self):
        """Search the library by credit and caption: the image model indexes its details."""
        from wagtail.images import get_image_model
        from wagtail.search import index

        model = get_image_model()
        if any(
            getattr(field, "field_name", None) == "newsroom_details"
            for field in model.search_fields
        ):
            return
        model.search_fields = [
            *model.search_fields,
            index.RelatedFields(
                "newsroom_details",
                [
                    # Its words, not the field: "Jane Doe/Reuters" is found by "Reuters".
                    index.SearchField("credit_words"),
                    index.AutocompleteField("credit_words"),
                    index.SearchField("default_caption"),
                    # The admin's listings and chooser search with autocomplete.
                    index.AutocompleteField("default_caption"),
                ],
            ),
        ]
