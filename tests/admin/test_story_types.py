"""The story type in the editor: a fact check cannot go out without its claim."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import ArticlePage, StoryType

from ..factories import AuthorFactory, PhotoFactory, jpeg_file
from .desk_support import story_form

FACT_CHECK_ERRORS = {
    "claim_reviewed": ["A fact check needs the claim it checks before it is published."],
    "claim_author": [
        "A fact check needs who made the claim before it is published: a person or an organisation."
    ],
    "claim_rating": ["A fact check needs its rating before it is published."],
}


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def ready(db):
    """What any story needs to publish: a described lead photo and a byline."""
    photo = PhotoFactory(alt_text="The bridge at dusk.", file=jpeg_file(size=(1600, 900)))
    return {"lead_photo": photo.pk, "bylines": [AuthorFactory()]}


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", section.pk])


def test_the_editor_offers_every_story_type(editor, turkey):
    form = editor.get(add_url(turkey)).context["form"]
    assert [value for value, _ in form.fields["story_type"].choices] == StoryType.values
    assert form.initial.get("story_type", StoryType.NEWS) == StoryType.NEWS


def test_a_fact_check_without_its_claim_is_refused_at_publish_on_each_field(editor, turkey, ready):
    data = story_form(action="action-publish", story_type=StoryType.FACT_CHECK, **ready)
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {field: errors.get(field) for field in FACT_CHECK_ERRORS} == FACT_CHECK_ERRORS
    assert not ArticlePage.objects.filter(slug="harbour-reopens").exists()


def test_a_fact_check_without_its_claim_saves_as_a_draft_and_says_what_is_missing(
    editor, turkey, ready
):
    data = story_form(story_type=StoryType.FACT_CHECK, **ready)
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="harbour-reopens")
    assert story.story_type == StoryType.FACT_CHECK and not story.live
    [message] = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "A fact check needs the claim it checks" in message


def test_a_fact_check_with_its_claim_publishes(editor, turkey, ready):
    data = story_form(
        action="action-publish",
        story_type=StoryType.FACT_CHECK,
        claim_reviewed="The bridge cost twice its budget.",
        claim_author="A councillor",
        claim_rating="2",
        **ready,
    )
    assert editor.post(add_url(turkey), data).status_code == 302
    story = ArticlePage.objects.get(slug="harbour-reopens")
    assert story.live and story.claim_rating == 2


def test_other_story_types_publish_without_a_claim(editor, turkey, ready):
    data = story_form(action="action-publish", story_type=StoryType.OPINION, **ready)
    assert editor.post(add_url(turkey), data).status_code == 302
    assert ArticlePage.objects.get(slug="harbour-reopens").live
