"""Sustained reader load through Varnish: requests per second and errors.

Run from the repository root (needs PostgreSQL, redis-server, varnishd, wrk):

    .venv/bin/python bench/load.py [--stories 1000] [--seconds 60] [--connections 64]
        [--threads 2] [--workers 4]

Starts the stack of ``tests/site/test_varnish.py`` on loopback (``tests/site/stack.py``:
PostgreSQL, Redis, gunicorn with ``newsroom.settings.stack``, Varnish with
``deploy/varnish/default.vcl``), seeds ``--stories`` stories with
``bench/seed.py`` (search index included), then has ``wrk`` keep
``--connections`` connections busy for ``--seconds`` on a shuffled mix of
reader URLs, rotated by a Lua script that also counts the answers by status:

- 55% stories (a sample of 200 across the archive),
- 20% section pages, the home page, tag and author pages,
- 15% feeds (site, section, tag, author; RSS and Atom),
- 10% site searches, which Varnish always passes to gunicorn.

Every distinct URL is fetched once first (photo renditions are made on first
view). Prints requests/s, latency percentiles, the count of non-2xx answers
(the target is 0) and of socket errors (a request unanswered after wrk's
``--timeout`` of 10 s counts as one), the answers by Varnish's X-Cache,
N stories and the command that reproduces the run.
"""

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import command_line  # noqa: E402
from tests.site.stack import Stack, StackError, free_port, missing_programs  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
URLS_MARKER = "LOAD-URLS "
MIX = {"story": 55, "listing": 20, "feed": 15, "search": 10}
MIX_LENGTH = 2000

# Each wrk thread walks the shuffled list from its own offset and counts the
# answers by status; ``done`` adds up every thread's counts.
LUA = r"""
local threads = {}

function setup(thread)
    thread:set("offset", #threads * 7919)
    table.insert(threads, thread)
end

function init(args)
    paths = {}
    for line in io.lines(args[1]) do
        if #line > 0 then table.insert(paths, line) end
    end
    index = offset % #paths
    statuses = {}
end

function request()
    index = index % #paths + 1
    return wrk.format("GET", paths[index])
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    local cache = "varnish " .. (headers["X-Cache"] or "none")
    statuses[cache] = (statuses[cache] or 0) + 1
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("statuses")) do
            total[status] = (total[status] or 0) + n
        end
    end
    local parts = {}
    for status, n in pairs(total) do
        table.insert(parts, string.format('"%s": %d', status, n))
    end
    io.write("LOAD-STATUSES {" .. table.concat(parts, ", ") .. "}\n")
end
"""


def print_urls(sample):
    """In the stack's Django: the reader URLs of each kind, as one JSON line."""
    import django

    django.setup()
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import ArticlePage, Author, SectionPage

    rng = random.Random(5)
    story_ids = list(ArticlePage.objects.live().public().values_list("pk", flat=True))
    stories = ArticlePage.objects.filter(pk__in=rng.sample(story_ids, min(sample, len(story_ids))))
    sections = [section.url for section in SectionPage.objects.live().public()]
    tags = list(Tag.objects.filter(articles_articlepagetag_items__isnull=False).distinct()[:20])
    authors = list(Author.objects.filter(bylines__isnull=False).distinct()[:20])
    words = sorted({word for story in stories for word in re.findall(r"[A-Za-z]{6,}", story.title)})
    urls = {
        "story": [story.url for story in stories],
        "listing": ["/", *sections]
        + [reverse("articles:tag", args=[tag.slug]) for tag in tags]
        + [reverse("articles:author", args=[author.slug]) for author in authors],
        "feed": [reverse("articles:feed"), reverse("articles:atom_feed")]
        + [url + suffix for url in sections for suffix in ("feed/", "feed/atom/")]
        + [reverse("articles:tag_feed", args=[tag.slug]) for tag in tags[:5]]
        + [reverse("articles:author_feed", args=[author.slug]) for author in authors[:5]],
        "search": [f"/search/?q={word.lower()}" for word in rng.sample(words, min(20, len(words)))],
    }
    print(URLS_MARKER + json.dumps({"urls": urls, "stories": len(story_ids)}), flush=True)


def mixed_paths(urls):
    """MIX_LENGTH paths in the proportions of MIX, shuffled (the same every run)."""
    rng = random.Random(1)
    paths = []
    for kind, share in MIX.items():
        paths += [rng.choice(urls[kind]) for _ in range(MIX_LENGTH * share // 100)]
    rng.shuffle(paths)
    return paths


def seed(stack, stories):
    started = time.monotonic()
    stack.run(
        [sys.executable, "bench/seed.py", "--stories", stories]
        + ["--database-url", stack.database_url, "--media-root", stack.root / "var" / "media"],
        name="bench/seed.py",
        timeout=3600,
    )
    return time.monotonic() - started


def warm(front, paths, concurrency):
    """Each distinct page once, so photo renditions exist before the clock starts."""

    def fetch(path):
        try:
            with urllib.request.urlopen(front + path, timeout=120) as response:  # noqa: S310
                response.read()
        except OSError:
            return 1
        return 0

    with ThreadPoolExecutor(concurrency) as pool:
        return sum(pool.map(fetch, sorted(set(paths))))


def run_wrk(front, paths_file, script, args):
    command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s"]
    command += ["--timeout", "10s", "--latency", "-s", str(script), front, "--", str(paths_file)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    counts = json.loads(re.search(r"LOAD-STATUSES (\{.*\})", output)[1])
    varnish = {key: n for key, n in counts.items() if key.startswith("varnish ")}
    statuses = {key: n for key, n in counts.items() if key not in varnish}
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE))
    average = re.search(r"Latency\s+(\S+)", output)[1]
    socket_errors = re.search(r"Socket errors: (.*)", output)
    # connect, read, write and timeout (no answer within --timeout) counts.
    failures = sum(map(int, re.findall(r"\d+", socket_errors[1]))) if socket_errors else 0
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "requests": sum(statuses.values()),
        "latency": {"average": average, **{f"p{p}": v for p, v in latency.items()}},
        "statuses": statuses,
        "non_2xx": sum(n for status, n in statuses.items() if not 200 <= int(status) < 300),
        "socket_errors": socket_errors[1] if socket_errors else "none",
        "failed_requests": failures,
        "x_cache": varnish,
        "wrk": " ".join(command),
        "wrk_output": output,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000, help="stories to seed")
    parser.add_argument("--seconds", type=int, default=60, help="how long wrk runs")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--print-urls", type=int, metavar="SAMPLE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.print_urls:
        return print_urls(args.print_urls)
    missing = missing_programs() + ([] if Path(WRK).exists() else ["wrk (apt-get install wrk)"])
    if missing:
        sys.exit("load: needs " + ", ".join(missing))

    with Stack() as stack:
        stack.start_postgres()
        stack.start_redis()
        print(f"seeding {args.stories:,} stories …", flush=True)
        seed_seconds = seed(stack, args.stories)
        app = stack.start_gunicorn(workers=args.workers)
        front = stack.start_varnish(app, port=free_port())
        output = stack.run(
            [sys.executable, "bench/load.py", "--print-urls", "200"], name="load --print-urls"
        )
        found = json.loads(output.split(URLS_MARKER, 1)[1])
        paths = mixed_paths(found["urls"])
        paths_file = stack.root / "load-paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        script = stack.root / "load.lua"
        script.write_text(LUA)
        warming = time.monotonic()
        warm_failures = warm(front, paths, args.workers)
        warm_seconds = time.monotonic() - warming
        print(f"wrk: {args.connections} connections for {args.seconds} s …", flush=True)
        result = run_wrk(front, paths_file, script, args)

    wrk_output = result.pop("wrk_output")
    summary = {
        "stories": found["stories"],
        **result,
        "mix": {
            kind: f"{share}% of {len(found['urls'][kind])} URLs" for kind, share in MIX.items()
        },
        "warm_up_failures": warm_failures,
        "gunicorn_workers": args.workers,
        "seed_seconds": round(seed_seconds, 1),
        "warm_up_seconds": round(warm_seconds, 1),
        "command": command_line(),
    }
    print(wrk_output)
    print(json.dumps(summary, indent=2))
    return 1 if summary["non_2xx"] or summary["failed_requests"] or warm_failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StackError as error:
        sys.exit(f"load: {error}")
