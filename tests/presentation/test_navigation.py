"""The site's navigation: its top-level sections in the header and footer, and a section's own."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from ..conftest import build_story
from ..factories import SectionPageFactory, cold_caches

NAVIGATION = Template("{% load articles_tags %}{% newsroom_navigation %}")
FOOTER = Template("{% load articles_tags %}{% newsroom_footer_navigation %}")


def render(template, page=None):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    html = template.render(Context({"request": request, "page": page}))
    return BeautifulSoup(html, "html.parser")


def links(soup, selector=".site-nav__list--inline a"):
    return [(a.get_text(), a["href"], a.get("aria-current")) for a in soup.select(selector)]


@pytest.fixture
def sport(home):
    return SectionPageFactory(parent=home, title="Sport", slug="sport")


def test_top_level_sections_in_tree_order_with_no_current_one(news, sport):
    soup = render(NAVIGATION)
    nav = soup.select_one("nav.site-nav")
    assert nav["aria-label"] == "Sections"
    assert links(soup) == [("News", "/news/", None), ("Sport", "/sport/", None)]
    # The phone's menu holds the same links.
    assert links(soup, ".site-nav__menu a") == links(soup)
    assert soup.select_one(".site-nav__menu summary").get_text() == "Sections"


def test_sub_sections_are_not_in_the_site_navigation(turkey, sport):
    assert [text for text, _, _ in links(render(NAVIGATION))] == ["News", "Sport"]


def test_the_section_itself_is_the_current_page(news, sport):
    assert links(render(NAVIGATION, page=sport)) == [
        ("News", "/news/", None),
        ("Sport", "/sport/", "page"),
    ]


def test_the_section_a_story_is_in_is_current(news, sport, turkey):
    story = build_story(turkey, slug="in-turkey")
    for page in (turkey, story):
        assert links(render(NAVIGATION, page=page)) == [
            ("News", "/news/", "true"),
            ("Sport", "/sport/", None),
        ]
    # On the front page, no section is.
    assert [current for _, _, current in links(render(NAVIGATION, page=news.get_parent()))] == [
        None,
        None,
    ]


def test_hidden_unpublished_and_private_sections_are_left_out(home, news):
    SectionPageFactory(parent=home, title="Archive", slug="archive", show_in_menus=False)
    SectionPageFactory(parent=home, title="Draft desk", slug="draft-desk", live=False)
    private = SectionPageFactory(parent=home, title="Staff only", slug="staff")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert [text for text, _, _ in links(render(NAVIGATION))] == ["News"]
    assert [a.get_text() for a in render(FOOTER).select(".footer-nav a")] == ["News"]


def test_no_sections_no_navigation(home):
    assert render(NAVIGATION).select("nav") == []
    assert render(FOOTER).select("nav") == []


def test_footer_lists_the_same_sections_without_marking_one(news, sport):
    soup = render(FOOTER, page=sport)
    assert soup.select_one("nav.footer-nav")["aria-label"] == "Site sections"
    assert links(soup, ".footer-nav a") == [("News", "/news/", None), ("Sport", "/sport/", None)]


def test_one_query_then_none_until_something_is_published(
    news, sport, django_assert_num_queries, django_capture_on_commit_callbacks
):
    cold_caches()
    # The site, then the sections: the header and footer of one page share them.
    both = Template(
        "{% load articles_tags %}{% newsroom_navigation %}{% newsroom_footer_navigation %}"
    )
    with django_assert_num_queries(2):
        render(both, page=sport)
    with django_assert_num_queries(0):
        soup = render(both, page=news)
    assert links(soup)[0] == ("News", "/news/", "page")
    # However many sections there are.
    for n in range(10):
        SectionPageFactory(parent=news.get_parent(), slug=f"extra-{n}")
    cold_caches()
    with django_assert_num_queries(2):
        assert len(links(render(NAVIGATION))) == 12


def test_a_section_lists_its_sub_sections(client, news, turkey, home):
    SectionPageFactory(parent=news, title="World", slug="world")
    SectionPageFactory(parent=news, title="Hidden draft", slug="hidden", live=False)
    private = SectionPageFactory(parent=news, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    SectionPageFactory(parent=turkey, title="Ankara", slug="ankara")  # a grandchild
    soup = BeautifulSoup(client.get("/news/").content, "html.parser")
    nav = soup.select_one("nav.subsections")
    assert nav["aria-label"] == "Sections in News"
    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [
        ("Turkey", "/news/turkey/"),
        ("World", "/news/world/"),
    ]
    # Above the stories.
    assert nav.find_next("h1") is None
    leaf = BeautifulSoup(client.get("/news/turkey/ankara/").content, "html.parser")
    assert leaf.select("nav.subsections") == []
