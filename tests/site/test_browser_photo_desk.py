"""The photo desk in a real browser: credits from the upload to the story editor.

An editor uploads a photo in the multiple uploader and is asked for its credit
before it joins the library; the library then shows the credit and finds the
photo by it; the "Photos without credit" report lists an old image from before
Newsroom, which the "Set credit" bulk action credits; and a story's lead photo
and an inline photo show their credit next to them, following each change.

Every HTTP response the browser gets is recorded; any status of 500 or more
fails the test. Screenshots go to ``$NEWSROOM_SCREENSHOTS`` when set (to look
at them), else to the test's tmp_path.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from articles.models import ArticlePage, SectionPage
from media.details import credit_of

from ..factories import PhotoFactory, jpeg_file
from .admin_http import photo_file
from .browser_support import TIMEOUT_MS, admin_page, live_home, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = ("photo-desk", "correct-horse-battery-staple")
UPLOAD_TITLE = "Ferry at dawn"
UPLOAD_CREDIT = "Jane Doe/Reuters"
UPLOAD_CAPTION = "The first ferry leaves Karakoy after the strike."
OLD_TITLE = "Archive harbour 1998"
OLD_CREDIT = "Archive/Anadolu"
HEADLINE = "Ferries sail again after the strike"

Photo = get_image_model()


@pytest.fixture
def photo_desk(live_server, settings, tmp_path):
    """A site with a draft story, an editor, a credited photo and an old image without credit."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    editor = get_user_model().objects.create_superuser(EDITOR[0], "desk@example.com", EDITOR[1])
    market = PhotoFactory(
        title="Market day",
        credit="AFP",
        default_caption="Stalls in the old bazaar.",
        file=jpeg_file(size=(1600, 900), colour=(160, 90, 40)),
    )
    # As Wagtail alone saved it, years before Newsroom: no details row.
    old = Photo(title=OLD_TITLE, file=jpeg_file(size=(1200, 800), colour=(90, 90, 90)))
    old.save()
    story = ArticlePage(
        title=HEADLINE,
        slug="ferries-sail-again",
        summary="Crews returned on Monday.",
        lead_photo=market,
        body=[("paragraph", RichText("<p>Reporting.</p>"))],
        live=False,
    )
    news.add_child(instance=story)
    story.save_revision(user=editor)
    return {"story": story, "old": old, "market": market}


@pytest.fixture
def browser_page(chromium, live_server, photo_desk):
    with admin_page(chromium, live_server.url, EDITOR) as page:
        yield page


def library_item(page, title):
    return page.locator("ul.images > li").filter(has=page.locator("figcaption", has_text=title))


def upload_in_the_multiple_uploader(page, live_server, tmp_path):
    page.goto(live_server.url + reverse("wagtailimages:add_multiple"))
    path = tmp_path / "ferry-at-dawn.jpg"
    path.write_bytes(photo_file("ferry-at-dawn.jpg").getvalue())
    page.locator("#fileupload").set_input_files(str(path))
    item = page.locator("#upload-list > li").first
    # Not in the library yet: the upload's form says the credit is what it needs.
    expect(item).to_contain_text("This photo is not in the library yet", timeout=TIMEOUT_MS)
    credit_field = item.locator("[data-field-wrapper]").filter(
        has=page.locator("input[name$='-credit']")
    )
    expect(credit_field).to_contain_text("This field is required.")
    assert not Photo.objects.filter(title=UPLOAD_TITLE).exists()
    return item


def test_credits_from_the_upload_to_the_story_editor(
    browser_page, live_server, photo_desk, tmp_path
):
    page = browser_page

    # 1. The multiple uploader asks for a credit, and saves the photo once given one.
    item = upload_in_the_multiple_uploader(page, live_server, tmp_path)
    screenshot(page, "photo-desk-1-uploader-asks-for-credit", tmp_path, height=1300)
    item.locator("input[name$='-title']").fill(UPLOAD_TITLE)
    item.locator("input[name$='-credit']").fill(UPLOAD_CREDIT)
    item.locator("textarea[name$='-default_caption']").fill(UPLOAD_CAPTION)
    item.get_by_role("button", name="Update").click()
    expect(page.locator("#main [data-controller=w-messages]")).to_contain_text(
        "Image updated.", timeout=TIMEOUT_MS
    )
    uploaded = Photo.objects.get(title=UPLOAD_TITLE)
    assert credit_of(uploaded) == UPLOAD_CREDIT

    # 2. The library shows whose photo each one is, and "No credit" where nobody said.
    page.goto(live_server.url + reverse("wagtailimages:index"))
    expect(library_item(page, UPLOAD_TITLE).locator(".newsroom-credit")).to_have_text(UPLOAD_CREDIT)
    missing = library_item(page, OLD_TITLE).locator(".newsroom-credit--missing")
    expect(missing).to_have_text("No credit")
    screenshot(page, "photo-desk-2-library-grid", tmp_path)
    page.goto(live_server.url + reverse("wagtailimages:index") + "?layout=list")
    row = page.locator("tbody tr").filter(has_text=UPLOAD_TITLE)
    expect(row).to_contain_text(UPLOAD_CREDIT)
    expect(row).to_contain_text(UPLOAD_CAPTION)
    screenshot(page, "photo-desk-3-library-list", tmp_path)

    # 3. Searching the credit finds the photo, and only it.
    page.goto(live_server.url + reverse("wagtailimages:index"))
    page.get_by_role("textbox", name="Search term").fill("Reuters")
    expect(page.locator("ul.images > li")).to_have_count(1)
    expect(library_item(page, UPLOAD_TITLE)).to_be_visible()
    screenshot(page, "photo-desk-4-library-search-by-credit", tmp_path)

    # 4. The report of photos without credit lists the old image, from the Reports menu.
    page.goto(live_server.url + "/admin/")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Photos without credit").click()
    expect(page).to_have_url(re.compile(r"/admin/reports/photos-without-credit/$"))
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(OLD_TITLE)
    edit_url = reverse("wagtailimages:edit", args=[photo_desk["old"].pk])
    expect(rows.first.locator("td.title a")).to_have_attribute("href", edit_url)
    screenshot(page, "photo-desk-5-report-photos-without-credit", tmp_path)

    # 5. The bulk action credits it from the library.
    page.goto(live_server.url + reverse("wagtailimages:index"))
    library_item(page, OLD_TITLE).locator("input[type=checkbox]").check()
    page.get_by_role("link", name="Set the credit of the selected images").click()
    expect(page.locator("main")).to_contain_text(OLD_TITLE)
    page.get_by_label("Credit").fill(OLD_CREDIT)
    screenshot(page, "photo-desk-6-bulk-set-credit", tmp_path)
    page.get_by_role("button", name="Yes, set the credit").click()
    expect(page.locator(".messages")).to_contain_text(f"1 image is now credited to {OLD_CREDIT}.")
    expect(library_item(page, OLD_TITLE).locator(".newsroom-credit")).to_have_text(OLD_CREDIT)
    assert credit_of(Photo.objects.get(pk=photo_desk["old"].pk)) == OLD_CREDIT
    page.goto(live_server.url + "/admin/reports/photos-without-credit/")
    expect(page.get_by_text("Every photo has a credit.")).to_be_visible()

    # 6. The story's lead photo shows its credit and caption, and follows a change.
    story = photo_desk["story"]
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[story.pk]))
    lead = page.locator("#id_lead_photo-chooser")
    expect(lead.locator("[data-newsroom-credit]")).to_have_text("AFP")
    expect(lead.locator("[data-newsroom-caption]")).to_have_text("Stalls in the old bazaar.")
    panel = page.locator("#panel-child-content-lead_photo-content")
    panel.get_by_role("button", name="Actions").click()
    panel.get_by_role("button", name="Change image").click()
    chooser = page.locator(".modal").filter(has_text="Choose an image")
    expect(chooser.locator(".newsroom-credit", has_text=UPLOAD_CREDIT)).to_be_visible()
    page.wait_for_timeout(500)  # the modal's fade-in, for the screenshot
    screenshot(page, "photo-desk-7-chooser-lists-credits", tmp_path)
    chooser.get_by_role("link", name=re.compile(UPLOAD_TITLE)).first.click()
    expect(chooser).to_be_hidden()
    expect(lead.locator("[data-newsroom-credit]")).to_have_text(UPLOAD_CREDIT)
    expect(lead.locator("[data-newsroom-caption]")).to_have_text(UPLOAD_CAPTION)
    expect(page.locator(".modal-backdrop")).to_have_count(0)
    lead.scroll_into_view_if_needed()
    screenshot(page, "photo-desk-8-lead-photo-credit", tmp_path)

    # 7. So does an inline photo added to the body.
    body = page.locator("#panel-child-content-body-content")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=re.compile("Inline photo")).click()
    body.get_by_role("button", name="Choose an image").click()
    chooser = page.locator(".modal").filter(has_text="Choose an image")
    chooser.get_by_role("link", name=re.compile(OLD_TITLE)).first.click()
    expect(chooser).to_be_hidden()
    inline = body.locator("[data-newsroom-photo-chooser]").last
    expect(inline.locator("[data-newsroom-credit]")).to_have_text(OLD_CREDIT)
    expect(inline.locator("[data-newsroom-credit]")).not_to_have_class(
        re.compile("newsroom-credit--missing")
    )
    expect(page.locator(".modal-backdrop")).to_have_count(0)
    inline.scroll_into_view_if_needed()
    screenshot(page, "photo-desk-9-inline-photo-credit", tmp_path)
