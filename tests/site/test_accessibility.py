"""Reader pages pass axe-core's checks and the article works from the keyboard.

axe-core (pinned in package.json, installed by ``make test`` with ``npm ci``)
runs in Chromium on the home, section, nested section, article, tag, author,
search, corrections and 404 pages at desktop (1280 px) and phone (375 px) widths,
each in the light and the dark colour scheme (``prefers-color-scheme``, so the
dark palette's contrast is checked too). Any violation fails the test, whatever
its impact (minor ones included: the pages have none); the message lists them all.

Then, on the article, a reader using only the keyboard reaches the header and
breadcrumb links and every share button, and "Copy link" works with Enter.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from articles.models import SectionPage

from ..conftest import build_story
from .browser_support import (
    TIMEOUT_MS,
    close_when_idle,
    live_home,
    serve_media,
    unavailable,
)

AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "mobile": 375}
COLOR_SCHEMES = ("light", "dark")

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback puts back the rows the migrations made (root page,
    # default site) once the transactional test has flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def reader_pages(live_server, settings, tmp_path):
    """A story with every kind of block, in a section, and the pages a reader reaches."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = live_home(live_server)
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()
    other = build_story(turkey, title="Ferry line reopens", slug="ferry", tags=["Transport"])
    story = build_story(
        turkey, n=2, title="Harbour reopens after storm", slug="harbour", related_page=other
    )
    # Marked as a substantive update, so the Updated time and its note are checked too.
    story.substantive_update = True
    story.substantive_update_note = "Adds the harbour master's statement."
    story.save_revision().publish()
    tag = story.tags.order_by("name").first()
    author = story.bylines.first().author
    base = live_server.url
    return {
        "home": f"{base}/",
        "section": news.get_full_url(),
        "nested_section": turkey.get_full_url(),
        "article": story.get_full_url(),
        "tag": f"{base}/tags/{tag.slug}/",
        "author": f"{base}/authors/{author.slug}/",
        "search": f"{base}/search/?q=harbour",
        "corrections": f"{base}/corrections/",
        "not_found": f"{base}/no-such-page/",
    }


def describe(violation):
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return (
        f"{violation['impact']}: {violation['id']} ({violation['help']}) "
        f"on {len(violation['nodes'])} element(s): {targets}"
    )


def test_reader_pages_have_no_accessibility_violations(chromium, reader_pages):
    if not AXE.exists():
        unavailable(f"{AXE} is missing (npm ci)")
    report, failing, backgrounds = [], [], {}
    # Both widths and schemes in one test: the story and its photos are built once.
    for width, scheme in ((w, c) for w in WIDTHS.values() for c in COLOR_SCHEMES):
        # Reader pages allow only the site's own scripts (CSP script-src 'self'), and
        # add_script_tag() inserts axe inline, which the policy blocks. Bypassing it
        # in this context only lets axe in; the policy itself is checked by
        # test_security_headers and, in a browser, by test_browser_hostile.
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        serve_media(context)
        page = context.new_page()
        for name, url in reader_pages.items():
            response = page.goto(url)
            expected = 404 if name == "not_found" else 200
            assert response is not None and response.status == expected, url
            backgrounds.setdefault(scheme, set()).add(
                page.evaluate("getComputedStyle(document.body).backgroundColor")
            )
            page.add_script_tag(path=str(AXE))
            results = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            violations = results["violations"]
            where = f"{name} @ {width}px, {scheme}"
            report += [f"{where}: {describe(v)}" for v in violations]
            report += [] if violations else [f"{where}: no violations"]
            failing += [v["id"] for v in violations]
        close_when_idle(context)
    print("\n".join(report))
    # The dark scheme really is another palette, so its pass is not the light one's.
    assert backgrounds["light"].isdisjoint(backgrounds["dark"]), backgrounds
    assert not failing, "axe-core violations:\n" + "\n".join(report)


# The elements a keyboard user must reach on an article, marked in the page so
# each focus can be matched to them.
MARK_TARGETS = """() => {
  const targets = [
    ...document.querySelectorAll(
      ".site-header a[href], nav.breadcrumb a[href], .share a[href], .share button:not([hidden]),"
      + " .share summary"
    ),
  ].filter((element) => !element.closest("details:not([open]) > :not(summary)"));
  targets.forEach((element, i) => { element.dataset.keyboardTarget = String(i); });
  return targets.map((element) => element.textContent.trim().replace(/\\s+/g, " "));
}"""


def test_article_works_from_the_keyboard(chromium, reader_pages, live_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    serve_media(context)
    page = context.new_page()
    page.goto(reader_pages["article"])
    targets = page.evaluate(MARK_TARGETS)
    # Header, breadcrumb, then the bar: Copy link, Email, two networks and "More".
    assert "Copy link" in targets and targets[-1] == "More ways to share", targets

    reached, copy_link_focused = set(), False
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.dataset.keyboardTarget ?? null,"
            " document.activeElement.textContent.trim().replace(/\\s+/g, ' ')]"
        )
        if focused[0] is not None:
            reached.add(int(focused[0]))
        copy_link_focused = copy_link_focused or focused[1] == "Copy link"
        if focused[1] == "More ways to share":
            break
    missing = [text for i, text in enumerate(targets) if i not in reached]
    assert missing == [], f"not reachable with Tab before 'More': {missing}"
    assert copy_link_focused, "'Copy link' is not reachable with Tab"

    # "More" opens with Enter, without JavaScript's help, and Tab goes on into it.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('details[open]') !== null")
    assert page.evaluate("document.activeElement.dataset.shareNetwork") == "linkedin"

    page.keyboard.press("Shift+Tab")
    page.locator("[data-share-copy]").focus()
    page.keyboard.press("Enter")
    status = page.locator(".share__status")
    status.filter(has_text="Link copied").wait_for()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    close_when_idle(context)
