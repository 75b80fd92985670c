"""The whole desk in a real browser, as a newsroom works it (issue 11, "Done when").

1. A Turkey section editor starts a story from the dashboard, writes it with two
   uploaded photos, a quote, a "Read more" list and a tag under their own byline,
   checks it in the side-panel preview, schedules it, then publishes it at once;
   readers see it whole.
2. A Turkey contributor starts a story from the dashboard and submits it to the
   section's moderation; the section editor finds it under "Awaiting my review",
   approves and publishes it.

Every HTTP response is recorded and any status of 500 or more fails the test.
The editor's clicks and filled fields from the dashboard to published are
counted (``Desk``) and printed, with an upper bound so that regressions show.
Screenshots of the filled editor, the side-panel preview and the reader's page
go to ``$NEWSROOM_SCREENSHOTS`` when set, else to the test's tmp_path.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import Revision, WorkflowState

from articles.models import ArticlePage, Author, SectionPage
from articles.roles import section_group_name
from media.details import credit_of

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
EDITOR_AUTHOR = "Selin Kaya"
CONTRIBUTOR = "turkey-reporter"
CONTRIBUTOR_AUTHOR = "Deniz Aydın"

HEADLINE = "Harbour reopens after three-day storm"
SUMMARY = "The port of Izmir resumed traffic on Tuesday, three days after the storm closed it."
PARAGRAPH = "Ships left the harbour at first light, led by the pilot boat."
LEAD = {
    "title": "Harbour at dawn",
    "credit": "Meridian Press Agency",
    "alt": "Cranes over an empty quay at first light.",
}
INLINE = {
    "title": "Pilot boat leaving",
    "credit": "Aegean Photo Service",
    "alt": "A pilot boat leaves the harbour mouth in heavy swell.",
}
QUOTE = {
    "text": "We will rebuild the breakwater before winter.",
    "speaker": "Selin Arslan",
    "role": "Harbour master",
}
LINK = {"url": "https://www.example.org/storm-report", "text": "Storm damage report"}
TAG = "Storms"

REPORT_HEADLINE = "Ferry crossings resume across the gulf"
REPORT_SUMMARY = "Ferries between Karşıyaka and Konak sailed again on Wednesday morning."
REPORT_PARAGRAPH = "The first ferry left Karşıyaka at seven, half full."
LIBRARY_PHOTO = "Ferry at the pier"

# Part 1, dashboard to published (scheduled, unscheduled, then out at once):
# 29 clicks and 19 fields today; a few more and the test says so.
MAX_CLICKS = 32
MAX_FIELDS = 22

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("patient_expect"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _label(text):
    """A field's label as the admin renders it (required fields end with '*')."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def newsroom_user(username, first, last, author, *groups):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", PASSWORD, first_name=first, last_name=last
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups), "a role group is missing"
    Author.objects.create(name=author, slug=username, user=user)
    return user


@pytest.fixture
def newsroom(live_server, settings, tmp_path, one_request_at_a_time):
    """News › Turkey on the live server, with the groups and moderation workflow the
    reference site makes for every section, its editor and its contributor."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()
    editor = newsroom_user(
        EDITOR,
        "Selin",
        "Kaya",
        EDITOR_AUTHOR,
        "Newsroom: editors",
        section_group_name(turkey, "editors"),
    )
    contributor = newsroom_user(
        CONTRIBUTOR,
        "Deniz",
        "Aydın",
        CONTRIBUTOR_AUTHOR,
        "Newsroom: contributors",
        section_group_name(turkey, "contributors"),
    )
    # A photo already in the library, credited, for the contributor to choose.
    PhotoFactory(
        title=LIBRARY_PHOTO,
        credit="Gulf Ferries Press Office",
        alt_text="A white ferry moored at Konak pier.",
        file=jpeg_file(name="ferry.jpg", size=(1300, 900), colour=(30, 110, 90)),
    )
    return {"turkey": turkey, "editor": editor, "contributor": contributor}


class Desk:
    """What the browser does for one user, counted while ``counting`` is on:
    every click (a button, a link, a tab, a text box to type into) and every
    field filled (a text box, a file)."""

    def __init__(self, page):
        self.page = page
        self.counting = False
        self.clicks = 0
        self.fields = 0

    def click(self, locator, **kwargs):
        locator.click(**kwargs)
        self.clicks += self.counting

    def fill(self, locator, value):
        locator.fill(value)
        self.fields += self.counting

    def type(self, locator, text):
        """Click into a rich-text box and type, as an editor does."""
        self.click(locator)
        self.page.keyboard.type(text)
        self.fields += self.counting

    def write(self, locator, text):
        """Type into a Draftail (rich text) box, and wait until the form has it.

        Draftail copies its text into the form's hidden input every 250 ms
        (``stateSaveInterval``), not when the form is sent: a submit in that
        quarter of a second, quicker than any editor, would send an empty box.
        """
        self.type(locator, text)
        stored = locator.locator("xpath=ancestor::*[@data-field-input][1]//input[@type='hidden']")
        expect(stored).to_have_value(
            re.compile(re.escape(json.dumps(text, ensure_ascii=False)[1:-1]))
        )

    def choose_file(self, locator, path):
        locator.set_input_files(str(path))
        self.fields += self.counting


@pytest.fixture
def browse(chromium, newsroom):
    """``browse()`` opens a browser context (a user of their own); at the end each is
    closed once idle, and any server error any of them saw fails the test."""
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


def jpeg(path, colour):
    """A 1300×900 photo, wide enough for search and social cards (≥ 1200 px)."""
    image = Image.new("RGB", (1300, 900), colour)
    draw = ImageDraw.Draw(image)
    for x in range(-400, 1300, 120):
        draw.line([(x, 0), (x + 400, 900)], fill=(235, 235, 225), width=10)
    image.save(path, "JPEG", quality=80)
    return path


def footer(page):
    return page.locator("footer").filter(has=page.get_by_role("button", name="Save draft"))


def upload_in_chooser(desk, path, photo):
    """The chooser is open: upload ``path`` with its title, credit and alt text."""
    chooser = desk.page.locator(".modal").filter(has_text="Choose an image")
    desk.click(chooser.get_by_role("tab", name="Upload"))
    desk.choose_file(chooser.get_by_label(_label("File")), path)
    # Choosing the file fills the title from its name: the editor overwrites it.
    desk.fill(chooser.get_by_role("textbox", name=_label("Title")), photo["title"])
    desk.fill(chooser.get_by_role("textbox", name=_label("Credit")), photo["credit"])
    desk.fill(chooser.get_by_role("textbox", name=_label("Alt text")), photo["alt"])
    desk.click(chooser.get_by_role("button", name="Upload"))
    expect(chooser).to_be_hidden()


def open_side_panel(desk, name):
    """Open the editor's side panel ``name`` unless the admin kept it open."""
    toggle = desk.page.get_by_role("button", name=f"Toggle {name}")
    # The admin's scripts reopen the panel it remembers once the page has loaded.
    desk.page.wait_for_load_state("load")
    if toggle.get_attribute("aria-expanded") != "true":
        desk.click(toggle)
    expect(toggle).to_have_attribute("aria-expanded", "true")


def close_date_picker(desk, dialog):
    """The date picker opens over the dialog's button (a tenth of a second after the
    box takes focus) and stays open: a click beside it closes it, as an editor does."""
    picker = dialog.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    desk.click(dialog.get_by_role("heading", name="Set publishing schedule"))
    expect(picker).to_have_count(0)


def insert_block(desk, body, name):
    desk.click(body.get_by_role("button", name="Insert a block").last)
    desk.click(desk.page.get_by_role("option", name=name))


def test_section_editor_writes_schedules_and_publishes_a_story(
    browse, live_server, newsroom, tmp_path
):
    base = live_server.url
    lead_file = jpeg(tmp_path / "harbour-dawn.jpg", (40, 90, 140))
    inline_file = jpeg(tmp_path / "pilot-boat.jpg", (150, 70, 40))
    page = browse()
    desk = Desk(page)
    sign_in(page, base, EDITOR, PASSWORD)

    # From the dashboard: one click to a new story in the section.
    desk.counting = True
    desk.click(page.get_by_role("link", name="New story in Turkey"))
    expect(page).to_have_url(re.compile(r"/admin/pages/add/newsroom_articles/articlepage/\d+/$"))
    desk.fill(page.get_by_role("textbox", name=_label("Headline")), HEADLINE)
    desk.fill(page.get_by_role("textbox", name=_label("Summary")), SUMMARY)

    # The lead photo, uploaded through the chooser.
    lead_panel = page.locator("#panel-child-content-lead_photo-content")
    desk.click(lead_panel.get_by_role("button", name="Choose an image"))
    upload_in_chooser(desk, lead_file, LEAD)
    expect(lead_panel).to_contain_text(LEAD["title"])

    # The body: the paragraph it opens with, a quote, a photo and a Read more list.
    body = page.locator("#panel-child-content-body-content")
    desk.write(body.get_by_role("textbox").first, PARAGRAPH)

    insert_block(desk, body, "Quote")
    desk.fill(body.get_by_role("textbox", name=_label("Quote")), QUOTE["text"])
    desk.fill(body.get_by_role("textbox", name=_label("Speaker")), QUOTE["speaker"])
    desk.fill(body.get_by_role("textbox", name=_label("Role")), QUOTE["role"])

    insert_block(desk, body, "Inline photo")
    desk.click(body.get_by_role("button", name="Choose an image").last)
    upload_in_chooser(desk, inline_file, INLINE)
    expect(body).to_contain_text(INLINE["title"])

    insert_block(desk, body, "Read more list")
    expect(body.get_by_role("textbox", name=_label("Heading"))).to_have_value("Read more")
    desk.fill(body.get_by_role("textbox", name=_label("External URL")), LINK["url"])
    desk.fill(body.get_by_role("textbox", name=_label("Link text")), LINK["text"])

    # The byline is the editor's own, already there; a tag.
    expect(page.locator("#panel-child-content-bylines-content")).to_contain_text(EDITOR_AUTHOR)
    tags = page.locator("#panel-child-content-tags-content")
    desk.type(tags.get_by_role("textbox").last, TAG)
    page.keyboard.press("Enter")
    expect(tags.locator(".tagit-choice")).to_contain_text([TAG])
    # The whole form, from the headline down (the admin scrolls inside its container).
    page.locator("#id_title").scroll_into_view_if_needed()
    screenshot(page, "workflow-1-editor", tmp_path, height=4400)

    # The side-panel preview shows the draft inside its iframe, marked as a preview.
    open_side_panel(desk, "preview")
    preview = page.frame_locator("#w-preview-iframe").last
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.get_by_role("region", name="Preview: not published")).to_be_visible()
    screenshot(page, "workflow-2-preview", tmp_path)

    # A go-live time tomorrow, then "Schedule to publish".
    open_side_panel(desk, "status")
    desk.click(page.get_by_role("button", name="Set schedule"))
    go_live = timezone.localtime(timezone.now() + timezone.timedelta(days=1)).replace(
        second=0, microsecond=0
    )
    dialog = page.locator("#schedule-publishing-dialog")
    # A regular expression with a "/" breaks Playwright's selector: the label as text.
    go_live_box = dialog.get_by_label("Go live date/time")
    desk.fill(go_live_box, go_live.strftime("%Y-%m-%d %H:%M"))
    close_date_picker(desk, dialog)
    desk.click(dialog.get_by_role("button", name="Save schedule"))
    messages = page.locator(".messages")
    expect(messages).to_contain_text(f"Page '{HEADLINE}' has been updated.")
    desk.click(footer(page).get_by_role("button", name="More actions"))
    desk.click(footer(page).get_by_role("button", name="Schedule to publish"))
    expect(messages).to_contain_text(f"Page '{HEADLINE}' has been scheduled for publishing.")
    to_scheduled = f"clicks {desk.clicks}, fields {desk.fields}"
    story = ArticlePage.objects.get(title=HEADLINE)
    scheduled = Revision.page_revisions.get(
        object_id=str(story.pk), approved_go_live_at__isnull=False
    )
    assert scheduled.approved_go_live_at == go_live
    assert not story.live

    # The editor changes their mind: no schedule, out now.
    desk.click(messages.get_by_role("link", name="Edit"))
    # A story scheduled is locked; its banner offers to cancel the schedule.
    desk.click(page.get_by_role("button", name="Cancel scheduled publish"))
    expect(messages).to_contain_text("unscheduled")
    # The draft still says when to go live: out now instead.
    open_side_panel(desk, "status")
    desk.click(page.get_by_role("button", name="Edit schedule"))
    desk.fill(go_live_box, "")
    close_date_picker(desk, dialog)
    desk.click(dialog.get_by_role("button", name="Save schedule"))
    expect(messages).to_contain_text(f"Page '{HEADLINE}' has been updated.")
    desk.click(footer(page).get_by_role("button", name="More actions"))
    desk.click(footer(page).get_by_role("button", name="Publish"))
    expect(messages).to_contain_text(f"Page '{HEADLINE}' has been published.")
    desk.counting = False
    print(f"desk clicks: {desk.clicks}, fields: {desk.fields} (dashboard to published)")
    print(f"  of which to scheduled: {to_scheduled}")

    story = ArticlePage.objects.get(pk=story.pk)
    assert story.live and story.go_live_at is None
    assert not Revision.page_revisions.filter(
        object_id=str(story.pk), approved_go_live_at__isnull=False
    ).exists()
    assert story.get_parent().pk == newsroom["turkey"].pk
    assert story.owner == newsroom["editor"]
    assert [b.author.name for b in story.bylines.all()] == [EDITOR_AUTHOR]
    assert [tag.name for tag in story.tags.all()] == [TAG]
    assert [block.block_type for block in story.body] == [
        "paragraph",
        "quote",
        "inline_photo",
        "related_links",
    ]
    assert credit_of(story.lead_photo) == LEAD["credit"] and story.lead_photo.width >= 1200
    assert credit_of(story.body[2].value["photo"]) == INLINE["credit"]
    assert story.url_path.endswith("/news/turkey/harbour-reopens-after-three-day-storm/")

    # The reader's page: the headline, both photos credited, the quote, Read more.
    reader = browse()  # no one logged in
    response = reader.goto(story.get_full_url())
    assert response is not None and response.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.locator(".preview-banner")).to_have_count(0)
    lead = reader.locator("figure.article__lead")
    expect(lead.locator("img")).to_have_attribute("alt", LEAD["alt"])
    expect(lead.locator("figcaption .credit")).to_have_text(f"(Photo by {LEAD['credit']})")
    inline = reader.locator("figure.inline-photo")
    expect(inline.locator("img")).to_have_attribute("alt", INLINE["alt"])
    expect(inline.locator("figcaption .credit")).to_have_text(f"(Photo by {INLINE['credit']})")
    for image in (lead.locator("img"), inline.locator("img")):
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0, "a photo did not load"
    quote = reader.locator("figure.quote")
    expect(quote.locator("blockquote")).to_contain_text(QUOTE["text"])
    expect(quote.locator("figcaption")).to_contain_text(f"{QUOTE['speaker']}, {QUOTE['role']}")
    read_more = reader.locator("aside.read-more")
    expect(read_more).to_contain_text("Read more")
    expect(read_more.get_by_role("link", name=LINK["text"])).to_have_attribute("href", LINK["url"])
    expect(reader.get_by_role("navigation", name="Tags")).to_contain_text(TAG)
    expect(reader.locator(".byline")).to_contain_text(EDITOR_AUTHOR)
    screenshot(reader, "workflow-3-reader", tmp_path, full_page=True)

    assert desk.clicks <= MAX_CLICKS, f"{desk.clicks} clicks from the dashboard to published"
    assert desk.fields <= MAX_FIELDS, f"{desk.fields} fields from the dashboard to published"


def test_contributor_submits_and_the_section_editor_approves(
    browse, live_server, newsroom, tmp_path
):
    base = live_server.url

    # The contributor: a story from the dashboard, a photo from the library, the
    # byline already theirs; they may submit it, not publish it.
    page = browse()
    desk = Desk(page)
    sign_in(page, base, CONTRIBUTOR, PASSWORD)
    desk.counting = True
    desk.click(page.get_by_role("link", name="New story in Turkey"))
    desk.fill(page.get_by_role("textbox", name=_label("Headline")), REPORT_HEADLINE)
    desk.fill(page.get_by_role("textbox", name=_label("Summary")), REPORT_SUMMARY)
    lead_panel = page.locator("#panel-child-content-lead_photo-content")
    desk.click(lead_panel.get_by_role("button", name="Choose an image"))
    chooser = page.locator(".modal").filter(has_text="Choose an image")
    desk.click(chooser.get_by_role("link", name=re.compile(LIBRARY_PHOTO)).first)
    expect(chooser).to_be_hidden()
    expect(lead_panel).to_contain_text(LIBRARY_PHOTO)
    body = page.locator("#panel-child-content-body-content")
    desk.write(body.get_by_role("textbox").first, REPORT_PARAGRAPH)
    bylines = page.locator("#panel-child-content-bylines-content")
    expect(bylines).to_contain_text(CONTRIBUTOR_AUTHOR)

    desk.click(footer(page).get_by_role("button", name="More actions"))
    expect(footer(page).get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    desk.click(footer(page).get_by_role("button", name="Submit to Turkey moderation"))
    expect(page.locator(".messages")).to_contain_text(
        f"Page '{REPORT_HEADLINE}' created and submitted for moderation."
    )
    print(f"contributor clicks: {desk.clicks}, fields: {desk.fields} (dashboard to submitted)")
    story = ArticlePage.objects.get(title=REPORT_HEADLINE)
    assert not story.live and story.owner == newsroom["contributor"]
    assert [b.author.name for b in story.bylines.all()] == [CONTRIBUTOR_AUTHOR]
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Turkey moderation"
    assert state.requested_by == newsroom["contributor"]

    # The section editor: the story waits on the dashboard; approve and publish.
    page = browse()
    desk = Desk(page)
    sign_in(page, base, EDITOR, PASSWORD)
    desk.counting = True
    review = page.locator("#newsroom-awaiting-review-section")
    expect(review).to_contain_text(REPORT_HEADLINE)
    expect(review).to_contain_text("Turkey editors approve")
    expect(review).to_contain_text("Deniz Aydın")
    screenshot(page, "workflow-4-awaiting-review", tmp_path)
    desk.click(review.get_by_role("link", name=REPORT_HEADLINE))
    expect(page.get_by_role("textbox", name=_label("Headline"))).to_have_value(REPORT_HEADLINE)
    desk.click(footer(page).get_by_role("button", name="More actions"))
    desk.click(footer(page).get_by_role("button", name="Approve and Publish", exact=True))
    # Wagtail says no more than this after a workflow action; the database says more.
    expect(page.locator(".messages")).to_contain_text(f"Page '{REPORT_HEADLINE}' has been updated.")
    print(f"reviewer clicks: {desk.clicks}, fields: {desk.fields} (dashboard to published)")

    story.refresh_from_db()
    assert story.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    # Back on the dashboard, nothing waits any more and the story went out.
    page.goto(f"{base}/admin/")
    expect(page.locator("#newsroom-awaiting-review-section")).to_have_count(0)
    published = page.locator("#newsroom-published-section")
    expect(published).to_contain_text(REPORT_HEADLINE)
    expect(published).to_contain_text(f"by {EDITOR_AUTHOR}")

    # Readers see it.
    reader = browse()
    response = reader.goto(story.get_full_url())
    assert response is not None and response.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(REPORT_HEADLINE)
    expect(reader.locator(".byline")).to_contain_text(CONTRIBUTOR_AUTHOR)
    expect(reader.locator("figure.article__lead figcaption .credit")).to_have_text(
        "(Photo by Gulf Ferries Press Office)"
    )
    expect(reader.locator(".article__body")).to_contain_text(REPORT_PARAGRAPH)
