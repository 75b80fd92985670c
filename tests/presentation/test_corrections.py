"""Corrections and notes: on the story where the editor put them, in its JSON-LD, feeds and
ninjs, on the corrections pages and their feeds, purged as a publish is, never a draft's."""

import json
import re
from datetime import UTC, timedelta
from unittest import mock

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage, StoryNote
from articles.publishing.urls import story_urls

from ..conftest import build_story
from ..factories import ArticlePageFactory, PhotoFactory, cold_caches, publish
from ..schemaorg import json_ld_blocks, json_ld_problems

WHEN = timezone.now().replace(microsecond=0) - timedelta(days=2)


def note(kind="correction", text="An earlier version gave the wrong date.", *, at=None, **kw):
    return StoryNote(kind=kind, text=text, noted_at=at or WHEN, **kw)


def with_notes(story, *notes):
    """``story`` published again with ``notes`` added, as an editor does in the admin."""
    story = ArticlePage.objects.get(pk=story.pk)
    story.notes = [*story.notes.all(), *notes]
    return publish(story)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_notes_show_where_the_editor_put_them_oldest_first(client, story):
    with_notes(
        story,
        note("update", "Adds the minister's response.", at=WHEN + timedelta(hours=2)),
        note("correction", "The vote is on Tuesday, not Monday.", placement="top"),
        note("editors_note", "This story has been updated.", at=WHEN + timedelta(hours=1)),
    )
    soup = soup_of(client, story.url)
    top = soup.select(".article__header .story-notes--top .story-note")
    bottom = soup.select(".article__body .story-notes--bottom .story-note")
    assert [p.get_text(" ", strip=True).split(",")[0].strip() for p in top] == ["Correction"]
    assert "The vote is on Tuesday, not Monday." in top[0].get_text()
    assert [p.select_one(".story-note__kind").get_text() for p in bottom] == [
        "Editor's note",
        "Update",
    ]
    # The body's last paragraph comes before the bottom notes.
    body = soup.select_one(".article__body")
    assert body.find_all(recursive=False)[-1].get("class") == ["story-notes", "story-notes--bottom"]
    for time in soup.select(".story-note time"):
        # Valid HTML: no fractions of a second (the Nu checker refuses six digits).
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)", time["datetime"])
    ids = [p["id"] for p in top + bottom]
    assert len(set(ids)) == 3 and all(i.startswith("note-") for i in ids)


def test_a_note_is_plain_text_shown_escaped(client, story):
    with_notes(story, note(text='Said <b>"no"</b> & left'))
    page = client.get(story.url).content.decode()
    assert "Said &lt;b&gt;&quot;no&quot;&lt;/b&gt; &amp; left" in page
    assert '<b>"no"</b>' not in page


def test_corrections_are_schema_org_correction_and_move_date_modified(client, story):
    later = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    with_notes(
        story,
        note("correction", "The vote is on Tuesday.", at=WHEN),
        note("clarification", "The figure is for 2025.", at=later),
        note("editors_note", "Not a correction."),
    )
    blocks = json_ld_blocks(client.get(story.url).content.decode())
    article = next(block for block in blocks if block["@type"] == "NewsArticle")
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": WHEN.isoformat(),
            "text": "The vote is on Tuesday.",
        },
        {
            "@type": "CorrectionComment",
            "datePublished": later.isoformat(),
            "text": "The figure is for 2025.",
        },
    ]
    assert article["dateModified"] == later.isoformat()
    assert json_ld_problems(article) == []
    soup = soup_of(client, story.url)
    assert soup.find("meta", property="article:modified_time")["content"] == later.isoformat()


def test_a_story_without_notes_has_no_correction(client, story):
    article = json_ld_blocks(client.get(story.url).content.decode())[0]
    assert "correction" not in article
    assert not soup_of(client, story.url).select(".story-notes")


def test_a_draft_note_is_not_shown_until_it_is_published(
    client, story, django_capture_on_commit_callbacks
):
    draft = ArticlePage.objects.get(pk=story.pk)
    draft.notes = [note(text="Draft wording nobody approved.")]
    draft.save_revision()
    for url in (story.url, "/corrections/", "/corrections/feed/", "/feed/"):
        assert "Draft wording" not in client.get(url).content.decode(), url
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft)
    assert "Draft wording" in client.get(story.url).content.decode()
    assert "Draft wording" in client.get("/corrections/").content.decode()


def test_the_revision_history_keeps_every_earlier_wording(story):
    story = with_notes(story, note(text="First wording of the correction."))
    edited = ArticlePage.objects.get(pk=story.pk)
    first = edited.notes.get()
    first.text = "Second wording of the correction."
    edited.notes = [first]
    publish(edited)
    assert StoryNote.objects.get(page=story).text == "Second wording of the correction."
    wordings = [
        [n.text for n in revision.as_object().notes.all()]
        for revision in story.revisions.order_by("created_at")
    ]
    assert ["First wording of the correction."] in wordings
    assert wordings[-1] == ["Second wording of the correction."]


def test_a_copy_of_a_story_has_none_of_its_notes(story, turkey):
    story = with_notes(story, note())
    copy = story.copy(update_attrs={"slug": "copied", "title": "Copied"}, to=turkey)
    assert copy.specific.notes.count() == 0 and story.notes.count() == 1


# Corrections pages -------------------------------------------------------------


def test_the_corrections_page_lists_corrections_newest_first(client, story, turkey, news):
    other = build_story(news, title="Other story", slug="other")
    with_notes(story, note(text="Older correction.", at=WHEN))
    with_notes(other, note("clarification", "Newer clarification.", at=WHEN + timedelta(hours=3)))
    with_notes(other, note("editors_note", "Editor's notes are not corrections."))
    soup = soup_of(client, "/corrections/")
    items = soup.select(".corrections__item")
    assert [
        item.select_one(".story-note").get_text(" ", strip=True).split(":")[-1].strip()
        for item in items
    ] == ["Newer clarification.", "Older correction."]
    link = items[1].select_one(".corrections__story a")
    assert link.get_text() == story.title
    anchor = link["href"].split("#")[1]
    assert link["href"].startswith(story.url)
    assert soup_of(client, story.url).find(id=anchor) is not None
    assert soup.find("link", type="application/rss+xml", href="/corrections/feed/")
    # Per section: Turkey's story only; News has both (its sub-sections included).
    turkey_page = soup_of(client, "/news/turkey/corrections/")
    assert [a.get_text() for a in turkey_page.select(".corrections__story a")] == [story.title]
    assert turkey_page.find(
        "link", type="application/rss+xml", href="/news/turkey/corrections/feed/"
    )
    assert len(soup_of(client, "/news/corrections/").select(".corrections__item")) == 2


def test_the_footer_links_to_the_corrections_page(client, story, newsroom_settings):
    links = soup_of(client, story.url).select("footer a[href='/corrections/']")
    assert [link.get_text() for link in links] == ["Corrections"]


@pytest.mark.parametrize("state", ["draft", "unpublished", "restricted"])
def test_notes_of_stories_readers_cannot_see_are_not_listed(client, story, turkey, state):
    hidden = build_story(turkey, title="Hidden story", slug="hidden")
    with_notes(hidden, note(text="Hidden correction."))
    if state == "draft":
        hidden.unpublish()
        hidden.live = False
    elif state == "unpublished":
        hidden.unpublish()
    else:
        PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    cold_caches()
    for url in (
        "/corrections/",
        "/corrections/feed/",
        "/news/turkey/corrections/",
        "/news/turkey/corrections/feed/atom/",
    ):
        content = client.get(url).content.decode()
        assert "Hidden correction" not in content and "Hidden story" not in content, url


def test_never_published_stories_notes_are_not_listed(client, turkey, story):
    draft = ArticlePageFactory.build(
        title="Never published", slug="never", lead_photo=PhotoFactory()
    )
    turkey.add_child(instance=draft)
    draft.notes = [note(text="A never-published note.")]
    draft.save()
    draft.unpublish()
    assert StoryNote.objects.filter(page=draft).exists()
    assert "never-published" not in client.get("/corrections/").content.decode()


def test_corrections_pages_page_by_date_at_a_flat_cost(client, story, settings):
    settings.NEWSROOM_READER_CACHE = False
    settings.NEWSROOM_STORIES_PER_PAGE = 5
    settings.NEWSROOM_NUMBERED_PAGES = 2
    counts = {}
    story = with_notes(story, note(text="Note 0"))
    counts[1] = count_queries(client, "/corrections/")
    with_notes(
        story, *[note(text=f"Note {i}", at=WHEN + timedelta(minutes=i)) for i in range(1, 30)]
    )
    counts[30] = count_queries(client, "/corrections/")
    assert counts[1] == counts[30], counts
    # Newest first, five a page, then cursors past the numbered pages.
    seen, url = [], "/corrections/"
    while url:
        soup = soup_of(client, url)
        seen += [
            p.get_text().rsplit(": ", 1)[1] for p in soup.select(".corrections__item .story-note")
        ]
        older = soup.select_one(".pagination a[rel=next]")
        url = "/corrections/" + older["href"] if older else None
        if older:
            assert older.get_text() == "Older corrections"
    assert seen == [f"Note {i}" for i in range(29, -1, -1)]
    assert (
        client.get("/corrections/?before=20250101T000000.000000_99999999999999999999").status_code
        == 404
    )


def count_queries(client, url):
    assert client.get(url).status_code == 200
    cold_caches()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Feeds and ninjs ------------------------------------------------------------------


def test_the_story_feeds_carry_the_note_in_the_item(client, story):
    with_notes(story, note(text="The vote is on Tuesday."))
    for url in ("/feed/", "/feed/atom/", "/news/turkey/feed/"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, (url, feed.bozo_exception)
        entry = feed.entries[0]
        assert "Correction" in entry.summary and "The vote is on Tuesday." in entry.summary, url


@pytest.mark.parametrize(
    "url", ["/corrections/feed/", "/corrections/feed/atom/", "/news/turkey/corrections/feed/"]
)
def test_the_corrections_feeds_list_each_note(client, story, url):
    with_notes(
        story,
        note(text="Older one.", at=WHEN),
        note("clarification", "Newer one.", at=WHEN + timedelta(hours=1)),
    )
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == [
        f"Clarification: {story.title}",
        f"Correction: {story.title}",
    ]
    assert "Newer one." in feed.entries[0].summary
    assert feed.entries[0].link.startswith("http://testserver/news/turkey/story/#note-")
    assert feed.entries[0].link != feed.entries[1].link
    assert feed.feed.title.endswith("corrections") or "corrections in Turkey" in feed.feed.title


def test_ninjs_carries_the_notes_as_descriptions(client, story):
    later = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    with_notes(
        story, note(text="The vote is on Tuesday.", at=later), note("update", "Adds a quote.")
    )
    document = json.loads(client.get(story.url, {"format": "ninjs"}).content)
    assert document["descriptions"][0]["role"] == "summary"
    assert {"role": "correction", "value": "The vote is on Tuesday."} in document["descriptions"]
    assert {"role": "update", "value": "Adds a quote."} in document["descriptions"]
    assert document["versioncreated"] == later.astimezone(UTC).isoformat()


def test_ninjs_notes_are_never_read_back_as_the_summary():
    from articles.ninjs.reader import NOTE_ROLES, read_summary

    class Fields:
        def values_by_role(self, name):
            return [("correction", "A correction."), ("summary", "The summary.")]

    assert read_summary(Fields()) == "The summary."
    assert {"correction", "clarification", "editorsnote", "update"} == NOTE_ROLES


# Purges ---------------------------------------------------------------------------


def test_adding_a_note_purges_exactly_what_a_publish_purges(
    story, django_capture_on_commit_callbacks
):
    def purged_by(change):
        with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
            with django_capture_on_commit_callbacks(execute=True):
                change()
        return {url for call in purge.call_args_list for url in call.args[0]}

    plain = purged_by(lambda: publish(ArticlePage.objects.get(pk=story.pk)))
    noted = purged_by(lambda: with_notes(story, note()))
    assert noted == plain
    assert {
        "http://testserver/corrections/",
        "http://testserver/corrections/feed/",
        "http://testserver/news/turkey/corrections/",
    } <= noted
    assert story_urls(story) <= noted
