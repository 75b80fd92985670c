"""In a real browser: an editor adds a correction to a live story; readers see it where it
was put, and on the corrections page.

The editor opens a live story in the Wagtail admin, adds a note under
"Corrections and notes" (a correction, shown at the top), publishes, and a
reader sees it under the headline with its date; the corrections page lists
it. Rewording it later keeps the first wording in the revision history.
Every HTTP response is recorded; any status >= 500 fails the test.

Without a usable Chromium the test is skipped, except on CI (``CI=true``).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import ArticlePage, SectionPage, StoryNote

from ..factories import ArticlePageFactory, AuthorFactory, PhotoFactory, add_bylines, publish
from .browser_support import admin_page, live_home, publish_from_footer, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

EDITOR = ("editor", "correct-horse-battery-staple")
HEADLINE = "Council approves the harbour budget"
FIRST = "An earlier version of this story gave the wrong date for the vote. It was on Tuesday."
SECOND = "An earlier version of this story said the vote was on Monday. It was on Tuesday."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def live_story(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    section = home.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    section.save_revision().publish()
    story = ArticlePageFactory.build(title=HEADLINE, slug="budget", lead_photo=PhotoFactory())
    add_bylines(story, [AuthorFactory()])
    section.add_child(instance=story)
    story = publish(story)
    get_user_model().objects.create_superuser(EDITOR[0], "editor@example.com", EDITOR[1])
    return story


def test_editor_adds_a_correction_and_readers_see_it(chromium, live_server, live_story, tmp_path):
    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=[live_story.pk])
    with admin_page(chromium, live_server.url, EDITOR) as page:
        page.goto(edit_url)
        panel = page.locator("#panel-child-content-corrections_and_notes-section")
        panel.get_by_role("button", name=re.compile(r"^Add note", re.I)).click()
        page.locator("[name='notes-0-kind']").select_option("correction")
        page.locator("[name='notes-0-placement']").select_option("top")
        date = page.locator("[name='notes-0-noted_at']")
        expect(date).to_have_value(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"))
        page.locator("[name='notes-0-text']").fill(FIRST)
        screenshot(page, "correction-panel", tmp_path, height=1800)
        publish_from_footer(page, HEADLINE)

        (note,) = StoryNote.objects.filter(page=live_story)
        assert note.kind == "correction" and note.placement == "top" and note.text == FIRST

        reader = page.context.new_page()
        response = reader.goto(live_story.get_full_url())
        assert response is not None and response.status == 200
        shown = reader.locator(".article__header .story-note")
        expect(shown).to_contain_text("Correction")
        expect(shown).to_contain_text(FIRST)
        expect(shown.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))
        screenshot(reader, "corrected-story", tmp_path)
        listing = reader.goto(live_server.url + "/corrections/")
        assert listing is not None and listing.status == 200
        expect(reader.locator(".corrections__item")).to_contain_text(FIRST)
        reader.locator(".corrections__story a").click()
        expect(reader).to_have_url(re.compile(rf"/budget/#note-{note.pk}$"))

        # Reworded later: readers see the new words, the history keeps the first.
        page.goto(edit_url)
        page.locator("[name='notes-0-text']").fill(SECOND)
        publish_from_footer(page, HEADLINE)
        assert StoryNote.objects.get(page=live_story).text == SECOND
        story = ArticlePage.objects.get(pk=live_story.pk)
        wordings = [
            [n.text for n in revision.as_object().notes.all()]
            for revision in story.revisions.order_by("created_at")
        ]
        assert [FIRST] in wordings and wordings[-1] == [SECOND]
        reader.goto(live_story.get_full_url())
        expect(reader.locator(".article__header .story-note")).to_contain_text(SECOND)
