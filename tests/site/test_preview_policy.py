"""The reference site's strict policy, and the admin's previews under it.

Reader pages refuse every frame (``frame-ancestors 'none'``, ``DENY``); a
preview, which Wagtail renders through the same middleware for the page's own
URL, may be framed by the admin's origin and by nothing else, and keeps every
other directive of the reader policy.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from ..factories import ArticlePageFactory
from .test_security_headers import directives

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_user):
    """A logged-in editor's browser, apart from the anonymous reader's ``client``."""
    browser = Client()
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def draft(turkey):
    page = ArticlePageFactory(parent=turkey, title="Draft under the strict policy", live=False)
    page.save_revision()
    return page


def side_panel(client, page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    form = nested_form_data(
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
        }
    )
    assert client.post(url, form).json()["is_valid"]
    return client.get(url, {"in_preview_panel": "true"})


def assert_framed_by_the_admin_only(response, reader_policy):
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    # Nothing else is looser than for readers.
    assert {k: v for k, v in policy.items() if k != "frame-ancestors"} == {
        k: v for k, v in reader_policy.items() if k != "frame-ancestors"
    }
    report_only = directives(response["Content-Security-Policy-Report-Only"])
    assert report_only["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.fixture
def reader_policy(client, story):
    response = client.get(story.url)
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    return policy


def test_the_side_panel_preview_may_be_framed_by_the_admin(editor, draft, reader_policy):
    response = side_panel(editor, draft)
    assert "Draft under the strict policy" in response.content.decode()
    assert_framed_by_the_admin_only(response, reader_policy)


@pytest.mark.parametrize("which", ["home", "news", "story", "draft"])
def test_draft_views_may_be_framed_by_the_admin(editor, request, which, reader_policy):
    page = request.getfixturevalue(which)
    response = editor.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert_framed_by_the_admin_only(response, reader_policy)
    assert "Preview: not published" in response.content.decode()


def test_a_revision_preview_may_be_framed_by_the_admin(editor, story, reader_policy):
    revision = story.latest_revision
    url = reverse("wagtailadmin_pages:revisions_view", args=[story.pk, revision.pk])
    assert_framed_by_the_admin_only(editor.get(url), reader_policy)


def test_reader_pages_refuse_frames_after_a_preview(client, editor, story, draft):
    """The preview's policy is its response's own: the next reader page has the site's."""
    side_panel(editor, draft)
    for who in (client, editor):
        response = who.get(story.url)
        assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"


def test_a_preview_is_not_kept_by_the_reader_cache_or_varnish(client, editor, story):
    story.title = "Changed in a draft"
    story.save_revision()
    preview = editor.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    assert "Changed in a draft" in preview.content.decode()
    # deploy/varnish passes /admin/ and never keeps private or no-store responses.
    assert "no-store" in preview["Cache-Control"] and "public" not in preview["Cache-Control"]
    reader = client.get(story.url)
    assert "Changed in a draft" not in reader.content.decode()
    assert "public" in reader["Cache-Control"]


def test_the_admin_may_frame_its_previews_under_its_report_only_policy(editor, draft):
    """The edit page frames the preview: its policy must allow the site's own frames."""
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    policy = directives(response["Content-Security-Policy-Report-Only"])
    assert "'self'" in policy["frame-src"]
    assert policy["frame-ancestors"] == ["'self'"]
