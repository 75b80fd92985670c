"""The photo desk's reports: photos without credit, and photos in use without alt text.

Both list images of the site's own model the user may change, a page at a time
in a fixed number of queries, and export to CSV and Excel.
"""

import datetime
from collections import OrderedDict

from django.db.models import Exists, OuterRef
from django.db.models.functions import Trim
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.images import get_image_model
from wagtail.images.views.images import ImagePreviewColumn
from wagtail.models import ReferenceIndex

from ..details import credit_of
from ..models import PhotoDetails
from .compat import image_permission_policy
from .library import CreditColumn


def without_credit(images):
    """``images`` that have no details row, or one with an empty credit."""
    credited = PhotoDetails.objects.filter(image=OuterRef("pk")).exclude(credit="")
    return images.filter(~Exists(credited))


def without_alt_text(images):
    """``images`` whose alt text (Wagtail's description) is empty or blank."""
    return images.alias(written_alt=Trim("description")).filter(written_alt="")


def export_columns(after_upload=None, **own):
    """A report's export columns: the title, its ``own`` ones, the upload, then the edit link.

    Each value is (heading, value of an image given the view), as ``to_row_dict`` reads them.
    """
    return {
        "title": (_("Title"), lambda view, image: image.title),
        **own,
        "uploaded": (_("Uploaded"), lambda view, image: image.created_at),
        **(after_upload or {}),
        "edit_url": (_("Edit at"), lambda view, image: view.absolute_edit_url(image)),
    }


class UsageLinkColumn(Column):
    cell_template_name = "media/admin/usage_cell.html"


class PhotoReportView(ReportView):
    """What both reports share: the images the user may change, with what a row shows."""

    header_icon = "image"
    permission_required = "change"
    paginate_by = 50
    # Read by to_row_dict: (heading, value of an image).
    export_columns = {}

    @cached_property
    def permission_policy(self):
        return image_permission_policy()

    @property
    def list_export(self):
        return list(self.export_columns)

    @property
    def export_headings(self):
        return {field: heading for field, (heading, _value) in self.export_columns.items()}

    def get_filename(self):
        return f"{self.export_filename}-{datetime.date.today():%Y-%m-%d}"

    def images(self):
        return (
            self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
            .select_related("collection", "uploaded_by_user", "newsroom_details")
            .prefetch_renditions("max-165x165")
        )

    def edit_url(self, image):
        return reverse("wagtailimages:edit", args=[image.pk])

    def absolute_edit_url(self, image):
        return self.request.build_absolute_uri(self.edit_url(image))

    def to_row_dict(self, item):
        return OrderedDict(
            (field, value(self, item)) for field, (_heading, value) in self.export_columns.items()
        )

    def preview_and_title_columns(self):
        return [
            ImagePreviewColumn("preview", label=_("Preview"), accessor="image"),
            TitleColumn("title", label=_("Title"), get_url=self.edit_url, width="30%"),
        ]


def uploader_name(image):
    user = image.uploaded_by_user
    return (user.get_full_name() or user.get_username()) if user else ""


class PhotosWithoutCreditView(PhotoReportView):
    """Images that readers would see uncredited: old ones from before Newsroom, mostly."""

    page_title = _("Photos without credit")
    index_url_name = "newsroom_photos_without_credit"
    index_results_url_name = "newsroom_photos_without_credit_results"
    export_filename = "photos-without-credit"
    no_results_message = _("Every photo has a credit.")
    export_columns = export_columns(
        collection=(_("Collection"), lambda view, image: image.collection.name),
        after_upload={"uploaded_by": (_("Uploaded by"), lambda view, image: uploader_name(image))},
    )

    def get_queryset(self):
        return without_credit(self.images()).order_by("-created_at", "-pk")

    @cached_property
    def columns(self):
        return [
            *self.preview_and_title_columns(),
            Column("collection", label=_("Collection"), accessor="collection.name"),
            DateColumn("created_at", label=_("Uploaded")),
            Column("uploaded_by", label=_("Uploaded by"), accessor=uploader_name),
        ]


class PhotosWithoutAltTextView(PhotoReportView):
    """Images used on some page or snippet whose alt text nobody has written.

    A story may write alt text for its own use of a photo (checked before it is
    published); this lists the photos whose own default is missing.
    """

    page_title = _("Photos in use without alt text")
    index_url_name = "newsroom_photos_without_alt_text"
    index_results_url_name = "newsroom_photos_without_alt_text_results"
    export_filename = "photos-in-use-without-alt-text"
    no_results_message = _("Every photo in use has alt text.")
    export_columns = export_columns(
        credit=(_("Credit"), lambda view, image: credit_of(image)),
        usage_count=(_("Uses"), lambda view, image: image.usage_count),
    )

    def get_queryset(self):
        images = without_alt_text(self.images()).annotate(
            usage_count=ReferenceIndex.usage_count_subquery(get_image_model())
        )
        return images.filter(usage_count__gt=0).order_by("-usage_count", "-created_at", "-pk")

    @cached_property
    def columns(self):
        return [
            *self.preview_and_title_columns(),
            CreditColumn("credit", label=_("Credit"), accessor=credit_of),
            UsageLinkColumn("usage_count", label=_("Uses")),
            DateColumn("created_at", label=_("Uploaded")),
        ]


class PhotoReportMenuItem(MenuItem):
    """Shown to users who may change images."""

    def is_shown(self, request):
        return image_permission_policy().user_has_permission(request.user, "change")
