"""``make run``: the development server, and the scheduler and task worker beside it.

The recipe runs as README gives it. The scheduler publishes and expires
stories from its own process; what it invalidates must be what the server
reads, or a story taken down on time stays on the served home page until the
cache's timeout. The worker makes an upload's renditions, so the upload
returns without them. Ctrl-C stops all of it.
"""

import html
import json
import time
import urllib.request

import pytest

from .admin_http import AdminSession, photo_file
from .dev_server import make_run

PASSWORD = "make-run-pw-1"  # noqa: S105

RENDITIONS = """
import json
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model
from media.sizes import upload_specs
photo = get_image_model().objects.get(title="Worker's photo")
tasks = DBTaskResult.objects.filter(task_path="media.tasks.generate_upload_renditions")
print(json.dumps({
    "made": sorted(photo.renditions.values_list("filter_spec", flat=True)),
    "wanted": sorted(upload_specs()),
    "tasks": [
        {"args": t.args_kwargs["args"], "status": t.status, "workers": t.worker_ids}
        for t in tasks
    ],
}))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with make_run(tmp_path_factory.mktemp("make-run")) as running:
        yield running


def get_home(server):
    with urllib.request.urlopen(server.url + "/", timeout=10) as response:  # noqa: S310
        return response.headers.get("X-Newsroom-Cache"), response.read().decode()


@pytest.mark.slow
def test_a_story_the_scheduler_expires_leaves_the_served_home_page(server):
    title = (
        server.manage(
            "shell",
            "-c",
            "from articles.models import ArticlePage; "
            "print(ArticlePage.objects.live().order_by('-display_order_date').first().title)",
        )
        .strip()
        .splitlines()[-1]
    )
    state, page = get_home(server)
    assert html.escape(title) in page
    assert get_home(server)[0] == "hit"

    # Due to come down a minute ago; the scheduler's tick takes it down.
    server.manage(
        "shell",
        "-c",
        "from datetime import timedelta; from django.utils import timezone; "
        "from articles.models import ArticlePage; "
        f"ArticlePage.objects.filter(title={title!r}).update("
        "expire_at=timezone.now() - timedelta(minutes=1))",
    )
    server.manage("newsroom_scheduler", "--once")

    state, page = get_home(server)
    assert state == "miss"
    assert html.escape(title) not in page


@pytest.mark.slow
def test_the_worker_makes_the_renditions_of_an_upload(server):
    server.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; get_user_model()"
        f".objects.create_superuser('desk', 'desk@example.com', {PASSWORD!r})",
    )
    session = AdminSession(server.url)
    session.log_in("desk", PASSWORD)
    answer = session.post(
        "/admin/images/add/",
        {"title": "Worker's photo", "credit": "AFP", "file": photo_file("w.jpg", (1800, 1200))},
    )
    assert answer.status == 302, answer.body[:2000]

    deadline = time.monotonic() + 180
    while True:
        state = json.loads(
            server.manage("shell", "-c", RENDITIONS, TASKS_BACKEND="database").splitlines()[-1]
        )
        if state["made"] == state["wanted"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert state["made"] == state["wanted"], server.log()
    # Made by the worker from the queue, not in the upload's request.
    (task,) = state["tasks"]
    assert task["status"] == "SUCCESSFUL" and task["workers"]


@pytest.mark.slow
def test_ctrl_c_stops_the_server_the_scheduler_and_the_worker(server):
    assert server.stop() == []
    assert server.process.returncode is not None
