"""Admin previews: the editor's side panel may frame them, nothing caches them, they
say they are previews, and a story never published is dated as readers will see it.

Wagtail renders a preview by sending a dummy request for the page's own URL
through the whole middleware stack, so these tests go through the admin's own
preview views, as the editor's browser does.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from ..factories import ArticlePageFactory, publish

pytestmark = pytest.mark.django_db

BANNER = "Preview: not published"


@pytest.fixture
def editor(admin_user):
    """A logged-in editor's browser, apart from the anonymous reader's ``client``."""
    browser = Client()
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def draft(turkey):
    """A story saved as a draft and never published."""
    page = ArticlePageFactory(
        parent=turkey, title="A draft nobody has read", slug="draft", live=False
    )
    page.save_revision()
    return page


def story_form(page, **fields):
    """The page editor's form as the browser posts it for a preview."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "story_type": page.story_type,
            "lead_photo": page.lead_photo_id,
            "body": streamfield([("paragraph", rich_text("<p>Reporting.</p>"))]),
            "related_links": streamfield([]),
            "notes": inline_formset([]),
            "bylines": inline_formset([]),
            **fields,
        }
    )


def side_panel_preview(client, page, form=None):
    """What the side panel shows: the form posted, then the preview framed."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    state = client.post(url, form if form is not None else story_form(page)).json()
    assert state["is_valid"], state
    return client.get(url, {"in_preview_panel": "true"})


def banner_of(response):
    return BeautifulSoup(response.content, "html.parser").select_one("section.preview-banner")


def dates_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        span.get_text(" ", strip=True).split()[0]: datetime.datetime.fromisoformat(
            span.time["datetime"]
        )
        for span in soup.select(".article__dates span")
    }


# Framing and caching -----------------------------------------------------------


def test_the_side_panel_preview_may_be_framed_by_the_admin_only(editor, draft):
    response = side_panel_preview(editor, draft)
    assert response.status_code == 200
    assert "A draft nobody has read" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_new_story_not_yet_saved_previews_in_the_side_panel(editor, turkey):
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["newsroom_articles", "articlepage", turkey.pk]
    )
    unsaved = ArticlePageFactory.build(title="Written a minute ago", slug="new")
    unsaved.lead_photo.save()
    unsaved.lead_photo_id = unsaved.lead_photo.pk
    assert editor.post(url, story_form(unsaved)).json()["is_valid"]
    response = editor.get(url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]
    assert banner_of(response) is not None
    assert "Written a minute ago" in response.content.decode()
    assert list(dates_of(response)) == ["Published"]


@pytest.mark.parametrize("view", ["view_draft", "preview_on_edit"])
def test_preview_responses_are_never_stored(editor, draft, view):
    url = reverse(f"wagtailadmin_pages:{view}", args=[draft.pk])
    if view == "preview_on_edit":
        editor.post(url, story_form(draft))
    response = editor.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert "public" not in cache_control and "s-maxage" not in response["Cache-Control"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_every_kind_of_page_sets_the_framing_policy_on_its_preview(home, news, story):
    """Story, section and the host's home page: django-csp reads ``_csp_replace``."""
    for page in (home, news, story):
        response = page.make_preview_request()
        assert response.status_code == 200, page
        assert response["X-Frame-Options"] == "SAMEORIGIN", page
        assert response._csp_replace == {"frame-ancestors": ["'self'"]}
        assert response._csp_replace_ro == {"frame-ancestors": ["'self'"]}
        assert "no-store" in response["Cache-Control"]


def test_reader_pages_keep_refusing_to_be_framed(client, home, news, story):
    for url in (home.url, news.url, story.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "DENY", url
        assert not getattr(response, "_csp_replace", None), url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_a_preview_never_gets_the_readers_cached_copy(client, story, settings):
    settings.NEWSROOM_READER_CACHE = True
    client.get(story.url)
    assert client.get(story.url)["X-Newsroom-Cache"] == "hit"
    story.title = "A headline not yet published"
    story.save_revision()
    # Without the editor's request there is no session cookie for the cache to see.
    preview = story.make_preview_request()
    assert "X-Newsroom-Cache" not in preview
    assert "A headline not yet published" in preview.content.decode()
    # Nor does the reader get the preview.
    reader = client.get(story.url)
    assert reader["X-Newsroom-Cache"] == "hit"
    assert "A headline not yet published" not in reader.content.decode()


# The banner --------------------------------------------------------------------


def test_the_banner_shows_on_previews_of_every_kind_of_page(editor, home, news, draft):
    for page in (home, news):
        response = editor.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
        assert banner_of(response) is not None, page
    banner = banner_of(side_panel_preview(editor, draft))
    # A named section is a region landmark; its name is the banner's title.
    assert banner["aria-labelledby"] == banner.select_one(".preview-banner__title")["id"]
    assert banner.select_one(".preview-banner__title").get_text(strip=True) == BANNER
    assert "cannot see this page" in banner.get_text()


def test_the_banner_of_a_published_page_says_readers_see_the_published_version(editor, story):
    response = editor.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    assert "Readers see the published version" in banner_of(response).get_text()


def test_readers_never_see_the_banner(client, editor, home, news, story):
    for url in (home.url, news.url, story.url, "/search/?q=story"):
        # Not for an editor reading the site either: only previews are previews.
        for who in (client, editor):
            response = who.get(url)
            assert response.status_code == 200, url
            assert BANNER not in response.content.decode(), url


# Dates -------------------------------------------------------------------------


def test_a_draft_never_published_is_dated_now_not_when_it_was_written(editor, draft):
    written = timezone.now() - datetime.timedelta(days=3)
    draft.revisions.update(created_at=written)
    type(draft).objects.filter(pk=draft.pk).update(latest_revision_created_at=written)
    before = timezone.now().replace(microsecond=0)
    dates = dates_of(side_panel_preview(editor, draft))
    after = timezone.now()
    assert before <= dates["Published"] <= after
    assert "Updated" not in dates


def test_a_scheduled_draft_is_dated_when_it_goes_live(editor, draft):
    going_live = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    form = story_form(draft, go_live_at=timezone.localtime(going_live).strftime("%Y-%m-%d %H:%M"))
    assert dates_of(side_panel_preview(editor, draft, form)) == {"Published": going_live}


def test_a_draft_with_a_display_date_shows_it_and_no_update(editor, draft):
    shown = (timezone.now() - datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    form = story_form(draft, display_date=timezone.localtime(shown).strftime("%Y-%m-%d %H:%M"))
    assert dates_of(side_panel_preview(editor, draft, form)) == {"Published": shown}


def test_a_published_story_keeps_its_dates_in_preview(editor, story):
    first = story.first_published_at.replace(microsecond=0)
    dates = dates_of(side_panel_preview(editor, story))
    assert dates["Published"] == first


def test_previewing_a_draft_leaves_the_page_as_it_was(draft):
    draft.make_preview_request()
    draft.refresh_from_db()
    assert draft.first_published_at is None
    revision = draft.latest_revision.as_object()
    assert revision.first_published_at is None


def test_the_reader_page_of_a_story_once_published_shows_its_first_publication(client, draft):
    publish(draft)
    dates = dates_of(client.get(draft.url))
    assert dates["Published"] == draft.first_published_at.replace(microsecond=0)
