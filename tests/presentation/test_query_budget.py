"""A reader's uncached story costs a fixed, small number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..conftest import build_story
from ..factories import cold_caches, jpeg_file

# The site with its settings and policy pages, the route with the story, its
# bylines, tags, notes, related stories, linked pages, photos with their
# renditions, embeds, and the site's breaking-news banner (cold_caches makes
# every render the first, as in a process's first request).
QUERY_BUDGET = 10


@pytest.fixture(autouse=True)
def uncached(settings):
    # The budget is for a render: the reader cache would answer without one.
    settings.NEWSROOM_READER_CACHE = False


def count_queries(client, url):
    # The first request makes the photos' renditions; the second is the
    # reader's cost, with nothing cached and, as in the first request a
    # process serves, no content type known.
    assert client.get(url).status_code == 200
    cold_caches()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.fixture
def small_photos(monkeypatch):
    from .. import factories

    monkeypatch.setattr(
        factories.PhotoFactory,
        "file",
        factories.factory.LazyFunction(lambda: jpeg_file(size=(500, 300))),
    )


@pytest.mark.parametrize("with_page_links", [False, True])
def test_query_count_does_not_grow_with_story_size(
    client, turkey, newsroom_settings, small_photos, with_page_links
):
    target = build_story(turkey, slug="target", title="Target")
    counts = {}
    for n in (1, 30):
        links = (
            [("link", {"page": target, "url": "", "title": ""})] * n if with_page_links else None
        )
        story = build_story(
            turkey,
            n=n,
            slug=f"story-{n}",
            title=f"Story {n}",
            related_page=target,
            related_links=links,
        )
        counts[n], sql = count_queries(client, story.url)
        assert counts[n] <= QUERY_BUDGET, "\n".join(sql)
    assert counts[1] == counts[30]


@pytest.mark.parametrize("with_links", [False, True])
def test_the_publishers_policy_pages_keep_the_budget(
    client, home, turkey, newsroom_settings, with_links
):
    """Picked policy pages (the publisher's JSON-LD, the footer) are read with the
    pages the story links to, in their one query; one query of their own for a
    story that links to none."""
    from articles.models.settings import POLICIES

    from ..factories import SectionPageFactory

    target = build_story(turkey, slug="target", title="Target") if with_links else None
    story = build_story(turkey, slug="story", title="Story", related_page=target)
    without, _sql = count_queries(client, story.url)
    for field, *_rest in POLICIES:
        page = SectionPageFactory(parent=home, title=field, slug=field.replace("_", "-"))
        setattr(newsroom_settings, field, page)
    newsroom_settings.save()
    with_policies, sql = count_queries(client, story.url)
    assert with_policies == without + (0 if with_links else 1), "\n".join(sql)
    assert with_policies <= QUERY_BUDGET, "\n".join(sql)
    assert client.get(story.url).content.count(b'href="/masthead/"') >= 1
