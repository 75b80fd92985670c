"""Drafts and unpublished edits never reach readers."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from ..conftest import build_story
from ..factories import ArticlePageFactory


def headlines(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".teaser__headline a")]


def test_draft_story_is_404_and_missing_from_listings(client, news, turkey):
    draft = ArticlePageFactory(parent=turkey, title="Embargoed draft", slug="draft", live=False)
    assert client.get("/news/turkey/draft/").status_code == 404
    assert "Embargoed draft" not in headlines(client.get(news.url))
    assert "Embargoed draft" not in headlines(client.get("/"))
    assert draft.pk


def test_unpublished_edit_of_live_story_stays_private(client, turkey):
    story = build_story(turkey, title="Published headline", slug="live")
    story.title = "Secret new headline"
    story.summary = "Secret summary"
    story.save_revision()  # a draft, not published
    html = client.get("/news/turkey/live/").content.decode()
    assert "Published headline" in html
    assert "Secret new headline" not in html and "Secret summary" not in html


def test_related_fallback_and_read_more_skip_drafts_and_private(client, turkey):
    draft = ArticlePageFactory(parent=turkey, title="Draft story", slug="draft", live=False)
    draft.tags.set(["Shared"])
    draft.save()
    private = build_story(turkey, title="Private story", slug="private", tags=["Shared"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    visible = build_story(turkey, title="Visible story", slug="visible", tags=["Shared"])
    story = build_story(
        turkey, title="Reader story", slug="reader", tags=["Shared"], related_page=draft
    )
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    related = [a.get_text() for a in soup.select("aside.related .teaser__headline a")]
    assert related == ["Visible story"]
    # The story's only "Read more" link points at the draft: the list is not shown.
    assert [b.block_type for b in story.body].count("related_links") == 1
    assert soup.select("aside.read-more") == []
    assert "Draft story" not in soup.get_text()
    assert visible.live


def test_unpublished_story_disappears(client, news, turkey, django_capture_on_commit_callbacks):
    story = build_story(turkey, title="Soon gone", slug="gone")
    assert client.get(story.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert client.get("/news/turkey/gone/").status_code == 404
    assert "Soon gone" not in headlines(client.get(news.url))


@pytest.mark.parametrize("restriction", ["login", "password"])
def test_private_story_is_not_served_to_anonymous_readers(client, turkey, restriction):
    story = build_story(turkey, title="Members only", slug="members")
    PageViewRestriction.objects.create(page=story, restriction_type=restriction, password="pw")
    response = client.get(story.url)
    if restriction == "login":
        assert response.status_code == 302
        assert "/login/" in response["Location"] or "login" in response["Location"]
    else:
        assert response.status_code == 200
        page_text = BeautifulSoup(response.content, "html.parser").get_text()
        assert "Members only" not in page_text and "password" in page_text.lower()
    assert "Members only" not in headlines(client.get("/news/turkey/"))


def test_private_section_hides_its_stories(client, news, turkey):
    build_story(turkey, title="Inside private section", slug="inside")
    PageViewRestriction.objects.create(page=turkey, restriction_type="login")
    assert client.get("/news/turkey/inside/").status_code == 302
    assert "Inside private section" not in headlines(client.get(news.url))
