"""Queries and render time per page type, with 1,000 and with 10,000 stories.

Run from the repository root:

    .venv/bin/python bench/render.py [--small 1000] [--large 10000]
        [--renders 40] [--batch 4] [--budget 60] [--database sqlite|postgres]

Seeds two archives (``bench/seed.py``) of ``--small`` and ``--large``
stories and starts a render process on each. Page by page, the two take
turns rendering it in-process with Django's test client, ``--batch`` renders
at a time, so that whatever else the machine is doing weighs on both alike.
The reader cache is off and the cache is emptied before each request: every
request is a whole render, with nothing kept from the one before (the route,
the page's cached fragments, the site and its settings; ``bench/serve.py``
measures renders that have them). For each page: the SQL
queries of one render, and the median and 95th percentile of ``--renders``
timed renders after two warm-up ones (fewer, at least three, for a page that
would take more than ``--budget`` seconds). Targets: the large/small ratio is
exactly 1 for queries and at most 1.3 for the median time; the article and
the listings take at most 12 queries.

``--database postgres`` does it all on a throwaway PostgreSQL cluster
(``scripts/with-postgres.sh``); the default is SQLite in a temporary folder.
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import REPO, command_line, configure, remove  # noqa: E402

QUERY_BUDGET = 12
BUDGETED = ("article", "section, page 1", "section, oldest page", "tag page", "author page", "home")
TIME_RATIO = 1.3
WARM_UPS = 2
MIN_RENDERS = 3


# The worker: one archive, one round ---------------------------------------------


def page_urls():
    """The URL of each page type in the archive as it is now."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import ArticlePage, Author, SectionPage
    from articles.presentation.pagination import format_cursor, stories_per_page
    from articles.sitemaps import week_section

    biggest = max(
        SectionPage.objects.filter(depth=3), key=lambda section: section.get_stories().count()
    )
    stories = biggest.get_stories()
    # The oldest stories, a full page of them: the deepest a reader can go.
    # (The last page reached by "Older stories" holds what is left over,
    # from 1 to 20 stories, which would make sizes incomparable.)
    oldest_start = stories.count() - stories_per_page()
    oldest = f"?before={format_cursor(stories[oldest_start - 1])}" if oldest_start > 0 else ""
    newest = ArticlePage.objects.for_listing().first()
    # The week before the newest story's: complete in any archive of 1,000 or more.
    last_week = week_section(newest.display_order_date - timedelta(weeks=1))
    # The busiest tag and author: the pages readers visit most.
    tag = (
        Tag.objects.annotate(n=Count("newsroom_articles_articlepagetag_items"))
        .order_by("-n")
        .first()
    )
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    return {
        "article": newest.url,
        "section, page 1": biggest.url,
        "section, oldest page": biggest.url + oldest,
        "tag page": f"/tags/{tag.slug}/",
        "author page": f"/authors/{author.slug}/",
        "home": "/",
        "site feed": "/feed/",
        "section feed": biggest.url + "feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap of pages": "/sitemap-pages.xml",
        "sitemap of a week": f"/sitemap-{last_week}.xml",
        "news sitemap": "/sitemap-news.xml",
        "search": "/search/?q=flood+barrier",
    }


def forget_renders():
    """Empty what renders keep in the cache: routes, page fragments, the site, its settings.

    As for a page nobody has asked for since the last publish. Wagtail's site
    root paths are read again, as a running site has them.
    """
    from django.core.cache import cache
    from wagtail.models import Site

    cache.clear()
    Site.get_site_root_paths()


def render(client, url):
    """Milliseconds to render ``url`` from nothing cached."""
    forget_renders()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    forget_renders()
    # Only the render's: forgetting asks for the site root paths again.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # Now: the next request may reconnect, which empties the log this reads.
    return len(captured)


def worker(args):
    """Renders on request, one JSON line in and out, until stdin closes."""
    os.environ["NEWSROOM_READER_CACHE"] = "false"
    configure(args.database_url, args.media_root, work_dir=Path(args.media_root).parent)
    from django.test import Client

    client = Client()

    def reply(message):
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    reply({"urls": page_urls()})
    for line in sys.stdin:
        message = json.loads(line)
        if message["op"] == "count":
            reply({"queries": count_queries(client, message["url"])})
        else:
            reply({"times": [render(client, message["url"]) for _ in range(message["renders"])]})
    return 0


# The conductor ------------------------------------------------------------------


def database_urls(sizes, work_dir, database):
    if database == "sqlite":
        return {n: f"sqlite:///{work_dir / str(n) / 'db.sqlite3'}" for n in sizes}
    import psycopg

    base = os.environ["DATABASE_URL"]
    urls = {}
    with psycopg.connect(base, autocommit=True) as connection:
        for n in sizes:
            connection.execute(f"CREATE DATABASE newsroom_{n}")
            urls[n] = base.rsplit("/", 1)[0] + f"/newsroom_{n}"
    return urls


def run_seed(n, url, media_root):
    command = [sys.executable, str(REPO / "bench/seed.py"), "--stories", str(n)]
    command += ["--database-url", url, "--media-root", str(media_root)]
    Path(media_root).mkdir(parents=True, exist_ok=True)
    output = run(command)
    for line in output.splitlines():
        if "stories/s" in line:
            print(f"  seed N={n:,}: {line}")


def run(command):
    """``command``'s output; its errors too, if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{shlex.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class Worker:
    """A render process for one archive (``worker`` above)."""

    def __init__(self, url, media_root, log):
        command = [sys.executable, str(REPO / "bench/render.py"), "--worker"]
        command += ["--database-url", url, "--media-root", str(media_root)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
        )
        self.log = log
        self.urls = self.read()["urls"]

    def read(self):
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            sys.exit(f"a render worker died:\n{self.log.read()[-3000:]}")
        return json.loads(line)

    def ask(self, **message):
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure(workers, name, args):
    """Queries and render times of page ``name`` in each archive.

    The archives take turns, a few renders at a time (who goes first
    alternates), so that whatever else the machine does weighs on both alike.
    A page stops early once it has spent ``--budget`` seconds and has at
    least MIN_RENDERS renders in each archive.
    """
    results = {}
    for n, worker in workers.items():
        url = worker.urls[name]
        for _ in range(WARM_UPS):
            if worker.ask(op="time", url=url, renders=1)["times"][0] > 1000 * args.budget / 10:
                break  # a slow page: once is enough to warm it
        results[n] = {"url": url, "queries": worker.ask(op="count", url=url)["queries"]}
        results[n]["times"] = []
    started = time.perf_counter()
    order = list(workers)
    for turn in range(-(-args.renders // args.batch)):
        for n in order if turn % 2 == 0 else order[::-1]:
            url = results[n]["url"]
            results[n]["times"] += workers[n].ask(op="time", url=url, renders=args.batch)["times"]
        enough = min(len(result["times"]) for result in results.values()) >= MIN_RENDERS
        if enough and time.perf_counter() - started > args.budget:
            break
    return results


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def report(small, large, results):
    """The table's lines and the targets missed."""
    lines = [
        f"{'page':<20} {'queries':>7} {'queries':>7} {'ratio':>5}"
        f" {'median ms':>9} {'p95 ms':>7} {'median ms':>9} {'p95 ms':>7} {'ratio':>5}",
        f"{'':<20} {f'N={small:,}':>7} {f'N={large:,}':>7} {'':>5}"
        f" {f'N={small:,}':>9} {'':>7} {f'N={large:,}':>9} {'':>7} {'':>5}",
    ]
    missed = []
    for name, few in results[small].items():
        many = results[large][name]
        q_small, q_large = few["queries"], many["queries"]
        m_small, m_large = statistics.median(few["times"]), statistics.median(many["times"])
        ratio = m_large / m_small
        lines.append(
            f"{name:<20} {q_small:>7} {q_large:>7} {q_large / q_small:>5.2f}"
            f" {m_small:>9.1f} {percentile(few['times'], 0.95):>7.1f}"
            f" {m_large:>9.1f} {percentile(many['times'], 0.95):>7.1f} {ratio:>5.2f}"
        )
        if q_large != q_small:
            missed.append(f"{name}: queries {q_small} -> {q_large}")
        if ratio > TIME_RATIO:
            missed.append(f"{name}: time ratio {ratio:.2f}")
        if name in BUDGETED and q_large > QUERY_BUDGET:
            missed.append(f"{name}: {q_large} queries")
    return lines, missed


def conduct(args):
    started = time.perf_counter()
    sizes = [args.small, args.large]
    work_dir = Path(tempfile.mkdtemp(prefix="newsroom-render-"))
    results = {n: {} for n in sizes}
    try:
        urls = database_urls(sizes, work_dir, args.database)
        for n in sizes:
            run_seed(n, urls[n], work_dir / str(n) / "media")
        log = open(work_dir / "workers.log", "w+")  # noqa: SIM115
        workers = {n: Worker(urls[n], work_dir / str(n) / "media", log) for n in sizes}
        try:
            for name in workers[args.small].urls:
                for n, result in measure(workers, name, args).items():
                    results[n][name] = result
        finally:
            for worker in workers.values():
                worker.close()
            log.close()
    finally:
        remove(work_dir)
    lines, missed = report(args.small, args.large, results)
    vendor = "PostgreSQL" if args.database == "postgres" else "SQLite"
    print()
    print(
        f"Render cost per page type, {vendor}, N={args.small:,} and N={args.large:,} stories; "
        f"{args.renders} renders of each page after {WARM_UPS} warm-ups, {args.batch} at a time "
        f"taking turns (fewer, at least {MIN_RENDERS}, for pages slower than "
        f"{args.budget:g} s in all), reader cache off, cache emptied before each render"
    )
    print("\n".join(lines))
    print(
        f"targets: query ratio 1, time ratio <= {TIME_RATIO}, "
        f"<= {QUERY_BUDGET} queries for the article and the listings"
    )
    print("all targets met" if not missed else "missed: " + "; ".join(missed))
    print(f"URLs at N={args.large:,}:")
    for name, result in results[args.large].items():
        print(f"  {name:<20} {result['url']}")
    print(f"command: {command_line()}  ({time.perf_counter() - started:.0f} s)")
    return 1 if missed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--renders", type=int, default=40, help="timed renders of each page")
    parser.add_argument("--batch", type=int, default=4, help="renders at a time")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds to spend timing one page at most"
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--media-root", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    if args.database == "postgres" and "NEWSROOM_BENCH_PG" not in os.environ:
        # Again, inside a throwaway cluster (which sets DATABASE_URL).
        return subprocess.run(
            [str(REPO / "scripts/with-postgres.sh"), sys.executable, *sys.argv],
            env={**os.environ, "NEWSROOM_BENCH_PG": "1"},
            check=False,
        ).returncode
    return conduct(args)


if __name__ == "__main__":
    sys.exit(main())
