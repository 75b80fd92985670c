from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from .admin.bulk_actions import SetCreditBulkAction
from .admin.library import PhotoIndexView
from .views import AddPhotosView, CreateFromUploadedPhotoView


# First of the admin's URLs, so these paths are served here rather than by
# Wagtail's own views of the same paths (which reverse() still names).
@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    return [
        path("images/", PhotoIndexView.as_view(), name="newsroom_photo_index"),
        path(
            "images/results/",
            PhotoIndexView.as_view(results_only=True),
            name="newsroom_photo_index_results",
        ),
        path("images/multiple/add/", AddPhotosView.as_view(), name="newsroom_add_photos"),
        path(
            "images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/",
            CreateFromUploadedPhotoView.as_view(),
            name="newsroom_create_photo_from_upload",
        ),
    ]


hooks.register("register_bulk_action", SetCreditBulkAction)


@hooks.register("insert_global_admin_css")
def photo_desk_css():
    # Credits in the library, the chooser and next to a chosen photo.
    return format_html('<link rel="stylesheet" href="{}">', static("media/css/photo-desk.css"))
