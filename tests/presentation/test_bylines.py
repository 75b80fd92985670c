"""Bylines read as one sentence, as a newsroom writes them."""

import pytest
from bs4 import BeautifulSoup

from ..factories import ArticlePageFactory, AuthorFactory, add_bylines, publish


def byline(client, section, authors):
    page = ArticlePageFactory(parent=section, title="Story", slug="story")
    add_bylines(page, authors)
    story = publish(page)
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    return soup.select_one(".byline")


@pytest.mark.parametrize(
    ("names", "text"),
    [
        (["Selin Kaya"], "By Selin Kaya"),
        (["Selin Kaya", "Deniz Arslan"], "By Selin Kaya and Deniz Arslan"),
        (["Selin Kaya", "Deniz Arslan", "Can Demir"], "By Selin Kaya, Deniz Arslan and Can Demir"),
    ],
)
def test_one_two_and_three_bylines_read_as_one_sentence(client, turkey, names, text):
    authors = [AuthorFactory(name=name, role="") for name in names]
    found = byline(client, turkey, authors)
    assert " ".join(found.get_text().split()) == text
    # One sentence, each name still a link to its author's page.
    assert len(found.select(".byline__text")) == 1
    links = found.select("a[rel=author]")
    assert [a.get_text() for a in links] == names
    assert [a["href"] for a in links] == [f"/authors/{a.slug}/" for a in authors]


def test_a_role_sits_between_commas_after_its_name(client, turkey):
    authors = [
        AuthorFactory(name="Selin Kaya", role="Ankara correspondent"),
        AuthorFactory(name="Deniz Arslan", role=""),
    ]
    found = byline(client, turkey, authors)
    assert " ".join(found.get_text().split()) == (
        "By Selin Kaya, Ankara correspondent, and Deniz Arslan"
    )
    assert [r.get_text() for r in found.select(".byline__role")] == ["Ankara correspondent"]


def test_three_bylines_with_roles(client, turkey):
    authors = [
        AuthorFactory(name="Selin Kaya", role="Ankara correspondent"),
        AuthorFactory(name="Deniz Arslan", role="in Istanbul"),
        AuthorFactory(name="Can Demir", role="Reuters"),
    ]
    assert " ".join(byline(client, turkey, authors).get_text().split()) == (
        "By Selin Kaya, Ankara correspondent, Deniz Arslan, in Istanbul, and Can Demir, Reuters"
    )


def test_names_and_roles_are_escaped(client, turkey):
    authors = [AuthorFactory(name="<b>Ayşe</b> & Co", role="<i>role</i>")]
    found = byline(client, turkey, authors)
    assert found.find("b") is None and found.find("i") is None
    assert " ".join(found.get_text().split()) == "By <b>Ayşe</b> & Co, <i>role</i>"
