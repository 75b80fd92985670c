"""The editor's side of the stack tests, run inside the stack's own settings.

    python -m tests.site.stack_publisher build --port PORT [--migrate]
    python -m tests.site.stack_publisher publish --headline TEXT
    python -m tests.site.stack_publisher race --front URL --repetitions N --readers R
    python -m tests.site.stack_publisher lifecycle --front URL
    python -m tests.site.stack_publisher embargo [--revoke]

``build`` (after ``migrate``, if asked) makes a small site: home, News >
Turkey, one story with a tag and a byline. ``publish`` publishes a new headline
once. ``race`` publishes "Headline 001", "Headline 002", ... while reader
threads fetch every page that shows the headline through ``--front``
(Varnish), and counts stale reads: reads sent after ``publish()`` returned
that still show an older headline. ``lifecycle`` moves, unpublishes and
deletes a second story, reading every page that listed it through ``--front``
right after each change. ``embargo`` schedules a story for tomorrow and makes
a preview link to it (``--revoke``: revokes its links). Each prints one
``STACK-RESULT {json}`` line.
"""

import argparse
import http.client
import io
import itertools
import json
import multiprocessing
import os
import re
import statistics
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import django

RESULT_MARKER = "STACK-RESULT "
STORY_SLUG = "stack-story"
TAG = "harbour"
AUTHOR_SLUG = "stack-reporter"
HEADLINE = "Headline {:03d}"
HEADLINE_RE = re.compile(rb"Headline (\d{3})")


def build(port):
    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.models import Page, Site
    from wagtail.rich_text import RichText

    from articles.models import ArticleByline, ArticlePage, Author, SectionPage
    from media.details import create_photo
    from newsroom.models import HomePage

    root = Page.get_first_root_node()
    stock = Page.objects.filter(depth=2).exclude(content_type__model="homepage")
    home = root.add_child(instance=HomePage(title="Stack News", slug="stack-home"))
    home.save_revision().publish()
    Site.objects.all().delete()
    stock.delete()
    Site.objects.create(
        hostname="127.0.0.1", port=port, root_page=home, is_default_site=True, site_name="Stack"
    )
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    news.save_revision().publish()
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    turkey.save_revision().publish()

    buffer = io.BytesIO()
    Image.new("RGB", (800, 500), (40, 90, 160)).save(buffer, "JPEG")
    photo = create_photo(
        title="Harbour",
        credit="Stack Agency",
        description="The harbour",
        file=ImageFile(buffer, "h.jpg"),
    )
    author = Author.objects.create(name="Stack Reporter", slug=AUTHOR_SLUG)
    story = ArticlePage(
        title=HEADLINE.format(0),
        slug=STORY_SLUG,
        summary="What happened at the harbour.",
        lead_photo=photo,
        body=[("paragraph", RichText("<p>The story.</p>"))],
    )
    turkey.add_child(instance=story)
    story.tags.set([TAG])
    story.bylines = [ArticleByline(author=author, sort_order=0)]
    story.save_revision().publish()
    return {"story": story.url, "home": home.url, "sections": [news.url, turkey.url]}


def listing_paths(story):
    """The story and every page that shows its headline."""
    from django.urls import reverse

    from articles.models import SectionPage

    paths = [story.url, story.get_site().root_page.url]
    paths += [section.url for section in SectionPage.objects.ancestor_of(story)]
    paths += [
        reverse("articles:tag", args=[TAG]),
        reverse("articles:author", args=[AUTHOR_SLUG]),
        reverse("articles:feed"),
    ]
    return paths


def publish(headline):
    from django.db import transaction

    from articles.models import ArticlePage

    story = ArticlePage.objects.get(slug=STORY_SLUG)
    story.title = headline
    started = time.monotonic()
    # As the page editor does: the purge runs once the transaction commits.
    with transaction.atomic():
        story.save_revision().publish()
    return time.monotonic() - started


def headlines(body):
    return [int(number) for number in HEADLINE_RE.findall(body)]


class Front:
    """Keep-alive GETs against the front end, as a reader's browser would."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = None

    def get(self, path, host=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            headers = {"Host": host} if host else {}
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise


class Publications:
    """The last publish that returned, and when: memory shared with the readers."""

    def __init__(self, context):
        self.shared = context.Array("d", 2)

    def set(self, number, returned_at):
        with self.shared.get_lock():
            self.shared[0], self.shared[1] = number, returned_at

    def get(self):
        with self.shared.get_lock():
            return int(self.shared[0]), self.shared[1]


class Readers:
    """Reader threads in a process of their own, fetching ``paths`` until stopped.

    A separate process keeps the readers from competing with the publisher for
    one interpreter's lock. Each read is judged against the publishes that had
    returned before it was sent (the clock is the system's monotonic one).
    """

    def __init__(self, front_url, paths, count, pause):
        context = multiprocessing.get_context("fork")
        self.publications = Publications(context)
        self.stopping = context.Event()
        self.results, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=read_until_stopped,
            args=(front_url, paths, count, pause, self.publications, self.stopping, sender),
            daemon=True,
        )

    def __enter__(self):
        self.process.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()

    def stop(self):
        self.stopping.set()
        return self.results.recv()


def read_until_stopped(front_url, paths, count, pause, publications, stopping, results):
    lock = threading.Lock()
    summary = {"reads": 0, "stale": [], "statuses": Counter(), "failures": Counter(), "fresh": {}}

    def read(offset):
        front = Front(front_url)
        for path in itertools.cycle(paths[offset:] + paths[:offset]):
            if stopping.wait(pause):
                return
            expected, returned_at = publications.get()
            try:
                status, headers, body = front.get(path)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    summary["failures"][type(error).__name__] += 1
                continue
            done = time.monotonic()
            seen = headlines(body)
            with lock:
                summary["reads"] += 1
                summary["statuses"][status] += 1
                if status != 200:
                    continue
                if not seen or min(seen) < expected:
                    summary["stale"].append(stale_record("reader", path, expected, seen, headers))
                elif expected and (expected, path) not in summary["fresh"]:
                    summary["fresh"][expected, path] = done - returned_at

    threads = [
        threading.Thread(target=read, args=(offset % len(paths),)) for offset in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.send(summary)


def stale_record(who, path, expected, seen, headers):
    return {
        "who": who,
        "path": path,
        "expected": expected,
        "seen": sorted(set(seen)),
        "x_cache": headers.get("X-Cache"),
        "age": headers.get("Age"),
        "app_cache": headers.get("X-Newsroom-Cache"),
    }


def poll_until_fresh(front, path, number, returned_at, deadline):
    """Seconds until ``path`` showed publish ``number`` (None: never), and stale reads."""
    stale = []
    while True:
        status, headers, body = front.get(path)
        seen = headlines(body)
        if status == 200 and seen and min(seen) >= number:
            return time.monotonic() - returned_at, stale
        stale.append(stale_record("publisher", path, number, seen, headers))
        if time.monotonic() - returned_at > deadline:
            return None, stale
        time.sleep(0.01)


class StoryChecker(threading.Thread):
    """The editor's own look at the story after each publish returns.

    A thread, so the next publish need not wait for the page to render: when
    publishes come faster than it checks, it checks the latest.
    """

    def __init__(self, front_url, path, deadline):
        super().__init__(daemon=True)
        self.front = Front(front_url)
        self.path = path
        self.deadline = deadline
        self.latest = (0, 0.0)
        self.checked = 0
        self.finished = False
        self.changed = threading.Condition()
        self.fresh, self.stale = {}, []

    def published(self, number, returned_at):
        with self.changed:
            self.latest = (number, returned_at)
            self.changed.notify_all()

    def finish(self):
        with self.changed:
            self.finished = True
            self.changed.notify_all()
        self.join(self.deadline + 15)

    def run(self):
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.latest[0] > self.checked or self.finished)
                if self.latest[0] <= self.checked:
                    return
                number, returned_at = self.latest
            seconds, stale = poll_until_fresh(
                self.front, self.path, number, returned_at, self.deadline
            )
            self.fresh[number, self.path] = seconds
            self.stale += stale
            self.checked = number


def race(front_url, repetitions, reader_count, pause, deadline):
    """Publish ``repetitions`` headlines while readers fetch every page showing them."""
    from articles.models import ArticlePage

    story = ArticlePage.objects.get(slug=STORY_SLUG)
    paths = listing_paths(story)
    publish_seconds = []
    started = time.monotonic()
    checker = StoryChecker(front_url, paths[0], deadline)
    with Readers(front_url, paths, reader_count, pause) as readers:
        checker.start()
        time.sleep(0.5)  # The readers fill the cache first.
        for number in range(1, repetitions + 1):
            publish_seconds.append(publish(HEADLINE.format(number)))
            returned_at = time.monotonic()
            readers.publications.set(number, returned_at)
            checker.published(number, returned_at)
        checker.finish()
        read = readers.stop()
    fresh, stale = checker.fresh, checker.stale + read["stale"]
    for key, seconds in read["fresh"].items():
        fresh.setdefault(key, seconds)
    # Every page shows the last headline, whatever the readers happened to see.
    front = Front(front_url)
    for path in paths:
        seconds, stale_reads = poll_until_fresh(
            front, path, repetitions, time.monotonic(), deadline
        )
        if seconds is None or (repetitions, path) not in fresh:
            fresh[repetitions, path] = seconds
        stale += stale_reads
    seconds_to_fresh = [seconds for seconds in fresh.values() if seconds is not None]
    return {
        "repetitions": repetitions,
        "readers": reader_count,
        "paths": paths,
        "reader_requests": read["reads"],
        "stale_reads": len(stale),
        "stale_examples": stale[:10],
        "not_fresh_within_deadline": sorted(
            key for key, seconds in fresh.items() if seconds is None
        ),
        # (publish, page) pairs seen fresh after the publish, by a reader or the editor.
        "pages_checked": len(fresh),
        "pages_published": repetitions * len(paths),
        "non_2xx": sum(n for status, n in read["statuses"].items() if not 200 <= status < 300),
        "statuses": {str(status): n for status, n in read["statuses"].items()},
        "request_failures": dict(read["failures"]),
        "max_seconds_to_fresh": round(max(seconds_to_fresh, default=float("inf")), 4),
        "p50_seconds_to_fresh": round(statistics.median(seconds_to_fresh or [float("inf")]), 4),
        "p50_publish_seconds": round(statistics.median(publish_seconds), 4),
        "max_publish_seconds": round(max(publish_seconds), 4),
        "seconds": round(time.monotonic() - started, 2),
    }


LIFECYCLE_HEADLINE = "Harbour lifecycle story"


class PageChecks:
    """Reads pages through the front end right after a change; notes what is wrong."""

    def __init__(self, front_url):
        self.front = Front(front_url)
        self.failures = []

    def warm(self, paths):
        """Fetch until cached, so a later read proves a purge reached the cache."""
        for path in paths:
            for _ in range(3):
                status, headers, _ = self.front.get(path)
                if status == 200 and headers.get("X-Cache") == "HIT":
                    break
            else:
                self.failures.append(f"{path} is not cached by the front end")

    def variants(self, path):
        """``path`` under other forms of the front's host, and spelt with an escape."""
        port = self.front.port
        hosts = [f"127.0.0.1.:{port}", f"LOCALHOST:{port}", "127.0.0.1:443", f"localhost:{port}"]
        escaped = path.replace("/news/", "/%6Eews/", 1)
        return [(host, path) for host in hosts] + [(None, escaped)]

    def warm_variants(self, path):
        for host, variant in self.variants(path):
            for _ in range(2):
                self.front.get(variant, host=host)

    def expect_no_variant_shows(self, step, path):
        """No other form of ``path`` answers with the story: a redirect, or the page gone."""
        for host, variant in self.variants(path):
            got, headers, body = self.front.get(variant, host=host)
            if LIFECYCLE_HEADLINE.encode() in body or got == 200:
                self.failures.append(
                    f"after {step}: {variant} as {host or 'the front'} answered {got} "
                    f"({headers.get('X-Cache')}) with the story"
                )

    def expect(self, step, path, *, status=200, listed=True, moved_to=None):
        got, headers, body = self.front.get(path)
        shown = LIFECYCLE_HEADLINE.encode() in body
        if moved_to and got in (301, 302) and urlsplit(headers.get("Location")).path == moved_to:
            return  # Wagtail's redirects app sends readers of the old URL on.
        if got != status or (status == 200 and shown != listed):
            self.failures.append(
                f"after {step}: {path} answered {got} ({headers.get('X-Cache')}), "
                f"story {'shown' if shown else 'not shown'}"
            )


def lifecycle(front_url):
    """Move, unpublish, republish and delete a story: each is seen at once."""
    from django.db import transaction
    from wagtail.rich_text import RichText

    from articles.models import ArticleByline, ArticlePage

    first = ArticlePage.objects.get(slug=STORY_SLUG)
    turkey = first.get_parent().specific
    news = turkey.get_parent().specific
    story = ArticlePage(
        title=LIFECYCLE_HEADLINE,
        slug="lifecycle",
        summary="Moved, unpublished and deleted by the stack tests.",
        lead_photo=first.lead_photo,
        body=[("paragraph", RichText("<p>The story.</p>"))],
    )
    turkey.add_child(instance=story)
    story.tags.set([TAG])
    story.bylines = [ArticleByline(author=first.bylines.get().author, sort_order=0)]
    story.save_revision().publish()
    listings = listing_paths(story)[1:]
    checks = PageChecks(front_url)

    old_url = story.url
    checks.warm([old_url, *listings])
    with transaction.atomic():
        story.move(news, pos="last-child")
    story.refresh_from_db()
    checks.expect("move", old_url, status=404, moved_to=story.url)
    checks.expect("move", story.url)
    checks.expect("move", turkey.url, listed=False)
    for path in listings:
        if path != turkey.url:
            checks.expect("move", path)

    # The first story lists this one among its related stories (same tag and
    # author): no list of URLs names such pages, so a takedown bans the site.
    related = first.url
    checks.warm([story.url, related, *listings])
    checks.warm_variants(story.url)
    checks.expect("publish", related)
    with transaction.atomic():
        story.unpublish()
    checks.expect("unpublish", story.url, status=404)
    checks.expect_no_variant_shows("unpublish", story.url)
    for path in [related, *listings]:
        checks.expect("unpublish", path, listed=False)

    story.save_revision().publish()
    # A publish leaves other stories' related lists to their s-maxage; a
    # correction to the first story brings the related list up to date.
    first.save_revision().publish()
    checks.warm([story.url, related, *listings])
    checks.expect("republish", related)
    with transaction.atomic():
        story.delete()
    checks.expect("delete", story.url, status=404)
    for path in [related, *listings]:
        checks.expect("delete", path, listed=False)
    return {"failures": checks.failures}


EMBARGO_SLUG = "stack-embargo"
EMBARGO_HEADLINE = "Embargoed stack story"


def embargo(revoke):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.rich_text import RichText

    from articles.models import ArticlePage, PreviewLink, SectionPage

    if revoke:
        for link in PreviewLink.objects.filter(story__slug=EMBARGO_SLUG):
            link.revoke()
        return {"revoked": True}
    turkey = SectionPage.objects.get(slug="turkey")
    story = ArticlePage(
        title=EMBARGO_HEADLINE,
        slug=EMBARGO_SLUG,
        summary="Under embargo.",
        lead_photo=ArticlePage.objects.get(slug=STORY_SLUG).lead_photo,
        live=False,
        body=[("paragraph", RichText("<p>Not before tomorrow.</p>"))],
    )
    turkey.add_child(instance=story)
    story.go_live_at = timezone.now() + timedelta(days=1)
    story.save_revision(approved_go_live_at=story.go_live_at).publish()
    _link, token = PreviewLink.create_for(story)
    return {"story": story.url, "shared": f"/shared/{token}/"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build")
    build_parser.add_argument("--port", type=int, required=True)
    build_parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    publish_parser = commands.add_parser("publish")
    publish_parser.add_argument("--headline", required=True)
    race_parser = commands.add_parser("race")
    race_parser.add_argument("--front", required=True)
    race_parser.add_argument("--repetitions", type=int, default=100)
    race_parser.add_argument("--readers", type=int, default=8)
    race_parser.add_argument("--pause", type=float, default=0.0, help="between a reader's GETs")
    race_parser.add_argument("--deadline", type=float, default=1.0)
    lifecycle_parser = commands.add_parser("lifecycle")
    lifecycle_parser.add_argument("--front", required=True)
    embargo_parser = commands.add_parser("embargo")
    embargo_parser.add_argument("--revoke", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.stack")
    django.setup()
    if args.command == "build":
        if args.migrate:
            # In this process: one Django start-up fewer than manage.py would cost.
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        result = build(args.port)
    elif args.command == "publish":
        result = {"seconds": publish(args.headline)}
    elif args.command == "race":
        result = race(args.front, args.repetitions, args.readers, args.pause, args.deadline)
    elif args.command == "embargo":
        result = embargo(args.revoke)
    else:
        result = lifecycle(args.front)
    print(RESULT_MARKER + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
