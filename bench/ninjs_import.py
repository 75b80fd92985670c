"""How fast wire copy imports: ninjs stories with a picture each.

Run from the repository root:

    .venv/bin/python bench/ninjs_import.py [--stories 200] [--renditions]

Builds a throwaway SQLite site in a temporary directory, writes the stories
(ninjs 2.1, Turkish diacritics, a quote, two bylines from a pool, three
subjects, one 1600x1000 JPEG each) and times ``manage.py import_ninjs`` on
them: first as new stories, then again as updates.

Reader renditions are made by a task worker after each photo is saved; by
default the benchmark queues them (as production does) and times the import
alone. ``--renditions`` makes them in-process during the import instead, as
the default immediate task backend does, which is what an editor waits for
in a development site.
"""

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

WORK_DIR = Path(tempfile.mkdtemp(prefix="newsroom-ninjs-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK_DIR / 'db.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK_DIR / "media")
os.environ["NEWSROOM_VAR_DIR"] = str(WORK_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from PIL import Image  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from articles.models import ArticlePage, SectionPage  # noqa: E402
from newsroom.models import HomePage  # noqa: E402

QUEUED_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
REPORTERS = ["Ayşe Yılmaz", "Can Öztürk", "Deniz Kaya", "Emre Şahin", "Selin Doğan", "Okan Arslan"]
SUBJECTS = ["Politics", "Economy", "Transport", "Weather", "Culture", "Sport", "Energy"]
CITIES = ["İZMİR", "ANKARA", "İSTANBUL", "BURSA", "KARS", "MUĞLA"]


def build_site():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="bench-home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    home.add_child(instance=SectionPage(title="Wire", slug="wire"))


def write_picture(path, n):
    # Noise over a colour: compresses like a photo, unlike a flat colour.
    noise = Image.effect_noise((1600, 1000), 48).convert("RGB")
    colour = Image.new("RGB", (1600, 1000), (n * 37 % 256, n * 91 % 256, n * 53 % 256))
    Image.blend(noise, colour, 0.6).save(path, "JPEG", quality=85)


def story(n):
    paragraphs = "".join(
        f"<p>Paragraph {i} of story {n}: officials in Çanakkale and Iğdır gave figures "
        f"on <b>Tuesday</b>, and <a href='https://example.org/{n}/{i}'>the report</a> "
        "runs to forty pages.</p>"
        for i in range(6)
    )
    quote = (
        "<blockquote><p>“We will publish every figure.”</p>"
        "<footer>— Mevlüt Çavuşoğlu, Minister</footer></blockquote>"
    )
    return {
        "uri": f"urn:newsml:bench.example:2024:story-{n}",
        "type": "text",
        "pubstatus": "usable",
        "firstcreated": "2024-05-01T08:00:00Z",
        "versioncreated": "2024-05-01T09:30:00Z",
        "copyrightholder": "Meridian",
        "by": f"{REPORTERS[n % 6]} and {REPORTERS[(n + 1) % 6]}, Meridian",
        "located": CITIES[n % len(CITIES)],
        "headlines": [{"role": "main", "value": f"Işık report {n}: Çavuşoğlu answers questions"}],
        "descriptions": [{"role": "summary", "value": f"The summary of story {n}, with ğ and ş."}],
        "bodies": [
            {
                "contenttype": "text/html",
                "value": paragraphs[:400] + "<h2>Background</h2>" + quote + paragraphs[400:],
            }
        ],
        "subjects": [{"name": SUBJECTS[(n + i) % len(SUBJECTS)]} for i in range(3)],
        "associations": [
            {
                "name": "lead",
                "type": "picture",
                "uri": f"urn:newsml:bench.example:2024:photo-{n}",
                "by": REPORTERS[n % 6],
                "descriptions": [{"role": "caption", "value": f"Picture {n} from Meridian."}],
                "renditions": [{"name": "original", "href": f"file:pictures/{n}.jpg"}],
            }
        ],
    }


def write_batch(folder, count):
    (folder / "pictures").mkdir(parents=True)
    for n in range(count):
        write_picture(folder / "pictures" / f"{n}.jpg", n)
        (folder / f"story-{n:04d}.json").write_text(json.dumps(story(n), ensure_ascii=False))


def timed_import(folder):
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_ninjs", str(folder), "--section", "wire", stdout=out)
    elapsed = time.perf_counter() - started
    lines = out.getvalue().splitlines()
    assert all(line.startswith(("ok:", "warning:")) for line in lines), lines[:5]
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--renditions", action="store_true", help="make renditions in-process")
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        build_site()
        folder = WORK_DIR / "wire"
        write_batch(folder, args.stories)
        tasks = {} if args.renditions else {"TASKS": QUEUED_TASKS}
        what = "renditions made in-process" if args.renditions else "renditions queued"
        with override_settings(**tasks):
            created = timed_import(folder)
            updated = timed_import(folder)
        assert ArticlePage.objects.live().count() == args.stories
        n = args.stories
        print(f"ninjs import: {n} stories with pictures in {created:.1f} s = "
              f"{n / created:.1f} stories/s ({what})")  # fmt: skip
        print(f"ninjs re-import (updates, new revisions): {n} stories in {updated:.1f} s = "
              f"{n / updated:.1f} stories/s")  # fmt: skip
    finally:
        shutil.rmtree(WORK_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
