"""Numbers and syntax a reader or an API client chooses never reach the database raw.

Each request below returned a 500 before (``OverflowError``, ``IntegrityError:
datatype mismatch``, ``OperationalError: unterminated string``, a field's
``ValidationError``): ids beyond 64 bits, a week past the calendar, search
syntax through the API. Each is now a 404 or a 400 that says what is wrong.
One archive serves every case of a test, each case a subtest.
"""

import pytest

from .conftest import build_story
from .factories import AuthorFactory, add_bylines, publish

HUGE = "9" * 30
BEYOND_64_BITS = str(2**63)
CURSOR_DATE = "20250101T000000.000000"
LISTINGS = ["/news/", "/news/turkey/", "/tags/elections/", "/authors/reporter/"]
API_ENDPOINTS = ["articles", "sections", "authors", "images"]


@pytest.fixture
def archive(turkey, newsroom_settings):
    story = build_story(turkey, tags=["Elections"])
    add_bylines(story, [AuthorFactory(slug="reporter")])
    return publish(story)


def check(subtests, client, cases, status, message=None):
    """Each ``(url, query)`` of ``cases`` answers ``status`` (and says ``message``)."""
    for url, query in cases:
        with subtests.test(url=url, query=query):
            response = client.get(url, query)
            assert response.status_code == status, response.content[:300]
            if message:
                assert message in response.json()["message"]


def test_a_cursor_beyond_64_bits_is_not_found(client, archive, subtests):
    cases = [
        (listing, {direction: f"{CURSOR_DATE}_{pk}"})
        for listing in LISTINGS
        for direction in ("before", "after")
        for pk in ("9999999999999999999", BEYOND_64_BITS)
    ]
    check(subtests, client, cases, 404)
    # The largest id a column holds is still a cursor: back to the newest stories.
    assert client.get("/news/", {"after": f"{CURSOR_DATE}_{2**63 - 1}"}).status_code == 200


def test_search_in_a_section_that_cannot_exist_is_a_form_error(client, archive, subtests):
    for section in [HUGE, BEYOND_64_BITS, "-1", "0", "1.5", "x"]:
        with subtests.test(section=section):
            response = client.get("/search/", {"q": "story", "section": section})
            assert response.status_code == 200
            assert b"search__errors" in response.content


def test_a_week_past_the_calendar_is_not_found(client, archive, subtests):
    weeks = ["9999-W52", "9999-W53", "0000-W01", "2026-W60"]
    check(subtests, client, [(f"/sitemap-stories-{week}.xml", {}) for week in weeks], 404)


def test_api_numbers_beyond_64_bits_are_a_bad_request(client, archive, subtests):
    queries = [{"offset": HUGE}, {"offset": BEYOND_64_BITS}, {"limit": HUGE}, {"id": HUGE}]
    cases = [(f"/api/v2/{endpoint}/", query) for endpoint in API_ENDPOINTS for query in queries]
    check(subtests, client, cases, 400, "out of range")
    filters = ["child_of", "descendant_of", "ancestor_of"]
    check(subtests, client, [("/api/v2/articles/", {name: HUGE}) for name in filters], 400)
    check(subtests, client, [("/api/v2/articles/find/", {"id": HUGE})], 400)


def test_api_detail_of_an_impossible_id_is_not_found(client, archive, subtests):
    cases = [
        (f"/api/v2/{endpoint}/{pk}/", {})
        for endpoint in API_ENDPOINTS
        for pk in (HUGE, BEYOND_64_BITS)
    ]
    check(subtests, client, cases, 404)


def test_api_search_syntax_is_read_as_words(client, archive, subtests):
    searches = ['"', "a\x00b", "(", 'x" OR "y', "NEAR(a b)", "*", "-", "'"]
    cases = [
        (f"/api/v2/{endpoint}/", {"search": search})
        for endpoint in ("articles", "sections", "images")
        for search in searches
    ]
    check(subtests, client, cases, 200)
    found = client.get("/api/v2/articles/", {"search": '"story"'}).json()["items"]
    assert [item["title"] for item in found] == [archive.title]


def test_api_unknown_search_operator_is_a_bad_request(client, archive):
    response = client.get("/api/v2/articles/", {"search": "story", "search_operator": "xor"})
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]


def test_api_field_filters_the_field_cannot_read_are_a_bad_request(client, archive, subtests):
    cases = [
        ("/api/v2/articles/", {"first_published_at": "x"}),
        ("/api/v2/articles/", {"show_in_menus": "maybe"}),
        ("/api/v2/articles/", {"display_date": "2026-13-45"}),
        ("/api/v2/articles/", {"id": "x"}),
        ("/api/v2/images/", {"width": HUGE}),
        ("/api/v2/images/", {"width": "wide"}),
    ]
    check(subtests, client, cases, 400)
