"""Admin views of the newsroom: importing wire copy into a section."""

import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page

from ..models import SectionPage
from .importer import import_ninjs_files
from .upload import WireCopyImportForm


class ImportWireCopyView(WagtailAdminTemplateMixin, FormView):
    """Upload agency copy (ninjs and pictures) and see what became of each item.

    Open to editors who may add stories to the section; what they may not
    publish there is imported as drafts.
    """

    form_class = WireCopyImportForm
    template_name = "articles/admin/import_ninjs.html"
    page_title = _("Import wire copy")
    header_icon = "download"

    def dispatch(self, request, section_id):
        self.section = get_object_or_404(SectionPage, pk=section_id)
        if not self.section.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, section_id)

    def get_page_subtitle(self):
        return self.section.title

    def get_breadcrumbs_items(self):
        return get_breadcrumbs_items_for_page(self.section, self.request.user) + [
            {"url": "", "label": self.page_title}
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context

    def form_valid(self, form):
        with tempfile.TemporaryDirectory(prefix="ninjs-import-") as folder:
            try:
                documents = form.unpack(folder)
            except ValidationError as error:
                form.add_error("files", error)
                return self.form_invalid(form)
            results = import_ninjs_files(
                documents, self.section, root=folder, user=self.request.user
            )
        # The results are the answer: show them with a fresh form for the next batch.
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                results=results,
                imported=sum(result.ok for result in results),
                rejected=sum(not result.ok for result in results),
            )
        )
