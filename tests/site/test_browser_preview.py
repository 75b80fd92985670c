"""In a real browser, under the reference site's strict policy: the editor opens a
draft story and its side-panel preview shows the draft, marked as a preview.

Before previews had their own framing policy, Chromium refused the panel's
iframe ("127.0.0.1 refused to connect"): the preview carried the reader
pages' ``frame-ancestors 'none'``. The test records every response and fails
on any server error; it also fails on any frame refused or script blocked by
the policy, reported on the browser's console.

Set ``NEWSROOM_SCREENSHOTS`` to keep the screenshot of the editor with its
preview panel open.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import SectionPage

from ..factories import ArticlePageFactory, PhotoFactory, jpeg_file
from .browser_support import (
    TIMEOUT_MS,
    Responses,
    close_when_idle,
    live_home,
    screenshot,
    serve_media,
    sign_in,
    unavailable,
)

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
EDITOR = ("editor", "correct-horse-battery-staple")
HEADLINE = "Ferry timetable changes after the storm"

# Wagtail's unsaved-changes controller, once it watches the form for edits, and
# its delay before it takes the form's first state (``initialDelayValue``).
WATCH_DELAY_MS = 2500
UNSAVED_WATCHING = """() => {
    const form = document.querySelector("[data-edit-form]");
    const app = window.wagtail.app;
    const unsaved = form && app.getControllerForElementAndIdentifier(form, "w-unsaved");
    return Boolean(unsaved && unsaved.initialFormData);
}"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def blocks(console_text):
    """Whether the browser says a policy blocked something, or would refuse a frame.

    The admin's own inline scripts break its report-only policy (Wagtail's date
    pickers need them); that is reported, not blocked, and not this test's concern.
    """
    if "Content Security Policy" not in console_text and "Refused to" not in console_text:
        return False
    return "report-only" not in console_text or "fram" in console_text.lower()


@pytest.fixture
def draft(live_server, settings, tmp_path, one_request_at_a_time):
    """A story saved as a draft, never published, in News > Turkey."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()
    get_user_model().objects.create_superuser(EDITOR[0], "editor@example.com", EDITOR[1])
    story = ArticlePageFactory(
        parent=turkey,
        title=HEADLINE,
        slug="ferry-timetable",
        summary="Crossings resume on Thursday with fewer sailings.",
        lead_photo=PhotoFactory(file=jpeg_file(size=(1600, 1000))),
        live=False,
    )
    story.save_revision()
    return story


def test_side_panel_preview_shows_the_draft_with_its_banner(chromium, live_server, draft, tmp_path):
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    serve_media(context)
    responses = Responses(context)
    page = context.new_page()
    blocked = []

    def note_blocked(message):
        if blocks(message.text):
            blocked.append(message.text)

    page.on("console", note_blocked)

    sign_in(page, base, *EDITOR)

    page.goto(base + reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    page.get_by_role("button", name="Toggle preview").click()
    iframe = page.locator("#w-preview-iframe").last
    expect(iframe).to_be_visible()
    preview = iframe.content_frame
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    banner = preview.get_by_role("region", name="Preview: not published")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Readers cannot see this page until it is published.")
    # Dated as readers will see it once published, and not updated.
    dates = preview.locator(".article__dates")
    expect(dates).to_contain_text("Published")
    expect(dates).not_to_contain_text("Updated")

    # The preview follows the form: a new headline shows without saving. The admin
    # notices edits once it has taken the form's first state, two seconds after
    # it starts watching; it may start twice, so edits wait one more such delay.
    page.wait_for_function(UNSAVED_WATCHING)
    page.wait_for_timeout(WATCH_DELAY_MS)
    page.locator("#id_title").fill(HEADLINE + " tonight")
    updated = page.locator("#w-preview-iframe").last.content_frame
    expect(updated.get_by_role("heading", level=1)).to_have_text(
        HEADLINE + " tonight", timeout=TIMEOUT_MS
    )

    screenshot(page, "preview-side-panel", tmp_path)

    # "Preview in new tab": the same draft, the same banner, as a page of its own.
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Preview in new tab").click()
    tab = opened.value
    tab.on("console", note_blocked)
    expect(tab.get_by_role("heading", level=1)).to_have_text(HEADLINE + " tonight")
    expect(tab.get_by_role("region", name="Preview: not published")).to_be_visible()
    screenshot(tab, "preview-new-tab", tmp_path)
    close_when_idle(context)

    previews = [url for _status, _method, url in responses.seen if "/edit/preview/" in url]
    assert previews, "the side panel never asked for the preview"
    responses.assert_no_server_error()
    assert blocked == []


def test_the_preview_banner_passes_axe_at_desktop_and_phone_width(chromium, live_server, draft):
    """axe-core on the admin's draft view: nothing serious on the page, nothing at all
    on the banner (contrast included)."""
    if not AXE.exists():
        unavailable(f"{AXE} is missing (npm ci)")
    url = live_server.url + reverse("wagtailadmin_pages:view_draft", args=[draft.pk])
    report, failing = [], []
    for width in (1280, 375):
        # add_script_tag() inserts axe inline, which the strict policy blocks (the
        # other test checks the policy); this context lets axe in.
        context = chromium.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        serve_media(context)
        page = context.new_page()
        sign_in(page, live_server.url, *EDITOR, next_url=url)
        expect(page.get_by_role("region", name="Preview: not published")).to_be_visible()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        for violation in violations:
            targets = [" ".join(node["target"]) for node in violation["nodes"]]
            report.append(f"{width}px {violation['impact']}: {violation['id']} on {targets}")
            on_banner = any("preview-banner" in target for target in targets)
            if on_banner or violation["impact"] in {"serious", "critical"}:
                failing.append(report[-1])
        close_when_idle(context)
    print("\n".join(report) or "no violations")
    assert failing == []
