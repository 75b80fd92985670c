"""Most read: the read beacon, the scheduler's rollup, and the lists readers see."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.delivery import reads
from articles.models import StoryReads
from articles.publishing.most_read import roll_up_reads

from ..factories import ArticlePageFactory, publish
from ..spy import Spy

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"
NOW = timezone.now().replace(minute=30, second=0, microsecond=0)


@pytest.fixture
def stories(turkey):
    return [
        publish(ArticlePageFactory(parent=turkey, title=f"Story {i}", slug=f"story-{i}"))
        for i in range(4)
    ]


def beacon(client, body, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(reverse("articles:read_beacon"), body, content_type="text/plain", **headers)


def read(story, times, moment=NOW):
    for _ in range(times):
        assert reads.count_read(story.pk, moment)


def listed(path):
    return [(entry["title"], entry["reads"]) for entry in cache.get(reads.list_key(path)) or []]


@pytest.mark.parametrize(
    "body, expected",
    [
        (b"12", 12),
        (b" 12\n", 12),
        (b"0", None),
        (b"-1", None),
        (b"1e3", None),
        (b"12345678901", None),
        (b"2147483648", None),
        (b"1\x002", None),
        ("١٢".encode(), None),
        (b"", None),
    ],
)
def test_a_beacon_body_is_a_story_id_in_range(body, expected):
    assert reads.parse_story_id(body) == expected


def test_a_reader_beacon_counts_one_read_without_a_query(
    client, stories, django_assert_num_queries
):
    # The first request of a process looks its site up (for the canonical host), as
    # any page's does; from then on the cache knows it.
    beacon(client, str(stories[0].pk))
    with django_assert_num_queries(0):
        response = beacon(client, str(stories[0].pk))
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert reads.hour_counts([stories[0].pk], reads.hour_of(timezone.now())) == {stories[0].pk: 2}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 HeadlessChrome/156.0"},
        {"HTTP_USER_AGENT": "curl/8.5.0"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_COOKIE": "sessionid=an-editors-session"},
    ],
    ids=["crawler", "headless", "curl", "no-agent", "prefetch", "editor"],
)
def test_bots_prefetches_and_editors_are_not_counted(client, stories, headers):
    assert beacon(client, str(stories[0].pk), **headers).status_code == 204
    assert reads.hour_counts([stories[0].pk], reads.hour_of(timezone.now())) == {}


def test_a_beacon_answers_204_to_anything_and_only_to_post(client, stories):
    for body in ["", "x" * 5000, "1; DROP TABLE", "99999999999999999999"]:
        assert beacon(client, body).status_code == 204
    assert client.get(reverse("articles:read_beacon")).status_code == 405


def test_a_beacon_is_answered_before_the_rest_of_the_stack(client, stories, settings):
    first = "articles.middleware.ReadBeaconMiddleware"
    assert settings.MIDDLEWARE[0] == first
    settings.MIDDLEWARE = [first, "tests.spy.Spy", *settings.MIDDLEWARE[1:]]
    Spy.paths = []
    assert beacon(client, str(stories[0].pk)).status_code == 204
    assert Spy.paths == []
    assert reads.hour_counts([stories[0].pk], reads.hour_of(timezone.now())) == {stories[0].pk: 1}
    # A GET of its address is not a beacon: the view answers it.
    assert client.get(reverse("articles:read_beacon")).status_code == 405
    assert Spy.paths == [reverse("articles:read_beacon")]


def test_without_the_middleware_the_view_counts_the_same(client, stories, settings):
    settings.MIDDLEWARE = settings.MIDDLEWARE[1:]
    response = beacon(client, str(stories[0].pk))
    assert response.status_code == 204 and "no-store" in response["Cache-Control"]
    assert beacon(client, str(stories[0].pk), HTTP_USER_AGENT="curl/8.5.0").status_code == 204
    assert reads.hour_counts([stories[0].pk], reads.hour_of(timezone.now())) == {stories[0].pk: 1}


def test_a_beacon_with_the_cache_down_is_answered_and_lost(client, stories, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr(cache, "incr", down)
    assert beacon(client, str(stories[0].pk)).status_code == 204


def test_rollup_ranks_the_last_day_per_section_and_site(home, news, turkey, stories):
    read(stories[0], 2, NOW - timedelta(hours=3))
    read(stories[1], 5, NOW)
    read(stories[2], 1, NOW - timedelta(hours=1))
    read(stories[2], 3, NOW)
    # Older than the 24 hours: not in the list.
    read(stories[3], 9, NOW - timedelta(hours=25))
    roll_up_reads(NOW)
    expected = [("Story 1", 5), ("Story 2", 4), ("Story 0", 2)]
    assert listed(turkey.path) == expected
    assert listed(news.path) == expected
    assert listed(home.path) == expected


def test_closed_hours_move_to_the_database_and_survive_a_cache_restart(turkey, stories):
    read(stories[0], 2, NOW - timedelta(hours=2))
    read(stories[1], 1, NOW - timedelta(hours=2))
    read(stories[1], 3, NOW)
    roll_up_reads(NOW)
    rows = {(row.story_id, row.reads) for row in StoryReads.objects.all()}
    assert rows == {(stories[0].pk, 2), (stories[1].pk, 1)}
    # The moved counters are gone from the cache: a second rollup counts nothing twice.
    roll_up_reads(NOW)
    assert listed(turkey.path) == [("Story 1", 4), ("Story 0", 2)]
    # Redis restarts: only the open hour's reads are lost.
    cache.clear()
    roll_up_reads(NOW)
    assert listed(turkey.path) == [("Story 0", 2), ("Story 1", 1)]


def test_only_live_public_stories_are_listed(turkey, stories):
    draft = ArticlePageFactory(parent=turkey, title="A draft", slug="draft", live=False)
    for story in (*stories[:2], draft):
        read(story, 3)
    reads.count_read(2**31 - 1, NOW)
    roll_up_reads(NOW)
    assert [title for title, _ in listed(turkey.path)] == ["Story 1", "Story 0"]
    # Unpublished: off the lists at once, before the next rollup.
    stories[1].unpublish()
    assert [title for title, _ in listed(turkey.path)] == ["Story 0"]


def test_story_page_shows_its_sections_list_without_itself_and_sends_the_beacon(
    client, turkey, stories, django_assert_max_num_queries
):
    for i, story in enumerate(stories):
        read(story, 10 - i)
    roll_up_reads(NOW)
    response = client.get(stories[0].url)
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text() for a in soup.select(".most-read__list a")]
    assert titles == ["Story 1", "Story 2", "Story 3"]
    assert [a["href"] for a in soup.select(".most-read__list a")][0] == stories[1].url
    script = soup.find("script", attrs={"data-beacon": True})
    assert script["data-beacon"] == reverse("articles:read_beacon")
    assert script["data-story"] == str(stories[0].pk)


def test_nothing_is_shown_before_a_list_has_two_stories(client, stories, settings):
    read(stories[1], 1)
    roll_up_reads(NOW)
    soup = BeautifulSoup(client.get(stories[0].url).content, "html.parser")
    assert soup.select_one(".most-read") is None
    settings.NEWSROOM_MOST_READ_LENGTH = 0
    soup = BeautifulSoup(client.get(stories[2].url).content, "html.parser")
    assert soup.find("script", attrs={"data-beacon": True}) is None


def test_the_scheduler_tick_rolls_up(turkey, stories):
    read(stories[0], 2, timezone.now())
    read(stories[1], 1, timezone.now())
    call_command("newsroom_scheduler", "--once")
    assert listed(turkey.path) == [("Story 0", 2), ("Story 1", 1)]


def test_a_sampled_beacon_counts_for_the_pages_that_send_none(client, stories, settings):
    settings.NEWSROOM_MOST_READ_SAMPLE = 10
    soup = BeautifulSoup(client.get(stories[0].url).content, "html.parser")
    assert soup.find("script", attrs={"data-beacon": True})["data-sample"] == "10"
    # The setting says how many reads a beacon is, whatever the client sends.
    beacon(client, str(stories[0].pk))
    assert reads.hour_counts([stories[0].pk], reads.hour_of(timezone.now())) == {stories[0].pk: 10}
