"""What the browser tests share: Debian's Chromium driven by Playwright, a
newsroom home page served on pytest-django's live server, an editor signed in
to the admin, the record of every response (a server error fails the test),
and screenshots.

Without a usable Chromium the tests are skipped, except on CI (``CI=true``),
where that is a failure.
"""

import mimetypes
import os
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from newsroom.models import HomePage

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = expect = None

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a slow CI machine, but every wait is bounded.
TIMEOUT_MS = 20_000
VIEWPORT = {"width": 1280, "height": 1000}


def unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser test cannot run on CI: {reason}")
    pytest.skip(reason)


@contextmanager
def launched_chromium():
    """Chromium for the duration of the block, or a skip (a failure on CI)."""
    if sync_playwright is None:
        unavailable("the playwright Python package is not installed")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Sync Playwright keeps an asyncio loop running in this thread, so Django would
    # refuse the tests' own ORM calls; they are safe, nothing else uses the loop.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=LAUNCH_ARGS, timeout=TIMEOUT_MS
                )
            except PlaywrightError as error:
                unavailable(f"Playwright cannot launch {CHROMIUM}: {error.message.splitlines()[0]}")
            try:
                yield browser
            finally:
                browser.close()


def serve_media(context):
    """Uploads for ``context``'s pages, read from MEDIA_ROOT as the web server in
    front of the site would (Django serves them only with DEBUG on)."""
    root = Path(settings.MEDIA_ROOT).resolve()

    def fulfil(route):
        path = (root / unquote(urlsplit(route.request.url).path).removeprefix("/media/")).resolve()
        if path.is_relative_to(root) and path.is_file():
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), content_type=content_type)
        else:
            route.fulfill(status=404, body="")

    # The path, not any URL holding "/media/": the photo app's own static
    # files are under /static/media/.
    media_path = urlsplit(settings.MEDIA_URL).path
    context.route(lambda url: urlsplit(url).path.startswith(media_path), fulfil)


def live_home(live_server, title="Newsroom Daily", site_name="Newsroom Daily"):
    """A newsroom home page as the default site's root, on the live server's address."""
    # As the newsroom_demo command does: the HomePage replaces Wagtail's welcome page.
    root = Page.get_first_root_node()
    stock = Page.objects.filter(depth=2, slug="home").first()
    if stock is not None:
        stock.slug = "wagtail-welcome"
        stock.save(update_fields=["slug"])
    home = HomePage(title=title, slug="home", introduction="Reporting from the coast.")
    root.add_child(instance=home)
    home.save_revision().publish()

    # Full URLs (the canonical link, the share buttons) must name the live server.
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.all().delete()
    Site.objects.create(
        hostname=host, port=int(port), root_page=home, is_default_site=True, site_name=site_name
    )
    if stock is not None:
        stock.delete()
    return home


def close_when_idle(context):
    """Close ``context`` once its pages have no request in flight.

    The live server answers on the test's own database connection (SQLite in
    memory is shared with its thread): a request still running while the test
    database is flushed and restored for the next test would leave it empty.
    """
    for page in context.pages:
        page.wait_for_load_state("networkidle")
    context.close()


class Responses:
    """Every response a browser context receives, as (status, method, url); the
    server errors among them."""

    def __init__(self, context):
        self.seen = []
        context.on("response", self.seen_response)

    def seen_response(self, response):
        self.seen.append((response.status, response.request.method, response.url))

    def assert_no_server_error(self, details=""):
        """Fail unless something was recorded and none of it was a 5xx; ``details``
        (the server's log, say) goes into the failure message."""
        errors = [seen for seen in self.seen if seen[0] >= 500]
        assert self.seen, "no response was recorded"
        assert not errors, "\n".join([f"server errors: {errors}", details]).strip()


def sign_in(page, base_url, username, password, next_url=None):
    """Sign in on the admin's login form; the browser lands on ``next_url``, by
    default the dashboard."""
    landing = next_url or f"{base_url}/admin/"
    page.goto(f"{base_url}/admin/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(landing)


@contextmanager
def admin_page(chromium, base_url, credentials, viewport=VIEWPORT):
    """A page of a browser context of its own, signed in to the admin as
    ``credentials`` (username, password), with uploads served.

    On leaving the block the context is closed once idle, and any server error
    it saw fails the test.
    """
    context = chromium.new_context(viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    serve_media(context)
    responses = Responses(context)
    try:
        page = context.new_page()
        sign_in(page, base_url, *credentials)
        yield page
    finally:
        # Closed even when the block fails: see close_when_idle.
        close_when_idle(context)
    responses.assert_no_server_error()


def screenshot(page, name, tmp_path, height=None, full_page=False):
    """``name``.png in ``$NEWSROOM_SCREENSHOTS`` when set (to look at them), else in
    ``tmp_path``.

    The admin scrolls inside its own container: a taller window (``height``, the
    width kept) shows all of it; the window's size is put back afterwards.
    """
    folder = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    if height:
        page.set_viewport_size({"width": size["width"], "height": height})
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)
    page.set_viewport_size(size)


def publish_from_footer(page, headline):
    """Publish from the editor's footer ("More actions", "Publish"), as an editor does,
    and wait for the admin to say the page ``headline`` has been published."""
    from playwright.sync_api import expect

    footer = page.locator("footer").filter(has=page.get_by_role("button", name="Save draft"))
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile(rf"Page '{re.escape(headline)}' has been published\.")
    )
