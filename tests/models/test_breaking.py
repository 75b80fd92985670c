"""The breaking-news banner: one per site, on every reader page, gone at its end by itself."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from articles.models import BreakingBanner, Kicker
from articles.publishing.upkeep import end_expired_banners

from ..conftest import build_story
from ..factories import ArticlePageFactory, publish


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def published(turkey, newsroom_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_story(turkey, title="Quake hits the coast", slug="quake")


def set_banner(capture, **fields):
    with capture(execute=True):
        return BreakingBanner.objects.create(**fields)


def soon(minutes=120):
    return timezone.now() + timedelta(minutes=minutes)


def banner_of(response):
    html = response.content.decode()
    start = html.find('<aside class="breaking"')
    return html[start : html.index("</aside>", start)] if start >= 0 else ""


def test_one_banner_per_site(site, published):
    BreakingBanner.objects.create(site=site, story=published, expires_at=soon())
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakingBanner.objects.create(site=site, text="Other", link_url="https://x.test/")


def test_a_banner_says_something(site):
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakingBanner.objects.create(site=site, expires_at=soon())


def test_story_banner_shows_on_reader_pages(
    client, site, published, django_capture_on_commit_callbacks
):
    set_banner(django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon())
    for url in (published.url, "/news/", "/", "/search/?q=quake", "/corrections/"):
        banner = banner_of(client.get(url))
        assert "Quake hits the coast" in banner, url
        assert f'href="{published.url}"' in banner, url


def test_text_banner_links_where_the_editor_said(
    client, site, published, django_capture_on_commit_callbacks
):
    set_banner(
        django_capture_on_commit_callbacks,
        site=site,
        text="Polls close at 17:00 <b>",
        link_url="https://example.com/live",
        expires_at=soon(),
    )
    banner = banner_of(client.get(published.url))
    assert "Polls close at 17:00 &lt;b&gt;" in banner
    assert 'href="https://example.com/live"' in banner


def test_setting_the_banner_empties_every_cached_page(
    client, site, published, django_capture_on_commit_callbacks
):
    assert client.get(published.url)["X-Newsroom-Cache"] == "miss"
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"
    banner = set_banner(
        django_capture_on_commit_callbacks,
        site=site,
        text="Polls close",
        link_url="https://x.test/",
    )
    response = client.get(published.url)
    assert response["X-Newsroom-Cache"] == "miss" and "Polls close" in banner_of(response)
    with django_capture_on_commit_callbacks(execute=True):
        banner.text = "Polls closed"
        banner.save()
    assert "Polls closed" in banner_of(client.get(published.url))
    with django_capture_on_commit_callbacks(execute=True):
        banner.delete()
    response = client.get(published.url)
    assert response["X-Newsroom-Cache"] == "miss" and not banner_of(response)


def test_cached_pages_live_no_longer_than_the_banner(
    client, site, published, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_CACHE_TIMEOUT = 600
    settings.NEWSROOM_BROWSER_MAX_AGE = 60
    set_banner(
        django_capture_on_commit_callbacks,
        site=site,
        story=published,
        expires_at=timezone.now() + timedelta(seconds=45),
    )
    first = client.get(published.url)
    assert first["X-Newsroom-Cache"] == "miss"
    s_maxage = int(first["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    max_age = int(first["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 40 <= s_maxage <= 45 and max_age <= 45
    second = client.get(published.url)
    assert second["X-Newsroom-Cache"] == "hit"
    assert int(second["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= s_maxage


def test_without_a_banner_pages_keep_the_full_lifetime(client, published, settings):
    settings.NEWSROOM_CACHE_TIMEOUT = 600
    assert "s-maxage=600" in client.get(published.url)["Cache-Control"]


def test_an_expired_banner_is_not_shown_even_before_the_tick(
    client, site, published, django_capture_on_commit_callbacks
):
    banner = set_banner(
        django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon()
    )
    BreakingBanner.objects.filter(pk=banner.pk).update(expires_at=timezone.now())
    # The generation did not move (an update() sends no signal): the lookup itself checks.
    assert not banner_of(client.get("/news/"))


def test_the_scheduler_tick_ends_expired_banners_and_purges(
    client, site, published, django_capture_on_commit_callbacks
):
    banner = set_banner(
        django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon()
    )
    assert banner_of(client.get(published.url))
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"
    assert end_expired_banners() == 0
    BreakingBanner.objects.filter(pk=banner.pk).update(expires_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("newsroom_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not BreakingBanner.objects.exists()
    response = client.get(published.url)
    assert response["X-Newsroom-Cache"] == "miss" and not banner_of(response)


def test_a_new_headline_on_the_breaking_story_reaches_every_page(
    client, site, published, turkey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other = build_story(turkey, title="Ferry timetable changes", slug="ferry")
    set_banner(django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon())
    assert "Quake hits the coast" in banner_of(client.get(other.url))
    assert client.get(other.url)["X-Newsroom-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        published.title = "Quake: the toll rises"
        publish(published)
    # The other story lists nothing of the banner's story, yet its page shows it.
    assert "Quake: the toll rises" in banner_of(client.get(other.url))


def test_unpublishing_the_story_removes_its_banner(
    client, site, published, django_capture_on_commit_callbacks
):
    set_banner(django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon())
    assert banner_of(client.get("/news/"))
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert not BreakingBanner.objects.exists()
    assert not banner_of(client.get("/news/"))


def test_deleting_the_story_removes_its_banner(
    client, site, published, django_capture_on_commit_callbacks
):
    set_banner(django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon())
    with django_capture_on_commit_callbacks(execute=True):
        published.delete()
    assert not BreakingBanner.objects.exists()
    assert not banner_of(client.get("/news/"))


def test_a_private_story_is_never_the_banner(
    client, site, published, django_capture_on_commit_callbacks
):
    set_banner(django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon())
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=published, restriction_type="login")
    assert not banner_of(client.get("/news/"))
    assert client.get("/api/v2/breaking/").json() == {"meta": {"total_count": 0}, "items": []}


def test_warm_renders_read_the_banner_from_the_cache(
    client, site, published, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_READER_CACHE = False
    client.get("/news/")
    with CaptureQueriesContext(connection) as without:
        client.get("/news/")
    set_banner(django_capture_on_commit_callbacks, site=site, story=published, expires_at=soon())
    client.get("/news/")  # cold: the lookup
    with CaptureQueriesContext(connection) as warm:
        assert banner_of(client.get("/news/"))
    assert len(warm) == len(without)


def test_the_api_returns_the_current_banner(client, site, published):
    assert client.get("/api/v2/breaking/").json() == {"meta": {"total_count": 0}, "items": []}
    ends = soon()
    BreakingBanner.objects.create(site=site, story=published, expires_at=ends)
    data = client.get("/api/v2/breaking/").json()
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["text"] == "Quake hits the coast"
    assert item["url"] == "http://testserver/news/turkey/quake/"
    assert item["story"]["id"] == published.pk
    assert item["expires_at"] == ends.isoformat()


def test_the_api_never_gives_a_story_that_is_not_live(client, site, turkey):
    draft = ArticlePageFactory(parent=turkey, title="Secret draft", slug="draft", live=False)
    BreakingBanner.objects.create(site=site, story=draft, expires_at=soon())
    response = client.get("/api/v2/breaking/")
    assert "Secret draft" not in response.content.decode()
    assert response.json()["items"] == []


def test_the_api_gives_nothing_once_expired(client, site):
    BreakingBanner.objects.create(
        site=site, text="Old", link_url="https://x.test/", expires_at=timezone.now()
    )
    assert client.get("/api/v2/breaking/").json()["items"] == []


def test_kicker_shows_over_the_headline_on_story_teaser_and_api(client, turkey, newsroom_settings):
    story = build_story(turkey, title="Live: the count", slug="count")
    story.kicker = Kicker.LIVE
    publish(story)
    page = client.get(story.url).content.decode()
    assert '<p class="kicker kicker--live">Live</p>' in page
    assert page.index("kicker--live") < page.index('class="article__headline"')
    assert 'class="kicker kicker--live"' in client.get("/news/").content.decode()
    assert client.get(f"/api/v2/articles/{story.pk}/").json()["kicker"] == "live"


def test_the_banner_form_refuses_a_story_of_another_site(site, published, home):
    from django.core.exceptions import ValidationError

    from ..factories import HomePageFactory

    other_root = HomePageFactory(parent=home.get_parent(), slug="other")
    other = Site.objects.create(hostname="other.test", root_page=other_root, site_name="Other")
    banner = BreakingBanner(site=other, story=published, expires_at=soon())
    with pytest.raises(ValidationError) as refused:
        banner.full_clean()
    assert "is not on Other" in str(refused.value.message_dict["story"])
    BreakingBanner(site=site, story=published, expires_at=soon()).full_clean()


def test_the_banner_form_refuses_a_draft_story(site, turkey):
    from django.core.exceptions import ValidationError

    draft = ArticlePageFactory(parent=turkey, title="Not yet", slug="not-yet", live=False)
    with pytest.raises(ValidationError) as refused:
        BreakingBanner(site=site, story=draft, expires_at=soon()).full_clean()
    assert "Publish the story" in str(refused.value.message_dict["story"])
