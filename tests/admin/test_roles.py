"""Roles per section, opt-in for a host: a command for what exists, a setting for what comes."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, WorkflowPage

from articles.roles import ADMINISTRATORS, BASE_GROUPS, section_group_name
from tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db


def section_groups(section):
    return {
        name: Group.objects.filter(name=section_group_name(section, name)).first()
        for name in ("contributors", "editors")
    }


def test_the_command_gives_every_existing_section_its_roles_and_can_run_again(turkey):
    assert not Group.objects.filter(name__startswith="Newsroom:").exists()
    call_command("newsroom_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(BASE_GROUPS) | {ADMINISTRATORS} <= set(Group.objects.values_list("name", flat=True))
    groups = section_groups(turkey)
    assert all(groups.values())
    editors = groups["editors"]
    rights = set(
        GroupPagePermission.objects.filter(group=editors, page=turkey).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= rights
    contributors = set(
        GroupPagePermission.objects.filter(group=groups["contributors"]).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" not in contributors
    workflow = WorkflowPage.objects.get(page=turkey).workflow
    [task] = [task.specific for task in workflow.tasks.all()]
    assert list(task.groups.all()) == [editors]

    counts = (Group.objects.count(), GroupPagePermission.objects.count())
    call_command("newsroom_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == counts


def test_new_sections_get_roles_only_when_the_host_asks(news, settings):
    plain = SectionPageFactory(parent=news, title="Sport", slug="sport")
    assert not any(section_groups(plain).values())
    assert not WorkflowPage.objects.filter(page=plain).exists()

    settings.NEWSROOM_SECTION_ROLES = True
    business = SectionPageFactory(parent=news, title="Business", slug="business")
    assert all(section_groups(business).values())
    assert WorkflowPage.objects.filter(page=business).exists()
