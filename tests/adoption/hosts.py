"""Host sites built in a temporary folder, as a newsroom adopting the plugin has them.

Each host is made with ``wagtail start`` from the Wagtail the tests run on (7.4
LTS in the compatibility leg, 8.x in the main suite), given content of its own
before Newsroom is installed, then given README's two steps. Every command runs
in a subprocess with the host's settings, so the tests need no database of
their own.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULT_MARKER = "ADOPTION-RESULT "

# README's first step: the apps added to INSTALLED_APPS.
PLUGIN_APPS = ["articles", "media", "wagtail.contrib.settings"]
# README's second step: one include() before Wagtail's catch-all.
PLUGIN_URLS = '    path("", include("articles.urls")),\n'

HOST_SETTINGS = """

# --- the test's own, not Newsroom's ---
ALLOWED_HOSTS = ["*"]
# No request may leave the machine during the test.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
"""

# The host's own page model: a hero image foreign key and images in a StreamField
# and in rich text, the three ways a Wagtail site refers to its images.
HOME_MODELS = """
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class HomePage(Page):
    hero = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        [("image", ImageChooserBlock()), ("text", blocks.RichTextBlock())], blank=True
    )

    content_panels = Page.content_panels + [FieldPanel("hero"), FieldPanel("body")]
"""

HOME_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags %}
{% block content %}
<h1>{{ page.title }}</h1>
{% if page.hero %}{% image page.hero fill-300x200 class="hero" %}{% endif %}
{% for block in page.body %}
  {% if block.block_type == "image" %}{% image block.value width-240 %}
  {% else %}{{ block.value|richtext }}{% endif %}
{% endfor %}
{% endblock %}
"""

CUSTOM_IMAGE_MODELS = """
from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    photographer_notes = models.CharField(max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("photographer_notes",)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
"""

# Shared by the scripts below: what a reader sees of every page, and what is
# kept of every image.
SNAPSHOT = """
import json
import re

from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Page, Site


def snapshot():
    site = Site.objects.get(is_default_site=True)
    client = Client(HTTP_HOST=site.hostname)
    pages = {}
    for page in Page.objects.live().type(site.root_page.specific_class).order_by("path"):
        response = client.get(page.url)
        html = response.content.decode()
        pages[page.url] = {
            "status": response.status_code,
            "img": re.findall(r'<img[^>]*?\\ssrc="([^"]+)"', html),
        }
    images = {
        str(image.pk): {
            "file": image.file.name,
            "title": image.title,
            "collection": image.collection.name,
            "tags": sorted(tag.name for tag in image.tags.all()),
            "renditions": sorted(image.renditions.values_list("file", flat=True)),
        }
        for image in get_image_model().objects.order_by("pk")
    }
    return {"pages": pages, "images": images}
"""

# Before Newsroom: the host's own images, collections, tags and pages.
OLD_CONTENT = (
    SNAPSHOT
    + """
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.models import Collection
from wagtail.rich_text import RichText

Image = get_image_model()
root = Collection.get_first_root_node()
archive = root.add_child(name="Archive")
old = []
for number in range(20):
    buffer = io.BytesIO()
    colour = (number * 12 % 256, 90, 255 - number * 12 % 256)
    PillowImage.new("RGB", (400 + number, 300), colour).save(buffer, "JPEG")
    image = Image(
        title=f"Old photo {number}",
        file=ImageFile(buffer, name=f"old-{number}.jpg"),
        collection=archive if number % 2 else root,
        description=f"Old photo number {number}",
    )
    image.save()
    image.tags.add("archive", f"roll-{number % 3}")
    old.append(image)

home = Site.objects.get(is_default_site=True).root_page.specific
for number in range(5):
    embed = f'<embed embedtype="image" id="{old[10 + number].pk}" format="left" alt="Inline"/>'
    page = home.add_child(
        instance=type(home)(
            title=f"Old page {number}",
            slug=f"old-page-{number}",
            hero=old[number],
            body=[
                ("image", old[5 + number]),
                ("text", RichText(f"<p>Page {number}.</p>" + embed)),
            ],
        )
    )
    page.save_revision().publish()

print("ADOPTION-RESULT " + json.dumps(snapshot()))
"""
)

# After Newsroom: the same snapshot, then the photo desk and a story.
AFTER_ADOPTION = (
    SNAPSHOT
    + """
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.models import UploadedFile
from wagtail.rich_text import RichText

from articles.models import ArticleByline, ArticlePage, Author, SectionPage
from media.details import credit_of

result = {"snapshot": snapshot(), "image_model": get_image_model()._meta.label}
Image = get_image_model()
site = Site.objects.get(is_default_site=True)
home = site.root_page.specific
admin = get_user_model().objects.create_superuser("desk", "desk@example.com", "pw")
client = Client(HTTP_HOST=site.hostname)
client.force_login(admin)


def linked_ids(url, pattern):
    ids = set()
    for number in range(1, 6):
        html = client.get(url, {"p": number}).content.decode()
        found = set(re.findall(pattern, html))
        if found <= ids:
            break
        ids |= found
    return sorted(ids, key=int)


result["library"] = linked_ids(reverse("wagtailimages:index"), r"/admin/images/(\\d+)/")
result["chooser"] = linked_ids(
    reverse("wagtailimages_chooser:choose_results"), r"/admin/images/chooser/chosen/(\\d+)/"
)

# The photo desk gives an old image, made before Newsroom, its credit.
old = Image.objects.order_by("pk").first()
edit = client.post(
    reverse("wagtailimages:edit", args=[old.pk]),
    {
        "title": old.title,
        "collection": old.collection_id,
        "tags": "archive",
        "description": old.description,
        "credit": "Archive Agency",
        "copyright": "",
        "default_caption": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
    },
)
old.refresh_from_db()
result["credit_edit"] = {"status": edit.status_code, "credit": credit_of(old)}

section = home.add_child(instance=SectionPage(title="World", slug="world"))
section.save_revision().publish()
author = Author.objects.create(name="Ayse Yilmaz", role="Correspondent")
story = ArticlePage(
    title="Ferry service resumes after storm",
    slug="ferry-service-resumes",
    summary="Boats sailed again on Tuesday after three days in port.",
    search_description="Ferries sail again after the storm.",
    lead_photo=old,
    body=[("paragraph", RichText("<p>The first ferry left at seven.</p>"))],
)
story.bylines.add(ArticleByline(author=author))
story.tags.add("Weather")
section.add_child(instance=story)
story.save_revision().publish()
story.refresh_from_db()

reader = Client(HTTP_HOST=site.hostname)
pages = {
    "story": story.url,
    "section": section.url,
    "tag": reverse("articles:tag", args=["weather"]),
    "author": reverse("articles:author", args=[author.slug]),
    "feed": reverse("articles:feed"),
    "sitemap": reverse("articles:sitemap_index"),
    "host_search": "/search/?query=ferry",
}
result["reader"] = {}
for name, url in pages.items():
    response = reader.get(url)
    html = response.content.decode()
    result["reader"][name] = {
        "url": url,
        "status": response.status_code,
        "headline": story.title in html,
        "credit": "(Photo by" in html and "Archive Agency" in html,
        "old_file": old.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] in html,
        "descriptions": html.count('<meta name="description"'),
        "search_description": 'content="Ferries sail again after the storm."' in html,
        "host_base": "css/hostsite.css" in html,
    }
    if response.status_code != 200:
        result["reader"][name]["html"] = html[:2000]


def upload(name):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 480), (200, 40, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


before = Image.objects.count()
single = client.post(
    reverse("wagtailimages:add"),
    {"title": "No credit", "file": upload("no-credit.jpg"), "collection": old.collection_id},
)
multiple = client.post(
    reverse("wagtailimages:add_multiple"),
    {"files[]": upload("no-credit-many.jpg"), "collection": old.collection_id},
)
result["uncredited_upload"] = {
    "single_status": single.status_code,
    "single_asks_for_credit": "credit" in single.content.decode().lower(),
    "multiple_status": multiple.status_code,
    "multiple_answer": multiple.json() if multiple.status_code == 200 else None,
    "images_made": Image.objects.count() - before,
    "uploads_waiting": UploadedFile.objects.count(),
}
credited = client.post(
    reverse("wagtailimages:add"),
    {
        "title": "With credit",
        "file": upload("with-credit.jpg"),
        "collection": old.collection_id,
        "credit": "New Agency",
    },
)
newest = Image.objects.order_by("pk").last()
result["credited_upload"] = {"status": credited.status_code, "credit": credit_of(newest)}

admin_pages = {
    "dashboard": reverse("wagtailadmin_home"),
    "newsroom_settings": reverse(
        "wagtailsettings:edit", args=["newsroom_articles", "newsroomsettings", site.pk]
    ),
    "add_story": reverse(
        "wagtailadmin_pages:add", args=["newsroom_articles", "articlepage", section.pk]
    ),
    "edit_story": reverse("wagtailadmin_pages:edit", args=[story.pk]),
    "edit_old_page": reverse("wagtailadmin_pages:edit", args=[home.get_children().first().pk]),
    "edit_photo": reverse("wagtailimages:edit", args=[old.pk]),
    "authors": reverse("wagtailsnippets_newsroom_articles_author:list"),
}
result["admin"] = {name: client.get(url).status_code for name, url in admin_pages.items()}
print("ADOPTION-RESULT " + json.dumps(result))
"""
)


def run(args, cwd, env, timeout=300):
    completed = subprocess.run(
        args, cwd=cwd, env=env, check=False, capture_output=True, text=True, timeout=timeout
    )
    assert completed.returncode == 0, (
        f"{' '.join(map(str, args))[:200]} exited {completed.returncode}\n"
        f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    )
    return completed


def result_of(completed):
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARKER)]
    assert lines, f"no result printed\n{completed.stdout}\n{completed.stderr}"
    return json.loads(lines[-1][len(RESULT_MARKER) :])


def replace_once(path, old, new):
    text = path.read_text()
    assert text.count(old) == 1, f"{path.name} from `wagtail start` changed: {old!r} not found once"
    path.write_text(text.replace(old, new))


def environment():
    env = os.environ.copy()
    # pytest-django exported the suite's settings; the host has its own.
    env["DJANGO_SETTINGS_MODULE"] = "hostsite.settings.dev"
    # The plugin imports from the repository even when it is not pip-installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for name in ("DATABASE_URL", "MEDIA_ROOT", "STATIC_ROOT", "NEWSROOM_VAR_DIR", "TASKS_BACKEND"):
        env.pop(name, None)
    return env


class Host:
    """One host site in ``folder``; ``manage`` runs its manage.py."""

    def __init__(self, folder):
        self.env = environment()
        wagtail = Path(sys.executable).with_name("wagtail")
        command = [str(wagtail)]
        if not wagtail.exists():
            command = [sys.executable, "-m", "wagtail.bin.wagtail"]
        run([*command, "start", "hostsite"], cwd=folder, env=self.env, timeout=120)
        self.dir = folder / "hostsite"
        self.settings = self.dir / "hostsite" / "settings" / "base.py"
        with self.settings.open("a") as handle:
            handle.write(HOST_SETTINGS)

    def manage(self, *args, timeout=300):
        command = [sys.executable, "manage.py", *args]
        return run(command, cwd=self.dir, env=self.env, timeout=timeout)

    def shell(self, script):
        return result_of(self.manage("shell", "-c", textwrap.dedent(script)))

    def add_apps(self, *apps):
        lines = "".join(f'    "{app}",\n' for app in apps)
        replace_once(self.settings, '    "search",\n', '    "search",\n' + lines)

    def use_custom_image_model(self):
        """The host's own image model, made before its first migrate."""
        app = self.dir / "images"
        (app / "migrations").mkdir(parents=True)
        (app / "__init__.py").write_text("")
        (app / "migrations" / "__init__.py").write_text("")
        (app / "models.py").write_text(CUSTOM_IMAGE_MODELS)
        self.add_apps("images")
        with self.settings.open("a") as handle:
            handle.write('WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"\n')

    def give_home_page_images(self):
        (self.dir / "home" / "models.py").write_text(HOME_MODELS)
        (self.dir / "home" / "templates" / "home" / "home_page.html").write_text(HOME_TEMPLATE)

    def install_newsroom(self):
        """README's two required steps, and nothing else."""
        self.add_apps(*PLUGIN_APPS)
        urls = self.dir / "hostsite" / "urls.py"
        catch_all = '    path("", include(wagtail_urls)),\n'
        replace_once(urls, catch_all, PLUGIN_URLS + catch_all)
