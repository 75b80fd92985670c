"""'Share preview link' on a story: create (the address shown once), list with uses, revoke.

Only users who may edit the story see the button or reach the views.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePage, PreviewLink
from articles.models.embargoes import AFTER_EMBARGO

from ..factories import ArticlePageFactory, AuthorFactory, PhotoFactory, jpeg_file
from .desk_support import make_user, section_roles, story_form

SHARED = re.compile(r"http://testserver/shared/([A-Za-z0-9_-]{40,})/")


@pytest.fixture
def moment():
    return (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)


@pytest.fixture
def scheduled(admin_client, turkey, moment):
    """A story scheduled through the editor, as the desk does it."""
    photo = PhotoFactory(alt_text="The bridge at dusk.", file=jpeg_file(size=(1600, 900)))
    data = story_form(
        action="action-publish",
        lead_photo=photo.pk,
        bylines=[AuthorFactory()],
        go_live_at=timezone.localtime(moment).strftime("%Y-%m-%d %H:%M"),
    )
    add = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    story = ArticlePage.objects.get(slug="harbour-reopens")
    assert not story.live and story.scheduled_revision is not None
    return story


def links_url(story):
    return reverse("newsroom_preview_links", args=[story.pk])


def revoke_url(link):
    return reverse("newsroom_preview_link_revoke", args=[link.story_id, link.pk])


def test_the_story_header_offers_share_preview_link(admin_client, scheduled):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[scheduled.pk]))
    html = response.content.decode()
    assert links_url(scheduled) in html
    assert "Share preview link" in html


def test_a_section_has_no_share_preview_link(admin_client, turkey):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[turkey.pk]))
    assert reverse("newsroom_preview_links", args=[turkey.pk]) not in response.content.decode()
    assert admin_client.get(reverse("newsroom_preview_links", args=[turkey.pk])).status_code == 404


def test_creating_a_link_shows_its_address_once_with_its_expiry(
    admin_client, admin_user, scheduled, moment, client
):
    response = admin_client.post(links_url(scheduled))
    assert response.status_code == 200
    html = response.content.decode()
    token = SHARED.search(html).group(1)
    link = PreviewLink.objects.get(story=scheduled)
    assert link.created_by == admin_user
    assert link.expires_at == moment + AFTER_EMBARGO
    assert "It works until" in html
    # The address works for anyone who holds it, and is never shown again.
    assert client.get(f"/shared/{token}/").status_code == 200
    listing = admin_client.get(links_url(scheduled)).content.decode()
    assert token not in listing and not SHARED.search(listing)


def test_the_list_counts_each_links_uses(admin_client, scheduled, client):
    used, token = PreviewLink.create_for(scheduled)
    PreviewLink.create_for(scheduled)
    for _ in range(3):
        client.get(f"/shared/{token}/")
    response = admin_client.get(links_url(scheduled))
    counts = {link.pk: link.use_count for link in response.context["links"]}
    assert counts[used.pk] == 3 and sorted(counts.values()) == [0, 3]
    assert response.content.decode().count("newsroom-preview-link-uses") == 2


def test_revoking_a_link_stops_it_at_once(admin_client, scheduled, client):
    link, token = PreviewLink.create_for(scheduled)
    assert client.get(f"/shared/{token}/").status_code == 200
    response = admin_client.post(revoke_url(link))
    assert response.status_code == 302 and response["Location"] == links_url(scheduled)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(f"/shared/{token}/").status_code == 404
    assert "Revoked" in admin_client.get(links_url(scheduled)).content.decode()


def test_revoking_takes_a_post(admin_client, scheduled):
    link, _token = PreviewLink.create_for(scheduled)
    assert admin_client.get(revoke_url(link)).status_code == 405
    link.refresh_from_db()
    assert link.revoked_at is None


def test_another_storys_link_cannot_be_revoked_through_this_one(admin_client, scheduled, turkey):
    other = ArticlePageFactory(parent=turkey, title="Other", slug="other", live=False)
    link, _token = PreviewLink.create_for(other)
    url = reverse("newsroom_preview_link_revoke", args=[scheduled.pk, link.pk])
    assert admin_client.post(url).status_code == 404


@pytest.fixture
def desks(turkey, news, django_user_model):
    """An editor of the Turkey desk, and a contributor of another desk."""
    from ..factories import SectionPageFactory

    sport = SectionPageFactory(parent=news.get_parent(), title="Sport", slug="sport")
    turkey_roles = section_roles(turkey, with_workflow=False)
    sport_roles = section_roles(sport, with_workflow=False)
    return {
        "turkey_editor": make_user(django_user_model, "turkey-editor", turkey_roles["editors"]),
        "sport_contributor": make_user(
            django_user_model, "sport-contributor", sport_roles["contributors"]
        ),
    }


def test_an_editor_of_the_section_shares_links(client, scheduled, desks):
    client.force_login(desks["turkey_editor"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[scheduled.pk]))
    assert links_url(scheduled) in edit.content.decode()
    assert client.post(links_url(scheduled)).status_code == 200
    link = PreviewLink.objects.get(story=scheduled)
    assert client.post(revoke_url(link)).status_code == 302


def test_a_user_who_cannot_edit_the_story_can_neither_see_nor_share(client, scheduled, desks):
    link, _token = PreviewLink.create_for(scheduled)
    client.force_login(desks["sport_contributor"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[scheduled.pk]))
    assert links_url(scheduled) not in edit.content.decode()
    for response in [
        client.get(links_url(scheduled)),
        client.post(links_url(scheduled)),
        client.post(revoke_url(link)),
    ]:
        # The admin answers PermissionDenied by sending the user to the dashboard.
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert PreviewLink.objects.filter(story=scheduled).count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None


def test_an_anonymous_visitor_is_sent_to_log_in(client, scheduled):
    response = client.get(links_url(scheduled))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_creating_and_revoking_are_in_the_storys_history(admin_client, admin_user, scheduled):
    from wagtail.models import PageLogEntry

    admin_client.post(links_url(scheduled))
    link = PreviewLink.objects.get(story=scheduled)
    admin_client.post(revoke_url(link))
    entries = PageLogEntry.objects.filter(page=scheduled, action__startswith="newsroom.")
    assert sorted(entries.values_list("action", "user")) == [
        ("newsroom.preview_link.create", admin_user.pk),
        ("newsroom.preview_link.revoke", admin_user.pk),
    ]
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[scheduled.pk]))
    html = history.content.decode()
    assert "Preview link created" in html and "Preview link revoked" in html
