"""The demo command builds a complete newsroom, and running it again changes nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from articles.models import ArticlePage, Author, NewsroomSettings, SectionPage


def snapshot():
    Photo = get_image_model()
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live", "path")),
        "revisions": Revision.objects.count(),
        "photos": list(Photo.objects.order_by("pk").values_list("pk", "file", "credit")),
        "renditions": Photo.get_rendition_model().objects.count(),
        "authors": list(Author.objects.values_list("pk", "name")),
        "settings": list(NewsroomSettings.objects.values_list("pk", "publisher_name")),
    }


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent():
    call_command("newsroom_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("newsroom_demo", stdout=io.StringIO())
    assert snapshot() == first

    sections = SectionPage.objects.live()
    assert any(section.get_parent().specific_class is SectionPage for section in sections)
    stories = ArticlePage.objects.live()
    assert stories.count() >= 3
    used = {block.block_type for story in stories for block in story.body}
    assert used == {"paragraph", "heading", "quote", "inline_photo", "related_links", "embed"}
    for story in stories:
        assert story.lead_photo.credit and story.summary and story.bylines.exists()
        assert story.tags.exists() and story.dateline
    quotes = [b.value for s in stories for b in s.body if b.block_type == "quote"]
    assert all(q["speaker"] and q["role"] for q in quotes)
    links = [
        link
        for s in stories
        for b in s.body
        if b.block_type == "related_links"
        for link in b.value["links"]
    ]
    assert any(link["page"] for link in links) and any(link["url"] for link in links)
    text = " ".join(str(b.value) for s in stories for b in s.body)
    assert "Işık" in text and "Çavuşoğlu" in text
    newsroom = NewsroomSettings.objects.get()
    assert newsroom.alternate_addresses and newsroom.app_links and newsroom.social_accounts
