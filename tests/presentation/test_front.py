"""The curated front page: editors' slots resolve, pins end, each story shows once,
the cost stays flat as the archive grows, and the reader cache stops at a pin's end."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.delivery import reader_cache
from articles.models import ArticlePage
from articles.presentation.front import resolve_front
from bench.archive import add_stories, build_archive
from media.sizes import upload_specs

from ..factories import (
    ArticlePageFactory,
    AuthorFactory,
    PhotoFactory,
    SectionPageFactory,
    add_bylines,
    cold_caches,
    jpeg_file,
    publish,
)

# The home page with a lead, featured stories and three rails, nothing cached: the
# front's six, site, settings, routing, the breaking-news banner and the social
# card's rendition of the lead photo.
QUERY_BUDGET = 13


def story_in(section, title, hours_ago, authors=(), photo=None):
    slug = re.sub(r"\W+", "-", title.lower())
    story = ArticlePageFactory.build(title=title, slug=slug, lead_photo=photo or PhotoFactory())
    add_bylines(story, list(authors))
    section.add_child(instance=story)
    story = publish(story)
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=timezone.now() - timedelta(hours=hours_ago),
        display_order_date=timezone.now() - timedelta(hours=hours_ago),
    )
    return ArticlePage.objects.get(pk=story.pk)


@pytest.fixture
def newsroom(home, news, turkey):
    sport = SectionPageFactory(parent=home, title="Sport", slug="sport")
    author = AuthorFactory(name="Selin Kaya", slug="selin-kaya")
    stories = {
        "old": story_in(turkey, "Old story chosen to lead", 40, [author]),
        "f1": story_in(news, "Featured one", 30),
        "f2": story_in(turkey, "Featured two", 20),
        "match": story_in(sport, "Match report", 5),
        "final": story_in(sport, "Cup final", 6),
        "derby": story_in(sport, "Derby preview", 7),
    }
    for hours in range(1, 5):
        stories[f"new{hours}"] = story_in(turkey, f"Newest number {hours}", hours)
    return {"home": home, "sport": sport, "news": news, "turkey": turkey, **stories}


def arrange(home, *slots):
    home.front = list(slots)
    return publish(home)


def lead(story, pinned_until=None):
    return ("lead", {"story": story, "pinned_until": pinned_until})


def featured(*stories, pinned_until=None):
    return ("featured", {"stories": list(stories), "pinned_until": pinned_until})


def rail(section, count, pinned_until=None):
    return ("section_rail", {"section": section, "count": count, "pinned_until": pinned_until})


def headlines(soup, selector):
    found = soup.select(f"{selector} .teaser__headline a, {selector} .front-lead__headline a")
    return [a.get_text(strip=True) for a in found]


def front_page(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_an_empty_front_leads_with_the_newest_story_then_the_latest(client, newsroom):
    soup = front_page(client)
    assert headlines(soup, ".front-lead") == ["Newest number 1"]
    latest = headlines(soup, ".front-latest")
    assert latest[:3] == ["Newest number 2", "Newest number 3", "Newest number 4"]
    assert not soup.select(".front-featured, .front-rail")


def test_slots_resolve_in_their_places_and_each_story_shows_once(client, newsroom):
    arrange(
        newsroom["home"],
        lead(newsroom["old"]),
        featured(newsroom["f1"], newsroom["f2"]),
        rail(newsroom["sport"], 2),
    )
    soup = front_page(client)
    assert headlines(soup, ".front-lead") == ["Old story chosen to lead"]
    assert headlines(soup, ".front-featured") == ["Featured one", "Featured two"]
    (sport,) = soup.select(".front-rail")
    assert sport.find("h2").a["href"] == "/sport/"
    assert headlines(soup, ".front-rail") == ["Match report", "Cup final"]
    latest = headlines(soup, ".front-latest")
    assert latest[:4] == [f"Newest number {n}" for n in range(1, 5)]
    assert "Derby preview" in latest
    every = [a["href"] for a in soup.select(".front h2 a[href], .front h3 a[href]")]
    stories = [href for href in every if href != "/sport/"]
    assert len(stories) == len(set(stories)) == 10


def test_teasers_carry_section_byline_and_time(client, newsroom):
    arrange(newsroom["home"], lead(newsroom["old"]), featured(newsroom["f2"]))
    soup = front_page(client)
    lead_story = soup.select_one(".front-lead")
    assert lead_story.select_one(".teaser__section").get_text() == "Turkey"
    assert " ".join(lead_story.select_one(".teaser__byline").get_text().split()) == "By Selin Kaya"
    assert lead_story.select_one("time")["datetime"].startswith(
        timezone.localtime(newsroom["old"].published_at).strftime("%Y-%m-%dT%H")
    )
    assert re.search(r"\d{2}:\d{2} \S+$", lead_story.select_one("time").get_text())
    assert soup.select_one(".front-featured .teaser__section").get_text() == "Turkey"


def test_a_pin_that_has_ended_falls_back_to_the_newest(client, newsroom):
    ended = timezone.now() - timedelta(minutes=1)
    arrange(
        newsroom["home"],
        lead(newsroom["old"], pinned_until=ended),
        featured(newsroom["f1"], newsroom["f2"], pinned_until=ended),
        rail(newsroom["sport"], 2, pinned_until=ended),
    )
    soup = front_page(client)
    assert headlines(soup, ".front-lead") == ["Newest number 1"]
    assert headlines(soup, ".front-featured") == ["Newest number 2", "Newest number 3"]
    assert not soup.select(".front-rail")
    assert "Old story chosen to lead" not in headlines(soup, ".front-featured")


def test_a_pin_ends_at_its_time(newsroom):
    until = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    home = arrange(newsroom["home"], lead(newsroom["old"], pinned_until=until))
    before = resolve_front(home, now=until - timedelta(seconds=1))
    after = resolve_front(home, now=until + timedelta(seconds=1))
    assert before.lead.pk == newsroom["old"].pk and before.stale_at == until
    assert after.lead.pk == newsroom["new1"].pk and after.stale_at is None


def test_a_chosen_story_taken_down_is_replaced_by_the_newest(client, newsroom):
    arrange(newsroom["home"], lead(newsroom["old"]), featured(newsroom["f1"], newsroom["f2"]))
    newsroom["f1"].unpublish()
    soup = front_page(client)
    assert headlines(soup, ".front-featured") == ["Newest number 1", "Featured two"]
    assert "Featured one" not in soup.get_text()


def test_a_story_chosen_twice_shows_once(client, newsroom):
    arrange(newsroom["home"], lead(newsroom["old"]), featured(newsroom["old"], newsroom["f1"]))
    soup = front_page(client)
    assert headlines(soup, ".front-lead") == ["Old story chosen to lead"]
    assert headlines(soup, ".front-featured") == ["Newest number 1", "Featured one"]


def test_nested_rails_each_show_their_own_stories(client, newsroom):
    arrange(newsroom["home"], rail(newsroom["news"], 3), rail(newsroom["turkey"], 2))
    soup = front_page(client)
    news, turkey = soup.select(".front-rail")
    assert [a.get_text() for a in news.select("h3 a")] == ["Featured one"]
    assert [a.get_text() for a in turkey.select("h3 a")] == ["Newest number 2", "Newest number 3"]


def test_the_reader_cache_keeps_the_front_no_longer_than_the_next_pin(client, newsroom, settings):
    settings.NEWSROOM_READER_CACHE = True
    settings.NEWSROOM_CACHE_TIMEOUT = 3600
    until = timezone.now() + timedelta(minutes=10)
    arrange(
        newsroom["home"],
        lead(newsroom["old"], pinned_until=until + timedelta(minutes=5)),
        featured(newsroom["f1"], pinned_until=until),
    )
    response = client.get("/")
    assert response["X-Newsroom-Cache"] == "miss"
    s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
    max_age = int(re.search(r"(?<!-)max-age=(\d+)", response["Cache-Control"]).group(1))
    assert 590 <= s_maxage <= 600 and max_age <= s_maxage
    assert client.get("/")["X-Newsroom-Cache"] == "hit"


def test_a_page_stale_already_is_not_stored(rf):
    request = rf.get("/")
    reader_cache.stale_at(request, timezone.now() + timedelta(hours=1))
    reader_cache.stale_at(request, timezone.now() - timedelta(seconds=5))
    reader_cache.stale_at(request, None)
    assert reader_cache.lifetime(request, 3600) == 0
    assert reader_cache.lifetime(rf.get("/"), 3600) == 3600


@pytest.fixture
def archive(home, settings):
    settings.NEWSROOM_READER_CACHE = False
    photo = PhotoFactory(file=jpeg_file(size=(1300, 800)))
    photo.get_renditions(*upload_specs())
    return build_archive(home, [photo], authors=6, tags=12, photo_pool=3)


def archive_section(archive, slug):
    return next(section for section, _ in archive.sections if section.slug == slug)


def home_queries(client):
    assert client.get("/").status_code == 200
    cold_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries.captured_queries]


def test_the_front_costs_the_same_queries_at_1000_and_10000_stories(client, archive, home):
    counts = {}
    for size in (1_000, 10_000):
        add_stories(archive, size - archive.stories, search_index=False)
        stories = list(ArticlePage.objects.for_listing()[100:106])
        arrange(
            home,
            lead(stories[0], pinned_until=timezone.now() + timedelta(days=1)),
            featured(*stories[1:5]),
            rail(archive_section(archive, "news"), 4),
            rail(archive_section(archive, "sport"), 4),
            rail(archive_section(archive, "culture"), 3),
        )
        counts[size], sql = home_queries(client)
        soup = front_page(client)
        assert len(soup.select(".front-rail")) == 3 and len(soup.select(".front-featured li")) == 4
    assert counts[1_000] == counts[10_000], "\n".join(sql)
    assert counts[10_000] <= QUERY_BUDGET, "\n".join(sql)


def test_a_preview_shows_the_draft_arrangement_and_readers_keep_the_live_one(client, newsroom):
    home = newsroom["home"]
    home.front = [lead(newsroom["old"])]
    home.save_revision()  # a draft: not published
    draft = home.get_latest_revision_as_object()
    preview = BeautifulSoup(draft.make_preview_request().content, "html.parser")
    assert headlines(preview, ".front-lead") == ["Old story chosen to lead"]
    assert headlines(front_page(client), ".front-lead") == ["Newest number 1"]


def test_publishing_an_arrangement_or_taking_its_story_down_purges_the_cached_front(
    client, newsroom, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_READER_CACHE = True
    assert client.get("/")["X-Newsroom-Cache"] == "miss"
    assert client.get("/")["X-Newsroom-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        arrange(newsroom["home"], lead(newsroom["old"]))
    response = client.get("/")
    assert response["X-Newsroom-Cache"] == "miss"
    soup = BeautifulSoup(response.content, "html.parser")
    assert headlines(soup, ".front-lead") == ["Old story chosen to lead"]
    assert client.get("/")["X-Newsroom-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom["old"].unpublish()
    assert headlines(front_page(client), ".front-lead") == ["Newest number 1"]


def test_a_turkish_site_s_front_reads_in_turkish(client, newsroom, newsroom_settings):
    newsroom_settings.language = "tr"
    newsroom_settings.save()
    arrange(newsroom["home"], lead(newsroom["old"]), featured(newsroom["f1"]))
    soup = front_page(client)
    assert soup.select_one("#front-latest-title").get_text() == "Son haberler"
    assert soup.select_one("#front-featured-title").get_text() == "Öne çıkan haberler"
    byline = " ".join(soup.select_one(".front-lead .teaser__byline").get_text().split())
    assert byline == "Yazan: Selin Kaya"
