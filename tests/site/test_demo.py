"""The demo command builds a complete newsroom, and running it again changes nothing."""

import io

import pytest
from bs4 import BeautifulSoup
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
        "updates": list(
            ArticlePage.objects.order_by("pk").values_list(
                "pk", "last_published_at", "updated_at", "update_note"
            )
        ),
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


@pytest.mark.django_db
def test_demo_shows_updated_only_on_the_story_an_editor_updated(client):
    call_command("newsroom_demo", stdout=io.StringIO())
    call_command("newsroom_demo", stdout=io.StringIO())
    stories = ArticlePage.objects.live().order_by("pk")
    # Every story was published again at load time, after its backdated first publication.
    assert all(story.last_published_at > story.first_published_at for story in stories)
    updated = [story for story in stories if story.updated_at]
    assert [story.slug for story in updated] == ["ferry-timetable-changes-for-winter"]
    (ferry,) = updated
    assert ferry.update_count == 1 and ferry.update_note.startswith("Adds the evening")
    assert "Evening crossings" in str(ferry.body)
    for story in stories:
        response = client.get(story.url, HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200
        labels = BeautifulSoup(response.content, "html.parser").select(".article__updated")
        notes = [label.get_text() for label in labels]
        assert len(notes) == (story.pk == ferry.pk), story.slug
        assert all(ferry.update_note in note for note in notes)
