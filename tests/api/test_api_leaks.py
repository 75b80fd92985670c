"""The API, author pages and author feeds show only what a reader can come across:
no photo used only by a draft, a private story or nowhere, no author whose only
bylines are on such stories."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from ..factories import (
    ArticlePageFactory,
    AuthorFactory,
    PhotoFactory,
    add_bylines,
    publish,
)


def story_with(section, slug, *, live=True, author=None):
    """A story whose lead, inline and share photos are its own, titled after its slug."""
    lead, inline, share = (
        PhotoFactory(title=f"{slug} {use}") for use in ("lead", "inline", "share")
    )
    page = ArticlePageFactory.build(
        title=slug,
        slug=slug,
        lead_photo=lead,
        share_image=share,
        body=[
            ("paragraph", RichText("<p>Reporting.</p>")),
            ("inline_photo", {"photo": inline, "caption": "", "credit": "", "alt_text": ""}),
        ],
    )
    page.live = live  # the factory's build() would leave it True
    if author is not None:
        add_bylines(page, [author])
    # As the admin's create view does: the row, its bylines, then a revision.
    section.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


@pytest.fixture
def uses(turkey, newsroom_settings):
    staff = AuthorFactory(slug="staff", photo=PhotoFactory(title="staff portrait"))
    drafter = AuthorFactory(slug="drafter", photo=PhotoFactory(title="drafter portrait"))
    insider = AuthorFactory(slug="insider")
    AuthorFactory(slug="nobody")
    live = story_with(turkey, "live", author=staff)
    story_with(turkey, "draft", live=False, author=drafter)
    private = story_with(turkey, "private", author=insider)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # A new lead photo in a draft of the live story is not public until published.
    live.lead_photo = PhotoFactory(title="next lead")
    live.save_revision()
    newsroom_settings.publisher_logo = PhotoFactory(title="logo")
    newsroom_settings.save()
    PhotoFactory(title="unused")
    return live


def titles(client, url):
    data = client.get(url).json()
    assert data["meta"]["total_count"] == len(data["items"])
    return sorted(item["title"] if "title" in item else item["slug"] for item in data["items"])


def test_images_endpoint_lists_the_photos_readers_can_see(client, uses):
    assert titles(client, "/api/v2/images/") == [
        "live inline",
        "live lead",
        "live share",
        "logo",
        "staff portrait",
    ]


def test_a_photo_no_reader_can_see_is_not_found(client, uses):
    from wagtail.images import get_image_model

    for title in ("draft lead", "draft inline", "private share", "next lead", "unused"):
        photo = get_image_model().objects.get(title=title)
        assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404, title


def test_authors_endpoint_lists_authors_with_a_public_byline(client, uses):
    assert titles(client, "/api/v2/authors/") == ["staff"]


@pytest.mark.parametrize("slug", ["drafter", "insider", "nobody"])
@pytest.mark.parametrize("path", ["/authors/{}/", "/authors/{}/feed/", "/authors/{}/feed/atom/"])
def test_an_author_without_a_public_byline_has_no_page_or_feed(client, uses, slug, path):
    assert client.get(path.format(slug)).status_code == 404
    assert client.get(path.format("staff")).status_code == 200


def test_a_photo_becomes_public_with_its_story_and_leaves_with_it(client, uses):
    publish(uses.get_latest_revision_as_object())
    assert "next lead" in titles(client, "/api/v2/images/")
    assert "live lead" not in titles(client, "/api/v2/images/")
    uses.unpublish()
    assert titles(client, "/api/v2/images/") == ["logo"]
    assert titles(client, "/api/v2/authors/") == []


def test_the_index_rebuilt_from_scratch_gives_the_same_answer(client, uses):
    before = titles(client, "/api/v2/images/")
    call_command("rebuild_references_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles(client, "/api/v2/images/") == before
