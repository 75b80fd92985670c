from django.urls import path
from wagtail import hooks

from .views import AddPhotosView, CreateFromUploadedPhotoView


# First of the admin's URLs, so these paths are served here rather than by
# Wagtail's own views of the same paths (which reverse() still names).
@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    return [
        path("images/multiple/add/", AddPhotosView.as_view(), name="newsroom_add_photos"),
        path(
            "images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/",
            CreateFromUploadedPhotoView.as_view(),
            name="newsroom_create_photo_from_upload",
        ),
    ]
