"""The headless API: published content only, with what a front end needs."""

import pytest
from wagtail.models import PageViewRestriction

from ..conftest import build_story
from ..factories import ArticlePageFactory


@pytest.fixture
def content(turkey, newsroom_settings):
    live = build_story(turkey, n=2, title="Live Çavuşoğlu story", slug="live")
    draft = ArticlePageFactory(parent=turkey, title="Draft story", slug="draft", live=False)
    private = build_story(turkey, title="Private story", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    live.title = "Unpublished new headline"
    live.save_revision()
    return {"live": live, "draft": draft, "private": private}


def test_articles_listing_returns_only_live_public_stories(client, content):
    data = client.get("/api/v2/articles/").json()
    titles = [item["title"] for item in data["items"]]
    assert titles == ["Live Çavuşoğlu story"]
    item = data["items"][0]
    assert item["summary"] and item["share_url"] == "http://testserver/news/turkey/live/"


@pytest.mark.parametrize("key", ["draft", "private"])
def test_unpublished_stories_are_not_found_in_detail(client, content, key):
    assert client.get(f"/api/v2/articles/{content[key].pk}/").status_code == 404


def test_article_detail_has_the_fields_a_front_end_needs(client, content):
    story = content["live"]
    data = client.get(f"/api/v2/articles/{story.pk}/").json()
    assert data["title"] == "Live Çavuşoğlu story"  # not the unpublished draft
    assert [s["title"] for s in data["section_path"]] == ["News", "Turkey"]
    assert len(data["bylines_data"]) == 2 and data["bylines_data"][0]["name"]
    photo = data["lead_photo_data"]
    assert photo["credit"] == "AFP" and photo["caption"] and photo["alt"]
    assert photo["src"].startswith("http://testserver/")
    assert photo["social"]["width"] == 1200
    types = [block["type"] for block in data["body"]]
    assert {"paragraph", "quote", "inline_photo", "related_links"} <= set(types)
    quote = next(block["value"] for block in data["body"] if block["type"] == "quote")
    assert quote["speaker"] == "Mevlüt Çavuşoğlu" and quote["role"] == "Foreign Minister"
    assert [tag["name"] for tag in data["tag_list"]] == ["Tag 0", "Tag 1"]
    assert data["published_at"] and data["dateline"] == "ANKARA"
    assert data["share_url"] == "http://testserver/news/turkey/live/"


def test_sections_authors_and_images_endpoints(client, content):
    sections = client.get("/api/v2/sections/").json()
    assert [item["title"] for item in sections["items"]] == ["News", "Turkey"]
    authors = client.get("/api/v2/authors/").json()
    assert authors["meta"]["total_count"] >= 2 and "name" in authors["items"][0]
    images = client.get("/api/v2/images/").json()
    assert all("credit" in item for item in images["items"])


def test_api_is_read_only(client, content):
    response = client.post("/api/v2/articles/", {"title": "x"})
    assert response.status_code == 405


def test_an_author_detail_gives_their_accounts_as_json_ld_does(client, content):
    author = content["live"].bylines.first().author
    author.social_accounts = [
        ("account", {"network": "mastodon", "url": "https://mastodon.example/@desk"}),
        ("account", {"network": "bluesky", "url": "https://bsky.example/desk"}),
    ]
    author.save()
    data = client.get(f"/api/v2/authors/{author.pk}/").json()
    assert data["same_as"] == ["https://mastodon.example/@desk", "https://bsky.example/desk"]
    assert data["same_as"] == author.same_as
