"""In a real browser: an editor marks a publish as a substantive update; readers see it.

The editor opens a live story in the Wagtail admin, ticks "This publish is a
substantive update" on the Settings tab, writes a note and publishes. A reader
then sees "Updated", the time with its zone, and the note. The editor's next
publish (a typo fix) starts with the box clear and leaves the label alone.
Every HTTP response is recorded; any status >= 500 fails the test.

Without a usable Chromium the test is skipped, except on CI (``CI=true``).
"""

import os
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import ArticlePage, SectionPage
from articles.presentation.dates import reader_datetime

from ..factories import ArticlePageFactory, AuthorFactory, PhotoFactory, add_bylines, publish
from .browser_support import admin_page, live_home, publish_from_footer

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

EDITOR = ("editor", "correct-horse-battery-staple")
HEADLINE = "Ferry timetable changes for winter"
NOTE = "Adds the evening crossings announced on Tuesday."
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def live_story(live_server, settings, tmp_path):
    """A story first published three hours ago, on a site in Istanbul's time zone."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TIME_ZONE = "Europe/Istanbul"
    home = live_home(live_server)
    section = home.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    section.save_revision().publish()
    story = ArticlePageFactory.build(
        title=HEADLINE, slug="ferry-timetable", lead_photo=PhotoFactory(), dateline="ISTANBUL"
    )
    add_bylines(story, [AuthorFactory()])  # a byline, as publishing from the admin needs
    section.add_child(instance=story)
    story = publish(story)
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=story.first_published_at - timedelta(hours=3)
    )
    get_user_model().objects.create_superuser(EDITOR[0], "editor@example.com", EDITOR[1])
    return ArticlePage.objects.get(pk=story.pk)


@pytest.fixture
def browser_page(chromium, live_server, live_story):
    with admin_page(chromium, live_server.url, EDITOR) as page:
        yield page


def test_editor_marks_a_substantive_update_and_readers_see_it(
    browser_page, live_server, live_story
):
    page = browser_page
    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=[live_story.pk])
    page.goto(edit_url)
    page.get_by_role("tab", name=re.compile("^Settings")).click()
    panel = page.locator("#panel-child-settings-substantive_update-section")
    expect(panel).to_contain_text("No update yet")
    box = panel.get_by_role("checkbox", name=re.compile("substantive update", re.I))
    expect(box).not_to_be_checked()
    box.check()
    panel.get_by_role("textbox", name=re.compile("Update note")).fill(NOTE)
    if SCREENSHOTS:
        panel.screenshot(path=f"{SCREENSHOTS}/update-panel.png")
    publish_from_footer(page, HEADLINE)

    story = ArticlePage.objects.get(pk=live_story.pk)
    assert story.updated_at == story.last_published_at and story.update_note == NOTE
    shown = reader_datetime(story.updated_at)
    assert shown.endswith(" UTC+03:00")

    # The reader's page: "Updated", the time with its zone, and the note.
    reader = page.context.new_page()
    response = reader.goto(story.get_full_url())
    assert response is not None and response.status == 200
    updated = reader.locator(".article__updated")
    expect(updated).to_have_text(f"Updated {shown} — {NOTE}")
    expect(updated.locator("time")).to_have_attribute("datetime", re.compile(r"\+03:00$"))
    expect(reader.locator(".article__dates time").first).to_have_text(re.compile(r"UTC\+03:00$"))
    if SCREENSHOTS:
        reader.locator(".article__header").screenshot(path=f"{SCREENSHOTS}/updated-story.png")

    # The next publish, a typo fix: the box is clear, the label stays as it was.
    page.goto(edit_url)
    page.get_by_role("tab", name=re.compile("^Settings")).click()
    panel = page.locator("#panel-child-settings-substantive_update-section")
    expect(
        panel.get_by_role("checkbox", name=re.compile("substantive update", re.I))
    ).not_to_be_checked()
    expect(panel).to_contain_text(f"Updated {shown}: {NOTE}")
    page.get_by_role("tab", name=re.compile("^Content")).click()
    page.get_by_role("textbox", name=re.compile(r"^\s*Summary")).fill(
        "Morning crossings between Kadıköy and Karaköy run every ten minutes from Monday."
    )
    publish_from_footer(page, HEADLINE)

    fixed = ArticlePage.objects.get(pk=live_story.pk)
    assert fixed.last_published_at > story.updated_at
    assert fixed.updated_at == story.updated_at and fixed.update_note == NOTE
    reader.reload()
    expect(reader.locator(".article__updated")).to_have_text(f"Updated {shown} — {NOTE}")
    expect(reader.locator(".article__summary")).to_contain_text("Kadıköy")
