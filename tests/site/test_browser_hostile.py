"""Hostile text in every field, in a real browser: nothing runs, nothing complains.

test_hostile_text.py parses what the server sends; here Chromium loads the same
stories (one per payload of its corpus) on their article, section, tag, search
and home pages. Any dialog (alert, confirm, prompt), uncaught page error or
console error fails the test: Chromium reports a Content Security Policy
violation as a console error, so a blocked inline script is caught too.
"""

import pytest
from django.conf import settings

from articles.models import SectionPage

from ..presentation.test_hostile_text import PAYLOADS, hostile_settings, hostile_story
from .browser_support import TIMEOUT_MS, close_when_idle, live_home, serve_media

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback puts back the rows the migrations made (root page,
    # default site) once the transactional test has flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def hostile_site(live_server, settings, tmp_path):
    """One story per payload, each in a section of its own (they share a slug)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The browser searches every payload in a row: the limits have tests of their own.
    settings.NEWSROOM_SEARCH_RATE = 0
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    hostile_settings(" ".join(PAYLOADS.values()))
    stories = {}
    for number, (name, payload) in enumerate(PAYLOADS.items()):
        section = news.add_child(
            instance=SectionPage(title=f"Desk {number}", slug=f"desk-{number}")
        )
        section.save_revision().publish()
        stories[name] = hostile_story(section, payload)
    return stories


class Listener:
    """Everything a page does that a reader's browser would show or log as wrong."""

    def __init__(self, page):
        self.problems = []
        page.on("dialog", self.dialog)
        page.on("console", self.console)
        page.on("pageerror", self.page_error)

    def dialog(self, dialog):
        self.problems.append(f"{dialog.type} dialog: {dialog.message!r}")
        dialog.dismiss()

    def console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location['url']})")

    def page_error(self, error):
        self.problems.append(f"page error: {error}")


def test_hostile_text_runs_nothing_in_the_browser(chromium, live_server, hostile_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    serve_media(context)
    page = context.new_page()
    listener = Listener(page)
    base = live_server.url

    def visit(url):
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        # Deferred scripts and lazy images have run by now; let late handlers fire.
        page.wait_for_timeout(50)
        return response

    urls = [f"{base}/", f"{base}/news/"]
    for name, story in hostile_site.items():
        visit(story.get_full_url())
        # The payload is shown to the reader as the headline's text.
        shown = " ".join(page.locator("h1").inner_text().split())
        assert shown == " ".join(PAYLOADS[name][:120].split()), name
        tag = page.locator(".tags a").first.get_attribute("href")
        urls += [base + tag, f"{base}/search/?q={PAYLOADS[name][:50]}"]
    for url in urls:
        visit(url)
    close_when_idle(context)

    assert settings.CONTENT_SECURITY_POLICY  # the reader pages were under the strict policy
    assert listener.problems == []
