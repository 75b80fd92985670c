"""Reader pages are in the site's language: every word around the story, not only <article lang>."""

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

import articles

from ..conftest import build_story

ENGLISH = [
    "Published",
    "Related stories",
    "Share this article",
    "Copy link",
    "Topics",
    "(Photo by",
    "as reported by",
    "opens in a new tab",
]


@pytest.fixture
def turkish(newsroom_settings):
    newsroom_settings.language = "tr"
    newsroom_settings.save()
    return newsroom_settings


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def test_a_story_on_a_turkish_site_reads_in_turkish(client, turkey, turkish):
    other = build_story(turkey, slug="earlier", title="Önceki haber")
    story = build_story(turkey, n=2, slug="iki-imza", related_page=other)
    response, soup = read(client, story.url)
    assert response["Content-Language"] == "tr"
    assert soup.html["lang"] == "tr"
    text = " ".join(soup.get_text().split())
    for turkish_words in [
        "Yayımlandı",
        "İlgili haberler",
        "Bu haberi paylaş",
        "Bağlantıyı kopyala",
        "Konular",
        "(Fotoğraf: AFP)",
        "(yeni sekmede açılır)",
    ]:
        assert turkish_words in text, turkish_words
    for english in ENGLISH:
        assert english not in text, english
    # The month in Turkish too (Django's own catalog), as the date's <time> says it.
    published = soup.select_one(".article__dates time")
    assert published.get_text().split()[1] in {
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
        "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
    }  # fmt: skip
    byline = " ".join(soup.select_one(".byline__text").get_text().split())
    names = [a.get_text() for a in soup.select(".byline a[rel=author]")]
    assert byline == f"Yazan: {names[0]}, Correspondent ve {names[1]}, Correspondent"
    share = soup.select_one("[data-share-copy]")
    assert share["data-share-copied"] == "Bağlantı panoya kopyalandı."


def test_listings_and_search_read_in_turkish(client, turkey, turkish):
    build_story(turkey, slug="bir")
    _, section = read(client, turkey.url)
    assert section.html["lang"] == "tr"
    _, search = read(client, "/search/?q=Story")
    assert search.find("h1").get_text() == "Ara"
    assert search.select_one(".search__button").get_text() == "Ara"
    assert "için 1–1 arası haberler, en yeniler önce" in search.select_one(".search__count").text
    _, empty = read(client, "/search/?q=yok")
    assert empty.select_one(".search__count").get_text() == "“yok” için haber bulunamadı"


def test_an_english_site_stays_english(client, turkey, newsroom_settings):
    story = build_story(turkey, n=2, slug="two")
    response, soup = read(client, story.url)
    assert response["Content-Language"] == "en"
    assert soup.html["lang"] == "en"
    byline = " ".join(soup.select_one(".byline__text").get_text().split())
    assert byline.startswith("By ") and ", Correspondent, and " in byline
    assert "Yayımlandı" not in soup.get_text()


def test_the_admin_keeps_the_editors_language(admin_client, turkish):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Language" not in response
    assert b'lang="en' in response.content


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")
@pytest.mark.parametrize("app", ["articles", "newsroom"])
def test_every_marked_string_has_a_turkish_translation(tmp_path, monkeypatch, app):
    # makemessages over a copy of the app, merged into a copy of its Turkish
    # catalogue: a string marked since (or left unmarked and then marked) shows
    # as untranslated or fuzzy.
    source = Path(articles.__file__).parent.parent / app
    copy = tmp_path / app
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["tr"], no_location=True, no_obsolete=True, verbosity=0)
    catalogue = copy / "locale/tr/LC_MESSAGES/django.po"
    compiled = tmp_path / "django.mo"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", compiled, catalogue],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    # And the committed .mo is the .po compiled: Django reads only the .mo.
    subprocess.run(
        ["msgfmt", "-o", compiled, source / "locale/tr/LC_MESSAGES/django.po"], check=True
    )
    assert compiled.read_bytes() == (source / "locale/tr/LC_MESSAGES/django.mo").read_bytes()
