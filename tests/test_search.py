"""Site search: headline, summary, body, tags and bylines; diacritics optional."""

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from articles.text import fold

from .factories import ArticlePageFactory, AuthorFactory, PhotoFactory, add_bylines, publish


def headlines(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".teaser__headline a")]


@pytest.fixture
def stories(news, turkey, django_capture_on_commit_callbacks):
    """Three live stories and a draft, indexed as publishing would index them."""
    with django_capture_on_commit_callbacks(execute=True):
        radar = ArticlePageFactory.build(
            lead_photo=PhotoFactory(),
            title="Radar delivered",
            slug="radar",
            summary="Coastal radar arrives early.",
            body=[("paragraph", RichText("<p>Minister Mevlüt Çavuşoğlu praised the crews.</p>"))],
        )
        turkey.add_child(instance=radar)
        radar.tags.set(["Defence"])
        add_bylines(radar, [AuthorFactory(name="Elif Yıldırım", slug="elif")])
        publish(radar)
        barrier = ArticlePageFactory.build(
            title="Flood barrier opens",
            slug="barrier",
            summary="Gates close for a test.",
            lead_photo=PhotoFactory(),
        )
        news.add_child(instance=barrier)
        barrier.tags.set(["Climate"])
        publish(barrier)
        draft = ArticlePageFactory.build(
            title="Embargoed radar scoop",
            slug="scoop",
            summary="Radar secrets.",
            live=False,
            lead_photo=PhotoFactory(),
        )
        turkey.add_child(instance=draft)
    return {"radar": radar, "barrier": barrier, "draft": draft}


def test_fold_strips_turkish_diacritics():
    assert fold("Işık Çavuşoğlu İzmit Yıldırım") == "Isik Cavusoglu Izmit Yildirim"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("barrier", ["Flood barrier opens"]),  # headline
        ("gates", ["Flood barrier opens"]),  # summary
        ("crews", ["Radar delivered"]),  # body text
        ("Defence", ["Radar delivered"]),  # tag
        ("Yıldırım", ["Radar delivered"]),  # byline
        ("Yildirim", ["Radar delivered"]),  # byline without diacritics
        ("Çavuşoğlu", ["Radar delivered"]),
        ("Cavusoglu", ["Radar delivered"]),
    ],
)
def test_search_finds_stories_by_every_field(client, stories, query, expected):
    assert headlines(client.get("/search/", {"q": query})) == expected


def test_drafts_are_never_found(client, stories):
    assert headlines(client.get("/search/", {"q": "radar"})) == ["Radar delivered"]
    assert headlines(client.get("/search/", {"q": "Embargoed"})) == []


def test_search_filters_by_section(client, stories, news, turkey):
    assert headlines(client.get("/search/", {"q": "radar", "section": turkey.pk})) == [
        "Radar delivered"
    ]
    found = headlines(client.get("/search/", {"q": "gates", "section": turkey.pk}))
    assert found == []
    assert headlines(client.get("/search/", {"q": "gates", "section": news.pk})) == [
        "Flood barrier opens"
    ]


@pytest.mark.parametrize(
    "params", [{"q": "x", "section": "abc"}, {"q": "x" * 500}, {"q": "radar", "page": "zz"}]
)
def test_bad_search_input_is_never_a_500(client, stories, params):
    response = client.get("/search/", params)
    assert response.status_code in {200, 404}


def test_search_page_has_labelled_form(client, home):
    soup = BeautifulSoup(client.get("/search/").content, "html.parser")
    field = soup.find("input", attrs={"name": "q"})
    assert soup.find("label", attrs={"for": field["id"]})
    assert soup.find(attrs={"role": "search"})


def test_author_page_lists_their_live_stories(client, stories):
    soup = BeautifulSoup(client.get("/authors/elif/").content, "html.parser")
    assert soup.h1.get_text() == "Elif Yıldırım"
    assert [a.get_text() for a in soup.select(".teaser__headline a")] == ["Radar delivered"]
    assert client.get("/authors/nobody/").status_code == 404


def test_byline_links_to_author_page(client, stories):
    soup = BeautifulSoup(client.get(stories["radar"].url).content, "html.parser")
    assert soup.select_one(".byline__name a")["href"] == "/authors/elif/"
