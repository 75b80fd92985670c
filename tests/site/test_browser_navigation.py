"""The section navigation in Chromium: a menu that opens without JavaScript on a
phone (390 px), a row of links on a desktop (1280 px); and the 404 page at both.

Screenshots of a story and the 404 page at both widths go to
``$NEWSROOM_SCREENSHOTS`` when it is set.
"""

import pytest

from articles.models import SectionPage

from ..conftest import build_story
from .browser_support import TIMEOUT_MS, close_when_idle, live_home, screenshot, serve_media

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback puts back the rows the migrations made (root page,
    # default site) once the transactional test has flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTIONS = ["News", "Sport", "Culture", "Business", "Opinion"]


@pytest.fixture
def story_url(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    sections = []
    for title in SECTIONS:
        section = home.add_child(instance=SectionPage(title=title, slug=title.lower()))
        section.save_revision().publish()
        sections.append(section)
    turkey = sections[0].add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()
    build_story(turkey, title="Ferry line reopens", slug="ferry")
    story = build_story(turkey, title="Harbour reopens after storm", slug="harbour")
    return story.get_full_url()


def reader_page(chromium, width):
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    serve_media(context)
    return context, context.new_page()


def test_phone_menu_opens_without_javascript(chromium, story_url, tmp_path):
    context, page = reader_page(chromium, 390)
    page.goto(story_url)
    nav = page.get_by_role("navigation", name="Sections")
    inline = nav.locator(".site-nav__list--inline")
    menu = nav.locator(".site-nav__menu")
    expect(inline).to_be_hidden()
    toggle = menu.locator("summary")
    expect(toggle).to_be_visible()
    expect(menu.get_by_role("link", name="Sport")).to_be_hidden()
    screenshot(page, "navigation-story-390", tmp_path, full_page=True)

    toggle.click()
    for title in SECTIONS:
        expect(menu.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="News")).to_have_attribute("aria-current", "true")
    screenshot(page, "navigation-story-390-open", tmp_path)
    # From the keyboard too: Enter closes it and opens it again.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Sport")).to_be_hidden()
    page.keyboard.press("Enter")
    menu.get_by_role("link", name="Sport").click()
    expect(page).to_have_url(story_url.split("/news/")[0] + "/sport/")
    close_when_idle(context)


def test_desktop_shows_the_sections_inline(chromium, story_url, tmp_path):
    context, page = reader_page(chromium, 1280)
    page.goto(story_url)
    nav = page.get_by_role("navigation", name="Sections")
    expect(nav.locator(".site-nav__menu")).to_be_hidden()
    links = nav.locator(".site-nav__list--inline a")
    expect(links).to_have_text(SECTIONS)
    # One row, beside each other.
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(len(SECTIONS)))}
    assert len(tops) == 1, tops
    screenshot(page, "navigation-story-1280", tmp_path, full_page=True)
    close_when_idle(context)


@pytest.mark.parametrize("width", [390, 1280])
def test_not_found_page_is_the_site_own(chromium, story_url, tmp_path, width):
    context, page = reader_page(chromium, width)
    response = page.goto(story_url.split("/news/")[0] + "/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search stories")).to_be_visible()
    expect(page.locator(".error-page__latest a").first).to_have_text("Harbour reopens after storm")
    # Styled: the header's background is the site's colour.
    background = page.locator("header.site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert background == "rgb(138, 28, 28)"
    screenshot(page, f"navigation-404-{width}", tmp_path, full_page=True)
    close_when_idle(context)
