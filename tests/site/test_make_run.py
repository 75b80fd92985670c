"""``make run``: the development server and the scheduler beside it share one cache.

The scheduler publishes and expires stories from its own process; what it
invalidates must be what the server reads, or a story taken down on time
stays on the served home page until the cache's timeout.
"""

import html
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from . import stack


@pytest.mark.slow
def test_a_story_the_scheduler_expires_leaves_the_served_home_page(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "NEWSROOM_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)

    def manage(*args):
        return stack.manage(env, *args)

    manage("migrate", "--noinput", "-v0")
    manage("newsroom_demo")
    title = (
        manage(
            "shell",
            "-c",
            "from articles.models import ArticlePage; "
            "print(ArticlePage.objects.live().order_by('-display_order_date').first().title)",
        )
        .strip()
        .splitlines()[-1]
    )

    port = stack.free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=stack.REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get_home():
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:  # noqa: S310
            return response.headers.get("X-Newsroom-Cache"), response.read().decode()

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                state, page = get_home()
                break
            except OSError:
                assert time.monotonic() < deadline, "runserver did not answer"
                time.sleep(0.3)
        assert html.escape(title) in page
        assert get_home()[0] == "hit"

        # Due to come down a minute ago; the scheduler's tick takes it down.
        manage(
            "shell",
            "-c",
            "from datetime import timedelta; from django.utils import timezone; "
            "from articles.models import ArticlePage; "
            f"ArticlePage.objects.filter(title={title!r}).update("
            "expire_at=timezone.now() - timedelta(minutes=1))",
        )
        manage("newsroom_scheduler", "--once")

        state, page = get_home()
        assert state == "miss"
        assert html.escape(title) not in page
    finally:
        server.terminate()
        server.wait(timeout=10)
