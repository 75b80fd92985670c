"""The embedded SQLite database under an editor's own concurrent requests.

A browser in the admin sends several requests at once: the page editor
autosaves a new story while the image chooser renders its thumbnails and
photos upload. With a rollback journal and deferred transactions, SQLite
refused one of them ("database is locked", a 500) after the page row was
written but before its revision: an orphan page that showed as a second draft
and took the story's slug. Here one logged-in session does that, many rounds,
against ``make run`` itself (runserver, threaded, on a SQLite file, with the
scheduler and the task worker writing beside it).

Wagtail adds a new page to the tree and saves its first revision in two
transactions; the reference site's admin makes them one (``newsroom.views``).
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage

from .admin_http import AdminSession, photo_file
from .dev_server import make_run

ROUNDS = 12
PASSWORD = "concurrency-pw-1"  # noqa: S105

SETUP = """
from django.contrib.auth import get_user_model
from articles.models import SectionPage
get_user_model().objects.create_superuser("desk", "desk@example.com", {password!r})
print(SectionPage.objects.get(slug="turkey").pk)
"""

# Every page but the tree's root has a revision: the editor's view of a page
# (its draft, its history) is its latest revision.
ORPHANS = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
page_type = ContentType.objects.get_for_model(Page)
with_revision = set(
    Revision.objects.filter(base_content_type=page_type).values_list("object_id", flat=True)
)
pages = Page.objects.filter(depth__gt=1)
print(json.dumps({
    "orphans": [p.title for p in pages if str(p.pk) not in with_revision],
    "stories": sorted(
        p.title for p in pages.filter(title__startswith="Concurrency story")
    ),
    "photos": get_image_model().objects.filter(title__startswith="concurrency-").count(),
}))
"""


def story_data(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": re.sub(r"\W+", "-", title.lower()).strip("-"),
            "summary": "",
            "story_type": "news",
            "body": streamfield([("paragraph", rich_text(f"<p>{title}.</p>"))]),
            "related_links": streamfield([]),
            "notes": inline_formset([]),
            "bylines": inline_formset([]),
            "comments": inline_formset([]),
            "tags": "",
            **extra,
        }
    )


def write_story(session, section_id, title):
    """What the page editor does with a new story: autosave, autosave again, Save draft."""
    add_url = f"/admin/pages/add/newsroom_articles/articlepage/{section_id}/"
    created = session.post(add_url, story_data(title), accept="application/json")
    if created.status != 200:
        return
    saved = created.json()
    edit_url = f"/admin/pages/{saved['pk']}/edit/"
    autosave = {
        "overwrite_revision_id": saved["revision_id"],
        "loaded_revision_id": saved["revision_id"],
        "loaded_revision_created_at": saved["revision_created_at"],
    }
    session.post(edit_url, story_data(title, **autosave), accept="application/json")
    session.post(edit_url, story_data(title))


def browse_chooser(session):
    """The image chooser: its modal, its listing again, then a search."""
    session.get("/admin/images/chooser/")
    session.get("/admin/images/chooser/results/?p=1")
    session.get("/admin/images/chooser/results/?q=concurrency")


def upload_multiple(session, name):
    """Wagtail's multiple uploader: the file first, then its credit (a required field)."""
    answer = session.post(
        "/admin/images/multiple/add/", {"files[]": photo_file(name)}, accept="application/json"
    )
    if answer.status != 200:
        return
    upload_id = answer.json()["uploaded_file_id"]
    prefix = f"uploaded-image-{upload_id}"
    session.post(
        f"/admin/images/multiple/create_from_uploaded_image/{upload_id}/",
        {f"{prefix}-title": name, f"{prefix}-credit": "AFP"},
        accept="application/json",
    )


def upload_single(session, name):
    session.post(
        "/admin/images/add/",
        {"title": name, "credit": "Reuters", "file": photo_file(name), "collection": 1},
    )


@pytest.fixture
def site(tmp_path):
    with make_run(tmp_path) as server:
        setup = server.manage("shell", "-c", SETUP.format(password=PASSWORD))
        server.section_id = int(setup.split()[-1])
        yield server


@pytest.mark.slow
def test_autosave_chooser_and_uploads_at_once_leave_no_500_and_no_orphan_page(site):
    session = AdminSession(site.url)
    session.log_in("desk", PASSWORD)
    section_id = site.section_id

    with ThreadPoolExecutor(max_workers=4) as pool:
        for number in range(ROUNDS):
            work = [
                pool.submit(write_story, session, section_id, f"Concurrency story {number}"),
                pool.submit(browse_chooser, session),
                pool.submit(upload_multiple, session, f"concurrency-many-{number}.jpg"),
                pool.submit(upload_single, session, f"concurrency-one-{number}.jpg"),
            ]
            for future in work:
                future.result()

    state = json.loads(site.manage("shell", "-c", ORPHANS).strip().splitlines()[-1])
    failures = [
        f"{r.method} {r.path} -> {r.status}: {r.body[:200]}"
        for r in session.responses
        if r.status >= 500
    ]
    report = [f"orphan pages: {state['orphans']}", *failures, site.log(3000)]
    assert not failures, "\n".join(report)
    assert state["orphans"] == []
    # Nor was anything refused: a quiet 4xx would pass for holding up.
    refused = [f"{r.method} {r.path} -> {r.status}" for r in session.responses if r.status >= 400]
    assert not refused
    # Logging in, then each round: the story's three saves, the chooser's three
    # listings, the two steps of the multiple upload and the single upload.
    assert len(session.responses) == 2 + ROUNDS * 9
    assert state["stories"] == sorted(f"Concurrency story {n}" for n in range(ROUNDS))
    assert state["photos"] == 2 * ROUNDS


def test_a_first_save_that_fails_leaves_no_page_and_frees_the_slug(
    client, admin_user, turkey, monkeypatch
):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    monkeypatch.setattr(ArticlePage, "save_revision", locked)
    # The first autosave: the page row is written, then its revision fails.
    with pytest.raises(OperationalError):
        client.post(url, story_data("Locked out"), HTTP_ACCEPT="application/json")
    assert not Page.objects.filter(slug="locked-out").exists()
    turkey.refresh_from_db()
    assert turkey.numchild == 0

    monkeypatch.undo()
    response = client.post(url, story_data("Locked out"))  # Save draft
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="locked-out")
    assert story.latest_revision is not None and not story.live


def test_a_full_save_after_the_forms_own_autosave_edits_the_draft_it_made(
    client, admin_user, turkey
):
    # The first autosave creates the story; Save draft (or Publish) clicked before
    # the form learnt of it posts to the add view again, with the editor's latest text.
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    created = client.post(url, story_data("Ferry strike"), HTTP_ACCEPT="application/json")
    assert created.status_code == 200
    story_id = created.json()["pk"]

    latest = story_data("Ferry strike", summary="Crews walk out at dawn.")
    response = client.post(url, latest, follow=True)
    assert response.redirect_chain[0] == (f"/admin/pages/{story_id}/edit/", 302)
    assert "Saved to the draft this story&#x27;s autosave had started." in response.text
    story = ArticlePage.objects.get(slug="ferry-strike")
    assert story.pk == story_id and not story.live
    assert story.latest_revision.as_object().summary == "Crews walk out at dawn."
    # The autosaved text is still in the story's history.
    assert story.revisions.count() == 2
    assert ArticlePage.objects.filter(title="Ferry strike").count() == 1


def test_another_editors_draft_with_the_same_headline_is_left_alone(
    client, admin_user, django_user_model, turkey
):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", turkey.pk])
    created = client.post(url, story_data("Ferry strike"), HTTP_ACCEPT="application/json")
    assert created.status_code == 200
    colleague = django_user_model.objects.create_superuser("colleague", "c@example.com", "pw")
    client.force_login(colleague)
    response = client.post(url, story_data("Ferry strike", summary="Theirs."))
    # Wagtail's own answer: the slug is taken; nothing of the first draft changes.
    assert response.status_code == 200
    assert "The page could not be created due to validation errors" in response.text
    story = ArticlePage.objects.get(slug="ferry-strike")
    assert story.revisions.count() == 1 and story.owner == admin_user
