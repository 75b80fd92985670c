"""The demo command builds a complete newsroom, and running it again changes nothing."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from articles.models import ArticlePage, Author, BreakingBanner, NewsroomSettings, SectionPage
from media.details import credit_of
from newsroom import demo_content as demo
from newsroom.models import HomePage


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
        "breaking": list(BreakingBanner.objects.values_list("pk", "story_id", "expires_at")),
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
    # The home page is arranged: a lead, featured stories, rails for News and Sport.
    front = HomePage.objects.get().front
    kinds = [slot.block_type for slot in front]
    assert kinds == ["lead", "featured", "section_rail", "section_rail"]
    assert front[0].value["story"].slug == demo.FRONT["lead"]
    assert [story.slug for story in front[1].value["stories"]] == demo.FRONT["featured"]
    assert [slot.value["section"].slug for slot in front[2:]] == ["news", "sport"]


@pytest.mark.django_db
def test_the_demo_home_shows_its_arrangement(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    call_command("newsroom_demo", stdout=io.StringIO())
    soup = BeautifulSoup(client.get("/", HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    lead = ArticlePage.objects.get(slug=demo.FRONT["lead"])
    href = soup.select_one(".front-lead__headline a")["href"]
    assert href == lead.url.replace("http://127.0.0.1:8000", "")
    rails = [h.get_text(strip=True) for h in soup.select(".front-rail h2")]
    assert rails == ["News", "Sport"]
    assert all(rail.select(".teaser") for rail in soup.select(".front-rail"))
    assert soup.select(".front-latest .teaser")
    shown = [a["href"] for a in soup.select(".front .teaser__headline a, .front-lead__headline a")]
    assert len(shown) == len(set(shown)) == ArticlePage.objects.live().count()


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
def test_demo_home_and_stories_show_most_read(client, settings):
    settings.NEWSROOM_READER_CACHE = False
    call_command("newsroom_demo", stdout=io.StringIO())
    call_command("newsroom_demo", stdout=io.StringIO())
    home = BeautifulSoup(client.get("/", HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    titles = [a.get_text() for a in home.select(".most-read__list a")]
    # Every live story of the demo has reads, up to the list's length.
    expected = min(5, ArticlePage.objects.live().count())
    assert expected >= 3 and len(titles) == expected and len(set(titles)) == expected
    story = ArticlePage.objects.live().get(title=titles[0])
    page = BeautifulSoup(client.get(story.url, HTTP_HOST="127.0.0.1:8000").content, "html.parser")
    shown = [a.get_text() for a in page.select(".most-read__list a")]
    assert shown and story.title not in shown


@pytest.mark.django_db
def test_demo_has_breaking_news_on_every_page_and_a_live_kicker(client):
    call_command("newsroom_demo", stdout=io.StringIO())
    (banner,) = BreakingBanner.objects.select_related("story")
    assert banner.story.slug == demo.BREAKING["story"] and banner.story.kicker == "live"
    for url in ("/", "/news/", banner.story.url, "/nope/"):
        page = BeautifulSoup(client.get(url, HTTP_HOST="127.0.0.1:8000").content, "html.parser")
        aside = page.select_one("aside.breaking")
        assert aside is not None and banner.story.title in aside.get_text(), url
    story = BeautifulSoup(
        client.get(banner.story.url, HTTP_HOST="127.0.0.1:8000").content, "html.parser"
    )
    assert story.select_one(".article__header .kicker").get_text() == "Live"


@pytest.mark.django_db
def test_each_demo_run_prints_a_fresh_preview_link_to_its_embargoed_story(client):
    from articles.models import PreviewLink

    runs = []
    for _ in range(2):
        out = io.StringIO()
        call_command("newsroom_demo", stdout=out)
        runs.append(re.search(r"preview link \(until [^)]+\): (\S+)", out.getvalue()).group(1))
    story = ArticlePage.objects.get(slug=demo.EMBARGOED_STORY["slug"])
    assert not story.live and story.scheduled_revision is not None
    assert story.scheduled_revision.approved_go_live_at > timezone.now() + timedelta(days=2)
    first, second = (urlsplit(url) for url in runs)
    assert first != second
    # The newest link opens the story; the one printed before it is revoked.
    host = {"HTTP_HOST": second.netloc}
    assert client.get(second.path, **host).status_code == 200
    assert client.get(first.path, **host).status_code == 404
    assert client.get(story.url, **host).status_code == 404
    assert PreviewLink.objects.usable().filter(story=story).count() == 1


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
