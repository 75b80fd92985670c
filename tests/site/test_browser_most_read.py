"""Most read in Chromium: a reader's visit to a story sends one beacon under the
site's own CSP (no third party), which the rollup turns into the home page's list.

Screenshots of the home page's list go to ``$NEWSROOM_SCREENSHOTS`` when it is set.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.delivery import reads
from articles.models import SectionPage
from articles.publishing.most_read import roll_up_reads

from ..conftest import build_story
from .browser_support import (
    TIMEOUT_MS,
    Responses,
    close_when_idle,
    live_home,
    screenshot,
    serve_media,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Headless Chromium names itself HeadlessChrome, which is not counted: this is a reader's.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Safari/537.36"
)


def test_reads_in_a_browser_become_the_home_pages_most_read(
    chromium, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    stories = [build_story(news, title=f"Harbour story {i}", slug=f"harbour-{i}") for i in range(3)]
    context = chromium.new_context(user_agent=READER_AGENT)
    context.set_default_timeout(TIMEOUT_MS)
    serve_media(context)
    page = context.new_page()
    responses = Responses(context)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    beacon_path = reverse("articles:read_beacon")
    for story, visits in zip(stories, (1, 3, 2), strict=True):
        for _ in range(visits):
            with page.expect_request(lambda r: r.url.endswith(beacon_path)) as sent:
                page.goto(story.get_full_url())
            assert sent.value.post_data == str(story.pk)
            assert sent.value.response().status == 204
    hour = reads.hour_of(timezone.now())
    assert reads.hour_counts([s.pk for s in stories], hour) == {
        stories[0].pk: 1,
        stories[1].pk: 3,
        stories[2].pk: 2,
    }
    roll_up_reads()
    page.goto(f"{live_server.url}/")
    titles = page.locator(".most-read__list a").all_inner_texts()
    assert titles == ["Harbour story 1", "Harbour story 2", "Harbour story 0"]
    screenshot(page, "most-read-home", tmp_path, full_page=True)
    assert violations == []
    responses.assert_no_server_error()
    close_when_idle(context)
