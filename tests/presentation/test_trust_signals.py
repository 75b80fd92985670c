"""Trust and transparency signals: the publisher's policy pages, authors' identities, the
lead photo in the shapes search engines ask for, and social cards on every listing."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from articles.models import NewsroomSettings
from articles.models.settings import POLICIES

from ..conftest import build_story
from ..factories import (
    ArticlePageFactory,
    AuthorFactory,
    PhotoFactory,
    SectionPageFactory,
    add_bylines,
    cold_caches,
    jpeg_file,
    publish,
)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(response):
    return [json.loads(s.string) for s in soup_of(response).select("script[type*=ld]")]


def meta(soup, key):
    found = soup.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return found["content"] if found else None


@pytest.fixture
def policies(home, newsroom_settings):
    """Every policy picked: live pages, but the diversity policy is a draft and the
    no-bylines policy is behind a password."""
    pages = {}
    for field, *_rest in POLICIES:
        pages[field] = SectionPageFactory(parent=home, title=field, slug=field.replace("_", "-"))
    draft = pages["diversity_policy"]
    draft.unpublish()
    PageViewRestriction.objects.create(
        page=pages["no_bylines_policy"], restriction_type="password", password="secret"
    )
    settings_ = NewsroomSettings.objects.get(pk=newsroom_settings.pk)
    for field, page in pages.items():
        setattr(settings_, field, page)
    settings_.save()
    return pages


def test_the_publisher_is_a_news_media_organization_with_its_public_policies(
    client, turkey, policies
):
    story = build_story(turkey, slug="policed")
    (article,) = json_ld(client.get(story.url))
    publisher = article["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["ethicsPolicy"] == "http://testserver/ethics-policy/"
    assert publisher["correctionsPolicy"] == "http://testserver/corrections-policy/"
    assert publisher["masthead"] == "http://testserver/masthead/"
    shown = {key for key in publisher if key.endswith(("Policy", "Info")) or key == "masthead"}
    # Neither the draft nor the password-protected page is named.
    assert shown == {prop for _field, prop, *_rest in POLICIES} - {
        "diversityPolicy",
        "noBylinesPolicy",
    }


def test_the_footer_links_the_public_policy_pages_in_order(client, turkey, policies):
    soup = soup_of(client.get("/news/"))
    links = [(a.get_text(), a["href"]) for a in soup.select(".site-policies a")]
    assert links[0] == ("Corrections", "/corrections/")
    assert links[1:4] == [
        ("Ethics policy", "/ethics-policy/"),
        ("Corrections policy", "/corrections-policy/"),
        ("Masthead", "/masthead/"),
    ]
    assert "/diversity-policy/" not in {href for _text, href in links}
    assert "/no-bylines-policy/" not in {href for _text, href in links}
    assert len(links) == 1 + len(POLICIES) - 2


def test_unpublishing_a_policy_page_takes_it_out_of_every_page(client, turkey, policies):
    story = build_story(turkey, slug="policed")
    assert "ethicsPolicy" in json_ld(client.get(story.url))[0]["publisher"]
    policies["ethics_policy"].unpublish()
    assert "ethicsPolicy" not in json_ld(client.get(story.url))[0]["publisher"]
    footer = soup_of(client.get(story.url)).select(".site-policies a")
    assert "/ethics-policy/" not in {a["href"] for a in footer}


def test_policy_pages_cost_one_query_then_none(rf, home, policies):
    newsroom = NewsroomSettings.objects.get(site__is_default_site=True)
    one, other = reader_request(rf), reader_request(rf)
    cold_caches()
    with CaptureQueriesContext(connection) as first:
        links = newsroom.policy_links(one)
    with CaptureQueriesContext(connection) as again:
        assert newsroom.policy_links(other) == links
    assert (len(first), len(again)) == (1, 0), [q["sql"] for q in first.captured_queries]


def reader_request(rf):
    """A request whose site is known, as the reader path's middleware leaves it."""
    request = rf.get("/")
    request._wagtail_site = Site.objects.get(is_default_site=True)
    return request


def test_no_policy_picked_costs_no_query(rf, newsroom_settings):
    with CaptureQueriesContext(connection) as queries:
        assert newsroom_settings.policy_links(rf.get("/")) == []
    assert len(queries) == 0


def test_authors_are_named_by_their_page_and_their_accounts(client, turkey, newsroom_settings):
    author = AuthorFactory(
        name="Elif Yıldırım",
        slug="elif-yildirim",
        social_accounts=[
            ("account", {"network": "x", "handle": "@elif", "url": "https://x.com/elif"}),
            ("account", {"network": "mastodon", "handle": "@elif", "url": "http://old.example"}),
            ("account", {"network": "bluesky", "handle": "@elif", "url": "https://bsky.app/e"}),
        ],
    )
    story = ArticlePageFactory.build(slug="by-elif", lead_photo=PhotoFactory())
    turkey.add_child(instance=story)
    add_bylines(story, [author])
    publish(story)
    (article,) = json_ld(client.get(story.url))
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Elif Yıldırım",
            "jobTitle": "Correspondent",
            "url": "http://testserver/authors/elif-yildirim/",
            # https only: the http address is neither told nor linked.
            "sameAs": ["https://x.com/elif", "https://bsky.app/e"],
        }
    ]
    page = soup_of(client.get("/authors/elif-yildirim/"))
    assert [a["href"] for a in page.select('.author__accounts a[rel="me"]')] == [
        "https://x.com/elif",
        "https://bsky.app/e",
    ]


def test_an_authors_account_must_be_https(db):
    author = AuthorFactory.build(
        social_accounts=[("account", {"network": "x", "handle": "@a", "url": "http://x.com/a"})]
    )
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "social_accounts" in error.value.message_dict


def test_the_lead_photo_is_offered_at_three_shapes_1200_wide(client, turkey, newsroom_settings):
    story = ArticlePageFactory.build(
        slug="big-photo", lead_photo=PhotoFactory(file=jpeg_file(size=(2400, 1600)))
    )
    turkey.add_child(instance=story)
    publish(story)
    response = client.get(story.url)
    (article,) = json_ld(response)
    assert [(i["width"], i["height"]) for i in article["image"]] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    assert meta(soup_of(response), "robots") == "max-image-preview:large"


def test_a_small_lead_photo_is_cropped_but_never_enlarged(client, turkey, newsroom_settings):
    story = ArticlePageFactory.build(
        slug="small-photo", lead_photo=PhotoFactory(file=jpeg_file(size=(800, 600)))
    )
    turkey.add_child(instance=story)
    publish(story)
    (article,) = json_ld(client.get(story.url))
    assert [(i["width"], i["height"]) for i in article["image"]] == [
        (800, 450),
        (800, 600),
        (600, 600),
    ]


@pytest.mark.parametrize(
    ("path", "title", "og_type"),
    [
        ("/", "Home", "website"),
        ("/news/turkey/", "Turkey", "website"),
        ("/tags/tag-0/", "Tag 0", "website"),
        ("/authors/card-author/", "Card Author", "profile"),
    ],
)
def test_listings_have_open_graph_and_twitter_cards(
    client, turkey, newsroom_settings, settings, path, title, og_type
):
    settings.ALLOWED_HOSTS = ["*"]
    story = ArticlePageFactory.build(slug="carded", lead_photo=PhotoFactory(file=jpeg_file()))
    turkey.add_child(instance=story)
    author = AuthorFactory(name="Card Author", slug="card-author", photo=PhotoFactory())
    add_bylines(story, [author])
    story.tags.set(["Tag 0"])
    publish(story)
    # A client's Host never reaches what is cached for every reader.
    client.get(path, HTTP_HOST="evil.example")
    soup = soup_of(client.get(path))
    assert meta(soup, "og:type") == og_type
    assert meta(soup, "og:title") == title
    assert meta(soup, "og:site_name") == "Test News"
    assert meta(soup, "og:url") == "http://testserver" + path
    assert meta(soup, "og:image").startswith("http://testserver/")
    assert meta(soup, "og:image:alt")
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:title") == title
    assert len(soup.select('meta[property="og:title"]')) == 1


def test_the_home_page_names_the_publisher(client, home, policies):
    blocks = json_ld(client.get("/"))
    assert [block["@type"] for block in blocks] == ["NewsMediaOrganization"]
    assert blocks[0]["name"] == "Test News"
    assert blocks[0]["masthead"] == "http://testserver/masthead/"
    assert json_ld(client.get("/masthead/")) == []
