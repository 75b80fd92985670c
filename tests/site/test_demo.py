"""The demo command builds a complete newsroom, and running it again changes nothing."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from articles.models import ArticlePage, Author, NewsroomSettings, SectionPage
from media.details import credit_of
from newsroom import demo_content as demo


def snapshot():
    Photo = get_image_model()
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live", "path")),
        "revisions": Revision.objects.count(),
        "photos": list(
            Photo.objects.order_by("pk").values_list("pk", "file", "newsroom_details__credit")
        ),
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
        assert credit_of(story.lead_photo) and story.summary and story.bylines.exists()
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


def admin_login(client, username, password):
    # Through the login form, as a person would (and as login protection wants).
    return client.post("/admin/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_demo_users_one_per_role_printed_with_their_passwords(client):
    out = io.StringIO()
    call_command("newsroom_demo", "--users", stdout=out)
    printed = out.getvalue()
    User = get_user_model()
    for spec in demo.USERS:
        assert f"{spec['username']:<10} {spec['password']}" in printed
        assert admin_login(client, spec["username"], spec["password"]).status_code == 302
        assert client.get("/admin/").status_code == 200
        client.logout()
    # Their rights are the roles': the Turkey reporter may write there but not
    # publish, nor touch Sport; the Turkey editor may publish there.
    turkey = SectionPage.objects.get(slug="turkey")
    sport = SectionPage.objects.get(slug="sport")
    reporter = User.objects.get(username="reporter")
    editor = User.objects.get(username="editor")
    assert turkey.permissions_for_user(reporter).can_add_subpage()
    assert not turkey.permissions_for_user(reporter).can_publish_subpage()
    assert not sport.permissions_for_user(reporter).can_add_subpage()
    assert turkey.permissions_for_user(editor).can_publish_subpage()
    assert User.objects.get(username="photodesk").has_perm("wagtailimages.change_image")
    assert Author.objects.get(user=reporter).slug == "elif-yildirim"
    assert Author.objects.get(user=editor).slug == "jonas-berg"
    # Running it again keeps the users (and any password changed since) as they are.
    reporter.set_password("changed-since")
    reporter.save()
    call_command("newsroom_demo", "--users", stdout=io.StringIO())
    assert User.objects.filter(username__in=[s["username"] for s in demo.USERS]).count() == 4
    assert admin_login(client, "reporter", "changed-since").status_code == 302


@pytest.mark.django_db
def test_no_demo_users_without_debug_unless_asked():
    call_command("newsroom_demo", stdout=io.StringIO())  # the test settings run without DEBUG
    assert not get_user_model().objects.filter(username="reporter").exists()


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


@pytest.mark.django_db
def test_demo_has_one_corrected_story_shown_on_the_corrections_page(client):
    from articles.models import StoryNote

    call_command("newsroom_demo", stdout=io.StringIO())
    call_command("newsroom_demo", stdout=io.StringIO())
    (note,) = StoryNote.objects.select_related("page")
    assert note.kind == "correction" and "two-year contract" in note.text
    story = note.page
    assert story.live and story.slug == "istanbul-club-names-new-coach"
    page = BeautifulSoup(client.get(story.url, HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    assert "two-year contract" in page.select_one(".story-notes--bottom").get_text()
    listing = client.get("/corrections/", HTTP_HOST="127.0.0.1:8000")
    assert listing.status_code == 200 and story.title in listing.content.decode()


@pytest.mark.django_db
def test_demo_has_policy_pages_an_author_with_accounts_a_fact_check_and_a_sponsored_story(
    client,
):
    from articles.models.settings import POLICIES

    call_command("newsroom_demo", stdout=io.StringIO())
    call_command("newsroom_demo", stdout=io.StringIO())
    newsroom = NewsroomSettings.objects.get()
    picked = [getattr(newsroom, field) for field, *_rest in POLICIES]
    assert all(page is not None and page.live for page in picked)
    home = client.get("/", HTTP_HOST="127.0.0.1:8000")
    footer = BeautifulSoup(home.content, "html.parser").select(".site-policies a")
    assert {page.url for page in picked} <= {a["href"] for a in footer}
    for page in picked:
        assert client.get(page.url, HTTP_HOST="127.0.0.1:8000").status_code == 200
    elif_ = Author.objects.get(slug="elif-yildirim")
    assert elif_.same_as and all(url.startswith("https://") for url in elif_.same_as)
    stories = ArticlePage.objects.live()
    fact_check = stories.get(story_type="fact_check")
    assert fact_check.claim_reviewed and fact_check.claim_rating and fact_check.claim_author
    sponsored = stories.get(story_type="sponsored")
    page = BeautifulSoup(
        client.get(sponsored.url, HTTP_HOST="127.0.0.1:8000").content, "html.parser"
    )
    link = page.select_one('a[href^="https://rail-passes.example.com/"]')
    assert "sponsored" in link["rel"]
