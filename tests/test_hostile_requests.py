"""No request a reader or an API client can send gets a 500, by construction.

Hypothesis generates requests for every URL pattern readers and API clients
reach (reader pages, listings with their cursors, feeds, sitemaps, search, the
API endpoints with their documented parameters) filled with hostile values:
numbers past 64 bits and negative ones, NUL, unbalanced quotes, full-text
search operators, percent-encodings, overlong and odd Unicode strings. Every
answer must be below 500. Django's test client raises the view's exception for
a 500, so a failure shows its traceback. The suite runs this on SQLite and on
PostgreSQL; the count per pattern is printed (``-s``) for the closing note.
"""

import collections
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .conftest import build_story
from .factories import AuthorFactory, add_bylines, publish

HOSTILE_VALUES = [
    "0",
    "-1",
    "1.5",
    "1e9",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    str(2**64),
    "9" * 30,
    "",
    " ",
    "\x00",
    "a\x00b",
    '"',
    "'",
    '"unbalanced',
    "x' OR '1'='1",
    "a AND b OR NOT c",
    "NEAR(a b)",
    "a*",
    "-a",
    "(((",
    "%00",
    "%ff",
    "%2e%2e%2f",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "İstanbul",
    "ş" * 300,
    "a" * 5000,
    "\u202e",
    "🙂",
    "null",
    "true",
    "[]",
    "{}",
    "20250101T000000.000000_9999999999999999999",
    "20250101T000000.000000_-1",
    "99999999T999999.999999_1",
    "0000-W00",
    "9999-W52",
    "2024-W99",
]

values = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12).map(lambda s: s + "\x00"),
)


def segment(value):
    """A value as one path segment (its slashes encoded too)."""
    return quote(value, safe="") or "x"


# (pattern name, function of one hostile value -> (path, query dict))
PATTERNS = {
    "home listing": lambda v: ("/", {"page": v}),
    "home cursor": lambda v: ("/", {"before": v}),
    "section page": lambda v: ("/news/turkey/", {"page": v}),
    "section cursor": lambda v: ("/news/", {"after": v}),
    "story": lambda v: (f"/news/turkey/{segment(v)}/", {}),
    "story format": lambda v: ("/news/turkey/story/", {"format": v}),
    "story extra path": lambda v: (f"/news/turkey/story/{segment(v)}/", {}),
    "tag page": lambda v: (f"/tags/{segment(v)}/", {}),
    "tag cursor": lambda v: ("/tags/elections/", {"before": v}),
    "tag feed": lambda v: (f"/tags/{segment(v)}/feed/", {}),
    "author page": lambda v: (f"/authors/{segment(v)}/", {"page": v}),
    "author cursor": lambda v: ("/authors/reporter/", {"after": v}),
    "author feed": lambda v: (f"/authors/{segment(v)}/feed/atom/", {}),
    "site feed": lambda v: ("/feed/", {"page": v}),
    "section feed": lambda v: ("/news/turkey/feed/atom/", {"before": v}),
    "sitemap": lambda v: (f"/sitemap-{segment(v)}.xml", {}),
    "sitemap week": lambda v: (f"/sitemap-stories-{segment(v)}.xml", {}),
    "sitemap index": lambda v: ("/sitemap.xml", {"page": v}),
    "news sitemap": lambda v: ("/sitemap-news.xml", {"p": v}),
    "search words": lambda v: ("/search/", {"q": v}),
    "search section": lambda v: ("/search/", {"q": "radar", "section": v}),
    "search page": lambda v: ("/search/", {"q": "story", "page": v}),
    "api listing": lambda v: ("/api/v2/articles/", {"offset": v}),
    "api limit": lambda v: ("/api/v2/articles/", {"limit": v}),
    "api search": lambda v: ("/api/v2/articles/", {"search": v}),
    "api search operator": lambda v: ("/api/v2/articles/", {"search": "a", "search_operator": v}),
    "api order": lambda v: ("/api/v2/articles/", {"order": v}),
    "api fields": lambda v: ("/api/v2/articles/", {"fields": v}),
    "api type": lambda v: ("/api/v2/articles/", {"type": v}),
    "api tree": lambda v: ("/api/v2/articles/", {"descendant_of": v}),
    "api field filter": lambda v: ("/api/v2/articles/", {"first_published_at": v}),
    "api detail": lambda v: (f"/api/v2/articles/{segment(v)}/", {}),
    "api find": lambda v: ("/api/v2/articles/find/", {"html_path": v}),
    "api sections": lambda v: ("/api/v2/sections/", {"child_of": v}),
    "api authors": lambda v: ("/api/v2/authors/", {"search": v, "offset": v}),
    "api author detail": lambda v: (f"/api/v2/authors/{segment(v)}/", {}),
    "api images": lambda v: ("/api/v2/images/", {"search": v, "limit": v}),
    "api image detail": lambda v: (f"/api/v2/images/{segment(v)}/", {}),
}

SEEN = collections.Counter()


@pytest.fixture
def archive(turkey, newsroom_settings, settings):
    settings.NEWSROOM_SEARCH_RATE = 0  # every generated search runs
    story = build_story(turkey, tags=["Elections"])
    add_bylines(story, [AuthorFactory(slug="reporter")])
    return publish(story)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(sorted(PATTERNS)), value=values, method=st.sampled_from(["GET", "HEAD"])
)
# NUL where a slug, a path or a field value is looked up: PostgreSQL refused
# to compare such text (DataError) until each was turned away first.
@example(name="api find", value="\x00", method="GET")
@example(name="story", value="a\x00", method="GET")
@example(name="author page", value="\x00", method="GET")
@example(name="tag page", value="\x00", method="GET")
@example(name="tag feed", value="\x00", method="GET")
@example(name="author feed", value="\x00", method="GET")
@example(name="api field filter", value="\x00", method="GET")
def test_no_generated_request_is_a_server_error(client, archive, name, value, method):
    path, query = PATTERNS[name](value)
    call = client.get if method == "GET" else client.head
    response = call(path, query)
    SEEN[name] += 1
    assert response.status_code < 500, (name, path, query, response.status_code)


def test_every_pattern_was_tried_and_the_counts_are_shown():
    # Runs after the property test in this module (file order).
    assert set(SEEN) == set(PATTERNS), set(PATTERNS) - set(SEEN)
    total = sum(SEEN.values())
    print(f"\n{total} generated requests over {len(SEEN)} URL patterns, 0 answered 5xx:")
    for name, count in sorted(SEEN.items()):
        print(f"  {count:4} {name}")
