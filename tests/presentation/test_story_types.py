"""Story types as readers and machines see them: the label, the JSON-LD, sponsored links."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from articles.models import ClaimRating, StoryType
from articles.presentation import seo

from ..conftest import body_blocks, build_story
from ..factories import publish
from ..schemaorg import json_ld_blocks, json_ld_problems

EXPECTED_TYPES = {
    StoryType.NEWS: "NewsArticle",
    StoryType.ANALYSIS: "AnalysisNewsArticle",
    StoryType.OPINION: "OpinionNewsArticle",
    StoryType.REVIEW: "ReviewNewsArticle",
    StoryType.EXPLAINER: "BackgroundNewsArticle",
    StoryType.INTERVIEW: "NewsArticle",
    StoryType.OBITUARY: "NewsArticle",
    StoryType.FACT_CHECK: "NewsArticle",
    StoryType.SPONSORED: "AdvertiserContentArticle",
}
CLAIM = {
    "claim_reviewed": "The new bridge cost twice its budget.",
    "claim_author": "Ankara Metropolitan Party",
    "claim_author_is_organization": True,
    "claim_date": date(2026, 11, 30),
    "claim_url": "https://www.example.org/speech",
    "claim_rating": ClaimRating.MOSTLY_FALSE,
}


def typed_story(section, story_type, slug="typed", **fields):
    """A published story with every part (bylines, tags, photos, quotes) of ``story_type``."""
    page = build_story(section, n=2, slug=slug, title=f"A story of type {story_type}")
    page.story_type = story_type
    for name, value in fields.items():
        setattr(page, name, value)
    return publish(page)


def soup_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# The checker itself --------------------------------------------------------------------


def test_vocabulary_checker_passes_a_valid_article():
    data = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle",
        "headline": "Why the bridge matters",
        "datePublished": "2026-12-03T09:00:00+00:00",
        "author": [{"@type": "Person", "name": "Elif", "jobTitle": "Columnist"}],
        "image": {"@type": "ImageObject", "url": "https://example.org/a.jpg", "width": 1200},
        "mainEntityOfPage": {"@type": "WebPage", "@id": "https://example.org/a/"},
    }
    assert json_ld_problems(data) == []


def test_vocabulary_checker_flags_what_schema_org_does_not_allow():
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": 3,
        "datePublished": "3 December",
        "locationCreated": "ANKARA",
        "author": {"@type": "Person", "name": "Elif", "headline": "Not a person's"},
        "publisher": {"@type": "NewsOrganisation", "name": "Misspelt"},
        "rating": 5,
    }
    assert sorted(json_ld_problems(data)) == [
        "$.author.headline: not a property of Person",
        "$.datePublished: '3 December' is not an ISO 8601 Date/DateTime",
        "$.headline: a number for ['Text']",
        "$.locationCreated: a string for ['Place']",
        "$.publisher: NewsOrganisation is not one of ['Organization', 'Person']",
        "$.publisher: no schema.org type 'NewsOrganisation'",
        "$.rating: no schema.org property 'rating'",
    ]
    assert json_ld_problems({"@context": "https://example.org", "@type": "Thing"})


def test_every_story_type_has_a_schema_org_type_and_the_rating_scale_matches():
    assert set(seo.SCHEMA_TYPES) == set(StoryType.values)
    assert (seo.WORST_RATING, seo.BEST_RATING) == (min(ClaimRating.values), max(ClaimRating.values))


# JSON-LD -------------------------------------------------------------------------------


@pytest.mark.parametrize("story_type", StoryType.values)
def test_each_story_types_json_ld_is_valid_schema_org(
    client, turkey, newsroom_settings, story_type
):
    fields = CLAIM if story_type == StoryType.FACT_CHECK else {}
    page = typed_story(turkey, story_type, **fields)
    blocks = json_ld_blocks(client.get(page.url).content.decode())
    assert blocks, "no JSON-LD"
    for block in blocks:
        assert json_ld_problems(block) == [], block["@type"]
    assert blocks[0]["@type"] == EXPECTED_TYPES[story_type]
    assert [block["@type"] for block in blocks[1:]] == (
        ["ClaimReview"] if story_type == StoryType.FACT_CHECK else []
    )


def test_a_fact_check_carries_its_claim_review(client, turkey, newsroom_settings):
    page = typed_story(turkey, StoryType.FACT_CHECK, **CLAIM)
    _, review = json_ld_blocks(client.get(page.url).content.decode())
    assert review["url"] == page.full_url
    assert review["claimReviewed"] == "The new bridge cost twice its budget."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Ankara Metropolitan Party"},
        "datePublished": "2026-11-30",
        "appearance": {"@type": "CreativeWork", "url": "https://www.example.org/speech"},
    }
    assert review["author"] == {
        "@type": "NewsMediaOrganization",
        "name": "Test News",
        "url": "http://testserver/",
    }
    assert review["datePublished"] == page.published_at.isoformat()


def test_a_fact_check_without_its_claim_has_no_claim_review(client, turkey, newsroom_settings):
    page = typed_story(turkey, StoryType.FACT_CHECK, claim_reviewed="Only the claim.")
    assert [b["@type"] for b in json_ld_blocks(client.get(page.url).content.decode())] == [
        "NewsArticle"
    ]


# The label -----------------------------------------------------------------------------


def test_plain_news_has_no_type_label(client, turkey, newsroom_settings):
    soup = soup_of(client, typed_story(turkey, StoryType.NEWS))
    assert soup.select(".story-type") == []


def test_the_type_is_shown_above_the_headline_and_on_teasers(client, turkey, newsroom_settings):
    page = typed_story(turkey, StoryType.OPINION)
    header = soup_of(client, page).select_one(".article__header")
    label = header.select_one(".story-type")
    assert label.get_text() == "Opinion"
    assert label.find_next_sibling("h1") is not None
    section = soup_of(client, turkey)
    teaser = next(t for t in section.select(".teaser") if page.title in t.get_text())
    assert teaser.select_one(".story-type").get_text() == "Opinion"


def test_a_fact_check_shows_readers_the_claim_and_rating(client, turkey, newsroom_settings):
    box = soup_of(client, typed_story(turkey, StoryType.FACT_CHECK, **CLAIM)).select_one(
        ".fact-check"
    )
    assert [dd.get_text() for dd in box.find_all("dd")] == [
        "The new bridge cost twice its budget.",
        "Ankara Metropolitan Party",
        "Mostly false",
    ]


# Sponsored -----------------------------------------------------------------------------


def sponsored_body(other):
    return [
        (
            "paragraph",
            RichText(
                '<p>Visit <a href="https://shop.example.com/offer">the shop</a> or read '
                f'<a linktype="page" id="{other.pk}">our report</a>.</p>'
            ),
        ),
        *body_blocks(quotes=0, photos=0, links=0, embed=False),
    ]


def test_a_sponsored_story_says_so_and_its_outbound_links_are_sponsored(
    client, turkey, newsroom_settings
):
    other = build_story(turkey, slug="our-report", title="Our report")
    page = typed_story(turkey, StoryType.SPONSORED, body=sponsored_body(other))
    soup = soup_of(client, page)
    assert soup.select_one(".article__header .story-type").get_text() == "Sponsored"
    assert "Paid content" in soup.select_one(".story-type__disclosure").get_text()
    body = soup.select_one(".article__body")
    outbound = body.find("a", href="https://shop.example.com/offer")
    assert outbound["rel"] == ["sponsored"]
    internal = body.find("a", string="our report")
    assert internal["href"] == other.url and not internal.get("rel")


def test_a_news_storys_outbound_links_are_not_marked_sponsored(client, turkey, newsroom_settings):
    other = build_story(turkey, slug="our-report", title="Our report")
    page = typed_story(turkey, StoryType.NEWS, body=sponsored_body(other))
    outbound = soup_of(client, page).find("a", href="https://shop.example.com/offer")
    assert not outbound.get("rel")
