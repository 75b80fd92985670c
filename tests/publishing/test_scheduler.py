"""Scheduled stories go live, and expired ones come down, on the next tick."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from ..factories import ArticlePageFactory


def test_story_due_in_the_past_minute_goes_live_on_next_tick(
    client, turkey, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(parent=turkey, title="Scheduled story", slug="sched", live=False)
    story.go_live_at = timezone.now() + timedelta(seconds=30)
    revision = story.save_revision(approved_go_live_at=story.go_live_at)
    revision.publish()  # with a future go-live date this only schedules it
    story.refresh_from_db()
    assert not story.live
    assert client.get("/news/turkey/sched/").status_code == 404

    # The minute passes: move the schedule into the past rather than wait.
    due = timezone.now() - timedelta(seconds=5)
    revision.refresh_from_db()
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("newsroom_scheduler", "--once", stdout=io.StringIO())
    story.refresh_from_db()
    assert story.live
    assert client.get("/news/turkey/sched/").status_code == 200


def test_expired_story_comes_down_on_next_tick(client, story, django_capture_on_commit_callbacks):
    assert client.get(story.url).status_code == 200
    type(story).objects.filter(pk=story.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("newsroom_scheduler", "--once", stdout=io.StringIO())
    story.refresh_from_db()
    assert not story.live and story.expired
    assert client.get(story.url).status_code == 404
