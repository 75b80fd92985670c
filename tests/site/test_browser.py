"""End to end, in a real browser: an editor writes and publishes a story, a reader shares it.

Drives Debian's Chromium (``/usr/bin/chromium``) with Playwright's sync API against
pytest-django's live server. The editor logs in, fills an article's headline and
summary, uploads a credited lead photo through the image chooser, builds a body
with a paragraph, a quote and a "Read more" block, and publishes. An anonymous
reader then opens the story, sees the photo credit, the quote and the link, and
copies the canonical URL with the share bar's "Copy link" button.

Without a usable Chromium the test is skipped, except on CI (``CI=true``), where
that is a failure.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from PIL import Image

from articles.models import ArticlePage, Author, SectionPage
from media.details import credit_of

from .browser_support import TIMEOUT_MS, live_home, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

EDITOR = ("editor", "correct-horse-battery-staple")
HEADLINE = "Harbour reopens after storm"
SLUG = "harbour-reopens-after-storm"
SUMMARY = "The port resumed traffic on Tuesday, three days after the storm closed it."
PARAGRAPH = "Ships left the harbour at first light."
CREDIT = "Meridian Press Agency"
QUOTE = "We will rebuild the breakwater before winter."
SPEAKER = "Selin Arslan"
ROLE = "Harbour master"
LINK_URL = "https://www.example.org/storm-report"
LINK_TITLE = "Storm damage report"
AUTHOR = "Selin Kaya"
ALT_TEXT = "Cranes over an empty quay at first light."

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback puts back the rows the migrations made (root page,
    # default site) once the transactional test has flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _label(text):
    """A field's label as the admin renders it: required fields end with '*', and
    get_by_label() matches a pattern against the label's raw, padded text."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


@pytest.fixture
def news_section(live_server, settings, tmp_path):
    """A newsroom home page as the site root, served on the live server, with a
    live "News" section and a superuser editor."""
    settings.MEDIA_ROOT = str(tmp_path / "media")

    home = live_home(live_server)

    section = home.add_child(instance=SectionPage(title="News", slug="news"))
    section.save_revision().publish()
    editor = get_user_model().objects.create_superuser(EDITOR[0], "editor@example.com", EDITOR[1])
    # The editor's author profile is the byline their new stories start with.
    Author.objects.create(name=AUTHOR, slug="selin-kaya", user=editor)
    return section


def _write_story(page, base_url, section, photo_path):
    sign_in(page, base_url, *EDITOR)

    add_url = reverse(
        "wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", section.pk]
    )
    page.goto(base_url + add_url)
    page.get_by_role("textbox", name=_label("Headline")).fill(HEADLINE)
    page.get_by_role("textbox", name=_label("Summary")).fill(SUMMARY)
    # Leaving the headline fills the slug (Promote tab), as on any Wagtail page.
    expect(page.locator("#id_slug"), "the slug is not filled in from the headline").to_have_value(
        SLUG
    )

    # Lead photo: upload through the chooser; the credit is required.
    page.locator("#panel-child-content-lead_photo-content").get_by_role(
        "button", name="Choose an image"
    ).click()
    chooser = page.locator(".modal").filter(has_text="Choose an image")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label(_label("File")).set_input_files(str(photo_path))
    # Choosing the file fills the title from its name: the editor overwrites it.
    chooser.get_by_role("textbox", name=_label("Title")).fill("Harbour at dawn")
    chooser.get_by_role("textbox", name=_label("Credit")).fill(CREDIT)
    # Publishing refuses a photo without alt text (articles.admin.checks).
    chooser.get_by_role("textbox", name=_label("Alt text")).fill(ALT_TEXT)
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(page.locator("#panel-child-content-lead_photo-content")).to_contain_text(
        "Harbour at dawn"
    )

    # The byline is the editor's own, already there.
    expect(page.locator("#panel-child-content-bylines-content")).to_contain_text(AUTHOR)

    # Body: the paragraph it opens with, a quote and a "Read more" block with one
    # external link.
    body = page.locator("#panel-child-content-body-content")
    body.get_by_role("textbox").first.click()
    page.keyboard.type(PARAGRAPH)

    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Quote").click()
    body.get_by_role("textbox", name=_label("Quote")).fill(QUOTE)
    body.get_by_role("textbox", name=_label("Speaker")).fill(SPEAKER)
    body.get_by_role("textbox", name=_label("Role")).fill(ROLE)

    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Read more list").click()
    expect(body.get_by_role("textbox", name=_label("Heading"))).to_have_value("Read more")
    body.get_by_role("textbox", name=_label("External URL")).fill(LINK_URL)
    body.get_by_role("textbox", name=_label("Link text")).fill(LINK_TITLE)

    # Publish lives in the dropdown of the footer's "Save draft" button.
    footer = page.locator("footer").filter(has=page.get_by_role("button", name="Save draft"))
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile(rf"Page '{re.escape(HEADLINE)}' (created and published|has been published)\.")
    )


def test_editor_publishes_story_reader_copies_link(chromium, live_server, news_section, tmp_path):
    photo_path = tmp_path / "harbour.jpg"
    Image.new("RGB", (1200, 800), (40, 90, 140)).save(photo_path, "JPEG", quality=80)

    editor_context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    editor_context.set_default_timeout(TIMEOUT_MS)
    _write_story(editor_context.new_page(), live_server.url, news_section, photo_path)
    editor_context.close()

    story = ArticlePage.objects.live().get(title=HEADLINE)
    assert story.get_parent().pk == news_section.pk
    assert story.lead_photo is not None and credit_of(story.lead_photo) == CREDIT
    assert [byline.author.name for byline in story.bylines.all()] == [AUTHOR]
    story_url = story.get_full_url()
    assert story_url.startswith(live_server.url)

    reader_context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    reader_context.set_default_timeout(TIMEOUT_MS)
    reader_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = reader_context.new_page()
    response = page.goto(story_url)
    assert response is not None and response.status == 200

    expect(page.locator("h1")).to_have_text(HEADLINE)
    lead = page.locator("figure.article__lead")
    expect(lead.locator("figcaption .credit")).to_have_text(f"(Photo by {CREDIT})")
    quote = page.locator("figure.quote")
    expect(quote.locator("blockquote")).to_contain_text(QUOTE)
    expect(quote.locator("figcaption")).to_contain_text(f"{SPEAKER}, {ROLE}")
    read_more = page.locator("aside.read-more")
    expect(read_more).to_contain_text("Read more")
    expect(read_more.get_by_role("link", name=LINK_TITLE)).to_have_attribute("href", LINK_URL)

    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == story_url
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".share__status")).to_have_text("Link copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    reader_context.close()
