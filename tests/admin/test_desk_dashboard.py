"""The desk on the admin dashboard: what each panel lists, for whom, and at what cost."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from articles.admin.dashboard import (
    AwaitingReviewPanel,
    MyDraftsPanel,
    NewStoryPanel,
    PublishedPanel,
    ScheduledPanel,
    sections_for_new_story,
)

from ..factories import ArticlePageFactory, SectionPageFactory
from .desk_support import make_user, section_roles


@pytest.fixture
def sport(home):
    return SectionPageFactory(parent=home, title="Sport", slug="sport")


@pytest.fixture
def roles(turkey, sport):
    return {"turkey": section_roles(turkey), "sport": section_roles(sport)}


@pytest.fixture
def reporter(django_user_model, roles):
    return make_user(django_user_model, "reporter", roles["turkey"]["contributors"])


@pytest.fixture
def turkey_editor(django_user_model, roles):
    return make_user(django_user_model, "turkey-editor", roles["turkey"]["editors"])


def render(panel, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return panel.render_html({"request": request})


def rows(html):
    return [
        row.select_one("td.title a").get_text(strip=True) for row in soup(html).select("tbody tr")
    ]


def render_as_it_grows(panel, user, add, assert_max_num_queries, first_most, more=5):
    """Render ``panel`` for ``user`` with one story (``add(0)``), then with ``more``
    added: the second render may cost no query more than the first. Its HTML."""
    add(0)
    with assert_max_num_queries(first_most) as one:
        render(panel, user)
    for i in range(1, more + 1):
        add(i)
    with assert_max_num_queries(len(one.captured_queries)):
        return render(panel, user)


def soup(html):
    return BeautifulSoup(html, "html.parser")


def draft(section, owner, title):
    page = ArticlePageFactory(parent=section, title=title, owner=owner, live=False)
    page.save_revision(user=owner)
    return page


def published(section, user, title, when=None):
    """A story by ``user``, published by them (whatever their rights: it is set-up)."""
    page = ArticlePageFactory(parent=section, title=title, owner=user, live=False)
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    if when is not None:
        type(page).objects.filter(pk=page.pk).update(last_published_at=when)
    return page


# New story in… -------------------------------------------------------------------


def test_new_story_lists_the_sections_a_contributor_may_file_in(reporter, turkey, sport):
    html = render(NewStoryPanel(), reporter)
    links = soup(html).select("a.newsroom-desk__new-story")
    assert [link.get_text(" ", strip=True) for link in links] == ["New story in Turkey"]
    assert links[0]["href"] == reverse(
        "wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk]
    )


def test_new_story_lists_every_section_for_a_superuser_in_tree_order(
    admin_user, news, turkey, sport
):
    assert [section.title for section in sections_for_new_story(admin_user)] == [
        "News",
        "Turkey",
        "Sport",
    ]
    # A section below another listed one says where it is.
    links = soup(render(NewStoryPanel(), admin_user)).select("a.newsroom-desk__new-story")
    assert links[1].get_text("", strip=True) == "New story inTurkey, in News"


def test_new_story_is_hidden_from_someone_who_may_add_nowhere(django_user_model, turkey):
    nobody = django_user_model.objects.create_user("nobody", password="pw-for-tests-1")
    assert render(NewStoryPanel(), nobody) == ""


def test_new_story_costs_two_queries_however_many_sections(
    admin_user, reporter, home, turkey, django_assert_num_queries
):
    for i in range(5):
        SectionPageFactory(parent=turkey, title=f"Desk {i}", slug=f"desk-{i}")
    # One for the sections; a contributor's page permissions are one more (and are
    # shared with the rest of the admin's request).
    with django_assert_num_queries(1):
        html = render(NewStoryPanel(), admin_user)
    assert html.count("newsroom-desk__new-story") == 8
    with django_assert_num_queries(2):
        html = render(NewStoryPanel(), reporter)
    assert html.count("newsroom-desk__new-story") == 6


# My drafts ---------------------------------------------------------------------


def test_my_drafts_lists_my_unpublished_and_changed_stories_only(reporter, turkey_editor, turkey):
    draft(turkey, reporter, "My draft")
    changed = published(turkey, reporter, "My published story")
    changed.title = "My published story, changed"
    changed.save_revision(user=reporter)
    published(turkey, reporter, "My untouched story")
    draft(turkey, turkey_editor, "Someone else's draft")
    schedule(turkey, reporter, "My scheduled story", hours=2, publisher=turkey_editor)

    html = render(MyDraftsPanel(), reporter)
    assert rows(html) == ["My published story, changed", "My draft"]
    assert "Turkey" in html  # the section each is filed in
    assert soup(html).select_one("#newsroom-my-drafts-section") is not None


def test_my_drafts_includes_a_story_i_last_edited_for_someone_else(reporter, turkey_editor, turkey):
    page = draft(turkey, turkey_editor, "Their story")
    page.save_revision(user=reporter)
    assert rows(render(MyDraftsPanel(), reporter)) == ["Their story"]


def test_my_drafts_is_hidden_when_there_are_none(reporter, turkey):
    assert render(MyDraftsPanel(), reporter) == ""


def test_my_drafts_query_count_does_not_grow_with_the_drafts(
    reporter, turkey, django_assert_max_num_queries
):
    html = render_as_it_grows(
        MyDraftsPanel(),
        reporter,
        lambda i: draft(turkey, reporter, f"Draft {i}"),
        django_assert_max_num_queries,
        first_most=6,
        more=14,
    )
    assert len(rows(html)) == 10
    assert "And 5 more stories." in html


# Awaiting my review ------------------------------------------------------------


def submit(page, user):
    page.save_revision(user=user)
    page.get_workflow().start(page, user)


def test_awaiting_review_lists_submitted_stories_of_my_sections(
    reporter, turkey_editor, turkey, sport, django_user_model, roles
):
    submit(draft(turkey, reporter, "Turkey story to review"), reporter)
    sport_reporter = make_user(django_user_model, "sport-reporter", roles["sport"]["contributors"])
    submit(draft(sport, sport_reporter, "Sport story to review"), sport_reporter)

    html = render(AwaitingReviewPanel(), turkey_editor)
    assert rows(html) == ["Turkey story to review"]
    assert "Turkey editors approve" in html
    assert "reporter" in html  # who submitted it
    assert "/workflow/preview/" in html
    # The contributor cannot approve anything; a superuser may approve both.
    assert render(AwaitingReviewPanel(), reporter) == ""


def test_awaiting_review_replaces_wagtails_own_panel(client, turkey_editor, turkey, reporter):
    submit(draft(turkey, reporter, "Turkey story to review"), reporter)
    client.force_login(turkey_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting my review" in html
    assert "Awaiting your review" not in html
    assert html.count("Turkey story to review") == 1


def test_awaiting_review_query_count_does_not_grow_with_the_stories(
    reporter, turkey_editor, turkey, django_assert_max_num_queries
):
    html = render_as_it_grows(
        AwaitingReviewPanel(),
        turkey_editor,
        lambda i: submit(draft(turkey, reporter, f"Review {i}"), reporter),
        django_assert_max_num_queries,
        first_most=8,
    )
    assert len(rows(html)) == 6


# Scheduled ---------------------------------------------------------------------


def schedule(section, user, title, hours, publisher=None):
    page = ArticlePageFactory(parent=section, title=title, owner=user, live=False)
    page.go_live_at = timezone.now() + timedelta(hours=hours)
    page.save_revision(user=user).publish(user=publisher or user)
    return page


def test_scheduled_lists_approved_go_lives_soonest_first_with_who_scheduled(
    turkey_editor, turkey, sport, admin_user
):
    schedule(turkey, turkey_editor, "Later", hours=5)
    schedule(turkey, turkey_editor, "Sooner", hours=1)
    schedule(sport, admin_user, "Sport, not my section", hours=2)
    draft(turkey, turkey_editor, "Not scheduled")

    html = render(ScheduledPanel(), turkey_editor)
    assert rows(html) == ["Sooner", "Later"]
    assert "turkey-editor" in html
    # The time says its zone.
    assert "UTC" in soup(html).select_one("time").get_text()
    assert rows(render(ScheduledPanel(), admin_user)) == [
        "Sooner",
        "Sport, not my section",
        "Later",
    ]


def test_scheduled_query_count_does_not_grow_with_the_stories(
    turkey_editor, turkey, django_assert_max_num_queries
):
    html = render_as_it_grows(
        ScheduledPanel(),
        turkey_editor,
        lambda i: schedule(turkey, turkey_editor, f"Scheduled {i}", hours=i + 1),
        django_assert_max_num_queries,
        first_most=6,
    )
    assert len(rows(html)) == 6


# Published in the last 24 hours --------------------------------------------------


def test_published_lists_the_last_day_newest_first_with_who_published(
    turkey_editor, admin_user, turkey, sport
):
    published(turkey, turkey_editor, "Yesterday", when=timezone.now() - timedelta(hours=30))
    published(turkey, turkey_editor, "This morning", when=timezone.now() - timedelta(hours=5))
    published(turkey, admin_user, "Just now")
    published(sport, admin_user, "Sport, not my section")

    html = render(PublishedPanel(), turkey_editor)
    assert rows(html) == ["Just now", "This morning"]
    cells = [row.get_text(" ", strip=True) for row in soup(html).select("tbody tr")]
    assert cells[0].endswith("by admin") and cells[1].endswith("by turkey-editor")


def test_a_scheduled_publish_names_who_scheduled_it(turkey_editor, turkey):
    page = schedule(turkey, turkey_editor, "Went out on time", hours=1)
    # The hour passes; the scheduler (publish_scheduled) publishes the approved
    # revision, as nobody.
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    revision.publish(log_action="wagtail.publish.scheduled")
    assert (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").get().user
        is None
    )

    html = render(PublishedPanel(), turkey_editor)
    assert rows(html) == ["Went out on time"]
    assert "by turkey-editor" in soup(html).select_one("tbody tr").get_text(" ", strip=True)


def test_published_query_count_does_not_grow_with_the_stories(
    turkey_editor, turkey, django_assert_max_num_queries
):
    html = render_as_it_grows(
        PublishedPanel(),
        turkey_editor,
        lambda i: published(turkey, turkey_editor, f"Published {i}"),
        django_assert_max_num_queries,
        first_most=6,
    )
    assert len(rows(html)) == 6


# The dashboard itself ----------------------------------------------------------


def test_dashboard_shows_the_desk_first(client, turkey_editor, turkey, reporter):
    draft(turkey, turkey_editor, "My own draft")
    client.force_login(turkey_editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(text) for text in ("New story in…", "My drafts", "My own draft")]
    assert order == sorted(order)
    assert "articles/css/admin-desk.css" in html
