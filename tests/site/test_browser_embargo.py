"""An embargo in a real browser: the section editor schedules a story in the admin,
shares a preview link from the story's header, and a reader in a browser of their
own reads the story through the link while its address is still a 404.

Every HTTP response is recorded and any status of 500 or more fails the test.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.rich_text import RichText

from articles.models import ArticleByline, ArticlePage, Author, PreviewLink, SectionPage
from articles.roles import section_group_name

from ..factories import PhotoFactory, jpeg_file
from .browser_support import (
    TIMEOUT_MS,
    Responses,
    close_when_idle,
    live_home,
    screenshot,
    serve_media,
    sign_in,
)

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

PASSWORD = "correct-horse-battery-staple"
EDITOR = "turkey-editor"
HEADLINE = "Radar trials met every target, report finds"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("patient_expect"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def draft(live_server, settings, tmp_path, one_request_at_a_time):
    """A Turkey desk editor and a story of theirs, ready to publish but not yet out."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()
    editor = get_user_model().objects.create_user(
        EDITOR, f"{EDITOR}@example.com", PASSWORD, first_name="Selin", last_name="Kaya"
    )
    editor.groups.set(
        Group.objects.filter(name__in=["Newsroom: editors", section_group_name(turkey, "editors")])
    )
    author = Author.objects.create(name="Selin Kaya", slug=EDITOR, user=editor)
    photo = PhotoFactory(
        title="Radar mast",
        credit="Meridian Press Agency",
        alt_text="A radar mast on a headland at dawn.",
        file=jpeg_file(name="radar.jpg", size=(1300, 900)),
    )
    story = ArticlePage(
        title=HEADLINE,
        slug="radar-trials",
        summary="The coastal radar tracked all 40 test vessels, a report due this week says.",
        lead_photo=photo,
        body=[("paragraph", RichText("<p>The report was shared under embargo.</p>"))],
        live=False,
        owner=editor,
    )
    turkey.add_child(instance=story)
    story.bylines = [ArticleByline(author=author, sort_order=0)]
    story.save_revision()
    return story


@pytest.fixture
def browse(chromium, draft):
    opened = []

    def open_context():
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(TIMEOUT_MS)
        serve_media(context)
        opened.append((context, Responses(context)))
        return context.new_page()

    yield open_context
    for context, _ in opened:
        close_when_idle(context)
    for _, responses in opened:
        responses.assert_no_server_error()


def footer(page):
    return page.locator("footer").filter(has=page.get_by_role("button", name="Save draft"))


def test_editor_schedules_and_shares_a_story_a_reader_reads_only_through_the_link(
    browse, live_server, draft, tmp_path
):
    base = live_server.url
    page = browse()
    sign_in(page, base, EDITOR, PASSWORD)
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")

    # Scheduled for tomorrow, as the desk schedules any story.
    page.wait_for_load_state("load")
    status = page.get_by_role("button", name="Toggle status")
    if status.get_attribute("aria-expanded") != "true":
        status.click()
    page.get_by_role("button", name="Set schedule").click()
    moment = timezone.localtime(timezone.now() + timezone.timedelta(days=1)).replace(
        second=0, microsecond=0
    )
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.get_by_label("Go live date/time").fill(moment.strftime("%Y-%m-%d %H:%M"))
    picker = dialog.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    expect(picker).to_have_count(0)
    dialog.get_by_role("button", name="Save schedule").click()
    messages = page.locator(".messages")
    expect(messages).to_contain_text(f"Page '{HEADLINE}' has been updated.")
    footer(page).get_by_role("button", name="More actions").click()
    footer(page).get_by_role("button", name="Schedule to publish").click()
    expect(messages).to_contain_text(f"Page '{HEADLINE}' has been scheduled for publishing.")
    story = ArticlePage.objects.get(pk=draft.pk)
    assert not story.live
    assert story.scheduled_revision.approved_go_live_at == moment

    # "Share preview link" in the story's header, then a new link, shown once.
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")
    header = page.locator("header").filter(has=page.get_by_role("button", name="Actions"))
    header.get_by_role("button", name="Actions").click()
    header.get_by_role("link", name="Share preview link").click()
    expect(page).to_have_url(re.compile(rf"/admin/newsroom/preview-links/{draft.pk}/$"))
    expect(page.get_by_text("This story is embargoed until")).to_be_visible()
    page.get_by_role("button", name="Create preview link").click()
    address = page.locator("#newsroom-preview-link-url")
    expect(address).to_have_value(re.compile(rf"^{re.escape(base)}/shared/[\w-]{{40,}}/$"))
    expect(page.get_by_text("It works until")).to_be_visible()
    screenshot(page, "embargo-1-preview-link", tmp_path)
    shared = address.input_value()
    link = PreviewLink.objects.get(story=draft)
    assert link.expires_at == moment + timezone.timedelta(days=1)

    # A reader in a browser of their own: the story through the link, marked embargoed.
    reader = browse()
    response = reader.goto(shared)
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    # The site's own security headers do not replace the link's.
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-robots-tag"] == "noindex"
    assert "content-security-policy" in response.headers
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.get_by_role("region", name=re.compile(r"^Embargoed until"))).to_be_visible()
    expect(reader.locator("img").first).to_have_js_property("complete", True)
    screenshot(reader, "embargo-2-shared-story", tmp_path, full_page=True)
    # Its own address is a 404 until its moment.
    assert reader.goto(f"{base}{story.url}").status == 404
    assert link.uses.count() == 1

    # The list counts the use; revoking stops the link at once.
    page.goto(f"{base}/admin/newsroom/preview-links/{draft.pk}/")
    expect(page.locator(".newsroom-preview-link-uses")).to_have_text(["1"])
    page.get_by_role("button", name="Revoke").click()
    expect(messages).to_contain_text("revoked")
    assert reader.goto(shared).status == 404
