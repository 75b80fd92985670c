"""The reference site's own pages around the plugin's: errors, robots.txt, the demo."""

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from articles.models import ArticlePage, NewsroomSettings

from ..presentation.test_query_budget import QUERY_BUDGET, count_queries

# The plugin's budget, and the site's navigation in the header and footer: one
# query per site after each publish (cold_caches makes every render the first).
# The demo's policy pages, picked in its settings, come with the site's query,
# as the plugin's budget test measures.
SITE_QUERY_BUDGET = QUERY_BUDGET + 1


@pytest.mark.parametrize(
    "path",
    [
        "/nope/",
        "/news/nope/",
        "/news/turkey/nope/",
        "/news/turkey/story/extra/",
        "/tags/x/",
        *(f"/news/{query}" for query in ["?page=abc", "?page=0", "?page=99", "?page=-1"]),
        "/news/?page=1.5",
    ],
)
def test_not_found_is_the_site_own_page(client, story, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_robots_and_favicon(client, home):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and b"User-agent: *" in robots.content
    assert client.get("/favicon.ico").status_code == 301


def test_robots_txt_names_the_sitemaps(client, home):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


@pytest.mark.django_db
def test_demo_stories_fit_the_budget(settings):
    settings.NEWSROOM_READER_CACHE = False
    # Under the demo site's own address: any other is redirected to it.
    client = Client(HTTP_HOST="127.0.0.1:8000")
    call_command("newsroom_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stories = ArticlePage.objects.live()
    assert stories.count() >= 3
    for story in stories:
        url = story.url.replace("http://127.0.0.1:8000", "")
        n, sql = count_queries(client, url)
        assert n <= SITE_QUERY_BUDGET, f"{story.title}: {n}\n" + "\n".join(sql)


def test_not_found_is_in_the_site_language(client, story):
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.language = "tr"
    newsroom.save()
    response = client.get("/nope/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="tr">' in page and "Sayfa bulunamadı" in page
    assert "Page not found" not in page and "Skip to content" not in page


@pytest.mark.parametrize(
    ("title", "seo_title", "expected"),
    [
        # The front page named as the site is the site's name once, not "X | X".
        ("Test News", "", "Test News"),
        ("Home", "", "Home | Test News"),
        # An editor's search-engine title for the front page stands alone.
        ("Test News", "Test News: the city's paper", "Test News: the city's paper"),
    ],
)
def test_the_front_page_title_names_the_site_once(client, home, title, seo_title, expected):
    home.title, home.seo_title = title, seo_title
    home.save_revision().publish()
    content = client.get("/").content.decode()
    assert f"<title>{expected}</title>" in content.replace("&#x27;", "'")


def test_a_story_title_ends_with_the_site_name(client, story):
    assert f"<title>{story.title} | Test News</title>" in client.get(story.url).content.decode()
