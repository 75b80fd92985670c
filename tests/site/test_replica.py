"""A read replica for reader traffic when ``DATABASE_REPLICA_URL`` is set.

The settings are read at start-up, so the site runs in a child process with
both URLs set: the replica is a second connection to the same database file,
which is how a test can tell from each connection's query log which one a
request read from.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Starts its own site in a child process, whatever DATABASE_URL says: run once.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, time
import django
django.setup()
from django.conf import settings
settings.NEWSROOM_READER_CACHE = False  # every request a render, so every one reads
settings.NEWSROOM_SEARCH_CACHE_SECONDS = 0  # every search too
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

call_command("migrate", verbosity=0)
from wagtail.models import Page, Site
from tests.factories import ArticlePageFactory, HomePageFactory, SectionPageFactory, publish
from django.contrib.auth import get_user_model

root = Page.get_first_root_node()
Page.objects.filter(depth=2).delete()
home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
Site.objects.all().delete()
Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
news = SectionPageFactory(parent=home, title="News", slug="news")
story = publish(ArticlePageFactory(parent=news, title="Replica story", slug="replica-story"))
editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")


def reads(client, url):
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(connections["replica"]) as replica:
            status = client.get(url).status_code
    return {"status": status, "primary": len(primary), "replica": len(replica)}


Client().get("/news/replica-story/")  # makes the photo's renditions: writes
Client().get("/search/?q=replica")
time.sleep(0.6)  # past the grace after the writes above
result = {"reader": reads(Client(), "/news/replica-story/")}
result["search"] = reads(Client(), "/search/?q=replica")
signed_in = Client()
signed_in.force_login(editor)
time.sleep(0.6)
result["editor"] = reads(signed_in, "/news/replica-story/")
result["admin"] = reads(signed_in, "/admin/")
story.title = "Replica story, corrected"
story.save_revision().publish()
result["just_after_publish"] = reads(Client(), "/news/replica-story/")
time.sleep(0.6)
result["after_grace"] = reads(Client(), "/news/replica-story/")
print("REPLICA-RESULT " + json.dumps(result))
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replica")
    database = f"sqlite:///{folder / 'db.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database,
        "DATABASE_REPLICA_URL": database,
        "NEWSROOM_REPLICA_GRACE": "0.5",
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONPATH": str(REPO),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPLICA-RESULT ")]
    assert done.returncode == 0 and lines, done.stdout[-2000:] + done.stderr[-4000:]
    return json.loads(lines[-1].split(" ", 1)[1])


@pytest.mark.parametrize("request_name", ["reader", "search", "after_grace"])
def test_anonymous_readers_read_from_the_replica(probe, request_name):
    result = probe[request_name]
    assert result["status"] == 200
    assert result["replica"] > 0
    assert result["primary"] == 0


@pytest.mark.parametrize("request_name", ["editor", "admin", "just_after_publish"])
def test_editors_and_fresh_publishes_read_from_the_primary(probe, request_name):
    result = probe[request_name]
    assert result["status"] == 200
    assert result["primary"] > 0
    assert result["replica"] == 0
