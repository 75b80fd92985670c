"""Every JSON-LD block of every reader page type is schema.org: each type and property
exists, and each property is one schema.org allows on its type (``tests/schemaorg.py``,
checking against the vocabulary vendored in ``tests/data/schemaorg``)."""

import pytest

from articles.models import NoteKind, NotePlacement, StoryNote, StoryType
from articles.models.settings import POLICIES

from ..conftest import build_story
from ..factories import PhotoFactory, SectionPageFactory, publish
from ..schemaorg import json_ld_blocks, json_ld_problems
from .test_story_types import CLAIM


@pytest.fixture
def site_of_every_kind(home, turkey, newsroom_settings, settings):
    """A site with each kind of reader page filled: every story type, an author with
    accounts, a correction, the publisher's logo and all its policy pages."""
    settings.NEWSROOM_READER_CACHE = False
    stories = {}
    for story_type in StoryType:
        page = build_story(turkey, n=2, slug=f"type-{story_type}", title=f"A {story_type} story")
        page.story_type = story_type
        if story_type == StoryType.FACT_CHECK:
            for name, value in CLAIM.items():
                setattr(page, name, value)
        if story_type == StoryType.NEWS:
            page.notes = [
                StoryNote(
                    kind=NoteKind.CORRECTION,
                    text="An earlier version misspelt the minister's name.",
                    placement=NotePlacement.TOP,
                )
            ]
        stories[story_type] = publish(page)
    author = stories[StoryType.NEWS].bylines.first().author
    author.social_accounts = [
        ("account", {"network": "x", "handle": "@reporter", "url": "https://x.com/reporter"})
    ]
    author.save()
    for field, *_rest in POLICIES:
        setattr(
            newsroom_settings,
            field,
            SectionPageFactory(parent=home, title=field, slug=field.replace("_", "-")),
        )
    newsroom_settings.publisher_logo = PhotoFactory()
    newsroom_settings.save()
    return {
        "home": "/",
        "section": "/news/",
        "nested section": "/news/turkey/",
        **{f"story ({kind})": page.url for kind, page in stories.items()},
        "tag": "/tags/tag-0/",
        "author": f"/authors/{author.slug}/",
        "search": "/search/?q=story",
        "corrections": "/corrections/",
        "section corrections": "/news/turkey/corrections/",
        "404": "/no-such-page/",
    }


def test_every_reader_pages_json_ld_is_schema_org(client, site_of_every_kind):
    types = {}
    for kind, url in site_of_every_kind.items():
        response = client.get(url)
        assert response.status_code == (404 if kind == "404" else 200), (kind, url)
        for block in json_ld_blocks(response.content.decode()):
            assert json_ld_problems(block) == [], (kind, url, block)
            types.setdefault(kind, []).append(block["@type"])
    # The check saw what each page type has: the home page its publisher, each story
    # its article (and a fact check its ClaimReview); the listings have none.
    assert types["home"] == ["NewsMediaOrganization"]
    assert types["story (fact_check)"] == ["NewsArticle", "ClaimReview"]
    assert types["story (sponsored)"] == ["AdvertiserContentArticle"]
    assert len([kind for kind in types if kind.startswith("story")]) == len(StoryType)


def test_the_checked_blocks_carry_every_trust_signal(client, site_of_every_kind):
    """So the vocabulary test above checked them: policies, the author's url and sameAs,
    the three image shapes, the correction."""
    (article,) = json_ld_blocks(client.get(site_of_every_kind["story (news)"]).content.decode())
    publisher = article["publisher"]
    assert {prop for _field, prop, *_rest in POLICIES} <= set(publisher)
    assert publisher["logo"]["@type"] == "ImageObject"
    author = article["author"][0]
    assert author["url"].startswith("http://testserver/authors/")
    assert author["sameAs"] == ["https://x.com/reporter"]
    assert len(article["image"]) == 3
    assert article["correction"][0]["@type"] == "CorrectionComment"
