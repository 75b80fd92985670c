"""Our ``{% picture %}`` tag against Wagtail's, rendering prefetched photos: queries and time.

Run from the repository root:

    DJANGO_SETTINGS_MODULE=newsroom.settings.test .venv/bin/python bench/picture.py
        [--photos 30] [--rounds 30]

Makes ``--photos`` 1600x1000 JPEG photos in a throwaway SQLite database and
media folder, with every rendition both tags ask for made up front, so that
no render runs Pillow. The photos are loaded the way the site loads them
(``media.loading.load_photos``); Wagtail's copies also get its ``format-jpeg``
renditions prefetched, which the site's loader does not know of. Each round
renders, for the lead and the teaser sizes, one template laying out every
photo with each tag, the order alternating between rounds so both see the
same load. Prints SQL queries and the median and 95th percentile of
microseconds per photo, whether the two tags' markup is equivalent (srcset
URLs and widths, img src/width/height) and a sample of each.
"""

import argparse
import io
import os
import statistics
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import command_line, configure, remove  # noqa: E402

SETTINGS = os.environ.get("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
OURS = (
    '{% load media_tags %}{% for photo in photos %}{% picture photo "SIZE" alt=alt %}{% endfor %}'
)
WAGTAIL = (
    "{% load wagtailimages_tags %}{% for photo in photos %}{% picture photo SPECS "
    'sizes="SIZES" alt=alt loading="lazy" decoding="async" %}{% endfor %}'
)
OPERATIONS = {"lead": "width-{480,800,1200,1600}", "teaser": "fill-{320x180,640x360}"}


def wagtail_specs(size_name):
    """Wagtail's specs for a size, operation first: ``width-480|format-webp`` is our spec too."""
    from media.sizes import image_formats

    return f"{OPERATIONS[size_name]} format-{{{','.join((*image_formats(), 'jpeg'))}}}"


def make_photos(count):
    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model
    from wagtail.images.models import Filter

    from media.details import create_photo
    from media.sizes import specs_for

    ids = []
    for n in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 1000), (n * 8 % 256, 90, 160)).save(buffer, "JPEG")
        # The upload task makes our renditions.
        photo = create_photo(
            get_image_model(),
            title=f"Photo {n}",
            credit="Bench",
            description=f"Photo {n}",
            file=ImageFile(buffer, name=f"photo-{n}.jpg"),
        )
        for size in OPERATIONS:
            photo.get_renditions(*specs_for(size), *Filter.expand_spec(wagtail_specs(size)))
        ids.append(photo.pk)
    return ids


def load(ids, size, for_wagtail):
    """The photos as the site loads them; for Wagtail, with its own renditions added."""
    from wagtail.images import get_image_model
    from wagtail.images.models import Filter

    from media.loading import load_photos

    photos = load_photos(ids, [size])
    if for_wagtail:
        specs = Filter.expand_spec(wagtail_specs(size))
        extra = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
        for rendition in extra.filter(image_id__in=ids):
            photo = rendition.image = photos[rendition.image_id]
            if rendition not in photo.prefetched_renditions:
                photo.prefetched_renditions.append(rendition)
    return photos


def render(template, photos):
    """The markup and the SQL queries of one render of every photo."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = template.render(context(photos))
    return html, len(captured)


def context(photos):
    return {"photos": list(photos.values()), "newsroom_photos": photos, "alt": "A photo"}


def pictures(html):
    """Each ``<picture>`` of a render, in order."""
    return [f"{chunk.strip()}</picture>" for chunk in html.split("</picture>")[:-1]]


class Tags(HTMLParser):
    """The ``<source>`` and ``<img>`` tags of one ``<picture>``, in order."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("source", "img"):
            self.tags.append((tag, dict(attrs)))


def layout(html):
    """``{"img": attrs, "source image/webp": attrs}``, srcsets as sets of (url, width)."""
    found = {}
    for tag, attrs in Tags(html).tags:
        if "srcset" in attrs:
            entries = (e.rsplit(" ", 1) for e in attrs["srcset"].split(", "))
            attrs["srcset"] = {(url, width) for url, width in entries}
        found[tag if tag == "img" else f"source {attrs.get('type')}"] = attrs
    return found


def differences(ours, theirs):
    """What a reader's browser would see differently, attribute by attribute."""
    ours, theirs, diffs = layout(ours), layout(theirs), []
    for tag in sorted(ours.keys() | theirs.keys()):
        a, b = ours.get(tag), theirs.get(tag)
        if a is None or b is None:
            diffs.append(f"{tag}: only in {'ours' if b is None else 'wagtail'}")
            continue
        for key in sorted(a.keys() | b.keys()):
            if key == "srcset" and a.get(key) and b.get(key):
                if {w for _, w in a[key]} != {w for _, w in b[key]}:
                    diffs.append(f"{tag} srcset widths: {sorted(a[key])} vs {sorted(b[key])}")
                elif a[key] != b[key]:
                    pair = f"{min(a[key] - b[key])[0]} vs {min(b[key] - a[key])[0]}"
                    diffs.append(f"{tag} srcset URLs (same widths), e.g. {pair}")
            elif a.get(key) != b.get(key):
                diffs.append(f"{tag} {key}: ours {a.get(key)!r}, wagtail {b.get(key)!r}")
    return diffs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    work_dir = configure(settings=SETTINGS)
    try:
        run(args)
    finally:
        remove(work_dir)


def run(args):
    from django.core.management import call_command
    from django.template import engines

    from media.sizes import SIZES

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ids = make_photos(args.photos)
    print(f"{command_line()}\n{args.photos} photos made in {time.perf_counter() - started:.1f}s")
    cases = {}  # (approach, size): (template, whether Wagtail's renditions are prefetched)
    for size in OPERATIONS:
        wagtail = WAGTAIL.replace("SPECS", wagtail_specs(size)).replace("SIZES", SIZES[size].sizes)
        cases["ours", size] = (engines["django"].from_string(OURS.replace("SIZE", size)), False)
        cases["wagtail", size] = (engines["django"].from_string(wagtail), True)
        # Wagtail's tag on the site's loader, which has none of its jpeg renditions: it
        # makes them again (Pillow), finds them in the database and throws its own away.
        photos, started = load(ids, size, for_wagtail=False), time.perf_counter()
        queries = render(cases["wagtail", size][0], photos)[1] / args.photos
        cold = (time.perf_counter() - started) * 1000 / args.photos
        print(f"wagtail, {size}, the site's loader as is: {queries:g} queries, {cold:.0f} ms/photo")
    outputs = {
        key: render(template, load(ids, key[1], pre)) for key, (template, pre) in cases.items()
    }
    times = {key: [] for key in cases}
    for n in range(args.rounds + 2):  # two warm-up rounds
        for key in list(cases) if n % 2 else list(reversed(cases)):
            template, prefetch_wagtail = cases[key]
            photos = load(ids, key[1], prefetch_wagtail)
            started = time.perf_counter()
            template.render(context(photos))
            if n >= 2:
                times[key].append((time.perf_counter() - started) * 1e6 / args.photos)
    heads = f"{'queries/photo':>14}{'median µs':>11}{'p95 µs':>9}{'ratio':>7}"
    print(f"\n{'approach':<9}{'size':<8}{heads}")
    for key in cases:
        median = statistics.median(times[key])
        ratio = median / statistics.median(times["ours", key[1]])
        print(
            f"{key[0]:<9}{key[1]:<8}{outputs[key][1] / args.photos:>14g}{median:>11.1f}"
            f"{statistics.quantiles(times[key], n=20)[-1]:>9.1f}{ratio:>7.2f}"
        )
    for size in OPERATIONS:
        ours, theirs = pictures(outputs["ours", size][0]), pictures(outputs["wagtail", size][0])
        diffs = [differences(a, b) for a, b in zip(ours, theirs, strict=True)]
        same = sum(not d for d in diffs)
        print(f"\n{size}: {same}/{len(diffs)} photos equivalent; differences of the first:")
        print("\n".join(f"  - {d}" for d in diffs[0]) or "  none")
        print(f"ours:\n{ours[0]}\nwagtail:\n{theirs[0]}")


if __name__ == "__main__":
    main()
