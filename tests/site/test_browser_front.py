"""In a real browser: an editor picks the front page's lead story; readers see it lead.

The editor opens the home page in the Wagtail admin, adds a "Lead story" slot
to the front page, chooses an older story in the page chooser and publishes.
A reader's home page then leads with that story, its section, byline and
time shown, and the newest story moves down to the latest. The home page is
photographed at 1280 and 390 px wide. Every HTTP response is recorded; any
status >= 500 fails the test.

Without a usable Chromium the test is skipped, except on CI (``CI=true``).
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePage, SectionPage
from newsroom.models import HomePage

from ..factories import ArticlePageFactory, AuthorFactory, PhotoFactory, add_bylines, publish
from .browser_support import (
    Responses,
    admin_page,
    live_home,
    publish_from_footer,
    screenshot,
    serve_media,
)

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

EDITOR = ("editor", "correct-horse-battery-staple")
CHOSEN = "Council approves the harbour budget"
NEWEST = "Ferry crossings resume after the storm"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def story(section, title, slug, hours_ago, author):
    page = ArticlePageFactory.build(title=title, slug=slug, lead_photo=PhotoFactory())
    add_bylines(page, [author])
    section.add_child(instance=page)
    page = publish(page)
    when = timezone.now() - timedelta(hours=hours_ago)
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=when, display_order_date=when)
    return page


@pytest.fixture
def live_front(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    section = home.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    section.save_revision().publish()
    author = AuthorFactory(name="Selin Kaya", slug="selin-kaya")
    story(section, CHOSEN, "budget", 30, author)
    story(section, NEWEST, "ferries", 1, author)
    get_user_model().objects.create_superuser(EDITOR[0], "editor@example.com", EDITOR[1])
    return home


def lead_headline(page):
    return page.locator(".front-lead .front-lead__headline")


def reader_page(chromium, width=1280):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    serve_media(context)
    return context, Responses(context), context.new_page()


def test_editor_picks_the_lead_and_readers_see_it_lead(chromium, live_server, live_front, tmp_path):
    # A reader before the change: the newest story leads, and the reader cache keeps the page.
    context, before, reader = reader_page(chromium)
    reader.goto(live_server.url + "/")
    expect(lead_headline(reader)).to_have_text(NEWEST)
    context.close()
    before.assert_no_server_error()

    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=[live_front.pk])
    with admin_page(chromium, live_server.url, EDITOR) as page:
        page.goto(edit_url)
        front = page.locator("#panel-child-content-front-content")
        front.get_by_role("button", name="Insert a block").first.click()
        page.get_by_role("option", name="Lead story").click()
        front.get_by_role("button", name="Choose a page").click()
        chooser = page.locator(".modal").filter(has=page.get_by_role("link", name=CHOSEN))
        chooser.get_by_role("link", name=CHOSEN).click()
        expect(chooser).to_be_hidden()
        expect(front).to_contain_text(CHOSEN)
        screenshot(page, "front-admin-lead", tmp_path, height=1600)
        publish_from_footer(page, live_front.title)

    slots = HomePage.objects.get(pk=live_front.pk).front
    assert [slot.block_type for slot in slots] == ["lead"]
    assert slots[0].value["story"].title == CHOSEN

    # The publish emptied the reader cache: the next reader sees the new lead.
    context, after, reader = reader_page(chromium)
    response = reader.goto(live_server.url + "/")
    assert response is not None and response.status == 200
    assert response.headers.get("x-newsroom-cache") != "hit"
    expect(lead_headline(reader)).to_have_text(CHOSEN)
    lead = reader.locator(".front-lead")
    expect(lead.locator(".teaser__section")).to_have_text("Turkey")
    expect(lead.locator(".teaser__byline")).to_contain_text("Selin Kaya")
    expect(reader.locator(".front-latest .teaser__headline")).to_have_text([NEWEST])
    reader.wait_for_load_state("networkidle")
    screenshot(reader, "front-home-1280", tmp_path, full_page=True)
    reader.set_viewport_size({"width": 390, "height": 844})
    screenshot(reader, "front-home-390", tmp_path, full_page=True)
    context.close()
    after.assert_no_server_error()
