"""Reader pages come from the cache until a publish makes them stale: exactly."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.publishing.urls import story_urls
from articles.purge import RetryingHTTPBackend
from articles.sitemaps import week_section
from media.details import save_details

from ..conftest import build_story
from ..factories import AuthorFactory, add_bylines, publish


@pytest.fixture
def published(turkey, newsroom_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_story(turkey, title="First headline", slug="cached", tags=["Defence"])


def test_anonymous_story_is_cached_with_validators(client, published):
    first = client.get(published.url)
    assert first["X-Newsroom-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "s-maxage=" in first["Cache-Control"]
    assert first.has_header("ETag")
    assert not first.cookies
    with CaptureQueriesContext(connection) as queries:
        second = client.get(published.url)
    assert second["X-Newsroom-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    not_modified = client.get(published.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_editors_are_never_served_or_stored_in_the_cache(client, admin_user, published):
    client.get(published.url)  # cached for readers
    client.force_login(admin_user)
    response = client.get(published.url)
    assert "X-Newsroom-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_post_and_search_are_not_cached(client, published):
    assert "X-Newsroom-Cache" not in client.get("/search/", {"q": "headline"})
    assert "X-Newsroom-Cache" not in client.post(published.url)


def test_publishing_a_change_is_seen_at_once(client, published, django_capture_on_commit_callbacks):
    assert "First headline" in client.get(published.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published.title = "Corrected headline"
        publish(published)
    response = client.get(published.url)
    assert response["X-Newsroom-Cache"] == "miss"
    assert "Corrected headline" in response.content.decode()


def test_unpublishing_removes_the_story_and_its_listings(
    client, published, news, django_capture_on_commit_callbacks
):
    assert "First headline" in client.get(news.url).content.decode()
    client.get(published.url)
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert client.get(published.url).status_code == 404
    assert "First headline" not in client.get(news.url).content.decode()
    assert "First headline" not in client.get("/tags/defence/").content.decode()


def test_a_new_story_appears_on_cached_listings(
    client, published, news, turkey, django_capture_on_commit_callbacks
):
    for url in ("/", news.url, turkey.url, "/tags/defence/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        build_story(turkey, title="Breaking story", slug="breaking", tags=["Defence"])
    for url in ("/", news.url, turkey.url, "/tags/defence/"):
        assert "Breaking story" in client.get(url).content.decode(), url


def test_invalidation_covers_exactly_the_pages_listing_the_story(turkey, newsroom_settings):
    story = build_story(turkey, title="Listed", slug="listed", tags=["Defence", "Türkiye"])
    add_bylines(story, [AuthorFactory(slug="elif")])
    story.save()
    base = "http://testserver"
    expected = {
        f"{base}/",
        f"{base}/news/turkey/listed/",
        *(
            f"{base}{section}{suffix}"
            for section in ("/news/", "/news/turkey/")
            for suffix in (
                "",
                "feed/",
                "feed/atom/",
                "corrections/",
                "corrections/feed/",
                "corrections/feed/atom/",
            )
        ),
        *(
            f"{base}/tags/{slug}/{suffix}"
            for slug in ("defence", "t%C3%BCrkiye")
            for suffix in ("", "feed/", "feed/atom/")
        ),
        *(f"{base}/authors/elif/{suffix}" for suffix in ("", "feed/", "feed/atom/")),
        f"{base}/feed/",
        f"{base}/feed/atom/",
        *(f"{base}/corrections/{suffix}" for suffix in ("", "feed/", "feed/atom/")),
        f"{base}/sitemap.xml",
        f"{base}/sitemap-news.xml",
        f"{base}/sitemap-pages.xml",
        f"{base}/sitemap-{week_section(story.display_order_date)}.xml",
    }
    assert story_urls(story) == expected


def test_publish_purges_the_front_end_cache(
    turkey, newsroom_settings, django_capture_on_commit_callbacks
):
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            story = build_story(turkey, title="Purged", slug="purged")
    purged = {url for call in purge.call_args_list for url in call.args[0]}
    assert story_urls(story) <= purged


def test_a_takedown_asks_the_front_end_cache_for_every_page_of_the_site(
    published, django_capture_on_commit_callbacks
):
    """Other stories list it among their related stories: no list of URLs names them."""
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            published.unpublish()
    purged = {url for call in purge.call_args_list for url in call.args[0]}
    assert "http://testserver/*" in purged
    assert published.full_url in purged
    # A publish names its pages only: the site's other pages stay cached.
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            published.save_revision().publish()
    assert not any(url.endswith("/*") for call in purge.call_args_list for url in call.args[0])


def test_the_site_wide_purge_reaches_varnish_as_a_scoped_purge_of_the_root():
    backend = RetryingHTTPBackend({"LOCATION": "http://127.0.0.1:6081"})
    request = backend.request("https://news.example/*")
    assert request.get_method() == "PURGE"
    assert request.full_url == "http://127.0.0.1:6081/"
    assert request.get_header("Host") == "news.example"
    assert request.get_header("X-purge-scope") == "site"
    page = backend.request("https://news.example/world/?page=2")
    assert page.full_url == "http://127.0.0.1:6081/world/?page=2"
    assert page.get_header("X-purge-scope") is None


def test_a_failed_purge_does_not_undo_the_publish(
    turkey, newsroom_settings, caplog, django_capture_on_commit_callbacks
):
    with mock.patch(
        "wagtail.contrib.frontend_cache.utils.purge_urls_from_cache",
        side_effect=ConnectionError("varnish down"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            story = build_story(turkey, title="Still published", slug="still")
    story.refresh_from_db()
    assert story.live
    assert "purge failed" in caplog.text


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_restricted_pages_are_never_stored(client, published, restriction):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=published, restriction_type=restriction, password="x")
    for _ in range(2):
        response = client.get(published.url)
        assert "X-Newsroom-Cache" not in response or response["X-Newsroom-Cache"] != "hit"
        assert "public" not in response.get("Cache-Control", "")
        assert "First headline" not in response.content.decode()


def test_making_a_cached_story_private_takes_it_out_of_the_cache(
    client, published, news, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    assert client.get(published.url)["X-Newsroom-Cache"] == "miss"
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"
    client.get(news.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=published, restriction_type="login")
    assert client.get(published.url).status_code == 302
    assert "First headline" not in client.get(news.url).content.decode()


def test_a_render_overlapping_a_publish_is_not_cacheable(client, published, monkeypatch):
    from articles.delivery import reader_cache as caching

    real = caching.lookup

    def publish_happens_mid_render(*args):
        found = real(*args)
        # After the lookup, before the render is stored: a publish elsewhere.
        caching.invalidate([])
        return found

    monkeypatch.setattr(caching, "lookup", publish_happens_mid_render)
    response = client.get(published.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    monkeypatch.setattr(caching, "lookup", real)
    assert client.get(published.url)["X-Newsroom-Cache"] == "miss"
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"


def _author_renamed(story):
    author = story.bylines.first().author
    author.name = "Renamed Reporter"
    author.save()
    return "Renamed Reporter"


def _credit_changed(story):
    photo = story.lead_photo
    save_details(photo, credit="Meridian Press Agency")
    return "Meridian Press Agency"


def _tag_renamed(story):
    tag = story.tags.get(name="Defence")
    tag.name = "Defence and security"
    tag.save()
    return "Defence and security"


def _settings_changed(story):
    from articles.models import NewsroomSettings

    newsroom = NewsroomSettings.objects.get()
    newsroom.alternate_addresses = [("address", "mirror-two.example.net")]
    newsroom.save()
    return "mirror-two.example.net"


def _section_renamed(story):
    section = story.get_parent().specific
    section.title = "Türkiye"
    publish(section)
    return "Türkiye"


@pytest.mark.parametrize(
    "edit", [_author_renamed, _credit_changed, _tag_renamed, _settings_changed, _section_renamed]
)
def test_an_edit_shown_on_many_pages_empties_every_cache(
    client, published, edit, django_capture_on_commit_callbacks
):
    """Bylines, credits, topics, breadcrumbs and footers: no list of URLs names their pages."""
    client.get(published.url)
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            shown = edit(published)
    assert "http://testserver/*" in {url for call in purge.call_args_list for url in call.args[0]}
    response = client.get(published.url)
    assert response["X-Newsroom-Cache"] == "miss"
    assert shown in response.content.decode()


def test_something_new_leaves_the_cached_pages(
    client, published, django_capture_on_commit_callbacks
):
    from ..factories import PhotoFactory

    client.get(published.url)
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            PhotoFactory()
            AuthorFactory()
    assert purge.call_args_list == []
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"


def test_publishing_the_home_page_purges_it_alone(
    client, home, published, django_capture_on_commit_callbacks
):
    client.get(published.url)
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            publish(home)
    assert {url for call in purge.call_args_list for url in call.args[0]} == {"http://testserver/"}
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"


def test_tracking_parameters_share_the_page_they_are_added_to(client, published, settings):
    settings.NEWSROOM_STORIES_PER_PAGE = 1
    build_story(published.get_parent(), slug="second", title="Second story")
    assert client.get("/news/turkey/?page=2")["X-Newsroom-Cache"] == "miss"
    shared = client.get("/news/turkey/?utm_source=x&page=2&fbclid=abc&gclid=1")
    assert shared["X-Newsroom-Cache"] == "hit"
    # Nor does a listing read them: its links are the same for every reader.
    other = client.get("/news/turkey/?utm_campaign=spring")
    assert "utm_" not in other.content.decode()
    assert client.get("/news/turkey/?utm_medium=social")["X-Newsroom-Cache"] == "hit"


def test_other_parameters_keep_their_own_copies(client, published):
    assert client.get(published.url + "?format=ninjs")["Content-Type"] == "application/json"
    page = client.get(published.url + "?utm_source=x")
    assert page["Content-Type"].startswith("text/html")


def test_a_cached_feed_is_stored_as_one_body(client, published):
    from django.core.cache import cache

    from articles.delivery.reader_cache import page_key

    first = client.get("/feed/")
    assert first["X-Newsroom-Cache"] == "miss"
    _, stored = cache.get(page_key("testserver", "/feed/", ""))
    assert len(stored._container) == 1
    hit = client.get("/feed/")
    assert hit["X-Newsroom-Cache"] == "hit" and hit.content == first.content


def test_a_page_in_the_navigation_empties_every_cache(
    client, home, published, django_capture_on_commit_callbacks
):
    """A site root's child is in every page's header (``{% newsroom_navigation %}``)."""
    from wagtail.models import Page

    client.get(published.url)
    about = home.add_child(instance=Page(title="About us", slug="about", show_in_menus=True))
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            publish(about)
    assert "http://testserver/*" in {url for call in purge.call_args_list for url in call.args[0]}
    assert client.get(published.url)["X-Newsroom-Cache"] == "miss"


def test_a_page_moved_into_the_navigation_empties_every_cache(
    client, home, news, published, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    about = publish(news.add_child(instance=Page(title="About us", slug="about")))
    client.get(published.url)
    assert client.get(published.url)["X-Newsroom-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        about.move(home, pos="last-child")
    assert client.get(published.url)["X-Newsroom-Cache"] == "miss"
