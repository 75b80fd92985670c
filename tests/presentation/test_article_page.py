"""What a reader gets on a published story: every part, parsed."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from ..conftest import build_story

HEADLINE = 'Çavuşoğlu says "talks & trade" will go on'


@pytest.fixture
def full_story(turkey, newsroom_settings):
    other = build_story(turkey, slug="earlier", title="An earlier story")
    return build_story(turkey, n=2, title=HEADLINE, slug="cavusoglu-talks", related_page=other)


@pytest.fixture
def soup(client, full_story):
    response = client.get(full_story.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_breadcrumb_links_each_section_level(soup):
    nav = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    links = [(a.get_text(), a["href"]) for a in nav.find_all("a")]
    assert links == [("News", "/news/"), ("Turkey", "/news/turkey/")]


def test_headline_is_the_only_h1_and_the_title(soup):
    assert [h1.get_text() for h1 in soup.find_all("h1")] == [HEADLINE]
    assert soup.title.get_text().startswith(HEADLINE)


def test_dates_bylines_and_dateline(soup, full_story):
    published = soup.select_one(".article__dates time")
    # To the second: HTML allows at most three digits of a second.
    assert published["datetime"] == full_story.published_at.replace(microsecond=0).isoformat()
    names = [el.get_text() for el in soup.select(".byline__name")]
    assert len(names) == 2 and all(name.startswith("Reporter") for name in names)
    assert soup.select_one(".byline__role").get_text() == "Correspondent"
    assert soup.select_one(".dateline").get_text() == "ANKARA"


def test_lead_photo_has_responsive_image_caption_and_credit(soup, full_story):
    figure = soup.select_one("figure.article__lead")
    img = figure.find("img")
    assert img["alt"] == full_story.lead_photo.description
    assert img["width"] and img["height"]
    widths = [candidate.split()[-1] for candidate in img["srcset"].split(", ")]
    assert len(widths) >= 3 and all(w.endswith("w") for w in widths)
    assert img["sizes"]
    assert any(s["type"] == "image/webp" for s in figure.find_all("source"))
    caption = figure.find("figcaption")
    assert caption.select_one(".caption").get_text() == "What the photo shows in this story."
    assert caption.select_one(".credit").get_text() == "(Photo by AFP)"


def test_body_quotes_name_speaker_role_and_source(soup):
    quotes = soup.select("figure.quote")
    assert len(quotes) == 2
    first = quotes[0]
    assert first.blockquote.get_text(strip=True) == "Quote number 0 from the minister."
    assert first.blockquote["cite"] == "https://www.example.org/report"
    assert first.select_one(".quote__speaker").get_text() == "Mevlüt Çavuşoğlu"
    assert first.select_one(".quote__role").get_text() == "Foreign Minister"
    assert "Daily Sabah" in first.figcaption.get_text()
    assert "quote--pull" in quotes[1]["class"]


def test_inline_photos_carry_their_own_caption_and_credit(soup):
    figures = soup.select("figure.inline-photo")
    assert [f.select_one(".caption").get_text() for f in figures] == [
        "Inline caption 0",
        "Inline caption 1",
    ]
    assert [f.select_one(".credit__name").get_text() for f in figures] == ["Agency 0", "Agency 1"]
    assert all(f.img["alt"] for f in figures)


def test_read_more_list_mixes_internal_and_external_links(soup):
    aside = soup.select_one("aside.read-more")
    assert aside.h2.get_text() == "Read more:"
    links = [(a.get_text(), a["href"]) for a in aside.find_all("a")]
    assert links == [
        ("An earlier story", "/news/turkey/earlier/"),
        ("External 1", "https://www.example.org/1"),
    ]


def test_embed_without_provider_is_a_plain_link(soup):
    embed = soup.select_one("figure.embed")
    assert embed.find("iframe") is None
    assert embed.a["href"] == "https://www.example.org/video/1"


def test_tags_link_to_tag_pages(soup, client):
    links = soup.select(".tags a[rel=tag]")
    assert [a.get_text() for a in links] == ["Tag 0", "Tag 1"]
    response = client.get(links[0]["href"])
    assert response.status_code == 200
    headlines = BeautifulSoup(response.content, "html.parser").select(".teaser__headline a")
    assert HEADLINE in [a.get_text() for a in headlines]


def test_footer_shows_alternate_addresses_and_apps(soup):
    assert "mirror-one.example.net" in soup.select_one(".alternate-addresses").get_text()
    app = soup.select_one(".app-links a")
    assert app["href"] == "https://apps.example.org/tv"
    assert "App Store" in app.get_text()


def test_related_links_below_story_fall_back_to_stories_sharing_tags(soup):
    related = soup.select_one("aside.related")
    assert [a.get_text() for a in related.select(".teaser__headline a")] == ["An earlier story"]


def test_share_links_carry_canonical_url_and_headline(soup, full_story):
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "http://testserver/news/turkey/cavusoglu-talks/"
    links = {a["data-share-network"]: a["href"] for a in soup.select("a.share__link")}
    assert set(links) == {
        "facebook",
        "x",
        "linkedin",
        "whatsapp",
        "telegram",
        "reddit",
        "bluesky",
        "email",
    }
    for network, href in links.items():
        query = parse_qs(urlsplit(href).query)
        values = [value for values in query.values() for value in values]
        joined = " ".join(values)
        assert canonical in joined, network
        if network not in {"facebook", "linkedin"}:
            assert HEADLINE in joined, network
    # Percent-encoded, not raw: the ampersand and quotes must not break the query.
    assert "&amp;" not in links["x"] and '"' not in links["x"]
    assert "%C3%87avu%C5%9Fo%C4%9Flu" in links["x"]
    assert soup.select_one("[data-share-copy]")["data-share-copy"] == canonical
    assert soup.find("script", src="/static/articles/js/share.js")


def test_share_bar_is_compact_with_the_rest_under_more(soup, full_story):
    bar = soup.select_one("section.share")
    shown = [
        a["data-share-network"] for a in bar.select("a.share__link") if not a.find_parent("details")
    ]
    more = [a["data-share-network"] for a in bar.select("details a.share__link")]
    # Email and the site's first two networks in the bar; the other five behind "More".
    assert shown == ["email", "facebook", "x"]
    assert more == ["linkedin", "whatsapp", "telegram", "reddit", "bluesky"]
    assert bar.select_one("details summary").get_text(" ", strip=True) == "More ways to share"
    # Icons are drawn, not read: each icon-only control is named by its hidden text.
    for control in bar.select(".share__link--icon, .share__button--icon"):
        assert control.find("svg")["aria-hidden"] == "true"
        assert control.select_one(".visually-hidden").get_text(strip=True)
    # The device's own share sheet comes first; share.js shows it where there is one.
    first = bar.select_one(".share__list > li > *")
    assert first.has_attr("data-share-native") and first.has_attr("hidden")


def test_json_ld_describes_the_news_article(soup, full_story):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == HEADLINE
    assert data["description"] == full_story.summary
    # The lead photo (1600x1000) at 16:9, 4:3 and 1:1, as Google's Article guidelines
    # ask: 1200 px wide, but the square is the largest the photo holds, never enlarged.
    assert [(i["width"], i["height"]) for i in data["image"]] == [
        (1200, 675),
        (1200, 900),
        (1000, 1000),
    ]
    for image in data["image"]:
        assert image["@type"] == "ImageObject"
        assert image["url"].startswith("http://testserver/")
        assert image["caption"] == "What the photo shows in this story."
        assert image["creditText"] == "AFP"
    assert data["datePublished"] == full_story.published_at.isoformat()
    assert data["dateModified"]
    assert [a["@type"] for a in data["author"]] == ["Person", "Person"]
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "Test News"
    assert data["articleSection"] == "Turkey"
    assert data["keywords"] == ["Tag 0", "Tag 1"]
    assert data["mainEntityOfPage"]["@id"] == "http://testserver/news/turkey/cavusoglu-talks/"
    assert data["locationCreated"] == {"@type": "Place", "name": "ANKARA"}


def test_json_ld_cannot_be_broken_out_of(client, turkey):
    story = build_story(turkey, title="</script><script>alert(1)</script>", slug="xss")
    html = client.get(story.url).content.decode()
    assert "<script>alert(1)" not in html
    soup = BeautifulSoup(html, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_open_graph_and_twitter_card(soup, full_story):
    meta = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        meta.setdefault(key, []).append(tag.get("content"))
    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == [HEADLINE]
    assert meta["og:description"] == [full_story.summary]
    assert meta["og:url"] == ["http://testserver/news/turkey/cavusoglu-talks/"]
    assert meta["og:image"][0].startswith("http://testserver/")
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    assert meta["article:section"] == ["Turkey"]
    assert meta["article:tag"] == ["Tag 0", "Tag 1"]
    assert meta["article:published_time"] and meta["article:modified_time"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["description"] == [full_story.summary]


def test_section_lists_stories_of_sub_sections_newest_first(client, news, turkey):
    build_story(turkey, slug="older", title="Older story")
    build_story(news, slug="newer", title="Newer story")
    soup = BeautifulSoup(client.get(news.url).content, "html.parser")
    headlines = [a.get_text() for a in soup.select(".teaser__headline a")]
    assert headlines == ["Newer story", "Older story"]
    teaser = soup.select_one(".teaser")
    assert teaser.find("img") and teaser.select_one(".teaser__summary") and teaser.find("time")


def test_section_paginates(client, settings, news):
    settings.NEWSROOM_STORIES_PER_PAGE = 2
    for i in range(3):
        build_story(news, slug=f"s{i}", title=f"Story {i}")
    first = BeautifulSoup(client.get(news.url).content, "html.parser")
    assert len(first.select(".teaser")) == 2
    assert first.find("a", rel="next")["href"] == "?page=2"
    second = BeautifulSoup(client.get(news.url + "?page=2").content, "html.parser")
    assert [a.get_text() for a in second.select(".teaser__headline a")] == ["Story 0"]


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=99", "?page=-1", "?page=1.5"])
def test_bad_page_numbers_are_404_not_500(client, news, query):
    assert client.get(news.url + query).status_code == 404


@pytest.mark.parametrize(
    "path", ["/nope/", "/news/nope/", "/news/turkey/nope/", "/news/turkey/story/extra/", "/tags/x/"]
)
def test_unknown_urls_are_404(client, story, path):
    assert client.get(path).status_code == 404


def test_story_is_in_the_site_language(client, newsroom_settings, full_story):
    # The settings reach the template through Wagtail's {% get_settings %}: a host
    # needs no context processor for it.
    newsroom_settings.language = "tr"
    newsroom_settings.save()
    soup = BeautifulSoup(client.get(full_story.url).content, "html.parser")
    assert soup.select_one("article.article")["lang"] == "tr"
    assert json.loads(soup.find("script", type="application/ld+json").string)["inLanguage"] == "tr"


def test_hand_picked_related_links_are_cards_like_the_automatic_ones(client, turkey):
    other = build_story(turkey, slug="ferry", title="Ferry line reopens")
    story = build_story(
        turkey,
        slug="picked",
        title="Picked links",
        related_links=[
            ("link", {"page": other, "url": "", "title": "The ferry, a week on"}),
            ("link", {"page": None, "url": "https://example.org/report", "title": "The report"}),
        ],
    )
    response = client.get(story.url)
    related = BeautifulSoup(response.content, "html.parser").select_one("aside.related")
    story_card, link_card = related.select("li > article.teaser")
    # The story is its teaser (photo, summary, time) under the editor's own words.
    assert story_card.select_one(".teaser__headline a").get_text() == "The ferry, a week on"
    assert story_card.select_one(".teaser__headline a")["href"] == other.url
    assert story_card.find("img") is not None and story_card.find("time") is not None
    assert story_card.select_one(".teaser__summary").get_text(strip=True) == other.summary
    # A link elsewhere names its site and says once that it leaves this one.
    assert "teaser--link" in link_card["class"]
    assert link_card.select_one(".teaser__source").get_text() == "example.org"
    assert link_card.get_text().count("(external)") == 1
    assert link_card.select_one("a")["href"] == "https://example.org/report"
