"""The plugin installs into a stock ``wagtail start`` site, as docs/host-site.md says.

Builds a throwaway site in a temporary directory, applies the documented
settings and URL changes, migrates it and renders a published story through
the host's own ``base.html``. Everything runs in subprocesses with the host's
settings, so this test needs no database of its own.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULT_MARKER = "HOSTSITE-RESULT "

pytestmark = pytest.mark.slow

# What docs/host-site.md tells a host to add to INSTALLED_APPS.
PLUGIN_APPS = ["articles", "media", "wagtail.contrib.settings"]

HOST_SETTINGS = """

# --- Newsroom (docs/host-site.md) ---
ALLOWED_HOSTS = ["*"]
# No request may leave the machine during the test.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
"""

# Runs inside the host site with ``manage.py shell -c``.
CONTENT_SCRIPT = textwrap.dedent(
    """
    import io
    import json

    from django.contrib.auth import get_user_model
    from django.core.files.images import ImageFile
    from django.test import Client
    from django.urls import reverse
    from PIL import Image
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site
    from wagtail.rich_text import RichText

    from articles.models import ArticleByline, ArticlePage, Author, SectionPage
    from media.details import save_details

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    result = {"home_type": type(home).__name__, "image_model": get_image_model().__name__}

    section = home.add_child(instance=SectionPage(title="World", slug="world"))
    section.save_revision().publish()

    author = Author.objects.create(name="Ayse Yilmaz", role="Correspondent")

    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (40, 90, 160)).save(buffer, "JPEG")
    photo = get_image_model()(title="Harbour at dawn", file=ImageFile(buffer, name="harbour.jpg"))
    photo.save()
    save_details(photo, credit="Jane Doe/Reuters")

    article = ArticlePage(
        title="Ferry service resumes after storm",
        slug="ferry-service-resumes",
        summary="Boats sailed again on Tuesday after three days in port.",
        lead_photo=photo,
        body=[("paragraph", RichText("<p>The first ferry left at seven.</p>"))],
    )
    article.bylines.add(ArticleByline(author=author))
    article.tags.add("Weather")
    section.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()

    client = Client(HTTP_HOST=site.hostname)
    pages = [
        ("article", article.url),
        ("section", section.url),
        ("tag", reverse("articles:tag", args=["weather"])),
        ("home", home.url),
    ]
    for name, url in pages:
        response = client.get(url)
        html = response.content.decode("utf-8", "replace")
        result[name] = {
            "url": url,
            "status": response.status_code,
            "headline": article.title in html,
            "credit": "(Photo by" in html and "Jane Doe/Reuters" in html,
            "byline": author.name in html,
            "paragraph": "The first ferry left at seven." in html,
            "host_base": "css/hostsite.css" in html,
            "tag_link": 'href="/tags/weather/"' in html,
        }
        if response.status_code != 200:
            result[name]["html"] = html[:3000]

    # The editors' side: settings, page editor, photo form and the Authors snippet.
    admin = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(admin)
    admin_urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "newsroom_settings": reverse(
            "wagtailsettings:edit", args=["newsroom_articles", "newsroomsettings", site.pk]
        ),
        "add_article": reverse(
            "wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", section.pk]
        ),
        "edit_article": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "edit_photo": reverse("wagtailimages:edit", args=[photo.pk]),
        "authors": reverse("wagtailsnippets_newsroom_articles_author:list"),
    }
    result["admin"] = {}
    for name, url in admin_urls.items():
        response = client.get(url)
        result["admin"][name] = {"url": url, "status": response.status_code}
    print("HOSTSITE-RESULT " + json.dumps(result))
    """
)


def _run(args, cwd, env, timeout=300):
    completed = subprocess.run(
        args, cwd=cwd, env=env, check=False, capture_output=True, text=True, timeout=timeout
    )
    assert completed.returncode == 0, (
        f"{' '.join(map(str, args))} exited {completed.returncode}\n"
        f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    )
    return completed


def _wagtail_command():
    script = Path(sys.executable).with_name("wagtail")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "wagtail.bin.wagtail"]


def _replace_once(path, old, new):
    text = path.read_text()
    assert text.count(old) == 1, f"{path.name} from `wagtail start` changed: {old!r} not found once"
    path.write_text(text.replace(old, new))


def _install_plugin(site_dir):
    """The edits docs/host-site.md asks a host to make, before the first migrate."""
    settings_file = site_dir / "hostsite" / "settings" / "base.py"
    apps = "".join(f'    "{app}",\n' for app in PLUGIN_APPS)
    _replace_once(settings_file, '    "search",\n', '    "search",\n' + apps)
    with settings_file.open("a") as handle:
        handle.write(HOST_SETTINGS)

    urls_file = site_dir / "hostsite" / "urls.py"
    catch_all = '    path("", include(wagtail_urls)),\n'
    _replace_once(urls_file, catch_all, '    path("", include("articles.urls")),\n' + catch_all)


@pytest.fixture
def host_env():
    env = os.environ.copy()
    # pytest-django exported the reference site's settings; the host has its own.
    env["DJANGO_SETTINGS_MODULE"] = "hostsite.settings.dev"
    # The plugin imports from the repository even when it is not pip-installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for name in ("DATABASE_URL", "MEDIA_ROOT", "STATIC_ROOT", "NEWSROOM_VAR_DIR"):
        env.pop(name, None)
    return env


def test_plugin_serves_a_story_in_a_stock_wagtail_site(tmp_path, host_env):
    _run([*_wagtail_command(), "start", "hostsite"], cwd=tmp_path, env=host_env, timeout=120)
    site_dir = tmp_path / "hostsite"
    assert (site_dir / "manage.py").exists()
    _install_plugin(site_dir)

    manage = [sys.executable, "manage.py"]
    # migrate runs the system checks first.
    _run([*manage, "migrate", "--noinput"], cwd=site_dir, env=host_env)
    # The shipped migrations match the models under a host's settings.
    _run(
        [*manage, "makemigrations", "--check", "--dry-run", "newsroom_articles", "newsroom_media"],
        cwd=site_dir,
        env=host_env,
    )
    completed = _run([*manage, "shell", "-c", CONTENT_SCRIPT], cwd=site_dir, env=host_env)

    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARKER)]
    assert lines, f"no result printed\n{completed.stdout}\n{completed.stderr}"
    result = json.loads(lines[-1][len(RESULT_MARKER) :])
    report = json.dumps(result, indent=2)

    assert result["home_type"] == "HomePage", report
    assert result["image_model"] == "Image", report  # Wagtail's own: nothing swapped
    article = result["article"]
    assert article["status"] == 200, report
    assert article["headline"], report
    assert article["credit"], report
    assert article["byline"], report
    assert article["paragraph"], report
    assert article["host_base"], "story did not render inside the host's base.html\n" + report
    assert article["tag_link"], "tag is not linked to its tag page\n" + report
    section = result["section"]
    assert section["status"] == 200, report
    assert section["headline"], "section page does not list the story\n" + report
    assert result["tag"]["status"] == 200, report
    assert result["tag"]["headline"], "tag page does not list the story\n" + report
    assert result["home"]["status"] == 200, report
    for name, page in result["admin"].items():
        assert page["status"] == 200, f"admin {name} failed\n{report}"
