"""In a real browser: an editor makes a live story the breaking news in one step, and
readers see the banner on every page, without JavaScript.

The editor, a member of ``Newsroom: editors`` (whose banner permissions come
from the reference site's data migration) and of the section's editors, opens
the live story in the admin, chooses *Set as breaking news* from the header's
actions, keeps the default of two hours and confirms. A reader with
JavaScript off then sees the headline, linked, in the banner on the story's
section page and on the home page. Every HTTP response is recorded; any
status >= 500 fails the test.

Without a usable Chromium the test is skipped, except on CI (``CI=true``).
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import BreakingBanner, SectionPage
from articles.roles import section_group_name

from ..conftest import build_story
from .browser_support import TIMEOUT_MS, Responses, admin_page, live_home, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

EDITOR = ("desk-editor", "correct-horse-battery-staple")
HEADLINE = "Quake shakes the coast, no injuries reported"

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
    story = build_story(section, title=HEADLINE, slug="quake")
    call_command("newsroom_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    editor = get_user_model().objects.create_user(EDITOR[0], password=EDITOR[1])
    editor.groups.set(
        [
            Group.objects.get(name="Newsroom: editors"),
            Group.objects.get(name=section_group_name(section, "editors")),
        ]
    )
    return story


def test_editor_sets_breaking_news_from_a_story_and_readers_see_it(
    chromium, live_server, live_story, tmp_path
):
    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=[live_story.pk])
    with admin_page(chromium, live_server.url, EDITOR) as page:
        page.goto(edit_url)
        page.locator("header").get_by_role("button", name="Actions").click()
        page.get_by_role("link", name="Set as breaking news").click()
        expect(page).to_have_url(re.compile(r"/admin/newsroom/breaking/\d+/$"))
        expect(page.get_by_label("Show it for")).to_have_value("120")
        screenshot(page, "set-breaking-news", tmp_path)
        before = timezone.now()
        page.get_by_role("button", name="Set as breaking news").click()
        expect(page.locator(".messages")).to_contain_text("is the breaking news on every page")
        expect(page).to_have_url(edit_url)

        banner = BreakingBanner.objects.get()
        assert banner.story_id == live_story.pk
        assert banner.expires_at >= before + timedelta(hours=2) - timedelta(seconds=1)

    context = chromium.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    responses = Responses(context)
    reader = context.new_page()
    for url in (live_server.url + "/turkey/", live_server.url + "/"):
        response = reader.goto(url)
        assert response is not None and response.status == 200
        aside = reader.locator("aside.breaking")
        expect(aside).to_contain_text("Breaking news")
        expect(aside.get_by_role("link", name=HEADLINE)).to_have_attribute("href", live_story.url)
    screenshot(reader, "breaking-banner", tmp_path)
    reader.get_by_role("complementary", name="Breaking news").get_by_role("link").click()
    expect(reader).to_have_url(live_story.get_full_url())
    context.close()
    responses.assert_no_server_error()
