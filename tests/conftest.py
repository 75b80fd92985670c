from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from .factories import ArticlePageFactory, HomePageFactory, SectionPageFactory, publish

PLUGIN_TEST_SETTINGS = "tests.testapp.settings"


def pytest_ignore_collect(collection_path, config):
    # tests/site/ is the reference site's: it runs with newsroom's settings
    # (scripts/pytest-suite.sh), never with the plugin's test host.
    if collection_path == Path(__file__).parent / "site":
        return settings.SETTINGS_MODULE == PLUGIN_TEST_SETTINGS or None
    return None


def pytest_sessionfinish(session, exitstatus):
    # Django removes a file test database but not SQLite's WAL files beside it
    # (newsroom/settings/test.py keeps the reference site's test database in a file).
    for database in settings.DATABASES.values():
        name = database.get("TEST", {}).get("NAME")
        if database["ENGINE"].endswith("sqlite3") and name and not name.startswith(":memory:"):
            for suffix in ("-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_caches():
    # Rolled-back tests reuse primary keys; Wagtail caches renditions by image
    # pk, so a cache that outlives one test would hand the next stale files.
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    """A newsroom home page as the default site's root (replacing Wagtail's)."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Test News"
    )
    return home


@pytest.fixture
def news(home):
    return SectionPageFactory(parent=home, title="News", slug="news")


@pytest.fixture
def turkey(news):
    return SectionPageFactory(parent=news, title="Turkey", slug="turkey")


@pytest.fixture
def story(turkey):
    return publish(ArticlePageFactory(parent=turkey, title="A published story", slug="story"))


def body_blocks(*, quotes=1, photos=1, links=1, internal_page=None, embed=True):
    """A story body using every block, with ``quotes``/``photos``/``links`` of each."""
    from wagtail.embeds.blocks import EmbedValue
    from wagtail.rich_text import RichText

    from .factories import PhotoFactory

    blocks = [("paragraph", RichText("<p>First paragraph with <b>bold</b> reporting.</p>"))]
    for i in range(quotes):
        blocks.append(
            (
                "quote",
                {
                    "text": f"Quote number {i} from the minister.",
                    "speaker": "Mevlüt Çavuşoğlu",
                    "role": "Foreign Minister",
                    "source_name": "Daily Sabah",
                    "source_url": "https://www.example.org/report",
                    "pull_quote": i % 2 == 1,
                },
            )
        )
    for i in range(photos):
        blocks.append(
            (
                "inline_photo",
                {
                    "photo": PhotoFactory(credit=f"Agency {i}"),
                    "caption": f"Inline caption {i}",
                    "credit": "",
                    "alt_text": "",
                },
            )
        )
    link_items = []
    for i in range(links):
        if internal_page is not None and i % 2 == 0:
            link_items.append({"page": internal_page, "url": "", "title": ""})
        else:
            link_items.append(
                {"page": None, "url": f"https://www.example.org/{i}", "title": f"External {i}"}
            )
    blocks.append(("related_links", {"title": "Read more", "links": link_items}))
    blocks.append(("heading", "Background"))
    blocks.append(("paragraph", RichText("<p>Context about the Işık system.</p>")))
    if embed:
        blocks.append(("embed", EmbedValue("https://www.example.org/video/1")))
    return blocks


@pytest.fixture
def newsroom_settings(home):
    from articles.models import NewsroomSettings

    site = Site.objects.get(is_default_site=True)
    settings_ = NewsroomSettings.for_site(site)
    settings_.publisher_name = "Test News"
    settings_.alternate_addresses = [("address", "mirror-one.example.net")]
    settings_.app_links = [
        ("app", {"name": "News TV", "url": "https://apps.example.org/tv", "store": "app_store"})
    ]
    settings_.social_accounts = [
        ("account", {"network": "x", "handle": "@testnews", "url": "https://x.com/testnews"})
    ]
    settings_.save()
    return settings_


def build_story(
    section, *, n=1, title="Story", slug="story", related_page=None, tags=None, related_links=None
):
    """A published story with ``n`` of every repeatable part."""
    from .factories import AuthorFactory, PhotoFactory, add_bylines, jpeg_file

    page = ArticlePageFactory.build(
        title=title,
        slug=slug,
        # Large enough for a 1200x630 social card: Wagtail never upscales.
        lead_photo=PhotoFactory(credit="AFP", file=jpeg_file(size=(1600, 1000))),
        body=body_blocks(quotes=n, photos=n, links=n, internal_page=related_page),
    )
    section.add_child(instance=page)
    add_bylines(page, [AuthorFactory(photo=PhotoFactory()) for _ in range(n)])
    page.tags.set(tags if tags is not None else [f"Tag {i}" for i in range(n)])
    if related_links is not None:
        page.related_links = related_links
    return publish(page)


# Function-scoped: a browser kept open across tests (module scope) leaves the
# next test's database without the rows the migrations made.
@pytest.fixture
def chromium():
    from .site.browser_support import launched_chromium

    with launched_chromium() as browser:
        yield browser
