"""Requests per second through gunicorn, against the static-file ceiling.

Run from the repository root:

    .venv/bin/python bench/serve.py [--stories 10000 | --database-url URL --media-root DIR]
        [--seconds 30] [--workers 2]

Seeds an archive (``bench/seed.py``, without the search index) unless given
one, collects the static files, writes a static file as big as the rendered
article, and starts two gunicorns on 127.0.0.1 with production settings
(``newsroom.settings.bench``): one with the reader cache, on a private Redis
when ``redis-server`` is installed, and one without it. Then ``wrk`` (two
threads, 16 connections) drives each of these for ``--seconds``:

- the static file through whitenoise (in the cached server): the ceiling,
  what the stack does without Django's views;
- the article, the home page and the biggest section's first page from the
  reader cache;
- the article rendered on every request (the reader cache off; the route and
  the page's fragments come from the cache, as they do for a story that is
  read again before anything is published: ``bench/render.py`` measures
  renders without them);
- the biggest section's first page, rendered on every request.

Targets: the cached article, home page and section page each at least 50% of
the ceiling, the uncached article at least 10%. Everything started is stopped at the end.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import REPO, SETTINGS, command_line  # noqa: E402

VENV_BIN = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
REDIS = shutil.which("redis-server")
STATIC_NAME = "bench/article-size.html"
CACHED_TARGET = 0.5
UNCACHED_TARGET = 0.1


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                return response.read()
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {timeout} s")


class Processes:
    """What this benchmark started, stopped by PID at the end."""

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.running = []

    def start(self, name, command, env, stop_signal=signal.SIGTERM):
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [str(part) for part in command], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.running.append((process, stop_signal, log))
        return process

    def stop_all(self):
        for process, stop_signal, log in reversed(self.running):
            if process.poll() is None:
                process.send_signal(stop_signal)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        self.running = []


def django_env(args, work_dir, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": args.database_url,
        "MEDIA_ROOT": str(args.media_root),
        "NEWSROOM_VAR_DIR": str(work_dir),
        "STATIC_ROOT": str(work_dir / "static"),
        "NEWSROOM_BENCH_COLLECTSTATIC": "true",
        "SECRET_KEY": args.secret_key,
        "PYTHONPATH": str(REPO),
        **extra,
    }


def manage(env, *command):
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *command],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pick_urls(env):
    """The newest story's URL and the biggest section's, from the seeded database."""
    code = (
        "from bench.render import page_urls; urls = page_urls(); "
        "print(urls['article']); print(urls['section, page 1'])"
    )
    output = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return output[-2], output[-1]


def start_gunicorn(processes, name, env, workers):
    port = free_port()
    process = processes.start(
        name,
        [VENV_BIN / "gunicorn", "newsroom.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--no-control-socket"],
        env,
        stop_signal=signal.SIGQUIT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/robots.txt", process)
    return base, process


def start_redis(processes, work_dir):
    port = free_port()
    process = processes.start(
        "redis",
        [REDIS, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", work_dir],
        os.environ.copy(),
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return f"redis://127.0.0.1:{port}/0"
        if process.poll() is not None:
            break
        time.sleep(0.1)
    sys.exit("redis-server did not start")


def wrk(url, seconds):
    """Requests per second ``wrk`` gets from ``url``, and its complaints."""
    assert url.startswith("http://127.0.0.1:")
    output = subprocess.run(
        [WRK, "-t2", "-c16", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    problems = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", output)
    # The "Latency Distribution" line, not a "+/- Stdev" figure that ends in 50%.
    latency = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    return rate, latency[1] if latency else "?", problems


def header(url, name):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.headers.get(name), response.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=10_000, help="stories to seed")
    parser.add_argument("--database-url", help="an archive seeded by bench/seed.py")
    parser.add_argument("--media-root", help="its media folder")
    parser.add_argument("--seconds", type=int, default=30, help="each wrk run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is not installed (apt-get install wrk)")
    work_dir = Path(tempfile.mkdtemp(prefix="newsroom-serve-"))
    args.secret_key = secrets.token_urlsafe(40)
    processes = Processes(work_dir)
    try:
        return run(args, work_dir, processes)
    finally:
        processes.stop_all()
        shutil.rmtree(work_dir, ignore_errors=True)


def run(args, work_dir, processes):
    started = time.perf_counter()
    seeded = args.database_url is None
    if seeded:
        args.database_url = f"sqlite:///{work_dir / 'db.sqlite3'}"
        args.media_root = work_dir / "media"
        print(f"seeding {args.stories:,} stories …", flush=True)
        subprocess.run(
            [sys.executable, str(REPO / "bench/seed.py"), "--stories", str(args.stories)]
            + ["--database-url", args.database_url, "--media-root", str(args.media_root)]
            + ["--no-search-index"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    elif not args.media_root:
        sys.exit("--database-url needs --media-root")
    env = django_env(args, work_dir)
    stories = int(
        subprocess.run(
            [sys.executable, str(REPO / "manage.py"), "shell", "-c"]
            + ["from articles.models import ArticlePage; print(ArticlePage.objects.count())"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
    )
    article, section = pick_urls(env)

    manage(env, "collectstatic", "--noinput")
    uncached, uncached_process = start_gunicorn(
        processes,
        "gunicorn-uncached",
        django_env(args, work_dir, NEWSROOM_READER_CACHE="false"),
        args.workers,
    )
    # A static file as big as the article, served by the same stack: the ceiling.
    # Whitenoise lists STATIC_ROOT when the app starts, so it goes in first.
    size = len(wait_for(uncached + article, uncached_process))
    static_file = work_dir / "static" / STATIC_NAME
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes((b"<p>" + b"x" * 76 + b"</p>\n") * (size // 84) + b"x" * (size % 84))

    redis_url = None
    if REDIS:
        redis_url = start_redis(processes, work_dir)
    else:
        print("warning: no redis-server: each gunicorn worker caches pages in its own memory")
    cached, cached_process = start_gunicorn(
        processes,
        "gunicorn-cached",
        django_env(args, work_dir, **({"REDIS_URL": redis_url} if redis_url else {})),
        args.workers,
    )
    wait_for(cached + article, cached_process)
    sizes = {}
    for path in (article, "/", section):
        header(cached + path, "X-Newsroom-Cache")  # a miss, stored
        state, body = header(cached + path, "X-Newsroom-Cache")
        assert state == "hit", f"{path} from the cached server was a cache {state}"
        sizes[path] = len(body)
    state, _ = header(uncached + article, "X-Newsroom-Cache")
    assert state is None, f"the uncached server answered from its cache ({state})"

    runs = [
        ("static file (ceiling)", cached + "/static/" + STATIC_NAME),
        ("article, cached", cached + article),
        ("home page, cached", cached + "/"),
        ("section page, cached", cached + section),
        ("article, uncached", uncached + article),
        ("section page, uncached", uncached + section),
    ]
    results = []
    for name, url in runs:
        print(f"wrk {args.seconds} s: {name} …", flush=True)
        results.append((name, url, *wrk(url, args.seconds)))

    ceiling = results[0][2]
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print()
    print(
        f"Requests/s through gunicorn ({args.workers} sync workers, 127.0.0.1), "
        f"wrk -t2 -c16 -d{args.seconds}s, N={stories:,} stories, {database}, "
        f"reader cache on {'Redis' if redis_url else 'per-worker memory'}; "
        f"article {size:,} bytes, home page {sizes['/']:,}, section page {sizes[section]:,}"
    )
    print(f"{'':<24} {'req/s':>9} {'of ceiling':>10} {'median latency':>15}")
    missed = []
    for name, _url, rate, latency, problems in results:
        ratio = rate / ceiling
        print(f"{name:<24} {rate:>9,.0f} {ratio:>10.1%} {latency:>15}  {', '.join(problems)}")
        if problems:
            missed.append(f"{name}: {', '.join(problems)}")
    rates = {name: rate for name, _url, rate, _latency, _problems in results}
    cached_ratios = {
        name: rates[name] / ceiling
        for name in ("article, cached", "home page, cached", "section page, cached")
    }
    uncached_ratio = rates["article, uncached"] / ceiling
    print(
        f"targets: each cached page >= {CACHED_TARGET:.0%} of the ceiling ("
        + ", ".join(f"{name.split(',')[0]} {ratio:.1%}" for name, ratio in cached_ratios.items())
        + f"), uncached article >= {UNCACHED_TARGET:.0%} ({uncached_ratio:.1%})"
    )
    for name, ratio in cached_ratios.items():
        if ratio < CACHED_TARGET:
            missed.append(f"{name} below target")
    if uncached_ratio < UNCACHED_TARGET:
        missed.append("uncached article below target")
    print("all targets met" if not missed else "missed: " + "; ".join(missed))
    print(f"URLs: article {article}, section {section}")
    print(f"command: {command_line()}  ({time.perf_counter() - started:.0f} s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
