"""Setting the breaking news from a story in one step, for those allowed to."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from articles.models import ArticlePage, BreakingBanner, Kicker
from articles.roles import section_group_name

from ..conftest import build_story
from ..factories import ArticlePageFactory, PhotoFactory, jpeg_file
from .desk_support import make_user, story_form


@pytest.fixture
def roles(turkey):
    call_command("newsroom_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def desk_editor(client, django_user_model, roles, turkey):
    user = make_user(
        django_user_model,
        "desk-editor",
        Group.objects.get(name="Newsroom: editors"),
        Group.objects.get(name=section_group_name(turkey, "editors")),
    )
    client.force_login(user)
    return client


@pytest.fixture
def contributor(client, django_user_model, roles, turkey):
    user = make_user(
        django_user_model,
        "reporter",
        Group.objects.get(name="Newsroom: contributors"),
        Group.objects.get(name=section_group_name(turkey, "contributors")),
    )
    client.force_login(user)
    return client


@pytest.fixture
def stories(turkey, newsroom_settings):
    return (
        build_story(turkey, title="Quake hits the coast", slug="quake"),
        build_story(turkey, title="Aftershocks felt in the capital", slug="aftershocks"),
    )


def set_url(story):
    return reverse("newsroom_set_breaking", args=[story.pk])


def test_the_story_header_and_the_listing_offer_the_action(desk_editor, stories, turkey):
    quake = stories[0]
    edit = desk_editor.get(reverse("wagtailadmin_pages:edit", args=[quake.pk]))
    assert set_url(quake) in edit.content.decode()
    listing = desk_editor.get(reverse("wagtailadmin_explore", args=[turkey.pk]))
    assert set_url(quake) in listing.content.decode()


def test_the_action_is_not_offered_for_a_draft(desk_editor, stories, turkey):
    draft = ArticlePageFactory(parent=turkey, title="Draft", slug="draft", live=False)
    edit = desk_editor.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert set_url(draft) not in edit.content.decode()


def test_contributors_cannot_set_the_banner(contributor, stories):
    quake = stories[0]
    edit = contributor.get(reverse("wagtailadmin_pages:edit", args=[quake.pk]))
    assert set_url(quake) not in edit.content.decode()
    # Wagtail's admin answers PermissionDenied by sending the user to the dashboard.
    for response in (
        contributor.get(set_url(quake)),
        contributor.post(set_url(quake), {"duration": "120"}),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not BreakingBanner.objects.exists()


def test_one_step_sets_the_banner_for_two_hours_by_default(desk_editor, stories):
    quake = stories[0]
    form = desk_editor.get(set_url(quake)).context["form"]
    assert form["duration"].value() == 120
    before = timezone.now()
    response = desk_editor.post(set_url(quake), {"duration": "120", "ends_at": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[quake.pk])
    banner = BreakingBanner.objects.get()
    assert banner.story_id == quake.pk
    assert banner.site == Site.objects.get(is_default_site=True)
    assert before + timedelta(hours=2) <= banner.expires_at <= timezone.now() + timedelta(hours=2)


def test_setting_another_story_replaces_the_banner(desk_editor, stories):
    quake, aftershocks = stories
    desk_editor.post(set_url(quake), {"duration": "60"})
    ends = (timezone.localtime() + timedelta(hours=5)).replace(second=0, microsecond=0)
    desk_editor.post(
        set_url(aftershocks), {"duration": "60", "ends_at": ends.strftime("%Y-%m-%dT%H:%M")}
    )
    banner = BreakingBanner.objects.get()
    assert banner.story_id == aftershocks.pk and banner.expires_at == ends


def test_a_time_in_the_past_is_refused(desk_editor, stories):
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = desk_editor.post(set_url(stories[0]), {"duration": "60", "ends_at": past})
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The banner must end in the future."]
    assert not BreakingBanner.objects.exists()


def test_a_story_readers_cannot_see_is_refused(desk_editor, turkey, stories):
    draft = ArticlePageFactory(parent=turkey, title="Draft", slug="draft", live=False)
    response = desk_editor.post(set_url(draft), {"duration": "60"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not BreakingBanner.objects.exists()


def test_editors_manage_banners_as_snippets_and_contributors_do_not(
    desk_editor, stories, django_user_model, client
):
    add = reverse("wagtailsnippets_newsroom_articles_breakingbanner:add")
    assert desk_editor.get(add).status_code == 200
    desk_editor.post(set_url(stories[0]), {"duration": "60"})
    banner = BreakingBanner.objects.get()
    delete = reverse("wagtailsnippets_newsroom_articles_breakingbanner:delete", args=[banner.pk])
    assert desk_editor.post(delete).status_code == 302
    assert not BreakingBanner.objects.exists()


def test_contributors_have_no_banner_snippets(contributor, stories):
    add = reverse("wagtailsnippets_newsroom_articles_breakingbanner:add")
    assert contributor.get(add).status_code in (302, 403)


def test_the_editor_chooses_a_kicker(client, admin_user, turkey):
    client.force_login(admin_user)
    photo = PhotoFactory(alt_text="The coast.", file=jpeg_file(size=(1600, 900)))
    data = story_form(kicker=Kicker.EXCLUSIVE, lead_photo=photo.pk)
    url = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    assert client.post(url, data).status_code == 302
    assert ArticlePage.objects.get(slug="harbour-reopens").kicker == Kicker.EXCLUSIVE
