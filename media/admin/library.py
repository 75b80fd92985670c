"""The image library's listing with each photo's credit and default caption."""

from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.images.views.images import IndexView

from ..details import caption_of, credit_of


class CreditColumn(Column):
    """The credit, or "No credit" marked for the photo desk to fill in."""

    cell_template_name = "media/admin/credit_cell.html"


def after_title(columns, *extra):
    """``columns`` with ``extra`` inserted after the title column (at the end if none).

    A grid layout has no columns (its template shows the credit): it stays empty.
    """
    if not columns:
        return columns
    position = next(
        (i + 1 for i, column in enumerate(columns) if column.name == "title"), len(columns)
    )
    return [*columns[:position], *extra, *columns[position:]]


def short_caption(image):
    return Truncator(caption_of(image)).chars(90)


class PhotoIndexView(IndexView):
    """Wagtail's image listing, showing whose photo each one is.

    The details row comes in the listing's own query (a LEFT JOIN), so a page
    of 30 photos costs what Wagtail's listing costs.
    """

    results_template_name = "media/admin/index_results.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("newsroom_details")

    def decorate_paginated_queryset(self, object_list):
        object_list = super().decorate_paginated_queryset(object_list)
        for image in object_list:
            image.photo_credit = credit_of(image)
            image.photo_caption = caption_of(image)
        return object_list

    @cached_property
    def columns(self):
        return after_title(
            super().columns,
            CreditColumn("credit", label=_("Credit"), accessor=credit_of, width="14%"),
            Column(
                "default_caption",
                label=_("Default caption"),
                accessor=short_caption,
                width="22%",
            ),
        )
