"""The story editor at the desk: a new story's defaults, the checks before publishing,
the Promote tab's previews and the counters."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.admin.checks import SNIPPET_LENGTH, page_problems, story_problems
from articles.models import ArticlePage, Author

from ..conftest import build_story
from ..factories import AuthorFactory, PhotoFactory, jpeg_file
from .desk_support import add_byline, make_user, section_roles, story_form


@pytest.fixture
def roles(turkey):
    return section_roles(turkey)


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def wide_photo(db):
    return PhotoFactory(alt_text="Ships in the harbour at dawn.", file=jpeg_file(size=(1600, 900)))


@pytest.fixture
def author(db):
    return AuthorFactory(name="Elif Yıldırım")


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", section.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def errors_of(response):
    form = response.context["form"]
    return {
        "form": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
        "bylines": [str(e) for e in form.formsets["bylines"].non_form_errors()],
    }


# A new story -----------------------------------------------------------------------


def test_a_new_story_starts_with_my_byline(editor, admin_user, turkey, author):
    author.user = admin_user
    author.save()
    html = editor.get(add_url(turkey)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("input[name=bylines-TOTAL_FORMS]")["value"] == "1"
    assert soup.select_one("input[name=bylines-0-author]")["value"] == str(author.pk)
    assert "Elif Yıldırım" in html


def test_the_prefilled_byline_is_saved_with_the_draft(editor, admin_user, turkey, author):
    author.user = admin_user
    author.save()
    soup = BeautifulSoup(editor.get(add_url(turkey)).content, "html.parser")
    # As the browser posts the form it was given: one initial byline form, without an id.
    data = story_form(bylines=[])
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": soup.select_one("input[name=bylines-INITIAL_FORMS]")["value"],
            "bylines-0-id": "",
            "bylines-0-author": str(author.pk),
            "bylines-0-ORDER": "0",
            "bylines-0-DELETE": "",
        }
    )
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="harbour-reopens")
    assert [byline.author for byline in story.bylines.all()] == [author]


def test_without_an_author_profile_a_new_story_has_no_byline(editor, turkey, author):
    soup = BeautifulSoup(editor.get(add_url(turkey)).content, "html.parser")
    assert soup.select_one("input[name=bylines-TOTAL_FORMS]")["value"] == "0"


def test_an_author_belongs_to_one_user_at_most_and_outlives_them(admin_user, author):
    from django.db import IntegrityError, transaction

    author.user = admin_user
    author.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorFactory(user=admin_user)
    admin_user.delete()
    author.refresh_from_db()
    assert author.user is None


def test_the_author_snippet_edits_the_user_link(editor, author, admin_user):
    url = reverse("wagtailsnippets_newsroom_articles_author:edit", args=[author.pk])
    html = editor.get(url).content.decode()
    assert 'name="user"' in html
    response = editor.post(
        url,
        nested_form_data(
            {
                "name": author.name,
                "slug": author.slug,
                "kind": "staff",
                "user": admin_user.pk,
                "social_accounts": streamfield([]),
            }
        ),
    )
    assert response.status_code == 302
    assert Author.objects.get(pk=author.pk).user == admin_user


def test_the_new_story_form_opens_without_errors_and_with_a_paragraph(editor, turkey):
    html = editor.get(add_url(turkey)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert "The minimum number of items is 1" not in html
    assert soup.select_one("#id_title")["placeholder"] == "Headline"
    assert "Page title" not in soup.select_one("#id_title").get("placeholder", "")
    # The body's initial state, which Wagtail's StreamField script draws, is one
    # empty paragraph and no errors: the "at least one paragraph" rule is met.
    blocks, errors = json.loads(soup.select_one("#body")["data-w-block-arguments-value"])
    assert [block["type"] for block in blocks] == ["paragraph"]
    assert json.loads(blocks[0]["value"])["blocks"][0]["text"] == ""
    assert errors is None


def test_a_draft_with_only_a_headline_saves_with_the_empty_paragraph(editor, turkey):
    data = story_form(body=[("paragraph", rich_text(""))], summary="", lead_photo="")
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="harbour-reopens").live is False


# Checks before publishing ------------------------------------------------------


def test_publishing_without_a_byline_is_refused_next_to_the_bylines(editor, turkey, wide_photo):
    response = editor.post(
        add_url(turkey), story_form(action="action-publish", lead_photo=wide_photo.pk)
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["bylines"] == [
        "A story needs a byline before it is published: add the reporter, or the agency "
        "for wire copy."
    ]
    html = response.content.decode()
    # Shown in the bylines panel, above its "Add byline" button.
    panel = BeautifulSoup(html, "html.parser").select_one("#panel-child-content-bylines-content")
    assert "A story needs a byline" in panel.get_text()
    assert not ArticlePage.objects.filter(slug="harbour-reopens").exists()


def test_saving_a_draft_without_a_byline_works_and_says_what_is_missing(editor, turkey, wide_photo):
    response = editor.post(add_url(turkey), story_form(lead_photo=wide_photo.pk))
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="harbour-reopens")
    assert not story.live
    [message] = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "Before this story can be published:" in message
    assert "A story needs a byline" in message


def test_publishing_with_a_byline_and_alt_text_goes_through(editor, turkey, wide_photo, author):
    response = editor.post(
        add_url(turkey),
        story_form(action="action-publish", lead_photo=wide_photo.pk, bylines=[author]),
    )
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="harbour-reopens").live


def test_a_lead_photo_without_alt_text_blocks_publishing(editor, turkey, author):
    photo = PhotoFactory(alt_text="", title="IMG_2231", file=jpeg_file(size=(1600, 900)))
    data = story_form(action="action-publish", lead_photo=photo.pk, bylines=[author])
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 200
    assert errors_of(response)["form"]["lead_alt_text"] == [
        "The lead photo has no alt text. Describe what it shows for readers who cannot see "
        "it: here, or on the photo in the library."
    ]
    # This use's own alt text is enough.
    data = story_form(
        action="action-publish",
        lead_photo=photo.pk,
        bylines=[author],
        lead_alt_text="A crane lifts a container off a ship.",
    )
    assert editor.post(add_url(turkey), data).status_code == 302


def test_an_inline_photo_without_alt_text_blocks_publishing_at_its_block(
    editor, turkey, author, wide_photo
):
    bare = PhotoFactory(alt_text="", file=jpeg_file(size=(1600, 900)))
    body = [
        ("paragraph", rich_text("<p>Ships left at dawn.</p>")),
        ("inline_photo", {"photo": bare.pk, "caption": "", "credit": "", "alt_text": ""}),
    ]
    data = story_form(
        action="action-publish", lead_photo=wide_photo.pk, bylines=[author], body=body
    )
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["body"]
    assert list(error.block_errors) == [1]
    assert "This photo has no alt text" in str(error.block_errors[1].block_errors["alt_text"])
    # The same body saves as a draft.
    del data["action-publish"]
    assert editor.post(add_url(turkey), data).status_code == 302


def test_warnings_do_not_block_publishing_and_are_shown_after_it(editor, turkey, author):
    narrow = PhotoFactory(alt_text="A ferry at the quay.", file=jpeg_file(size=(800, 500)))
    long_summary = "The port resumed traffic on Tuesday. " * 6
    data = story_form(
        action="action-publish", lead_photo=narrow.pk, bylines=[author], summary=long_summary
    )
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="harbour-reopens").live
    [message] = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "Worth a look before readers see it:" in message
    assert "The lead photo is 800 px wide" in message
    assert f"Search engines show about {SNIPPET_LENGTH} characters" in message


def test_a_headline_over_the_limit_is_refused_with_its_count(editor, turkey, author, wide_photo):
    data = story_form(
        action="action-publish", lead_photo=wide_photo.pk, bylines=[author], title="x" * 121
    )
    response = editor.post(add_url(turkey), data)
    assert response.status_code == 200
    assert errors_of(response)["form"]["title"] == [
        "Headlines are at most 120 characters; this one has 121."
    ]


def test_a_contributor_cannot_submit_a_story_without_a_byline(
    client, django_user_model, roles, turkey, wide_photo, author
):
    reporter = make_user(django_user_model, "reporter", roles["contributors"])
    client.force_login(reporter)
    data = story_form(action="action-submit", lead_photo=wide_photo.pk)
    response = client.post(add_url(turkey), data)
    assert response.status_code == 200
    assert errors_of(response)["bylines"][0].startswith("A story needs a byline")
    assert not WorkflowState.objects.exists()

    data = story_form(action="action-submit", lead_photo=wide_photo.pk, bylines=[author])
    assert client.post(add_url(turkey), data).status_code == 302
    story = ArticlePage.objects.get(slug="harbour-reopens")
    assert WorkflowState.objects.get(object_id=str(story.pk)).status == "in_progress"


def test_removing_the_last_byline_of_a_live_story_cannot_be_published(editor, story):
    data = story_form(story, action="action-publish", bylines=[])
    response = editor.post(edit_url(story), data)
    assert response.status_code == 200
    assert errors_of(response)["bylines"]


def test_approving_a_story_without_a_byline_is_refused(
    client, django_user_model, roles, turkey, wide_photo, author
):
    page = ArticlePage(
        title="Awaiting approval",
        slug="awaiting",
        summary="Summary.",
        lead_photo=wide_photo,
        live=False,
        body=[("paragraph", rich_text("<p>Text.</p>"))],
    )
    add_byline(page, author)
    turkey.add_child(instance=page)
    page.save_revision()
    page.get_workflow().start(page, None)
    approver = make_user(django_user_model, "approver", roles["editors"])
    client.force_login(approver)
    data = story_form(page, bylines=[], **{"action-workflow-action": "true"})
    data["workflow-action-name"] = "approve"
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    assert errors_of(response)["bylines"]
    page.refresh_from_db()
    assert not page.live


def test_problems_of_a_saved_story(turkey):
    # Bylines, a 1600 px lead photo and inline photos, all with alt text.
    story = build_story(turkey, slug="complete")
    assert page_problems(story) == []
    story.bylines = []
    assert [problem.code for problem in page_problems(story)] == ["no-byline"]


def test_the_search_description_is_checked_instead_of_the_summary_when_set():
    long = "x" * (SNIPPET_LENGTH + 1)
    [problem] = story_problems(bylines=[True], summary=long)
    assert (problem.field, problem.blocks) == ("summary", False)
    assert story_problems(bylines=[True], summary=long, search_description="Short.") == []
    [problem] = story_problems(bylines=[True], summary="Short.", search_description=long)
    assert problem.field == "search_description"


# Promote tab and counters ------------------------------------------------------


def test_the_promote_tab_previews_search_and_social(editor, story, newsroom_settings):
    html = editor.get(edit_url(story)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    previews = soup.select_one("[data-newsroom-previews]")
    assert previews is not None
    assert previews["data-parent-url"] == "http://testserver/news/turkey/"
    assert soup.select_one("[data-preview-url]").get_text() == (
        "http://testserver/news/turkey/story/"
    )
    assert soup.select_one("[data-preview-search-title]").get_text() == story.title
    assert soup.select_one("[data-preview-snippet]").get_text() == story.summary
    assert soup.select_one("[data-preview-card-title]").get_text() == story.title
    card = soup.select_one("[data-newsroom-card-preview]").get_text(" ", strip=True)
    assert "testserver" in card
    assert "Test News" in previews.get_text()  # the publisher's name
    assert "articles/js/admin-promote.js" in html


def test_promote_help_texts_say_what_is_used_when_empty(editor, story):
    html = editor.get(edit_url(story)).content.decode()
    assert "The title in search results. Leave empty to use the headline." in html
    assert "Leave empty to use the summary. Search engines show about 160 characters." in html
    assert "Leave empty to use the lead photo. At least 1200 pixels wide." in html


def test_the_editor_counts_characters_words_and_reading_time(editor, story):
    html = editor.get(edit_url(story)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one("#panel-child-content-summary-section")
    assert summary["data-newsroom-count"] == "400"
    assert summary["data-newsroom-count-soft"] == "160"
    assert soup.select_one("[data-newsroom-count-soft='60'] #id_seo_title") is not None
    assert soup.select_one("[data-newsroom-count-soft='160'] #id_search_description") is not None
    assert soup.select_one("[data-newsroom-words]") is not None
    strings = soup.select_one("#newsroom-admin-strings")
    assert "min to read" in strings.get_text()
    # CSP-clean: the desk adds no inline script that runs.
    for script in soup.find_all("script", src=False):
        # Wagtail's own chooser set-up names our app label in its URLs.
        text = script.get_text().replace("/newsroom_articles/", "/")
        if "newsroom" in text:
            assert script.get("type") == "application/json"
