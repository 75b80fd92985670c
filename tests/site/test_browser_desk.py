"""The editor's desk in a real browser: from the dashboard to a story, the checks
before publishing, and the Promote tab's previews.

Every HTTP response the browser gets is recorded; any status of 500 or more fails
the test. Screenshots of the dashboard and the Promote tab are written to
``$NEWSROOM_SCREENSHOTS`` when set (to look at them), else to the test's tmp_path.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from articles.models import ArticleByline, ArticlePage, Author, SectionPage

from ..factories import PhotoFactory, jpeg_file
from .browser_support import admin_page, live_home, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

EDITOR = ("desk-editor", "correct-horse-battery-staple")
AUTHOR = "Selin Kaya"
HEADLINE = "Harbour reopens after storm"
SUMMARY = "The port resumed traffic on Tuesday, three days after the storm closed it."
PARAGRAPH = "Ships left the harbour at first light, led by the pilot boat."
PHOTO_TITLE = "Harbour at dawn"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def desk(live_server, settings, tmp_path):
    """A News › Turkey site on the live server, an editor with an author profile,
    a credited photo in the library, and a story of theirs on each desk list."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()
    editor = get_user_model().objects.create_superuser(
        EDITOR[0], "desk@example.com", EDITOR[1], first_name="Selin", last_name="Kaya"
    )
    author = Author.objects.create(name=AUTHOR, slug="selin-kaya", user=editor)
    photo = PhotoFactory(
        title=PHOTO_TITLE,
        alt_text="Cranes over an empty quay at first light.",
        file=jpeg_file(size=(1600, 900)),
    )

    def story(title, slug, **fields):
        page = ArticlePage(
            title=title,
            slug=slug,
            summary="What happened, in one sentence.",
            lead_photo=photo,
            body=[("paragraph", RichText("<p>Reporting.</p>"))],
            owner=editor,
            live=False,
            **fields,
        )
        page.bylines = [ArticleByline(author=author)]
        turkey.add_child(instance=page)
        return page

    story("Ferry timetable draft", "ferry-draft").save_revision(user=editor)
    scheduled = story(
        "Budget vote at noon", "budget", go_live_at=timezone.now() + timezone.timedelta(hours=3)
    )
    scheduled.save_revision(user=editor).publish(user=editor)
    story("Coast guard radar arrives", "radar").save_revision(user=editor).publish(user=editor)
    return {"turkey": turkey, "editor": editor, "photo": photo}


@pytest.fixture
def browser_page(chromium, live_server, desk):
    with admin_page(chromium, live_server.url, EDITOR) as page:
        yield page


def choose_lead_photo(page):
    page.locator("#panel-child-content-lead_photo-content").get_by_role(
        "button", name="Choose an image"
    ).click()
    chooser = page.locator(".modal").filter(has_text="Choose an image")
    chooser.get_by_role("link", name=re.compile(PHOTO_TITLE)).first.click()
    expect(chooser).to_be_hidden()
    expect(page.locator("#panel-child-content-lead_photo-content")).to_contain_text(PHOTO_TITLE)


def footer_action(page, name):
    footer = page.locator("footer").filter(has=page.get_by_role("button", name="Save draft"))
    if name != "Save draft":
        footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name=name).click()


def test_dashboard_to_a_new_story_with_my_byline(browser_page, live_server, desk, tmp_path):
    page = browser_page
    # The desk lists the editor's draft, what is scheduled and what went out.
    drafts = page.locator("#newsroom-my-drafts-section")
    expect(drafts).to_contain_text("Ferry timetable draft")
    expect(drafts).not_to_contain_text("Budget vote at noon")
    expect(page.locator("#newsroom-scheduled-section")).to_contain_text("Budget vote at noon")
    published = page.locator("#newsroom-published-section")
    expect(published).to_contain_text("Coast guard radar arrives")
    expect(published).to_contain_text("by Selin Kaya")
    screenshot(page, "desk-dashboard", tmp_path, height=1300)

    page.get_by_role("link", name="New story in Turkey").click()
    add_url = reverse(
        "wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", desk["turkey"].pk]
    )
    expect(page).to_have_url(live_server.url + add_url)

    # The editor's own byline is there, the headline box says "Headline", and the
    # empty form shows no error: the body opens with a paragraph to type into.
    expect(page.locator("#panel-child-content-bylines-content")).to_contain_text(AUTHOR)
    expect(page.locator("#id_title")).to_have_attribute("placeholder", "Headline")
    body = page.locator("#panel-child-content-body-content")
    expect(body.get_by_role("textbox").first).to_be_visible()
    expect(page.get_by_text("The minimum number of items is")).to_have_count(0)
    expect(page.locator(".error-message, .w-field__errors:not(:empty) p")).to_have_count(0)

    # Word count and reading time follow the typing.
    body.get_by_role("textbox").first.click()
    first, rest = PARAGRAPH.split(" ", 1)
    page.keyboard.type(first)
    expect(page.locator(".newsroom-words")).to_have_text("1 word · about 1 min to read")
    page.keyboard.type(" " + rest)
    expect(page.locator(".newsroom-words")).to_have_text("12 words · about 1 min to read")


# The refused publish, then Save draft, once gave "database table is locked" 500s: the
# test database is a file now, as make run's is, and the add view resumes the autosaved
# draft (tests/site/test_sqlite_concurrency.py). Any 5xx fails the fixture's teardown.
def test_publishing_without_a_byline_is_refused_and_the_draft_saves(browser_page, desk):
    page = browser_page
    page.get_by_role("link", name="New story in Turkey").click()
    page.get_by_role("textbox", name=re.compile(r"^\s*Headline")).fill(HEADLINE)
    page.get_by_role("textbox", name=re.compile(r"^\s*Summary")).fill(SUMMARY)
    choose_lead_photo(page)
    page.locator("#panel-child-content-body-content").get_by_role("textbox").first.click()
    page.keyboard.type(PARAGRAPH)
    bylines = page.locator("#panel-child-content-bylines-content")
    bylines.get_by_role("button", name="Delete").click()
    expect(bylines.get_by_text(AUTHOR)).to_be_hidden()

    footer_action(page, "Publish")
    expect(bylines.locator(".error-message")).to_have_text(
        "A story needs a byline before it is published: add the reporter, or the agency "
        "for wire copy."
    )
    # Autosave may have kept it as a draft; it is not published.
    assert not ArticlePage.objects.filter(title=HEADLINE, live=True).exists()

    # Nothing is lost: the same story saves as a draft, and is told what is missing.
    footer_action(page, "Save draft")
    expect(page.locator(".messages")).to_contain_text("Saved. Before this story can be published:")
    expect(page.locator(".messages")).to_contain_text("A story needs a byline")
    story = ArticlePage.objects.get(title=HEADLINE)
    assert not story.live and not story.bylines.exists()

    # With the byline back, it publishes.
    bylines = page.locator("#panel-child-content-bylines-content")
    bylines.get_by_role("button", name="Add byline").click()
    bylines.get_by_role("button", name="Choose author").click()
    modal = page.locator(".modal")
    modal.get_by_role("link", name=AUTHOR).click()
    expect(modal).to_be_hidden()
    footer_action(page, "Publish")
    expect(page.locator(".messages")).to_contain_text(f"Page '{HEADLINE}' has been published.")
    story.refresh_from_db()
    assert story.live and [b.author.name for b in story.bylines.all()] == [AUTHOR]


def test_promote_previews_follow_the_typing(browser_page, desk, tmp_path):
    page = browser_page
    page.get_by_role("link", name="New story in Turkey").click()
    page.get_by_role("textbox", name=re.compile(r"^\s*Headline")).fill(HEADLINE)
    page.get_by_role("textbox", name=re.compile(r"^\s*Summary")).fill(SUMMARY)
    choose_lead_photo(page)

    page.get_by_role("tab", name="Promote").click()
    search = page.locator("[data-newsroom-search-preview]")
    card = page.locator("[data-newsroom-card-preview]")
    # Empty SEO fields: the headline and the summary, and the lead photo on the card.
    expect(search.locator("[data-preview-search-title]")).to_have_text(HEADLINE)
    expect(search.locator("[data-preview-snippet]")).to_have_text(SUMMARY)
    expect(search.locator("[data-preview-url]")).to_have_text(
        re.compile(r"/news/turkey/harbour-reopens-after-storm/$")
    )
    expect(card.locator("[data-preview-card-title]")).to_have_text(HEADLINE)
    expect(card.locator("[data-preview-image] img")).to_have_attribute("src", re.compile(r"\S"))

    seo_title = "Harbour open again after three-day storm closure"
    page.locator("#id_seo_title").fill(seo_title)
    expect(search.locator("[data-preview-search-title]")).to_have_text(seo_title)
    description = "Ferries and freighters sailed again on Tuesday. " * 5
    page.locator("#id_search_description").fill(description)
    expect(search.locator("[data-preview-snippet]")).to_have_text(description.strip()[:159] + "…")
    # The counter says search engines cut it; the card keeps the headline and summary.
    counter = page.locator("[data-newsroom-count-soft]:has(#id_search_description) .newsroom-count")
    expect(counter).to_contain_text(f"{len(description)} characters")
    expect(counter).to_contain_text(" · Search results show about 160.")
    expect(card.locator("[data-preview-card-title]")).to_have_text(HEADLINE)
    expect(card.locator("[data-preview-card-description]")).to_have_text(SUMMARY)
    screenshot(page, "desk-promote", tmp_path, height=1500)


def test_the_content_checker_flags_a_story_without_a_byline(browser_page, live_server, desk):
    page = browser_page
    story = ArticlePage(
        title="A story nobody signed",
        slug="unsigned",
        summary="Nobody wrote this.",
        lead_photo=desk["photo"],
        body=[("paragraph", RichText("<p>Text.</p>"))],
    )
    desk["turkey"].add_child(instance=story)
    story.save_revision().publish()

    page.goto(story.get_full_url())
    page.locator("wagtail-userbar button[aria-controls]").first.click()
    page.locator("#checker-trigger").click()
    expect(page.locator("[data-content-checker-name]")).to_contain_text(["Story has no byline"])
