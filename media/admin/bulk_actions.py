"""A bulk action on the image listing: give the selected photos one credit."""

from django import forms
from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.images.views.bulk_actions.image_bulk_action import ImageBulkAction
from wagtail.search import index

from ..details import details_of, save_details
from ..models import PhotoDetails


class CreditForm(forms.Form):
    credit = forms.CharField(
        label=_("Credit"),
        max_length=PhotoDetails._meta.get_field("credit").max_length,
        help_text=PhotoDetails._meta.get_field("credit").help_text,
    )


class SetCreditBulkAction(ImageBulkAction):
    """The "Set credit" action: one credit for the selected photos (an agency's batch, say).

    Each photo's details are saved as the edit form saves them, so every page
    showing it is purged and search finds it by its new credit. Photos the user
    may not change are listed and left alone.
    """

    display_name = _("Set credit")
    action_type = "set_credit"
    aria_label = _("Set the credit of the selected images")
    template_name = "media/admin/bulk_actions/confirm_bulk_set_credit.html"
    action_priority = 25
    form_class = CreditForm

    def check_perm(self, image):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", image
        )

    def object_context(self, obj):
        return {"item": obj, "credit": details_of(obj).credit}

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.select_related("newsroom_details"), pk__in=object_ids)

    def get_execution_context(self):
        return {"credit": self.cleaned_form.cleaned_data["credit"]}

    @classmethod
    def execute_action(cls, images, credit="", **kwargs):
        if not credit:
            return 0, 0
        for image in images:
            save_details(image, credit=credit)
            index.insert_or_update_object(image)
        return len(images), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d image is now credited to %(credit)s.",
            "%(count)d images are now credited to %(credit)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "credit": self.cleaned_form.cleaned_data["credit"]}
