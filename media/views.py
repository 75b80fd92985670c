"""Admin views of the photo library that differ from Wagtail's."""

import os

from django.core.files import File
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.images.views.multiple import AddView, CreateFromUploadedImageView

from .forms import storage_failed_error
from .storage import store_file


class StorageFailed(Exception):
    def __init__(self, error, form):
        super().__init__(error)
        self.error = error
        self.form = form


class AddPhotosView(AddView):
    """Wagtail's multiple uploader, saying at once what a photo still needs.

    A file posted without a credit (the uploader sends only the file, its title
    and collection) is kept as an upload, and Wagtail returns a blank form for
    it under "Upload successful". Here that form comes back checked, so the
    missing credit is marked on it and the editor knows the photo is not in the
    library until it has one.
    """

    def get_edit_upload_form_context_data(self):
        context = super().get_edit_upload_form_context_data()
        blank = context["form"]
        data = {
            blank.add_prefix("title"): self.object.title,
            blank.add_prefix("collection"): self.object.collection_id or "",
        }
        form = blank.__class__(
            data, instance=self.object, prefix=blank.prefix, user=self.request.user
        )
        if not form.is_valid():
            form.add_error(
                None,
                _(
                    "This photo is not in the library yet: fill in what is marked below "
                    "(its credit, at least), then Update."
                ),
            )
        context["form"] = form
        return context


class CreateFromUploadedPhotoView(CreateFromUploadedImageView):
    """Wagtail's last step of the multiple uploader, with storage errors as form errors.

    Wagtail writes the uploaded file to the image's storage after the form has
    validated and does not catch storage errors: a full disk was a 500 and left
    a partial file. Here ``media.storage.store_file`` writes it (removing a partial
    write), and a failure shows on the upload's form; the upload is kept, so
    the editor can try again.
    """

    def save_object(self, form):
        self.object.file = File(self.upload.file.file, name=os.path.basename(self.upload.file.name))
        try:
            store_file(self.object)
        except OSError as error:
            raise StorageFailed(error, form) from error
        self.object.uploaded_by_user = self.request.user
        self.object._set_image_file_metadata()
        form.save()

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except StorageFailed as failure:
            failure.form.add_error(None, storage_failed_error(failure.error))
            return self.form_response(failure.form)

    def form_response(self, form):
        """The upload's form again, with its errors (as Wagtail answers an invalid one)."""
        context = {
            self.context_upload_name: self.upload,
            "edit_action": reverse(self.edit_upload_url_name, args=(self.upload.id,)),
            "delete_action": reverse(self.delete_upload_url_name, args=(self.upload.id,)),
            "form": form,
        }
        html = render_to_string(self.edit_form_template_name, context, request=self.request)
        return JsonResponse({"success": False, "form": html})
