"""Build a newsroom archive of N stories for the benchmarks.

Run from the repository root:

    .venv/bin/python bench/seed.py --stories 10000 [--database-url URL]
        [--media-root DIR] [--no-search-index]

Migrates the database, loads the demo (home page, sections, credited photos,
authors, four complete stories), then adds 12 more sections, 60 authors,
300 tags, a pool of 200 photos and N live stories in bulk (see
``bench/archive.py``), and prints how long each part took.

Without ``--database-url`` the database is SQLite in a new temporary folder,
which is kept and printed, so ``bench/serve.py --database-url`` can use it.
"""

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import command_line, configure  # noqa: E402


def seed(stories, *, search_index=True, log=print):
    """Migrate, load the demo and add ``stories`` stories; returns the Archive."""
    from django.core.management import call_command
    from wagtail.images import get_image_model

    from bench.archive import build_archive
    from newsroom.models import HomePage

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("newsroom_demo", stdout=io.StringIO())
    log(f"newsroom_demo: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    photos = list(get_image_model().objects.order_by("pk"))
    archive = build_archive(HomePage.objects.get(), photos)
    log(
        f"sections, {len(archive.author_ids)} authors, {len(archive.tag_ids)} tags, "
        f"{len(archive.photo_ids)} photos: {time.perf_counter() - started:.1f} s"
    )
    grow(archive, stories, search_index=search_index, log=log)
    return archive


def grow(archive, stories, *, search_index=True, log=print):
    """Add ``stories`` older stories to ``archive``, timed."""
    from bench.archive import add_stories

    started = time.perf_counter()
    timings = add_stories(archive, stories, search_index=search_index)
    elapsed = time.perf_counter() - started
    log(
        f"{stories:,} stories (N={archive.stories:,}): {elapsed:.1f} s, "
        f"{stories / elapsed:,.0f} stories/s "
        f"(tree and rows {timings['pages']:.1f} s, search index {timings['search']:.1f} s"
        + ("" if search_index else ", skipped")
        + ")"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: SQLite in a new temporary folder")
    parser.add_argument("--media-root", help="default: media/ beside the SQLite database")
    parser.add_argument(
        "--no-search-index",
        dest="search_index",
        action="store_false",
        help="skip the search index (site search then finds only the demo stories)",
    )
    args = parser.parse_args()
    work_dir = configure(args.database_url, args.media_root)

    from django.conf import settings
    from wagtail.models import Page

    started = time.perf_counter()
    seed(args.stories, search_index=args.search_index)
    print(f"total: {time.perf_counter() - started:.1f} s")
    problems = Page.find_problems()
    if any(problems):
        print(f"tree problems (evil chars, steplen, orphans, depth, numchild): {problems}")
        return 1
    print("tree: no problems (Page.find_problems)")
    print(f"database: {settings.DATABASES['default']['NAME']}")
    print(f"media: {settings.MEDIA_ROOT}")
    if not args.database_url and not args.media_root:
        print(f"work folder (delete when done): {work_dir}")
    print(f"command: {command_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
