"""What the desk's tests share: newsroom roles on a section, users, stories and form data.

These tests use plain groups rather than ``articles.roles`` (tests/admin/test_roles.py
has those): the groups here are what any Wagtail site gives its contributors and editors.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticleByline

ROLE_PERMISSIONS = {
    "contributors": ("add_page", "change_page"),
    "editors": ("add_page", "change_page", "publish_page"),
}


def page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def section_roles(section, with_workflow=True):
    """{"contributors": group, "editors": group} for ``section``, editors approving."""
    groups = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.create(name=f"{section.title}: {role}")
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=section, permission=page_permission(codename)
            )
        groups[role] = group
    if with_workflow:
        task = GroupApprovalTask.objects.create(
            name=f"{section.title} editors approve",
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
        )
        task.groups.add(groups["editors"])
        workflow = Workflow.objects.create(name=f"{section.title} moderation")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=section)
    return groups


def make_user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, password="pw-for-tests-1")
    user.groups.set(groups)
    return user


def story_form(page=None, action=None, *, bylines=None, body=None, **fields):
    """The editor's POST for a story: ``page``'s values, else a new story's, changed by ``fields``.

    ``bylines`` is a list of authors (new byline forms); ``action`` the button pressed,
    e.g. "action-publish" (None: Save draft).
    """
    data = {
        "title": page.title if page else "Harbour reopens after storm",
        "slug": page.slug if page else "harbour-reopens",
        "summary": page.summary if page else "The port resumed traffic on Tuesday.",
        "story_type": page.story_type if page else "news",
        "lead_photo": page.lead_photo_id if page else "",
        "lead_caption": "",
        "lead_credit": "",
        "lead_alt_text": "",
        "dateline": "",
        "body": streamfield(body or [("paragraph", rich_text("<p>Ships left at dawn.</p>"))]),
        "related_links": streamfield([]),
        "notes": inline_formset([]),
        "bylines": inline_formset(
            [{"author": author.pk, "id": "", "ORDER": i} for i, author in enumerate(bylines or [])]
        ),
        "comments": inline_formset([]),
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "share_image": "",
        **fields,
    }
    if action:
        data[action] = action
    return nested_form_data(data)


def add_byline(page, author):
    page.bylines = [ArticleByline(author=author, sort_order=0)]
