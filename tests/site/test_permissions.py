"""Who may do what, proved through the admin's own views."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.roles import section_group_name

from ..conftest import build_story
from ..factories import SectionPageFactory


def make_user(django_user_model, username, *group_names):
    user = django_user_model.objects.create_user(username, password="pw-for-tests-1")
    user.groups.set(Group.objects.filter(name__in=group_names))
    return user


@pytest.fixture
def sport(home):
    return SectionPageFactory(parent=home, title="Sport", slug="sport")


@pytest.fixture
def stories(turkey, sport, newsroom_settings):
    return {
        "turkey": build_story(turkey, title="Turkey story", slug="t"),
        "sport": build_story(sport, title="Sport story", slug="s"),
    }


@pytest.fixture
def contributor(django_user_model, turkey):
    return make_user(
        django_user_model,
        "contributor",
        "Newsroom: contributors",
        section_group_name(turkey, "contributors"),
    )


@pytest.fixture
def turkey_editor(django_user_model, turkey):
    return make_user(
        django_user_model, "editor", "Newsroom: editors", section_group_name(turkey, "editors")
    )


def edit_data(page, action, **changes):
    # The story's bylines as the editor shows them: a story without one is not
    # published or submitted (articles.admin.checks).
    saved = type(page).objects.get(pk=page.pk)
    bylines = [{"id": byline.pk, "author": byline.author_id} for byline in saved.bylines.all()]
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "story_type": page.story_type,
        "lead_photo": page.lead_photo_id,
        "body": streamfield([("paragraph", rich_text("<p>Edited body.</p>"))]),
        "related_links": streamfield([]),
        "notes": inline_formset([]),
        "bylines": inline_formset(bylines, initial=len(bylines)),
        "comments": inline_formset([]),
        "tags": "",
        **changes,
    }
    data[action] = action
    return nested_form_data(data)


def post_edit(client, user, page, action, **changes):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, edit_data(page, action, **changes))


def test_section_groups_are_made_for_every_section(turkey, sport):
    for section in (turkey, sport):
        for role in ("contributors", "editors"):
            group = Group.objects.get(name=section_group_name(section, role))
            assert group.page_permissions.filter(page=section).exists()


def test_contributor_cannot_publish(client, contributor, stories):
    story = stories["turkey"]
    post_edit(client, contributor, story, "action-publish", title="Contributor published this")
    story.refresh_from_db()
    assert story.title == "Turkey story"
    assert client.get("/news/turkey/t/").content.decode().count("Contributor published") == 0


def test_contributor_saves_drafts_and_submits_for_moderation(client, contributor, stories):
    story = stories["turkey"]
    response = post_edit(client, contributor, story, "action-submit", title="Please review")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.draft_title == "Please review" and story.title == "Turkey story"
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == "in_progress"
    assert state.workflow.name == "Turkey moderation"


def test_contributor_cannot_edit_another_section(client, contributor, stories):
    client.force_login(contributor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[stories["sport"].pk]))
    assert response.status_code in {302, 403}


def test_section_editor_publishes_in_their_section(client, turkey_editor, stories):
    story = stories["turkey"]
    response = post_edit(client, turkey_editor, story, "action-publish", title="Editor update")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Editor update" and story.live


def test_turkey_editor_cannot_edit_sport(client, turkey_editor, stories):
    story = stories["sport"]
    client.force_login(turkey_editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code in {302, 403}
    post_edit(client, turkey_editor, story, "action-publish", title="Hijacked")
    story.refresh_from_db()
    assert story.title == "Sport story"


def test_only_administrators_change_site_settings(
    client, django_user_model, turkey_editor, newsroom_settings
):
    url = reverse(
        "wagtailsettings:edit",
        args=["newsroom_articles", "newsroomsettings", newsroom_settings.site_id],
    )
    client.force_login(turkey_editor)
    assert client.get(url).status_code in {302, 403}
    admin = make_user(django_user_model, "boss", "Newsroom: administrators")
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_photo_desk_edits_credits_but_not_pages(client, django_user_model, stories):
    desk = make_user(django_user_model, "desk", "Newsroom: photo desk")
    client.force_login(desk)
    photo = stories["turkey"].lead_photo
    assert client.get(reverse("wagtailimages:edit", args=[photo.pk])).status_code == 200
    page_edit = client.get(reverse("wagtailadmin_pages:edit", args=[stories["turkey"].pk]))
    assert page_edit.status_code in {302, 403}


@pytest.mark.django_db
def test_the_site_editors_may_set_breaking_news_and_contributors_may_not():
    # Given by the reference site's data migrations (0003_breaking_banner_permissions).
    def banner_rights(group_name):
        group = Group.objects.get(name=group_name)
        return set(
            group.permissions.filter(codename__endswith="_breakingbanner").values_list(
                "codename", flat=True
            )
        )

    assert banner_rights("Newsroom: editors") == {
        "add_breakingbanner",
        "change_breakingbanner",
        "delete_breakingbanner",
        "view_breakingbanner",
    }
    assert banner_rights("Newsroom: contributors") == set()
    assert banner_rights("Newsroom: photo desk") == set()
