"""In a real browser, on ``make run``: a new story autosaves while its photos upload.

What an editor first tried: a new story in Turkey, a headline typed (the
editor autosaves it), then two 12-megapixel photos uploaded through the image
chooser while autosave goes on, and Save draft. On SQLite with a rollback
journal that autosave failed (a 500) and left an orphan draft that took the
slug. Here every response is recorded and none may be a 500; the story exists
once, with its revision; each upload returns without renditions, and the task
worker beside the server makes them.

Chromium through Playwright (``tests/site/browser_support.py``), against
``make run`` itself (``tests/site/dev_server.py``) on a SQLite file.
"""

import json
import re
import time

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # pragma: no cover - depends on the environment
    PlaywrightTimeoutError = TimeoutError

from .admin_http import photo_file
from .browser_support import TIMEOUT_MS, Responses, launched_chromium, sign_in
from .dev_server import make_run

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.slow]

USER, PASSWORD = "desk", "browser-uploads-pw-1"
HEADLINE = "Ferry crews return to work after talks"

SETUP = f"""
from django.contrib.auth import get_user_model
from articles.models import SectionPage
get_user_model().objects.create_superuser({USER!r}, "desk@example.com", {PASSWORD!r})
print(SectionPage.objects.get(slug="turkey").pk)
"""

STATE = f"""
import json
from articles.models import ArticlePage
from media.sizes import upload_specs
from wagtail.images import get_image_model
stories = ArticlePage.objects.filter(title={HEADLINE!r})
photos = get_image_model().objects.filter(title__startswith="Ferry crews ")
print(json.dumps({{
    "stories": [
        {{"slug": s.slug, "revision": s.latest_revision_id, "live": s.live,
          "lead_photo": s.lead_photo.title if s.lead_photo_id else None}}
        for s in stories
    ],
    "renditions": {{
        p.title: p.renditions.filter(filter_spec__in=upload_specs()).count() for p in photos
    }},
    "wanted": len(upload_specs()),
}}))
"""


def _label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def upload_through_chooser(page, path, title):
    lead = page.locator("#panel-child-content-lead_photo-content")
    choose = lead.get_by_role("button", name="Choose an image")
    if choose.is_visible():
        choose.click()
    else:  # a photo is chosen: "Change image" is in its Actions menu
        lead.get_by_role("button", name="Actions").click()
        lead.get_by_role("button", name="Change image").click()
    chooser = page.locator(".modal").filter(has_text="Choose an image")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label(_label("File")).set_input_files(str(path))
    chooser.get_by_role("textbox", name=_label("Title")).fill(title)
    chooser.get_by_role("textbox", name=_label("Credit")).fill("Meridian Press Agency")
    with page.expect_response(lambda r: "/admin/images/chooser/create/" in r.url) as upload:
        chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(lead).to_contain_text(title)
    return upload.value


def first_autosave(page, attempts=5):
    """The headline typed, and the autosave it sets off.

    On a loaded machine the editor may note the form's first state only after
    the first edit, which then is no change: the summary is edited too, until
    an autosave goes out.
    """
    autosave = lambda r: r.request.method == "POST" and "/admin/pages/add/" in r.url  # noqa: E731
    for attempt in range(attempts):
        field = "Headline" if attempt == 0 else "Summary"
        text = HEADLINE if attempt == 0 else f"Crews at the quay, draft {attempt}."
        try:
            with page.expect_response(autosave, timeout=TIMEOUT_MS) as response:
                page.get_by_role("textbox", name=_label(field)).fill(text)
                page.get_by_role("textbox", name=_label(field)).press("Tab")
            return response.value
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"no autosave after {attempts} edits")


def test_a_new_story_autosaves_while_two_photos_upload(tmp_path):
    photos = []
    for n, title in enumerate(("Ferry crews at the quay", "Ferry crews vote")):
        path = tmp_path / f"ferry-{n}.jpg"
        path.write_bytes(photo_file(path.name, (4000, 3000)).getvalue())
        photos.append((path, title))

    with make_run(tmp_path / "site") as server, launched_chromium() as chromium:
        section_id = int(server.manage("shell", "-c", SETUP).split()[-1])
        context = chromium.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(TIMEOUT_MS * 3)
        context.add_init_script(
            "document.addEventListener('w-unsaved:watch-edits',"
            " () => { window.newsroomWatchingEdits = true; });"
        )
        responses = Responses(context)
        page = context.new_page()
        sign_in(page, server.url, USER, PASSWORD)

        page.goto(f"{server.url}/admin/pages/add/newsroom_articles/articlepage/{section_id}/")
        # The editor notes the form's first state two seconds after it opens, and
        # autosaves what changes from it: typing starts once it watches, as a person's would.
        page.wait_for_function("window.newsroomWatchingEdits === true")
        autosaved = first_autosave(page)
        assert autosaved.status == 200 and autosaved.json()["success"]

        uploads = []
        for path, title in photos:
            # Keep typing, so autosave runs while the chooser lists and uploads.
            summary = page.get_by_role("textbox", name=_label("Summary"))
            summary.fill(f"Crews at the quay, photo {title}.")
            uploads.append(upload_through_chooser(page, path, title))
        expect(page.locator(".modal-backdrop")).to_have_count(0)
        expect(page.get_by_text("Saved", exact=True)).to_be_visible()
        page.screenshot(path=str(tmp_path / "editor-after-uploads.png"))

        footer = page.locator("footer").filter(has=page.get_by_role("button", name="Save draft"))
        footer.get_by_role("button", name="Save draft").click()
        expect(page.locator(".messages")).to_contain_text(f"Page '{HEADLINE}' has been updated.")
        context.close()

        responses.assert_no_server_error(server.log())
        assert all(upload.status == 200 for upload in uploads)
        autosaves = [
            url for _status, method, url in responses.seen if method == "POST" and "/edit/" in url
        ]
        assert autosaves, "no autosave ran while the photos uploaded"

        deadline = time.monotonic() + 240
        while True:
            state = json.loads(server.manage("shell", "-c", STATE).splitlines()[-1])
            ready = [n == state["wanted"] for n in state["renditions"].values()]
            if (len(ready) == 2 and all(ready)) or time.monotonic() > deadline:
                break
            time.sleep(1)

    (story,) = state["stories"]
    assert story["slug"] == "ferry-crews-return-to-work-after-talks"
    assert story["revision"] is not None and not story["live"]
    assert story["lead_photo"] == "Ferry crews vote"
    assert state["renditions"] == {title: state["wanted"] for _, title in photos}
