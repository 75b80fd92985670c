"""'Updated' is the editor's to say: only a publish marked as a substantive update shows it.

Typo fixes still move what machines read (JSON-LD ``dateModified``, Open Graph's
modified time); readers' label and its note stay with the last substantive update.
"""

import io
import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePage
from articles.presentation.dates import reader_datetime

from ..conftest import build_story
from ..factories import ArticlePageFactory, publish

NOTE = "Adds the minister's response."


def publish_update(story, note=NOTE, **changes):
    """The editor's substantive update: tick the box, write a note, publish."""
    draft = story.get_latest_revision_as_object()
    draft.substantive_update = True
    draft.substantive_update_note = note
    for name, value in changes.items():
        setattr(draft, name, value)
    return publish(draft)


def publish_typo_fix(story, summary="What happened, in one sentence, spelt right."):
    draft = story.get_latest_revision_as_object()
    draft.summary = summary
    return publish(draft)


def reader_soup(client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)


@pytest.fixture
def published(turkey, newsroom_settings):
    return build_story(turkey, slug="harbour", title="Harbour reopens")


def test_a_story_nobody_updated_shows_no_updated_label(client, published):
    # First published hours ago, published again now (as the demo does): no update.
    ArticlePage.objects.filter(pk=published.pk).update(
        first_published_at=published.first_published_at - timedelta(hours=3)
    )
    published.refresh_from_db()
    publish(published.get_latest_revision_as_object())
    published.refresh_from_db()
    assert published.last_published_at > published.first_published_at
    assert published.updated_at is None
    dates = reader_soup(client, published).select_one(".article__dates")
    assert "Published" in dates.get_text()
    assert dates.select(".article__updated") == []


def test_substantive_update_shows_updated_time_and_note(
    client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = publish_update(published)
    assert story.updated_at == story.last_published_at
    assert story.update_note == NOTE and story.update_count == 1
    updated = reader_soup(client, story).select_one(".article__updated")
    assert updated.time["datetime"] == story.updated_at.replace(microsecond=0).isoformat()
    assert updated.time.get_text() == reader_datetime(story.updated_at)
    assert updated.get_text(" ", strip=True).startswith("Updated ")
    assert updated.select_one(".article__update-note").get_text(strip=True) == f"— {NOTE}"


def test_the_box_is_cleared_once_published_so_the_next_edit_starts_unticked(published):
    story = publish_update(published)
    row = ArticlePage.objects.get(pk=story.pk)
    assert (row.substantive_update, row.substantive_update_note) == (False, "")
    assert row.update_note == NOTE
    draft = row.get_latest_revision_as_object()
    assert (draft.substantive_update, draft.substantive_update_note) == (False, "")
    # A draft saved after the update, then its own next draft: still unticked.
    draft.title = "Harbour reopens to ferries"
    draft.save_revision()
    row.refresh_from_db()
    later = row.get_latest_revision_as_object()
    assert row.has_unpublished_changes and not later.substantive_update
    assert later.updated_at == story.updated_at and later.update_note == NOTE


def test_typo_fix_moves_date_modified_but_not_the_updated_label(
    client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        updated_at = publish_update(published).updated_at
    with django_capture_on_commit_callbacks(execute=True):
        fixed = publish_typo_fix(ArticlePage.objects.get(pk=published.pk))
    assert fixed.last_published_at > updated_at
    # The earlier update's time and note stay; the fix does not move them.
    assert fixed.updated_at == updated_at and fixed.update_note == NOTE
    assert fixed.update_count == 1
    soup = reader_soup(client, fixed)
    label = soup.select_one(".article__updated")
    assert label.time["datetime"] == updated_at.replace(microsecond=0).isoformat()
    assert NOTE in label.get_text()
    data = json_ld(soup)
    assert data["dateModified"] == fixed.last_published_at.isoformat()
    assert data["datePublished"] == fixed.first_published_at.isoformat()
    modified = soup.find("meta", property="article:modified_time")["content"]
    assert modified == fixed.last_published_at.isoformat()


def test_next_substantive_update_replaces_time_and_note(published):
    first_at = publish_update(published).updated_at
    second = publish_update(publish_typo_fix(published), note="")
    assert second.updated_at == second.last_published_at > first_at
    assert second.update_note == "" and second.update_count == 2


def test_first_publication_is_no_update(turkey):
    draft = ArticlePageFactory(parent=turkey, slug="first", live=False)
    draft.substantive_update = True
    draft.substantive_update_note = NOTE
    story = publish(draft)
    assert story.live and story.updated_at is None and story.update_note == ""
    assert not story.substantive_update


def test_republishing_an_updated_revision_does_not_mark_it_again(published):
    story = publish_update(published)
    update_revision = story.live_revision
    story.unpublish()
    update_revision.publish()  # as a bulk "Publish" of the latest revision does
    story.refresh_from_db()
    assert story.live and story.last_published_at > story.updated_at
    assert story.update_count == 1 and story.update_note == NOTE


def test_restoring_an_old_ticked_revision_carries_no_tick(published):
    story = publish_update(published)
    ticked = story.live_revision
    publish_typo_fix(story)
    # History > Review this version > Replace current draft: the form is built from it.
    restored = ticked.as_object()
    assert not restored.substantive_update and restored.substantive_update_note == ""


def test_scheduled_update_takes_the_time_it_goes_live(published):
    """The box rides with the scheduled revision; the time is the go-live run's."""
    go_live = timezone.now() + timedelta(days=1)
    draft = published.get_latest_revision_as_object()
    draft.substantive_update = True
    draft.substantive_update_note = NOTE
    draft.go_live_at = go_live
    revision = draft.save_revision(approved_go_live_at=go_live)
    revision.publish()
    story = ArticlePage.objects.get(pk=published.pk)
    assert story.updated_at is None
    # Until then the editor still sees the box ticked: it is pending.
    assert story.get_latest_revision_as_object().substantive_update

    ran_at = go_live + timedelta(seconds=40)  # the scheduler's next tick
    with mock.patch("django.utils.timezone.now", return_value=ran_at):
        call_command("publish_scheduled", stdout=io.StringIO())
    story.refresh_from_db()
    assert story.live_revision_id == revision.pk
    assert story.updated_at == story.last_published_at == ran_at
    assert story.update_note == NOTE
    assert not story.get_latest_revision_as_object().substantive_update


def test_draft_saved_while_an_update_was_scheduled_is_unticked_after_it_goes_live(published):
    go_live = timezone.now() + timedelta(days=1)
    draft = published.get_latest_revision_as_object()
    draft.substantive_update = True
    draft.go_live_at = go_live
    draft.save_revision(approved_go_live_at=go_live).publish()
    # Another edit before go-live inherits the pending box, as it should then.
    pending = ArticlePage.objects.get(pk=published.pk).get_latest_revision_as_object()
    assert pending.substantive_update
    pending.dateline = "İZMİT"
    pending.save_revision()
    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
    story = ArticlePage.objects.get(pk=published.pk)
    assert story.update_count == 1
    # That update is out: the later draft's box was for it.
    assert not story.get_latest_revision_as_object().substantive_update


def test_a_note_needs_the_box(published):
    draft = published.get_latest_revision_as_object()
    draft.substantive_update_note = NOTE
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "substantive_update_note" in error.value.message_dict


def test_an_alias_shows_its_original_update(published, news):
    alias = published.create_alias(parent=news, update_slug="harbour-alias")
    story = publish_update(published)
    alias = ArticlePage.objects.get(pk=alias.pk)
    assert alias.updated_at == story.updated_at and alias.update_note == NOTE
    assert not alias.substantive_update


def test_a_copy_is_a_story_nobody_has_updated(turkey, news):
    story = publish_update(publish(ArticlePageFactory(parent=turkey, slug="original")))
    assert story.updated_at
    copy = story.copy(to=news, update_attrs={"slug": "harbour-copy"})
    assert copy.updated_at is None and copy.update_note == "" and copy.update_count == 0


def test_api_updated_at_is_the_label_and_carries_the_note(client, published):
    data = client.get(f"/api/v2/articles/{published.pk}/").json()
    assert data["updated_at"] is None and data["update_note"] == ""
    story = publish_typo_fix(publish_update(published))
    data = client.get(f"/api/v2/articles/{story.pk}/").json()
    assert datetime.fromisoformat(data["updated_at"]) == story.updated_at
    assert datetime.fromisoformat(data["updated_at"]) < story.last_published_at
    assert data["update_note"] == NOTE


def test_editor_sees_an_unticked_box_and_what_readers_see(client, admin_user, published):
    story = publish_update(published)
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    box = soup.find("input", attrs={"name": "substantive_update"})
    assert box is not None and box["type"] == "checkbox" and not box.has_attr("checked")
    assert not soup.find(attrs={"name": "substantive_update_note"}).get("value")
    assert f"Updated {reader_datetime(story.updated_at)}: {NOTE}" in soup.get_text()


# Time zones ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", "1 July 2026, 06:15 UTC"),
        ("Europe/London", "1 July 2026, 07:15 BST"),
        ("Europe/Istanbul", "1 July 2026, 09:15 UTC+03:00"),
        ("America/St_Johns", "1 July 2026, 03:45 NDT"),
        ("Asia/Kolkata", "1 July 2026, 11:45 IST"),
        ("America/Sao_Paulo", "1 July 2026, 03:15 UTC-03:00"),
    ],
)
def test_reader_times_name_their_zone(zone, expected):
    with timezone.override(zone):
        assert reader_datetime(datetime(2026, 7, 1, 6, 15, tzinfo=UTC)) == expected


def test_story_times_carry_the_site_zone(client, settings, published):
    settings.TIME_ZONE = "Europe/Istanbul"
    story = publish_update(published)
    dates = reader_soup(client, story).select(".article__dates time")
    assert len(dates) == 2
    for time, value in zip(dates, [story.published_at, story.updated_at], strict=True):
        assert time["datetime"].endswith("+03:00")
        assert datetime.fromisoformat(time["datetime"]) == value.replace(microsecond=0)
        assert time.get_text().endswith(" UTC+03:00")
