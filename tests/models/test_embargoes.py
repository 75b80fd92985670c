"""Embargoes: a story scheduled for a moment is read only through its preview links until then.

The link's holder reads the scheduled version at ``/shared/<token>/``, which no
cache keeps; every other reader gets a 404 at the story's address until the
scheduler publishes it at its moment, and that publish purges as any does.
"""

import hashlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from articles.management.commands.newsroom_scheduler import AFTER_MOMENT, seconds_to_next_tick
from articles.models import PreviewLink, PreviewLinkUse
from articles.models.embargoes import AFTER_EMBARGO, UNSCHEDULED_LIFETIME, hash_token

from ..factories import ArticlePageFactory, publish


@pytest.fixture(autouse=True)
def reader_cache(settings):
    settings.NEWSROOM_READER_CACHE = True


def schedule(story, moment, *, headline=None):
    """Approve ``story``'s next revision to go live at ``moment``, as an editor's publish does."""
    if headline:
        story.title = headline
    story.go_live_at = moment
    revision = story.save_revision(approved_go_live_at=moment)
    revision.publish()  # with a future go-live date this only schedules it
    story.refresh_from_db()
    return revision


@pytest.fixture
def moment():
    return (timezone.now() + timedelta(hours=3)).replace(microsecond=0)


@pytest.fixture
def embargoed(turkey, moment):
    story = ArticlePageFactory(
        parent=turkey,
        title="Embargoedzq report",
        slug="embargoed",
        live=False,
        body=[("paragraph", RichText("<p>Embargoedbodyzq findings.</p>"))],
    )
    schedule(story, moment)
    assert not story.live
    return story


def shared_url(token):
    return f"/shared/{token}/"


def tick(now):
    """One tick of the scheduler, with the clock at ``now``."""
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("newsroom_scheduler", "--once", stdout=io.StringIO())


# The link ---------------------------------------------------------------------


def test_only_the_tokens_hash_is_stored(embargoed):
    link, token = PreviewLink.create_for(embargoed)
    assert len(token) >= 40
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() == hash_token(token)
    stored = PreviewLink.objects.filter(pk=link.pk).values()[0]
    assert token not in {str(value) for value in stored.values()}
    assert PreviewLink.objects.for_token(token) == link
    assert PreviewLink.objects.for_token(link.token_hash) is None


def test_a_link_expires_a_day_after_the_embargo_moment(embargoed, moment):
    link, _token = PreviewLink.create_for(embargoed)
    assert link.expires_at == moment + AFTER_EMBARGO


def test_a_link_to_an_unscheduled_draft_expires_in_48_hours(turkey):
    draft = ArticlePageFactory(parent=turkey, title="Draft", slug="draft", live=False)
    before = timezone.now()
    link, _token = PreviewLink.create_for(draft)
    assert before + UNSCHEDULED_LIFETIME <= link.expires_at <= timezone.now() + UNSCHEDULED_LIFETIME


# The holder's view ----------------------------------------------------------------


def test_the_holder_reads_the_scheduled_version_with_private_headers(client, embargoed):
    _link, token = PreviewLink.create_for(embargoed)
    response = client.get(shared_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Embargoedzq report" in html and "Embargoedbodyzq" in html
    assert "Embargoed until" in html
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "X-Newsroom-Cache" not in response
    # Its holder is asked not to pass it on: no share bar offers to.
    assert 'class="share"' not in html


def test_the_holder_reads_the_scheduled_revision_not_a_later_draft(client, embargoed):
    _link, token = PreviewLink.create_for(embargoed)
    embargoed.title = "Unapprovedzq rewrite"
    embargoed.save_revision()
    html = client.get(shared_url(token)).content.decode()
    assert "Embargoedzq report" in html and "Unapprovedzq" not in html


def test_a_link_to_a_draft_shows_its_latest_revision(client, turkey):
    draft = ArticlePageFactory(parent=turkey, title="Draftzq story", slug="draft", live=False)
    draft.title = "Draftzq latest"
    draft.save_revision()
    _link, token = PreviewLink.create_for(draft)
    response = client.get(shared_url(token))
    assert response.status_code == 200
    assert "Draftzq latest" in response.content.decode()


def test_each_use_is_logged_with_its_user_agent_cut_to_200_characters(client, embargoed):
    link, token = PreviewLink.create_for(embargoed)
    client.get(shared_url(token), HTTP_USER_AGENT="A" * 500)
    client.get(shared_url(token), HTTP_USER_AGENT="Partner browser")
    uses = list(PreviewLinkUse.objects.filter(link=link).order_by("at", "pk"))
    assert [len(use.user_agent) for use in uses] == [200, len("Partner browser")]
    assert uses[1].user_agent == "Partner browser"


def test_nothing_the_holder_read_is_stored_by_the_reader_cache(client, embargoed):
    _link, token = PreviewLink.create_for(embargoed)
    client.get(shared_url(token))
    # A second reading renders again (and is logged again): nothing was kept.
    second = client.get(shared_url(token))
    assert "X-Newsroom-Cache" not in second
    assert embargoed.preview_links.get().uses.count() == 2
    assert client.get(embargoed.url).status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "%00"])
def test_an_unknown_token_is_a_404(client, embargoed, token):
    PreviewLink.create_for(embargoed)
    assert client.get(shared_url(token)).status_code == 404


def test_a_revoked_link_is_a_404(client, embargoed):
    link, token = PreviewLink.create_for(embargoed)
    link.revoke()
    assert client.get(shared_url(token)).status_code == 404
    assert not link.uses.exists()


def test_an_expired_link_is_a_404(client, embargoed):
    link, token = PreviewLink.create_for(embargoed)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(shared_url(token)).status_code == 404


@pytest.mark.parametrize("where", ["story", "section"])
def test_a_story_under_a_view_restriction_is_a_404(client, embargoed, turkey, where):
    _link, token = PreviewLink.create_for(embargoed)
    page = embargoed if where == "story" else turkey
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(shared_url(token)).status_code == 404


def test_once_live_the_link_redirects_to_the_story(client, story):
    link, token = PreviewLink.create_for(story)
    response = client.get(shared_url(token))
    assert response.status_code == 302
    assert response["Location"] == story.url
    assert response["Cache-Control"] == "private, no-store"
    assert link.uses.count() == 1


# The moment -------------------------------------------------------------------------


def test_a_second_before_its_moment_readers_get_a_404_and_at_it_the_story(
    client, embargoed, moment, turkey, django_capture_on_commit_callbacks
):
    # Readers warm the section's listing; the story's own address is a 404, never stored.
    assert client.get(turkey.url).status_code == 200
    assert client.get(embargoed.url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        tick(moment - timedelta(seconds=1))
    embargoed.refresh_from_db()
    assert not embargoed.live
    response = client.get(embargoed.url)
    assert response.status_code == 404
    assert "Embargoedzq" not in response.content.decode()
    assert "Embargoedzq" not in client.get(turkey.url).content.decode()

    with (
        mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        # The scheduler wakes just after the moment, whatever its interval.
        tick(moment + timedelta(seconds=AFTER_MOMENT))
    embargoed.refresh_from_db()
    assert embargoed.live
    assert client.get(embargoed.url).status_code == 200
    # The publish purged the listing readers had cached, as any publish does.
    assert "Embargoedzq report" in client.get(turkey.url).content.decode()
    purged = {url for call in purge.call_args_list for url in call.args[0]}
    assert {embargoed.full_url, turkey.full_url} <= purged


def test_after_the_moment_the_link_leads_to_the_live_story(client, embargoed, moment):
    link, token = PreviewLink.create_for(embargoed)
    tick(moment + timedelta(seconds=1))
    response = client.get(shared_url(token))
    assert response.status_code == 302
    assert response["Location"] == embargoed.url


def test_a_published_story_with_a_link_stays_readable_as_published(client, turkey):
    story = publish(ArticlePageFactory(parent=turkey, title="Public", slug="public"))
    PreviewLink.create_for(story)
    assert client.get(story.url).status_code == 200


def test_the_scheduler_wakes_for_an_embargo_moment_before_its_next_tick(embargoed, moment):
    assert seconds_to_next_tick(60) == 60  # three hours away
    with mock.patch("django.utils.timezone.now", return_value=moment - timedelta(seconds=10)):
        assert seconds_to_next_tick(60) == pytest.approx(10 + AFTER_MOMENT)


def test_the_photo_the_holder_sees_is_listed_by_no_public_api(client, embargoed):
    _link, token = PreviewLink.create_for(embargoed)
    html = client.get(shared_url(token)).content.decode()
    renditions = [r.file.name.rsplit("/", 1)[-1] for r in embargoed.lead_photo.renditions.all()]
    assert any(name in html for name in renditions)
    # The images API lists photos used by a live story: an embargoed one is not live.
    listing = client.get("/api/v2/images/?limit=20").json()
    assert embargoed.lead_photo_id not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v2/images/{embargoed.lead_photo_id}/").status_code == 404
    api_text = client.get("/api/v2/images/?limit=20").content.decode()
    assert not [name for name in renditions if name in api_text]
