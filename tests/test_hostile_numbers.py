"""Numbers and syntax a reader or an API client chooses never reach the database raw.

Each URL below returned a 500 before (``OverflowError``, ``IntegrityError:
datatype mismatch``, ``OperationalError: unterminated string``, a field's
``ValidationError``): ids beyond 64 bits, a week past the calendar, search
syntax through the API. Each is now a 404 or a 400 that says what is wrong.
"""

import pytest

from .conftest import build_story
from .factories import AuthorFactory, add_bylines, publish

HUGE = "9" * 30
BEYOND_64_BITS = str(2**63)
CURSOR_DATE = "20250101T000000.000000"


@pytest.fixture
def archive(turkey, newsroom_settings):
    story = build_story(turkey, tags=["Elections"])
    add_bylines(story, [AuthorFactory(slug="reporter")])
    return publish(story)


LISTINGS = ["/news/", "/news/turkey/", "/tags/elections/", "/authors/reporter/"]


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("direction", ["before", "after"])
@pytest.mark.parametrize("pk", ["9999999999999999999", BEYOND_64_BITS])
def test_a_cursor_beyond_64_bits_is_not_found(client, archive, listing, direction, pk):
    response = client.get(f"{listing}?{direction}={CURSOR_DATE}_{pk}")
    assert response.status_code == 404


def test_the_largest_id_is_still_a_cursor(client, archive):
    assert client.get(f"/news/?before={CURSOR_DATE}_{2**63 - 1}").status_code in (200, 404)


@pytest.mark.parametrize("section", [HUGE, BEYOND_64_BITS, "-1", "0", "1.5", "x"])
def test_search_in_a_section_that_cannot_exist_is_a_form_error(client, archive, section):
    response = client.get("/search/", {"q": "story", "section": section})
    assert response.status_code == 200
    assert b"search__errors" in response.content


@pytest.mark.parametrize("week", ["9999-W52", "9999-W53", "0000-W01", "2026-W60"])
def test_a_week_past_the_calendar_is_not_found(client, archive, week):
    assert client.get(f"/sitemap-stories-{week}.xml").status_code == 404


@pytest.mark.parametrize("endpoint", ["articles", "sections", "authors", "images"])
@pytest.mark.parametrize(
    "query",
    [
        {"offset": HUGE},
        {"offset": BEYOND_64_BITS},
        {"limit": HUGE},
        {"id": HUGE},
    ],
)
def test_api_numbers_beyond_64_bits_are_a_bad_request(client, archive, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/", query)
    assert response.status_code == 400
    assert "out of range" in response.json()["message"]


@pytest.mark.parametrize("parameter", ["child_of", "descendant_of", "ancestor_of"])
def test_api_page_filters_beyond_64_bits_are_a_bad_request(client, archive, parameter):
    response = client.get("/api/v2/articles/", {parameter: HUGE})
    assert response.status_code == 400


@pytest.mark.parametrize("endpoint", ["articles", "sections", "authors", "images"])
@pytest.mark.parametrize("pk", [HUGE, BEYOND_64_BITS])
def test_api_detail_of_an_impossible_id_is_not_found(client, archive, endpoint, pk):
    assert client.get(f"/api/v2/{endpoint}/{pk}/").status_code == 404


def test_api_find_by_an_impossible_id_is_a_bad_request(client, archive):
    assert client.get("/api/v2/articles/find/", {"id": HUGE}).status_code == 400


@pytest.mark.parametrize("search", ['"', "a\x00b", "(", 'x" OR "y', "NEAR(a b)", "*", "-", "'"])
@pytest.mark.parametrize("endpoint", ["articles", "sections", "images"])
def test_api_search_syntax_is_read_as_words(client, archive, endpoint, search):
    response = client.get(f"/api/v2/{endpoint}/", {"search": search})
    assert response.status_code == 200, response.content


def test_api_search_finds_by_words_whatever_the_punctuation(client, archive):
    titles = [
        item["title"]
        for item in client.get("/api/v2/articles/", {"search": '"story"'}).json()["items"]
    ]
    assert titles == [archive.title]


def test_api_unknown_search_operator_is_a_bad_request(client, archive):
    response = client.get("/api/v2/articles/", {"search": "story", "search_operator": "xor"})
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]


@pytest.mark.parametrize(
    ("endpoint", "query"),
    [
        ("articles", {"first_published_at": "x"}),
        ("articles", {"show_in_menus": "maybe"}),
        ("articles", {"display_date": "2026-13-45"}),
        ("articles", {"id": "x"}),
        ("images", {"width": HUGE}),
        ("images", {"width": "wide"}),
    ],
)
def test_api_field_filters_the_field_cannot_read_are_a_bad_request(
    client, archive, endpoint, query
):
    response = client.get(f"/api/v2/{endpoint}/", query)
    assert response.status_code == 400, response.content
