"""Sustained reader load through Varnish: requests per second and errors.

Run from the repository root (needs PostgreSQL, redis-server, varnishd, wrk):

    .venv/bin/python bench/load.py [--stories 1000] [--seconds 60] [--connections 64]
        [--threads 2] [--workers 4]
    .venv/bin/python bench/load.py --search-flood [--stories 300] [--seconds 20]
        [--connections 32] [--search-clients 16] [--flood-rate 2000] [--probe-rate 50]
        [--app-nice 0] [--no-compare]
    .venv/bin/python bench/load.py --beacons [--stories 1000] [--seconds 30]

Starts the stack of ``tests/site/test_varnish.py`` on loopback (``tests/site/stack.py``:
PostgreSQL, Redis, gunicorn with ``newsroom.settings.stack``, Varnish with
``deploy/varnish/default.vcl``), seeds ``--stories`` stories with
``bench/seed.py`` (search index included), then has ``wrk`` keep
``--connections`` connections busy for ``--seconds`` on a shuffled mix of
reader URLs, rotated by a Lua script that also counts the answers by status:

- 55% stories (a sample of 200 across the archive),
- 20% section pages, the home page, tag and author pages,
- 15% feeds (site, section, tag, author; RSS and Atom),
- 10% site searches, which Varnish always passes to gunicorn, each from one of
  4,096 readers' addresses in X-Forwarded-For (wrk plays a TLS proxy, so the app
  runs with ``TRUSTED_PROXY_COUNT=2``), as the search limits count them.

Every distinct URL is fetched once first (photo renditions are made on first
view). Prints requests/s, latency percentiles, the count of non-2xx answers
(the target is 0) and of socket errors (a request unanswered after wrk's
``--timeout`` of 10 s counts as one), the answers by Varnish's X-Cache,
N stories and the command that reproduces the run.

``--search-flood`` measures instead what distinct searches do to a cached
story (issue 13, "Search that holds under load"). One story URL is fetched
through Varnish at ``--probe-rate`` a second on one keep-alive connection,
first with the stack quiet for ``--seconds``, then for as long again while
wrk keeps ``--connections`` (default 32) connections searching: two random
words of the archive's headlines, so stories match, and a made-up one, so the
app's search cache answers none; each from one of ``--search-clients``
addresses in X-Forwarded-For, ``--flood-rate`` searches a second in all
(2,000 by default: some thirty times what one gunicorn worker can search;
0 is as many as wrk can send, which on a small machine measures mostly the
CPU wrk itself takes from the server it shares it with, as no real attacker
does). wrk plays a TLS proxy in front of Varnish, which
appends the reader's address, so the app runs with ``TRUSTED_PROXY_COUNT=2``
and the search rate (``NEWSROOM_SEARCH_RATE`` a minute per address) answers
429 past it. Prints the story's p50/p90/p99 quiet and under the flood, their
ratios against the target of 2x, the flood's answers by status (200 searched,
429 over the rate) and the command; exits 1 if the target is missed or
anything failed. Unless ``--no-compare``, the same is measured again on a
second gunicorn and Varnish with ``NEWSROOM_SEARCH_RATE = 0`` and
``NEWSROOM_SEARCH_CACHE_SECONDS = 0`` and Varnish without its search
throttle, as search was before the change (these settings are not read from
the environment, so that app runs with a settings module written to the
stack's folder that sets them on top of the stack's).
``--beacons`` measures what the "Most read" beacon costs readers (issue 15). The
mix runs twice on one stack, side by side: alone, then with a second wrk
posting each story's beacon (``/reads/``, a browser's User-Agent, so every one
is counted) at the rate readers of the mix's stories would send them (its share of
the first run's requests a second, divided by ``--sample``). Prints both runs' requests/s and
percentiles, their ratios, and the beacons' own rate, latency and statuses
(the target is 0 non-2xx).

``--app-nice N`` runs both gunicorns and PostgreSQL at niceness N, to see what leaving the
CPU to Varnish first does on a machine the flood keeps busy.
"""

import argparse
import http.client
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import command_line  # noqa: E402
from tests.site.stack import Stack, StackError, free_port, missing_programs  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
URLS_MARKER = "LOAD-URLS "
MIX = {"story": 55, "listing": 20, "feed": 15, "search": 10}
MIX_LENGTH = 2000
TARGET_RATIO = 2  # issue 13: a cached story within 2x its quiet latency during a search flood
PERCENTILES = (50, 90, 99)
QUIET_CPU_PERCENT = 20  # above it, something else was running during the quiet run

# Each wrk thread counts the answers by status; ``done`` adds up every thread's counts.
LUA_COUNTS = r"""
local threads = {}

function setup(thread)
    thread:set("offset", #threads * 7919)
    table.insert(threads, thread)
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

# The mix: each thread walks the shuffled list from its own offset.
LUA = (
    LUA_COUNTS
    + r"""
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
    local path = paths[index]
    if string.sub(path, 1, 8) == "/search/" then
        -- Searches come from many readers, as a TLS proxy in front would say,
        -- not all from one address the search limits would soon refuse.
        reader = (reader or offset) % 4096 + 1
        local address = string.format("10.9.%d.%d", math.floor(reader / 256), reader % 256)
        return wrk.format("GET", path, {["X-Forwarded-For"] = address})
    end
    return wrk.format("GET", path)
end
"""
)

# The beacons: each story's id posted to ``args[1]`` (the read beacon's path), the ids
# read from ``args[2]``, one request per ``args[3]`` ms per connection.
LUA_BEACON = (
    LUA_COUNTS
    + r"""
function init(args)
    path = args[1]
    ids = {}
    for line in io.lines(args[2]) do
        if #line > 0 then table.insert(ids, line) end
    end
    pause = tonumber(args[3])
    index = offset % #ids
    statuses = {}
end

function delay()
    return pause
end

function request()
    index = index % #ids + 1
    return wrk.format("POST", path, {
        ["Content-Type"] = "text/plain;charset=UTF-8",
        ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0",
    }, ids[index])
end
"""
)

# The search flood: two random headline words a request, so that stories match
# (search's operator is "or"), and a made-up one, so that no two searches are
# alike and the app's search cache answers none; each from one of ``args[2]``
# client addresses (10.0.x.y) that an outer proxy would have put in
# X-Forwarded-For. ``args[3]`` seeds the choices, different for each run.
LUA_FLOOD = (
    LUA_COUNTS
    + r"""
function init(args)
    words = {}
    for line in io.lines(args[1]) do
        if #line > 0 then table.insert(words, line) end
    end
    clients = tonumber(args[2])
    math.randomseed(tonumber(args[3]) * 1000 + offset)
    pause = tonumber(args[4])
    statuses = {}
end

function delay()
    return pause
end

function request()
    local made_up = {}
    for i = 1, 7 do
        made_up[i] = string.char(math.random(97, 122))
    end
    local picked = {words[math.random(#words)], words[math.random(#words)], table.concat(made_up)}
    local client = math.random(clients)
    local address = string.format("10.0.%d.%d", math.floor(client / 256), client % 256)
    return wrk.format("GET", "/search/?q=" .. table.concat(picked, "+"),
                      {["X-Forwarded-For"] = address})
end
"""
)


def print_urls(sample):
    """In the stack's Django: the reader URLs of each kind, as one JSON line."""
    import django

    django.setup()
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import ArticlePage, Author, SectionPage

    rng = random.Random(5)
    story_ids = list(ArticlePage.objects.live().public().values_list("pk", flat=True))
    sampled = rng.sample(story_ids, min(sample, len(story_ids)))
    stories = ArticlePage.objects.filter(pk__in=sampled)
    sections = [section.url for section in SectionPage.objects.live().public()]
    tags = list(
        Tag.objects.filter(newsroom_articles_articlepagetag_items__isnull=False).distinct()[:20]
    )
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
    # The flood's words: every headline's, so most searches find stories to list.
    titles = ArticlePage.objects.live().public().values_list("title", flat=True)
    vocabulary = sorted(
        {word.lower() for title in titles for word in re.findall(r"[A-Za-z]{4,}", title)}
    )
    from articles import conf

    found = {
        "urls": urls,
        "story_ids": sampled,
        "beacon": reverse("articles:read_beacon"),
        "stories": len(story_ids),
        "vocabulary": vocabulary,
        "search_settings": {
            name: conf.get(name)
            for name in ("NEWSROOM_SEARCH_CACHE_SECONDS", "NEWSROOM_SEARCH_RATE")
        },
    }
    print(URLS_MARKER + json.dumps(found), flush=True)


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


def wrk_command(front, script, script_args, args):
    command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s"]
    command += ["--timeout", "10s", "--latency", "-s", str(script), front, "--"]
    return command + [str(arg) for arg in script_args]


def run_wrk(front, paths_file, script, args):
    command = wrk_command(front, script, [paths_file], args)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return wrk_figures(command, output)


def wrk_figures(command, output):
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


# Search as it was before issue 13, for the flood's comparison run.
UNLIMITED_SEARCH_SETTINGS = '''"""bench/load.py --search-flood: every search run, at any rate."""

from newsroom.settings.stack import *  # noqa: F403

NEWSROOM_SEARCH_CACHE_SECONDS = 0
NEWSROOM_SEARCH_RATE = 0
'''


class BenchStack(Stack):
    """The stack, with ``overrides`` in the environment of the processes it starts next.

    With ``site``, another stack's site: its database, Redis, media and secret key
    (the photos' files are in its media folder), for a second app beside its own.
    """

    def __init__(self, site=None):
        super().__init__()
        self.overrides = {}
        self.site = site
        if site is not None:
            self.database_url, self.redis_url = site.database_url, site.redis_url

    def env(self, **extra):
        if self.site is not None:
            shared = self.site.env()
            extra = {
                **{name: shared[name] for name in ("SECRET_KEY", "NEWSROOM_VAR_DIR", "MEDIA_ROOT")},
                **extra,
            }
        return super().env(**{**self.overrides, **extra})


def percentile(ordered, share):
    """The nearest-rank percentile of an ordered list."""
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def cpu_times():
    """The machine's CPU time so far, busy and in all, from /proc/stat (Linux)."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return sum(fields) - idle, sum(fields)


def probe(front, path, seconds, rate):
    """GET ``path`` ``rate`` times a second on one keep-alive connection, as one reader would.

    Each request's time from sending to the last byte of the body; a slot the
    previous answer overran is skipped rather than sent late in a burst.
    """
    parts = urllib.parse.urlsplit(front)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    times, statuses, caches, errors = [], Counter(), Counter(), 0
    interval = 1 / rate
    cpu_before = cpu_times()
    started = time.perf_counter()
    due = started
    while due < started + seconds:
        time.sleep(max(0, due - time.perf_counter()))
        sent = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()  # the next request opens a new connection
        else:
            times.append(time.perf_counter() - sent)
            statuses[str(response.status)] += 1
            caches[response.getheader("X-Cache", "none")] += 1
        due = max(due + interval, time.perf_counter())
    connection.close()
    cpu_after = cpu_times()
    ordered = sorted(times)
    latency = {f"p{p}": round(percentile(ordered, p) * 1000, 2) for p in PERCENTILES}
    return {
        "requests": len(times),
        "latency_ms": latency if ordered else {},
        "statuses": dict(statuses),
        "x_cache": dict(caches),
        "errors": errors,
        # Anything else on the machine (a test run) shows here in the quiet run.
        "machine_cpu_busy_percent": round(
            100 * (cpu_after[0] - cpu_before[0]) / max(1, cpu_after[1] - cpu_before[1])
        )
        if cpu_before and cpu_after
        else None,
    }


def start_app(stack, workers, settings_source=None, nice=0, edit_vcl=None):
    """gunicorn (with a settings module of its own, if given) and a Varnish in front of it.

    wrk stands for a TLS proxy in front of Varnish that appends each reader's
    address to X-Forwarded-For: two trusted proxies, so the app counts
    searches per address that the flood sends.
    """
    # The site's address is Varnish's: other ports are redirected to it
    # (articles.middleware.CanonicalURLMiddleware), as a reader's would be.
    front_port = free_port()
    point_site_at(stack, front_port)
    stack.overrides = {"TRUSTED_PROXY_COUNT": 2}
    if settings_source:
        folder = stack.root / "settings"
        folder.mkdir(exist_ok=True)
        (folder / "load_unlimited_search.py").write_text(settings_source)
        stack.overrides |= {
            "DJANGO_SETTINGS_MODULE": "load_unlimited_search",
            "PYTHONPATH": os.pathsep.join([str(folder), stack.env()["PYTHONPATH"]]),
        }
    try:
        app = stack.start_gunicorn(workers=workers)
    finally:
        stack.overrides = {}
    port = app.rsplit(":", 1)[1]
    stack.app_log = f"gunicorn-{port}"
    if nice:
        renice_gunicorn(port, nice)
        renice_postgres(stack.site or stack, nice)
    return stack.start_varnish(app, port=front_port, edit_vcl=edit_vcl)


SEARCH_THROTTLE = re.compile(r"\n\s*if \(vsthrottle\.is_denied\(.*?\n        \}", re.DOTALL)


def without_search_throttle(vcl):
    """The VCL without its refusal of a reader's searches past the rate (before issue 13)."""
    vcl, count = SEARCH_THROTTLE.subn("", vcl)
    if count != 1:
        raise StackError(f"Expected one search throttle in the VCL, found {count}")
    return vcl


SITE_PORT = """
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", {port}
site.save()  # Wagtail's cached site lookups follow
"""


def point_site_at(stack, port):
    stack.run(
        [sys.executable, "manage.py", "shell", "-c", SITE_PORT.format(port=int(port))],
        name="site port",
    )


def renice_gunicorn(port, nice):
    """Lower the priority of the gunicorn on ``port``: its master and workers (all one command)."""
    bind = f"\0--bind\0127.0.0.1:{port}\0".encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if bind in cmdline.read_bytes():
                os.setpriority(os.PRIO_PROCESS, int(cmdline.parent.name), nice)
        except OSError:
            pass  # a process that has just exited


def renice_postgres(stack, nice):
    """Lower the priority of the stack's PostgreSQL: its postmaster and the backends
    running now; those it forks later inherit it.

    A search's work is mostly the database's, so the app at a lower priority
    includes it (in production it is often on a host of its own).
    """
    postmaster = int((stack.root / "postgres" / "data" / "postmaster.pid").read_text().split()[0])
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if postmaster in (pid, parent):
                os.setpriority(os.PRIO_PROCESS, pid, nice)
        except (OSError, ValueError, IndexError):
            pass  # a process that has just exited


def flood(stack, front, found, words_file, args, seed):
    """The story's latency quiet, then under the search flood; and the flood's figures.

    The pages of the mix are fetched first, as in the mix, so that what the app
    keeps in each process and in Redis (sites, routes, photos) is warm.
    """
    story = found["urls"]["story"][0]
    warm_failures = warm(front, [*found["urls"]["listing"], *found["urls"]["story"]], args.workers)
    warm(front, [story], 1)  # stored in Varnish, now served from it
    time.sleep(3)  # what the warm-up set going (tasks, the database's writes) settles
    print(f"  {story} quiet for {args.seconds} s …", flush=True)
    quiet = probe(front, story, args.seconds, args.probe_rate)
    script = stack.root / "flood.lua"
    script.write_text(LUA_FLOOD)
    # Each connection waits this long before its next search (wrk's delay()).
    pause_ms = round(args.connections * 1000 / args.flood_rate) if args.flood_rate else 0
    command = wrk_command(front, script, [words_file, args.search_clients, seed, pause_ms], args)
    print(f"  … and with {args.connections} connections searching …", flush=True)
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as wrk:
        time.sleep(1)  # every connection busy before the clock starts
        flooded = probe(front, story, max(1, args.seconds - 2), args.probe_rate)
        output, errors = wrk.communicate()
    if wrk.returncode:
        raise StackError(f"wrk failed ({wrk.returncode}): {errors}")
    searches = wrk_figures(command, output)
    searches.pop("wrk_output")
    searches.pop("non_2xx")
    searches["server_errors"] = sum(n for code, n in searches["statuses"].items() if code >= "500")
    if searches["server_errors"]:
        searches["app_log_tail"] = stack.log_tail(stack.app_log, 60).splitlines()
    ratio = {
        p: round(flooded["latency_ms"][p] / quiet["latency_ms"][p], 2) for p in quiet["latency_ms"]
    }
    missed = [p for p, times in ratio.items() if times > TARGET_RATIO]
    time.sleep(2)  # searches queued behind the flood finish before anything else is timed
    return {
        "story_quiet": quiet,
        "story_flooded": flooded,
        "ratio": ratio,
        "target": f"within {TARGET_RATIO}x at "
        + ", ".join(ratio)
        + (": met" if not missed else ": NOT met at " + ", ".join(missed)),
        "searches": searches,
        "warm_up_failures": warm_failures,
    }


def search_flood(stack, args, seed_seconds):
    output = stack.run(
        [sys.executable, "bench/load.py", "--print-urls", "200"], name="load --print-urls"
    )
    found = json.loads(output.split(URLS_MARKER, 1)[1])
    story = found["urls"]["story"][0]
    words_file = stack.root / "flood-words.txt"
    words_file.write_text("\n".join(found["vocabulary"]) + "\n")
    rate = found["search_settings"]["NEWSROOM_SEARCH_RATE"]
    runs = {}
    print("search limits on (the settings' defaults) …", flush=True)
    runs["with_limits"] = flood(
        stack, start_app(stack, args.workers, nice=args.app_nice), found, words_file, args, 1
    )
    runs["with_limits"]["settings"] = {**found["search_settings"], "TRUSTED_PROXY_COUNT": 2}
    runs["with_limits"]["searches_run_at_most"] = (
        f"{args.search_clients} addresses x {rate} a minute = {args.search_clients * rate}"
        " (and any query the cache answers)"
    )
    if args.compare:
        print("search limits off, as before issue 13 …", flush=True)
        # A stack folder of its own for the second gunicorn and Varnish (one
        # Varnish a folder), on the same site.
        with BenchStack(site=stack) as before:
            front = start_app(
                before,
                args.workers,
                UNLIMITED_SEARCH_SETTINGS,
                args.app_nice,
                edit_vcl=without_search_throttle,
            )
            runs["without_limits"] = flood(before, front, found, words_file, args, 2)
        runs["without_limits"]["settings"] = {
            "NEWSROOM_SEARCH_CACHE_SECONDS": 0,
            "NEWSROOM_SEARCH_RATE": 0,
            "TRUSTED_PROXY_COUNT": 2,
            "varnish_search_throttle": False,
        }
    return {
        "stories": found["stories"],
        "story": story,
        "probe": f"one keep-alive connection through Varnish, {args.probe_rate:g} requests/s",
        "flood": f"{args.connections} wrk connections ({args.threads} threads), each search 2 of "
        f"{len(found['vocabulary'])} headline words and a made-up one, from "
        f"{args.search_clients} client addresses in X-Forwarded-For, "
        + (f"{args.flood_rate:,} searches/s sent" if args.flood_rate else "as fast as wrk can"),
        **runs,
        "gunicorn_workers": args.workers,
        "gunicorn_nice": args.app_nice,
        "seed_seconds": round(seed_seconds, 1),
        "command": command_line(),
    }


def print_flood(summary):
    """The figures side by side, after the JSON."""
    print(json.dumps(summary, indent=2))
    print(
        f"\n{summary['story']} through Varnish, ms    "
        + "".join(f"{p:>9}" for p in ("p50", "p90", "p99"))
    )
    for name in ("with_limits", "without_limits"):
        run = summary.get(name)
        if run is None:
            continue
        print(name.replace("_", " "))
        for label, key in (("quiet", "story_quiet"), ("searches flooding", "story_flooded")):
            row = run[key]["latency_ms"]
            busy = run[key]["machine_cpu_busy_percent"]
            print(
                f"  {label:<38}"
                + "".join(f"{row[p]:>9.2f}" for p in row)
                + (f"   (machine's CPU {busy}% busy)" if busy is not None else "")
            )
        busy = run["story_quiet"]["machine_cpu_busy_percent"]
        if busy is not None and busy > QUIET_CPU_PERCENT:
            print(f"  warning: the machine was not quiet ({busy}% busy): other work skews these")
        print(f"  {'ratio':<38}" + "".join(f"{run['ratio'][p]:>8.2f}x" for p in run["ratio"]))
        print(f"  target: {run['target']}")
        searches = run["searches"]
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(searches["statuses"].items()))
        print(
            f"  searches: {statuses} ({searches['requests_per_second']:g}/s, "
            f"socket errors: {searches['socket_errors']})"
        )
    print(f"command: {summary['command']}")


def flood_failed(summary):
    """Errors with the limits on, or the story past the target (the run without is a record)."""
    run = summary["with_limits"]
    errors = (
        run["searches"]["server_errors"]
        or run["searches"]["failed_requests"]
        or run["warm_up_failures"]
        or any(
            run[key]["errors"] or set(run[key]["statuses"]) != {"200"}
            for key in ("story_quiet", "story_flooded")
        )
    )
    return errors or not run["target"].endswith(": met")


def mix(stack, args, seed_seconds):
    """The reader mix through Varnish: its summary and wrk's own report."""
    front_port = free_port()
    point_site_at(stack, front_port)
    # wrk plays the TLS proxy that says which reader searches (LUA).
    stack.overrides = {"TRUSTED_PROXY_COUNT": 2}
    app = stack.start_gunicorn(workers=args.workers)
    front = stack.start_varnish(app, port=front_port)
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
    if args.beacons:
        return beacon_runs(stack, front, found, paths_file, script, result, args), wrk_output
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
    return summary, wrk_output


def beacon_runs(stack, front, found, paths_file, script, alone, args):
    """The mix again with the stories' beacons beside it: both runs and the beacons."""
    story_share = MIX["story"] / 100
    rate = alone["requests_per_second"] * story_share / args.sample
    connections = 16
    pause_ms = max(1, round(connections * 1000 / max(rate, 1)))
    ids_file = stack.root / "beacon-ids.txt"
    ids_file.write_text("\n".join(map(str, found["story_ids"])) + "\n")
    beacon_script = stack.root / "beacon.lua"
    beacon_script.write_text(LUA_BEACON)
    beacon_args = argparse.Namespace(**{**vars(args), "connections": connections, "threads": 1})
    command = wrk_command(front, beacon_script, [found["beacon"], ids_file, pause_ms], beacon_args)
    print(f"wrk: the mix again, with beacons at {rate:.0f}/s …", flush=True)
    beacons = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        with_beacons = run_wrk(front, paths_file, script, args)
    finally:
        output = beacons.communicate(timeout=args.seconds + 60)[0]
    sent = wrk_figures(command, output)
    with_beacons.pop("wrk_output")
    sent.pop("wrk_output")

    def ratio(key):
        return round(ms(with_beacons["latency"][key]) / ms(alone["latency"][key]), 2)

    return {
        "stories": found["stories"],
        "alone": {k: alone[k] for k in ("requests_per_second", "latency", "non_2xx")},
        "with_beacons": {k: with_beacons[k] for k in ("requests_per_second", "latency", "non_2xx")},
        "throughput_ratio": round(
            with_beacons["requests_per_second"] / alone["requests_per_second"], 3
        ),
        "latency_ratios": {key: ratio(key) for key in ("p50", "p90", "p99")},
        "beacons": {k: sent[k] for k in ("requests_per_second", "latency", "statuses", "non_2xx")},
        "beacons_per_story_request": round(
            sent["requests_per_second"] / (with_beacons["requests_per_second"] * story_share), 4
        ),
        "sample": args.sample,
        "command": command_line(),
    }


def ms(text):
    """wrk's latency (``850.00us``, ``3.21ms``, ``1.02s``) in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000, help="stories to seed")
    parser.add_argument("--seconds", type=int, default=60, help="how long wrk runs")
    parser.add_argument("--connections", type=int, help="wrk connections (64; 32 for a flood)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--search-flood",
        action="store_true",
        help="a cached story's latency, quiet and while distinct searches flood the site",
    )
    parser.add_argument(
        "--search-clients", type=int, default=16, help="client addresses the flood comes from"
    )
    parser.add_argument(
        "--flood-rate",
        type=int,
        default=2000,
        help="the flood's searches a second in all (0: as fast as wrk can send)",
    )
    parser.add_argument(
        "--probe-rate", type=float, default=50, help="the story's requests a second"
    )
    parser.add_argument(
        "--app-nice",
        type=int,
        default=0,
        metavar="N",
        help="run gunicorn and PostgreSQL at niceness N (flood only), so Varnish's hits go first",
    )
    parser.add_argument(
        "--compare",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="flood again with search's cache and rate off (as before)",
    )
    parser.add_argument(
        "--beacons",
        action="store_true",
        help="the reader mix alone, then with the stories' read beacons beside it",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=1,
        help="with --beacons: one story view in N sends one (NEWSROOM_MOST_READ_SAMPLE)",
    )
    parser.add_argument("--print-urls", type=int, metavar="SAMPLE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.print_urls:
        return print_urls(args.print_urls)
    if args.connections is None:
        args.connections = 32 if args.search_flood else 64
    if not 0 < args.search_clients < 65536:
        parser.error("--search-clients: from 1 to 65535")
    missing = missing_programs() + ([] if Path(WRK).exists() else ["wrk (apt-get install wrk)"])
    if missing:
        sys.exit("load: needs " + ", ".join(missing))

    with BenchStack() as stack:
        stack.start_postgres()
        stack.start_redis()
        print(f"seeding {args.stories:,} stories …", flush=True)
        seed_seconds = seed(stack, args.stories)
        if args.search_flood:
            summary = search_flood(stack, args, seed_seconds)
        else:
            summary, wrk_output = mix(stack, args, seed_seconds)
    if args.search_flood:
        print_flood(summary)
        return 1 if flood_failed(summary) else 0
    print(wrk_output)
    print(json.dumps(summary, indent=2))
    if args.beacons:
        return 1 if summary["beacons"]["non_2xx"] or summary["with_beacons"]["non_2xx"] else 0
    return (
        1 if summary["non_2xx"] or summary["failed_requests"] or summary["warm_up_failures"] else 0
    )


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StackError as error:
        sys.exit(f"load: {error}")
