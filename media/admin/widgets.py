"""An image chooser that shows the chosen photo's credit and default caption."""

from django import forms
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.telepath import register
from wagtail.images.widgets import AdminImageChooser, ImageChooserAdapter

from ..details import caption_of, credit_of

PHOTO_CREDIT_JS = "media/js/photo-credit.js"


def photo_details_data(image):
    """What the editor shows next to a chosen photo (``media/js/photo-credit.js``)."""
    return {"credit": credit_of(image), "default_caption": caption_of(image)}


class CreditedImageChooser(AdminImageChooser):
    """Wagtail's image chooser, with the photo's credit and default caption beside it.

    The editor sees whose photo the story will credit, and the caption it will
    get unless the story writes its own. Choosing another photo updates both
    (``media/js/photo-credit.js``), from the chooser's data
    (``media.admin.chooser``).
    """

    template_name = "media/admin/widgets/credited_image_chooser.html"

    def get_value_data_from_instance(self, instance):
        data = super().get_value_data_from_instance(instance)
        data.update(photo_details_data(instance))
        return data

    def get_context(self, name, value_data, attrs):
        context = super().get_context(name, value_data, attrs)
        context["credit"] = value_data.get("credit", "")
        context["default_caption"] = value_data.get("default_caption", "")
        return context

    @property
    def media(self):
        return super().media + forms.Media(js=[versioned_static(PHOTO_CREDIT_JS)])


class CreditedImageChooserAdapter(ImageChooserAdapter):
    """The same chooser inside StreamField blocks, which telepath renders in the browser."""

    @property
    def media(self):
        return super().media + forms.Media(js=[versioned_static(PHOTO_CREDIT_JS)])


register(CreditedImageChooserAdapter(), CreditedImageChooser)
