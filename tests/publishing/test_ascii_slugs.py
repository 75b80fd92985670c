"""ASCII slugs: made by the plugin without diacritics, and older Unicode ones converted
with their old URLs redirected."""

import io

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect

from articles.models import ArticlePage, Author
from articles.text import slug_for

from ..factories import ArticlePageFactory, AuthorFactory, SectionPageFactory, publish


@pytest.mark.parametrize(
    "text, ascii_slug",
    [
        ("Çavuşoğlu meets İzmir's mayor", "cavusoglu-meets-izmirs-mayor"),
        ("Ilık hava: ısı 30°", "ilik-hava-isi-30"),
        ("Łódź and Ørsted", "lodz-and-orsted"),
        # No Latin letters at all: the Unicode slug rather than none.
        ("Αθήνα", "αθήνα"),
        ("北京", "北京"),
    ],
)
def test_slugs_lose_diacritics_not_letters(text, ascii_slug):
    assert slug_for(text, allow_unicode=False) == ascii_slug
    assert slug_for(text, allow_unicode=True) != ""


def test_slugs_follow_wagtails_setting(settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    assert slug_for("Çavuşoğlu") == "cavusoglu"
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    assert slug_for("Çavuşoğlu") == "çavuşoğlu"


def test_unicode_slugs_are_a_warning_at_startup(settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    assert "newsroom_articles.W001" not in {message.id for message in checks.run_checks()}
    del settings.WAGTAIL_ALLOW_UNICODE_SLUGS  # Wagtail's default: allowed
    assert "newsroom_articles.W001" in {message.id for message in checks.run_checks()}


def test_a_new_author_gets_an_ascii_slug(db):
    assert Author.objects.create(name="Işık Çavuşoğlu").slug == "isik-cavusoglu"


@pytest.fixture
def unicode_story(turkey, settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    story = publish(ArticlePageFactory(parent=turkey, title="Çavuşoğlu", slug="çavuşoğlu-ankarada"))
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    return story


def run(*args):
    out = io.StringIO()
    call_command("newsroom_ascii_slugs", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_conversion_refuses_while_the_editor_makes_unicode_slugs(unicode_story, settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    with pytest.raises(CommandError, match="WAGTAIL_ALLOW_UNICODE_SLUGS"):
        run()


def test_dry_run_changes_nothing(unicode_story):
    assert "Would change 1 page slug(s)" in run("--dry-run")
    unicode_story.refresh_from_db()
    assert unicode_story.slug == "çavuşoğlu-ankarada"
    assert not Redirect.objects.exists()


def test_a_live_story_moves_and_its_old_url_redirects(
    client, unicode_story, django_capture_on_commit_callbacks
):
    old_url = unicode_story.url
    assert client.get(old_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert "Changed 1 page slug(s)" in run()
    story = ArticlePage.objects.get(pk=unicode_story.pk)
    assert story.slug == "cavusoglu-ankarada"
    assert story.url == "/news/turkey/cavusoglu-ankarada/"
    assert client.get(story.url).status_code == 200
    # The old URL, as a browser sends it (percent-encoded), redirects once cached too.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/news/turkey/cavusoglu-ankarada/")
    # A draft made before the change does not bring the old slug back when published.
    assert story.get_latest_revision().content["slug"] == "cavusoglu-ankarada"
    publish(story.get_latest_revision_as_object())
    assert ArticlePage.objects.get(pk=story.pk).slug == "cavusoglu-ankarada"


def test_a_section_takes_its_stories_along(
    client, news, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    section = publish(SectionPageFactory(parent=news, title="Dünya", slug="dünya"))
    story = publish(ArticlePageFactory(parent=section, title="Haber", slug="haber"))
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    with django_capture_on_commit_callbacks(execute=True):
        run()
    story.refresh_from_db()
    assert story.url_path.endswith("/news/dunya/haber/")
    assert client.get("/news/dunya/haber/").status_code == 200
    assert client.get("/news/dünya/haber/").status_code == 301


def test_a_taken_slug_gets_a_number(turkey, unicode_story):
    publish(ArticlePageFactory(parent=turkey, title="Other", slug="cavusoglu-ankarada"))
    run()
    unicode_story.refresh_from_db()
    assert unicode_story.slug == "cavusoglu-ankarada-2"


def test_an_author_moves_and_their_page_redirects(client, story, settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    author = AuthorFactory(name="Işık Çavuşoğlu", slug="ışık-çavuşoğlu")
    story.bylines.create(author=author)
    publish(story)
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    assert "1 author slug(s)" in run()
    author.refresh_from_db()
    assert author.slug == "isik-cavusoglu"
    assert client.get("/authors/isik-cavusoglu/").status_code == 200
    response = client.get("/authors/ışık-çavuşoğlu/feed/")
    assert response.status_code == 301
    assert response["Location"] == "/authors/isik-cavusoglu/feed/"
