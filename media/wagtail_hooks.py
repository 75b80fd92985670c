from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin.bulk_actions import SetCreditBulkAction
from .admin.library import PhotoIndexView
from .admin.reports import PhotoReportMenuItem, PhotosWithoutAltTextView, PhotosWithoutCreditView
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


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for slug, view in (
        ("photos-without-credit", PhotosWithoutCreditView),
        ("photos-without-alt-text", PhotosWithoutAltTextView),
    ):
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=view.index_url_name),
            path(
                f"reports/{slug}/results/",
                view.as_view(results_only=True),
                name=view.index_results_url_name,
            ),
        ]
    return urls


@hooks.register("register_reports_menu_item")
def photos_without_credit_menu_item():
    return PhotoReportMenuItem(
        _("Photos without credit"),
        reverse(PhotosWithoutCreditView.index_url_name),
        name="photos-without-credit",
        icon_name="image",
        order=1150,
    )


@hooks.register("register_reports_menu_item")
def photos_without_alt_text_menu_item():
    return PhotoReportMenuItem(
        _("Photos in use without alt text"),
        reverse(PhotosWithoutAltTextView.index_url_name),
        name="photos-without-alt-text",
        icon_name="image",
        order=1160,
    )


hooks.register("register_bulk_action", SetCreditBulkAction)


@hooks.register("insert_global_admin_css")
def photo_desk_css():
    # Credits in the library, the chooser and next to a chosen photo.
    return format_html('<link rel="stylesheet" href="{}">', static("media/css/photo-desk.css"))
