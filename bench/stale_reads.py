"""Stale reads through Varnish while a story is republished, readers hammering.

Run from the repository root (needs PostgreSQL, redis-server and varnishd):

    .venv/bin/python bench/stale_reads.py [--repetitions 100] [--readers 8] [--pause 0]

Starts the stack of ``tests/site/test_varnish.py`` on loopback (PostgreSQL, Redis,
gunicorn, Varnish with ``deploy/varnish/default.vcl``), publishes the story's
headline ``--repetitions`` times and prints the race's JSON summary: stale
reads (reads sent after ``publish()`` returned that show an older headline),
seconds until each page showed each publish, publish times and reader
requests. ``--pause 0`` lets the readers run flat out.
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.site.stack import Stack, StackError, free_port, missing_programs  # noqa: E402
from tests.site.stack_publisher import RESULT_MARKER  # noqa: E402


def publisher(stack, *args, varnish=True):
    output = stack.run(
        [sys.executable, "-m", "tests.site.stack_publisher", *args],
        name=f"stack_publisher {args[0]}",
        env=stack.env(VARNISH_URL=stack.front if varnish else None),
        timeout=1800,
    )
    line = next(line for line in output.splitlines() if line.startswith(RESULT_MARKER))
    return json.loads(line.removeprefix(RESULT_MARKER))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--pause", type=float, default=0.005, help="between a reader's GETs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    if missing := missing_programs():
        sys.exit("stale_reads: needs " + ", ".join(missing))

    started = time.monotonic()
    with Stack() as stack:
        stack.start_postgres()
        stack.start_redis()
        front_port = free_port()
        with ThreadPoolExecutor(1) as background:
            built = background.submit(
                publisher, stack, "build", "--migrate", "--port", front_port, varnish=False
            )
            app = stack.start_gunicorn(workers=args.workers)
            stack.start_varnish(app, port=front_port)
            built.result()
        ready = time.monotonic()
        summary = publisher(
            stack,
            "race",
            "--front",
            stack.front,
            "--repetitions",
            args.repetitions,
            "--readers",
            args.readers,
            "--pause",
            args.pause,
        )
    summary["setup_seconds"] = round(ready - started, 1)
    print(json.dumps(summary, indent=2))
    return 1 if summary["stale_reads"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StackError as error:
        sys.exit(f"stale_reads: {error}")
