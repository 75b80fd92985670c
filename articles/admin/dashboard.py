"""The desk on the admin dashboard: start a story, find one's drafts, review, what is going out.

Each panel is a Wagtail dashboard component (``construct_homepage_panels``,
like Wagtail's own in ``wagtail.admin.views.home``) and costs a fixed number
of queries however many stories it lists (``tests/admin/test_desk_dashboard.py``
counts them). "Scheduled" and "Published" list the stories of the sections the
user works in (any page permission there); a superuser sees every section.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageLogEntry,
    Revision,
    Task,
    TaskState,
    get_default_page_content_type,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models import ArticlePage, SectionPage

# How many stories a list shows; below it, how many more there are.
LIST_LIMIT = 10
PUBLISHED_WINDOW = timedelta(hours=24)
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")
WORKING_PERMISSIONS = {"add", "change", "publish"}


def sections_for_new_story(user):
    """The sections ``user`` may add a story to, in tree order (Wagtail's add-page rules)."""
    if not user.is_active or not ArticlePage.is_creatable:
        return SectionPage.objects.none()
    if ArticlePage not in SectionPage.creatable_subpage_models():
        return SectionPage.objects.none()
    return permitted(SectionPage, user, {"add"}).order_by("path")


def new_story_url(section):
    meta = ArticlePage._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, section.pk])


def working_stories(user):
    """The stories of the sections ``user`` works in: where they may add, edit or publish."""
    return permitted(ArticlePage, user, WORKING_PERMISSIONS)


def permitted(model, user, actions):
    """The ``model`` pages where ``user`` has any of ``actions``, by Wagtail's page permissions.

    Through Page's own policy: Wagtail 7.4's ``PagePermissionPolicy(model)`` looks
    for the codenames of ``model`` (``add_sectionpage``) where page permissions
    hold Page's (``add_page``), so it finds nothing; only 8.x reads Page's.
    """
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, actions)
    return model.objects.filter(pk__in=pages.values("pk"))


def section_titles(pages):
    """{page pk: title of the section it is filed in}, in one query for all of ``pages``."""
    parent_paths = {page.pk: page.path[: -Page.steplen] for page in pages}
    titles = dict(
        Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "title")
    )
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


class DashboardPanel(Component):
    """A desk panel: shown only when it has something to show (``is_empty``)."""

    def is_empty(self, context):
        raise NotImplementedError

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if self.is_empty(context):
            return ""
        return get_template(self.template_name).render(context)


class DeskPanel(DashboardPanel):
    """A dashboard panel listing stories, with how many there are in all."""

    heading = ""
    panel_id = ""

    def is_empty(self, context):
        return not context["rows"]

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows, total = self.get_rows(request.user)
        return {
            "request": request,
            "heading": self.heading,
            "panel_id": self.panel_id,
            "rows": rows,
            "total": total,
            "more": total - len(rows),
        }

    def get_rows(self, user):
        """(rows for the listed stories, how many stories there are in all)."""
        raise NotImplementedError

    @staticmethod
    def first_pages(stories):
        """(The first ``LIST_LIMIT`` of ``stories`` without StreamFields, how many in all)."""
        return list(stories.defer_streamfields()[:LIST_LIMIT]), stories.count()

    @staticmethod
    def rows_for(pages, **extra):
        sections = section_titles(pages)
        return [
            {
                "page": page,
                "section": sections[page.pk],
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                **{name: values.get(page.pk) for name, values in extra.items()},
            }
            for page in pages
        ]


class NewStoryPanel(DashboardPanel):
    """'New story in…': one button per section the user may file a story in."""

    name = "newsroom_new_story"
    order = 10
    template_name = "articles/admin/dashboard/new_story.html"

    def is_empty(self, context):
        return not context["sections"]

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        sections = list(sections_for_new_story(request.user).only("pk", "path", "title"))
        titles = {section.path: section.title for section in sections}
        return {
            "sections": [
                {
                    "title": section.title,
                    # Where it is, for sections that share a name (World › Sport, Sport).
                    "parent": titles.get(section.path[: -Page.steplen], ""),
                    "url": new_story_url(section),
                }
                for section in sections
            ]
        }


class MyDraftsPanel(DeskPanel):
    """Stories the user started or last edited whose latest changes are not published
    (nor scheduled to be)."""

    name = "newsroom_my_drafts"
    order = 30
    heading = _("My drafts")
    panel_id = "newsroom-my-drafts"
    template_name = "articles/admin/dashboard/my_drafts.html"

    def get_rows(self, user):
        drafts = (
            ArticlePage.objects.filter(has_unpublished_changes=True)
            .filter(Q(owner=user) | Q(latest_revision__user=user))
            # What is approved to go live is "Scheduled", not a draft any more.
            .annotate_approved_schedule()
            .filter(_approved_schedule=False)
            .order_by("-latest_revision_created_at", "-pk")
        )
        pages, total = self.first_pages(drafts.prefetch_workflow_states())
        return self.rows_for(pages), total


class AwaitingReviewPanel(DeskPanel):
    """Stories at a moderation step the user may approve: the desk's own
    "Awaiting your review", in a fixed number of queries (Wagtail's costs
    several per story)."""

    name = "newsroom_awaiting_review"
    order = 20
    heading = _("Awaiting my review")
    panel_id = "newsroom-awaiting-review"
    template_name = "articles/admin/dashboard/awaiting_review.html"

    def get_rows(self, user):
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True) or not user.is_active:
            return [], 0
        states = (
            self.reviewable_states(user)
            .filter(workflow_state__base_content_type=get_default_page_content_type())
            .select_related("task", "revision__user")
            .order_by("-started_at")
        )
        total = states.count()
        by_page = {int(state.revision.object_id): state for state in states[:LIST_LIMIT]}
        pages = Page.objects.defer_streamfields().in_bulk(list(by_page))
        # A page deleted while in moderation leaves its task state behind.
        rows = self.rows_for([pages[pk] for pk in by_page if pk in pages], task_state=by_page)
        for row in rows:
            row["preview_url"] = reverse(
                "wagtailadmin_pages:workflow_preview",
                args=[row["page"].pk, row["task_state"].task_id],
            )
        return rows, total

    @staticmethod
    def reviewable_states(user):
        """``TaskState.objects.reviewable_by(user)`` without one query per task."""
        in_progress = TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, task__active=True
        )
        if user.is_superuser:
            return in_progress
        group_tasks = GroupApprovalTask.objects.filter(
            groups__in=Group.objects.filter(user=user)
        ).values("pk")
        states = in_progress.filter(task__in=group_tasks)
        # Other kinds of task decide for themselves, one by one (a newsroom has none).
        others = Task.objects.filter(active=True).exclude(
            content_type=ContentType.objects.get_for_model(GroupApprovalTask)
        )
        for task in others.specific():
            states = states | task.get_task_states_user_can_moderate(user=user)
        return states


class ScheduledPanel(DeskPanel):
    """Stories approved to go live at a time still to come."""

    name = "newsroom_scheduled"
    order = 40
    heading = _("Scheduled")
    panel_id = "newsroom-scheduled"
    template_name = "articles/admin/dashboard/scheduled.html"

    def get_rows(self, user):
        scheduled_revisions = Revision.page_revisions.filter(
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            approved_go_live_at__isnull=False,
        )
        stories = (
            working_stories(user)
            .annotate(
                go_live=Subquery(scheduled_revisions.values("approved_go_live_at")[:1]),
                scheduled_revision=Subquery(scheduled_revisions.values("pk")[:1]),
            )
            .filter(go_live__isnull=False)
            .order_by("go_live", "pk")
        )
        pages, total = self.first_pages(stories)
        schedulers = {
            entry.page_id: entry.user
            for entry in PageLogEntry.objects.filter(
                action="wagtail.publish.schedule",
                revision_id__in=[page.scheduled_revision for page in pages],
            )
            .select_related("user")
            .order_by("timestamp")
        }
        return self.rows_for(pages, scheduled_by=schedulers), total


class PublishedPanel(DeskPanel):
    """Stories that went out in the last 24 hours, and who published them."""

    name = "newsroom_published"
    order = 50
    heading = _("Published in the last 24 hours")
    panel_id = "newsroom-published"
    template_name = "articles/admin/dashboard/published.html"

    def get_rows(self, user):
        since = timezone.now() - PUBLISHED_WINDOW
        stories = (
            working_stories(user)
            .filter(live=True, last_published_at__gte=since)
            .order_by("-last_published_at", "-pk")
        )
        pages, total = self.first_pages(stories)
        publishers = self.publishers(pages, since)
        return self.rows_for(pages, published_by=publishers), total

    @staticmethod
    def publishers(pages, since):
        """{page pk: who published it last}; for a scheduled publish, who scheduled it."""
        entries = {}
        for entry in (
            PageLogEntry.objects.filter(
                page__in=[page.pk for page in pages],
                action__in=PUBLISH_ACTIONS,
                timestamp__gte=since,
            )
            .select_related("user")
            .order_by("timestamp")
        ):
            entries[entry.page_id] = entry  # the latest wins
        # The scheduler publishes as nobody: name who scheduled that revision.
        unnamed = [e.revision_id for e in entries.values() if e.user is None and e.revision_id]
        schedulers = {}
        if unnamed:
            schedulers = {
                entry.revision_id: entry.user
                for entry in PageLogEntry.objects.filter(
                    action="wagtail.publish.schedule", revision_id__in=unnamed
                ).select_related("user")
            }
        return {
            pk: entry.user or schedulers.get(entry.revision_id) for pk, entry in entries.items()
        }


def desk_panels():
    return [
        NewStoryPanel(),
        AwaitingReviewPanel(),
        MyDraftsPanel(),
        ScheduledPanel(),
        PublishedPanel(),
    ]


def add_desk_panels(request, panels):
    """``construct_homepage_panels``: the desk first; ours replaces Wagtail's
    "Awaiting your review", which would list the same stories again."""
    panels[:] = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]
    panels.extend(desk_panels())
