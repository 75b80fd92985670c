"""The story editor's form: it refuses to publish what a newsroom would not (``checks``).

``ArticlePage.base_form_class`` is set to ``ArticlePageForm`` by ``articles.apps``
(the models do not import the admin). Only the actions that put a story in
front of readers or reviewers are refused: publishing (now or scheduled),
submitting for moderation, restarting moderation and approving a step. Saving
a draft, by hand or by autosave, always goes through, so nothing is lost.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from ..models import NewsroomSettings
from .checks import FACT_CHECK_NEEDS, story_problems

# The buttons of the editor's action menu whose POST puts the story out
# (``wagtail.admin.views.pages.create`` / ``edit`` read the same names).
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class ArticlePageForm(WagtailAdminPageForm):
    def is_publishing(self):
        """Whether this POST publishes the story or puts it up for review."""
        data = self.data
        if data.get("action-workflow-action"):
            return data.get("workflow-action-name") == "approve"
        return any(data.get(action) for action in PUBLISHING_ACTIONS)

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and self.is_publishing():
            self.refuse_blocking_problems(cleaned_data)
        return cleaned_data

    def refuse_blocking_problems(self, cleaned_data):
        problems = story_problems(
            bylines=self.byline_authors(),
            lead_photo=cleaned_data.get("lead_photo"),
            lead_alt_text=cleaned_data.get("lead_alt_text", ""),
            body=cleaned_data.get("body") or (),
            story_type=cleaned_data.get("story_type", ""),
            claim={field: cleaned_data.get(field) for field in FACT_CHECK_NEEDS},
        )
        body_errors = {}
        for problem in problems:
            if not problem.blocks:
                continue
            error = ValidationError(problem.message, code=problem.code)
            if problem.field == "bylines":
                self.formsets["bylines"].non_form_errors().append(error)
            elif problem.field == "body" and problem.block_index is not None:
                body_errors[problem.block_index] = StructBlockValidationError(
                    block_errors={"alt_text": error}
                )
            elif problem.field in self.fields:
                self.add_error(problem.field, error)
            else:
                self.add_error(None, error)
        if body_errors and "body" in self.fields:
            self.add_error("body", StreamBlockValidationError(block_errors=body_errors))

    def byline_authors(self):
        """The authors the bylines formset names; None when there is no formset (a
        host's own panels) or it is invalid (its own errors say what is wrong)."""
        formset = self.formsets.get("bylines")
        if formset is None or not formset.is_valid():
            return None
        return [
            form.cleaned_data["author"]
            for form in formset.forms
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        ]

    def promote_preview(self):
        """What the Promote tab's previews show besides the fields themselves
        (``articles/admin/promote_previews.html``, ``admin-promote.js``)."""
        parent = self.parent_page
        parent_url = parent.full_url if parent is not None else None
        site = parent.get_site() if parent is not None else None
        site_name = NewsroomSettings.for_site(site).publisher_display_name if site else ""
        return {
            "parent_url": parent_url or "",
            "hostname": urlsplit(parent_url).hostname if parent_url else "",
            "site_name": site_name,
            "social_note": _(
                "Social networks show the headline and the summary, with the share image "
                "or else the lead photo."
            ),
        }
