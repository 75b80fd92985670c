"""Wagtail's image chooser, showing each photo's credit and passing it to the editor.

``install_chooser_views`` puts these classes on Wagtail's own chooser viewset
(``wagtailimages_chooser``) before its URLs are built, so every image chooser
of the site (page editor, StreamField, rich text, snippets) lists credits and
its chosen-photo data carries them.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.images.views import chooser

from ..details import credit_of
from .library import CreditColumn, after_title
from .widgets import photo_details_data


class CreditListingMixin:
    results_template_name = "media/admin/chooser_results.html"

    def get_object_list(self):
        return super().get_object_list().select_related("newsroom_details")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for image in context["results"]:
            image.photo_credit = credit_of(image)
        return context

    @cached_property
    def columns(self):
        return after_title(
            super().columns,
            CreditColumn("credit", label=_("Credit"), accessor=credit_of, width="20%"),
        )


class CreditChosenResponseMixin:
    def get_chosen_response_data(self, image, *args, **kwargs):
        data = super().get_chosen_response_data(image, *args, **kwargs)
        data.update(photo_details_data(image))
        return data


class PhotoChooseView(CreditListingMixin, chooser.ImageChooseView):
    pass


class PhotoChooseResultsView(CreditListingMixin, chooser.ImageChooseResultsView):
    pass


class PhotoChosenView(CreditChosenResponseMixin, chooser.ImageChosenView):
    pass


class PhotoUploadView(CreditChosenResponseMixin, chooser.ImageUploadView):
    pass


def install_chooser_views():
    """Use the views above in Wagtail's image chooser; call before the admin URLs are built."""
    viewset = chooser.viewset
    viewset.choose_view_class = PhotoChooseView
    viewset.choose_results_view_class = PhotoChooseResultsView
    viewset.chosen_view_class = PhotoChosenView
    viewset.create_view_class = PhotoUploadView
