"""Queries per feed and sitemap for 50 and for 500 stories.

Run from the repository root:

    .venv/bin/python bench/feeds_sitemaps.py

Builds a throwaway SQLite site in a temporary directory, publishes 50 stories
(two tags, one or two bylines, one shared lead photo), counts the queries of a
warm request to every feed and sitemap, publishes 450 more and counts again.
A count that grows with the number of stories is an N+1 query.
"""

import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

WORK_DIR = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK_DIR / 'db.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK_DIR / "media")
os.environ["NEWSROOM_VAR_DIR"] = str(WORK_DIR)
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from PIL import Image  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from articles.models import ArticleByline, ArticlePage, Author, SectionPage  # noqa: E402
from newsroom.models import HomePage  # noqa: E402

URLS = [
    "/feed/",
    "/feed/atom/",
    "/news/feed/",
    "/news/feed/atom/",
    "/news/turkey/feed/",
    "/tags/türkiye/feed/",
    "/tags/türkiye/feed/atom/",
    "/authors/ayse-kaya/feed/",
    "/authors/ayse-kaya/feed/atom/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-news.xml",
]
# The site feed again, long enough to list every story.
ALL_ITEMS_URL = "/feed/"
ALL_ITEMS = 1000


def build_site():
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Bench"
    )
    news = home.add_child(instance=SectionPage(title="News", slug="news"))
    turkey = news.add_child(instance=SectionPage(title="Turkey", slug="turkey"))
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), (40, 90, 160)).save(buffer, "JPEG")
    photo = get_image_model().objects.create(
        title="Shared lead photo",
        credit="Meridian Press Agency",
        file=ImageFile(buffer, name="lead.jpg"),
    )
    authors = [
        Author.objects.create(name="Ayşe Kaya", slug="ayse-kaya"),
        Author.objects.create(name="John Doe", slug="john-doe"),
    ]
    return [news, turkey], photo, authors


def add_stories(sections, photo, authors, start, stop):
    with transaction.atomic():
        for i in range(start, stop):
            story = ArticlePage(
                title=f"Story {i}: Çavuşoğlu & the talks",
                slug=f"story-{i}",
                summary="What happened, in one sentence.",
                lead_photo=photo,
                lead_caption="What the photo shows.",
                body=[("paragraph", RichText("<p>Reporting.</p>"))],
            )
            sections[i % 2].add_child(instance=story)
            story.bylines = [
                ArticleByline(author=author, sort_order=n)
                for n, author in enumerate(authors[: 1 + i % 2])
            ]
            story.tags.set(["Türkiye", f"Topic {i % 5}"])
            story.save_revision().publish()


def measure(client, url):
    """Queries and milliseconds of a warm request (after one to fill caches)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, url
    return len(queries), elapsed


def measure_all(client):
    results = {url: measure(client, url) for url in URLS}
    with override_settings(NEWSROOM_FEED_ITEMS=ALL_ITEMS):
        results[f"{ALL_ITEMS_URL} (all stories)"] = measure(client, ALL_ITEMS_URL)
    return results


def main():
    # Count what building each response costs, not the reader cache's copy.
    override_settings(NEWSROOM_READER_CACHE=False).enable()
    call_command("migrate", verbosity=0)
    sections, photo, authors = build_site()
    client = Client()
    results = {}
    built = 0
    for n in (50, 500):
        started = time.perf_counter()
        add_stories(sections, photo, authors, built, n)
        print(f"published {n - built} stories in {time.perf_counter() - started:.1f}s")
        built = n
        assert ArticlePage.objects.live().count() == n
        results[n] = measure_all(client)

    print()
    print(f"{'URL':<32} {'N=50':>6} {'N=500':>6} {'ratio':>6} {'ms@50':>8} {'ms@500':>8}")
    for url in results[50]:
        (few, few_ms), (many, many_ms) = results[50][url], results[500][url]
        print(f"{url:<32} {few:>6} {many:>6} {many / few:>6.2f} {few_ms:>8.1f} {many_ms:>8.1f}")
    grew = [url for url in results[50] if results[500][url][0] != results[50][url][0]]
    print()
    if grew:
        print("query count grew for: " + ", ".join(grew))
        return 1
    print("query counts are the same for 50 and 500 stories")
    return 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        connection.close()
        shutil.rmtree(WORK_DIR, ignore_errors=True)
    sys.exit(status)
