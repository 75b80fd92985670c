"""Every reader page type is valid HTML by the Nu Html Checker (vnu), the W3C's own.

The demo newsroom is loaded and each kind of page a reader can reach is
rendered: home, sections, every story (quotes, inline photos, Read more lists,
embeds, the corrected one, the fact check, the sponsored one), the about pages,
a tag, an author, search with and without results, the corrections pages, the
404 page, and the embargoed story through its preview link.
vnu (npm ``vnu-jar``, run by Debian's Java) checks them all in one run and
must report no error.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import ArticleByline, ArticlePage, PreviewLink, SectionPage
from newsroom import demo_content as demo
from newsroom.models import AboutPage

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
HOST = "127.0.0.1:8000"  # the demo site's


def require_vnu():
    java = shutil.which("java")
    missing = [name for name, ok in (("java", java), ("vnu-jar (npm ci)", VNU.exists())) if not ok]
    if missing:
        reason = "the HTML check needs " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return java


def reader_paths():
    stories = list(ArticlePage.objects.live().order_by("pk"))
    tag = stories[0].tags.first()
    author = ArticleByline.objects.filter(page__in=stories).first().author
    return [
        "/",
        *(section.url for section in SectionPage.objects.live().order_by("path")),
        *(story.url for story in stories),
        # The about page and the policy pages under it.
        *(page.url for page in AboutPage.objects.live().order_by("path")),
        f"/tags/{tag.slug}/",
        f"/authors/{author.slug}/",
        "/search/",
        "/search/?q=ferry",
        "/search/?q=nothing-matches-this",
        "/search/?q=%22unbalanced",
        "/corrections/",
        "/sport/corrections/",
        "/this-page-does-not-exist/",
    ]


def embargoed_story_path():
    """The demo's embargoed story as a preview link's holder reads it."""
    story = ArticlePage.objects.get(slug=demo.EMBARGOED_STORY["slug"])
    return reverse("articles:shared_story", args=[PreviewLink.create_for(story)[1]])


@pytest.mark.django_db
def test_reader_pages_are_valid_html(client, tmp_path, settings):
    java = require_vnu()
    settings.NEWSROOM_READER_CACHE = False
    call_command("newsroom_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    files = {}
    for n, path in enumerate([*reader_paths(), embargoed_story_path()]):
        path = path.replace(f"http://{HOST}", "")
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code in (200, 404), path
        assert response["Content-Type"].startswith("text/html"), path
        file = tmp_path / f"page-{n:02}.html"
        file.write_bytes(response.content)
        files[str(file)] = path
    assert len(files) >= 12
    # A page vnu must fault, so a checker that reads nothing cannot pass.
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>c</title></head>'
        '<body><form action=""></form></body></html>'
    )

    done = subprocess.run(
        [
            java,
            "-Xss8m",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            *files,
            str(control),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # vnu writes its JSON report on stderr.
    messages = json.loads(done.stderr)["messages"]
    faults = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    errors = [m for m in faults if m.get("url", "").removeprefix("file:") != str(control)]
    assert len(faults) - len(errors) == 1, "vnu did not fault the control page"
    checked = {m["url"].removeprefix("file:") for m in messages if "url" in m}
    report = "\n".join(
        f"{files.get(m.get('url', '').removeprefix('file:'))}:{m.get('lastLine')}: "
        f"{m['message']}  [{m.get('extract', '').strip()[:120]}]"
        for m in errors
    )
    assert not errors, f"{len(errors)} vnu errors in {len(files)} pages:\n{report}"
    # vnu ignores what it cannot read (a file:// URI, say) without a word.
    assert not checked - set(files) - {str(control)}
    print(f"vnu: {len(files)} pages, 0 errors, {len(messages)} warnings/info")
