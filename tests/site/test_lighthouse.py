"""Every kind of reader page scores 100 in Lighthouse's four categories on a phone.

The demo newsroom is loaded and served on pytest's live server; Lighthouse (npm
``lighthouse``, pinned in package.json) audits the home, section, nested
section, story, tag, author, search, corrections and 404 pages one after
another in one headless Debian Chromium, as a phone (its default form factor)
with simulated throttling, and each of performance, accessibility, best
practices and SEO must score 1.0. bench/lighthouse.py holds the runner and
prints the same table against production settings.

Search results are noindex on purpose, so on the search page alone the
is-crawlable audit is left out (and SEO scored from the rest by Lighthouse's
weights). The 404 page must answer 404: its http-status-code audit is left
out, and so are the console's error and the back/forward cache's refusal as
long as the document's own 404 is all they report. The simulated performance
score still depends on how busy the machine is: a page below 1.0 there is
audited again, up to three runs in all, and the best run counts. The other
categories are the page's own and count on the first run. Every page must
also fetch nothing from another origin (no third-party script, font or
beacon) and draw no high-severity finding from Lighthouse's
Content-Security-Policy audit (csp-xss).
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Site

from bench import lighthouse

from .browser_support import unavailable


@pytest.fixture
def demo_urls(live_server, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The demo's Site names the live server, so canonical links and full URLs do.
    monkeypatch.setenv("PORT", live_server.url.rsplit(":", 1)[1])
    call_command("newsroom_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # And its host name, or every page would begin with a redirect to the Site's.
    host = urlsplit(live_server.url).hostname
    Site.objects.filter(is_default_site=True).update(hostname=host)
    return lighthouse.demo_page_urls(live_server.url)


@pytest.mark.browser
# The live server answers on its own thread: the demo must be committed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_pages_score_100_in_lighthouse(demo_urls, tmp_path):
    missing = [
        str(path) for path in (lighthouse.LIGHTHOUSE, lighthouse.CHROMIUM) if not path.exists()
    ]
    if missing or shutil.which("node") is None:
        unavailable(f"Lighthouse needs node, npm ci and Chromium: missing {missing or 'node'}")
    assert len(demo_urls) == 9
    results = lighthouse.audit_all(demo_urls, tmp_path)
    table = lighthouse.format_results(results)
    print(table)
    # A null score is a run that failed, which below_100 reports as well.
    assert lighthouse.below_100(results) == {}, table


def report(url, audits, categories):
    """A Lighthouse JSON report cut down to what bench/lighthouse.py reads."""
    items = lambda *found: {"details": {"items": list(found)}}  # noqa: E731
    audits = {
        "errors-in-console": items(),
        "bf-cache": items(),
        "csp-xss": {"scoreDisplayMode": "notApplicable"},
        "network-requests": items({"url": url}, {"url": "data:image/png;base64,AA"}),
        **audits,
    }
    for audit_id, audit in audits.items():
        audit.setdefault("score", 1)
        audit.setdefault("title", audit_id)
        audit.setdefault("scoreDisplayMode", "binary")
    return {
        "finalDisplayedUrl": url,
        "audits": audits,
        "categories": {
            name: {
                "score": min(audits[ref]["score"] for ref, _ in refs),
                "auditRefs": [{"id": ref, "weight": weight} for ref, weight in refs],
            }
            for name, refs in categories.items()
        },
    }


NOT_FOUND = "http://127.0.0.1:8000/no-such-page/"
DOCUMENT_404 = {
    "source": "network",
    "description": "Failed to load resource: the server responded with a status of 404",
    "sourceLocation": {"url": NOT_FOUND},
}


def not_found_report(console, bf_cache_reasons, status_score=0):
    categories = {
        "performance": [("largest-contentful-paint", 25)],
        "accessibility": [("color-contrast", 7)],
        "best-practices": [("errors-in-console", 1), ("bf-cache", 0), ("doctype", 1)],
        "seo": [("http-status-code", 1), ("meta-description", 1)],
    }
    audits = {
        "largest-contentful-paint": {"scoreDisplayMode": "numeric"},
        "color-contrast": {},
        "doctype": {},
        "meta-description": {},
        "errors-in-console": {"score": 0 if console else 1, "details": {"items": console}},
        "bf-cache": {"score": 0 if bf_cache_reasons else 1, "details": {"items": bf_cache_reasons}},
        "http-status-code": {"score": status_score},
    }
    return report(NOT_FOUND, audits, categories)


def scored(name, found):
    return lighthouse.summarise(found, lighthouse.waived_audits(name, found))


def test_the_404_status_itself_is_all_that_is_waived_on_the_404_page():
    status_only = not_found_report([DOCUMENT_404], [{"protocolReason": "HTTPStatusNotOK"}])
    result = scored("not_found", status_only)
    assert result["scores"] == dict.fromkeys(lighthouse.CATEGORIES, 1)
    assert result["failing"] == [] and result["foreign"] == [] and result["csp"] == []

    # Any other console error, or another reason to skip the bf-cache, still counts.
    script_error = {"source": "exception", "description": "TypeError", "sourceLocation": {}}
    noisy = scored("not_found", not_found_report([DOCUMENT_404, script_error], []))
    assert noisy["scores"]["best-practices"] < 1
    assert [f[0] for f in noisy["failing"]] == ["errors-in-console"]
    unload = not_found_report([], [{"protocolReason": "UnloadHandlerExistsInMainFrame"}])
    assert "bf-cache" not in lighthouse.waived_audits("not_found", unload)

    # Elsewhere a 404 is a fault, and so is fetching from another origin.
    elsewhere = scored("story", status_only)
    assert elsewhere["scores"]["seo"] == 0
    assert lighthouse.below_100({"story": {**elsewhere, "runs": 1}}) == {
        "story": ["best-practices", "seo"]
    }
    foreign = not_found_report([], [])
    foreign["audits"]["network-requests"]["details"]["items"].append(
        {"url": "https://cdn.example.com/analytics.js"}
    )
    assert scored("not_found", foreign)["foreign"] == ["https://cdn.example.com/analytics.js"]
