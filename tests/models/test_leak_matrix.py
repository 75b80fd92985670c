"""Unpublished never leaks: every way a story stops being public, on every surface.

For each state a story can be in without being public (a draft, scheduled,
embargoed with a preview link out, expired, unpublished, private behind a
password or a login, deleted, and the unpublished newer draft of a live story)
the story carries markers of its own in its headline, summary, body and a tag.
The surfaces readers and machines read are warmed in the reader cache first
(while the story is still public, where it ever was), the story then changes
state, and no marker may be found anywhere an anonymous reader looks: the
story's own address, listings, tag and author pages, feeds, sitemaps, search,
the API, other stories' related lists, 'Read more' links, metadata and ninjs
export. An embargoed story's surfaces are read by the holder of its preview
link, after reading it at ``/shared/<token>/``: the story, and its photo's
renditions there, are seen nowhere else.

Each surface is a subtest, so a failing report names the state and the surface.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site
from wagtail.rich_text import RichText

from articles.models import ArticleByline, BreakingBanner, PreviewLink

from ..factories import (
    ArticlePageFactory,
    AuthorFactory,
    PhotoFactory,
    add_bylines,
    jpeg_file,
    publish,
)

STATES = [
    "draft",
    "scheduled",
    "embargoed",
    "expired",
    "unpublished",
    "private_password",
    "private_login",
    "deleted",
    "newer_draft",
]
# States in which the story was public (and cached) before it changed.
WAS_PUBLIC = {"expired", "unpublished", "private_password", "private_login", "deleted"}
# States in which the story was never live.
NEVER_LIVE = {"draft", "scheduled", "embargoed"}
# Scheduled to go live tomorrow: ``embargoed`` is also shared by a preview link.
SCHEDULED = {"scheduled", "embargoed"}
FIELDS = ("headline", "summary", "body", "tag", "photo", "author")


@pytest.fixture(autouse=True)
def reader_cache(settings):
    settings.NEWSROOM_READER_CACHE = True
    # One reader runs every search here within seconds: the matrix is about
    # what searches show, the limits have tests of their own.
    settings.NEWSROOM_SEARCH_RATE = 0


def markers(prefix):
    # One word each, so search backends find them as a term.
    return {name: f"{prefix}{name}zq" for name in FIELDS}


def own_photo(marks):
    """A photo only this story uses, its title, caption and credit marked."""
    return PhotoFactory(
        title=f"{marks['photo']} photo",
        credit=f"{marks['photo']} credit",
        file=jpeg_file(size=(80, 50)),
    )


def own_author(marks):
    """An author whose only byline is on this story."""
    return AuthorFactory(name=f"{marks['author']} Writer", slug=f"{marks['author']}-writer")


def build(
    section, *, title, slug, marks, author, photo, tags=(), related_links=None, body=None, live=True
):
    """A story with ``marks`` in every text field, not yet published.

    A marked story has a photo and an author of its own too, besides the
    shared ones: neither may be seen anywhere once the story is hidden.
    """
    if marks:
        photo = own_photo(marks)
    page = ArticlePageFactory.build(
        live=live,
        title=f"{marks['headline']} headline" if marks else title,
        slug=slug,
        summary=f"{marks['summary']} summary" if marks else f"{title} summary",
        lead_photo=photo,
        body=body
        or [("paragraph", RichText(f"<p>{marks['body'] if marks else title} reporting.</p>"))],
    )
    section.add_child(instance=page)
    add_bylines(page, [author, own_author(marks)] if marks else [author])
    page.tags.set([*tags, *([marks["tag"]] if marks else [])])
    if related_links is not None:
        page.related_links = related_links
    page.save()
    return page


@dataclass
class World:
    """The site around the story under test, and what to look for."""

    state: str
    leak: object
    leak_path: str
    leak_pk: int
    hidden: dict  # field -> marker that must never be seen
    shown: dict = field(default_factory=dict)  # field -> marker that must stay visible
    reader: object = None
    linker: object = None
    control: object = None
    author: object = None
    own_author_slug: str = ""
    photo_pk: int = None  # the story's own lead photo
    token: str = ""  # an embargoed story's preview link
    renditions: dict = field(default_factory=dict)  # what its holder saw of the photo


@pytest.fixture
def world(request, turkey, newsroom_settings, django_capture_on_commit_callbacks):
    """A control story, the story in ``state`` (still public if it ever was) and two
    stories that point at it: one by a 'Read more' list in its body (and related
    stories from the fallback), one by its page-level related links."""
    state = request.param
    author = AuthorFactory(name="Shared Reporter", slug="shared-reporter")
    # One small photo for every story: its renditions are made once.
    photo = PhotoFactory(file=jpeg_file(size=(80, 50)))
    story = partial(build, turkey, author=author, photo=photo)
    with django_capture_on_commit_callbacks(execute=True):
        control = publish(
            story(
                title="Controlstoryzq",
                slug="control",
                marks=None,
                tags=["Shared"],
            )
        )
        prefix = state.replace("_", "")
        hidden = markers(f"leak{prefix}")
        shown = markers(f"pub{prefix}") if state == "newer_draft" else {}
        leak = story(
            title="",
            slug="leak",
            marks=shown or hidden,
            tags=["Shared"],
            live=state not in NEVER_LIVE,
        )
        photo_pk = leak.lead_photo_id
        if state in SCHEDULED:
            leak.go_live_at = timezone.now() + timedelta(days=1)
            revision = leak.save_revision(approved_go_live_at=leak.go_live_at)
            revision.publish()  # with a future go-live date this only schedules it
        elif state != "draft":
            publish(leak)
        leak.refresh_from_db()
        # The site's breaking news, as far as the database goes: readers may see it
        # only while the story is public.
        BreakingBanner.objects.create(
            site=Site.objects.get(is_default_site=True),
            story=leak,
            expires_at=timezone.now() + timedelta(hours=2),
        )
        read_more = {"title": "Read more", "links": [{"page": leak, "url": "", "title": ""}]}
        reader = publish(
            story(
                title="Readerstoryzq",
                slug="reader",
                marks=None,
                tags=["Shared"],
                body=[
                    ("paragraph", RichText("<p>Reader reporting.</p>")),
                    ("related_links", read_more),
                ],
            )
        )
        linker = publish(
            story(
                title="Linkerstoryzq",
                slug="linker",
                marks=None,
                related_links=[("link", {"page": leak, "url": "", "title": ""})],
            )
        )
    assert leak.live == (state not in NEVER_LIVE)
    token = PreviewLink.create_for(leak)[1] if state == "embargoed" else ""
    return World(
        state=state,
        leak=leak,
        leak_path=leak.url,
        leak_pk=leak.pk,
        hidden=hidden,
        shown=shown,
        reader=reader,
        linker=linker,
        control=control,
        author=author,
        own_author_slug=f"{(shown or hidden)['author']}-writer",
        photo_pk=photo_pk,
        token=token,
    )


def change_state(world):
    """Take the story out of public view the way an editor (or the scheduler) does."""
    story, state = world.leak, world.state
    if state == "expired":
        type(story).objects.filter(pk=story.pk).update(
            expire_at=timezone.now() - timedelta(minutes=1)
        )
        call_command("publish_scheduled", stdout=io.StringIO())
        story.refresh_from_db()
        assert story.expired and not story.live
    elif state == "unpublished":
        story.unpublish()
    elif state == "private_password":
        PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.PASSWORD, password="pw"
        )
    elif state == "private_login":
        PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    elif state == "deleted":
        story.delete()
    elif state == "newer_draft":
        marks = world.hidden
        story.title = f"{marks['headline']} headline"
        story.summary = f"{marks['summary']} summary"
        story.body = [("paragraph", RichText(f"<p>{marks['body']} reporting.</p>"))]
        story.tags.set(["Shared", marks["tag"]])
        # A new lead photo and one more author, in the draft only.
        story.lead_photo = own_photo(marks)
        story.bylines = [*story.bylines.all(), ArticleByline(author=own_author(marks))]
        story.save_revision()  # a draft, not published


# Surfaces -----------------------------------------------------------------------


def page_text(response):
    return response.content.decode()


def selected(selector):
    def extract(response):
        soup = BeautifulSoup(response.content, "html.parser")
        return " ".join(str(node) for node in soup.select(selector))

    return extract


def metadata(response):
    """JSON-LD and Open Graph / Twitter meta tags of a page."""
    soup = BeautifulSoup(response.content, "html.parser")
    nodes = soup.select('script[type="application/ld+json"]') + soup.select("meta")
    return " ".join(str(node) for node in nodes)


def search_results(response):
    # The page repeats the query in its search box: only the results count.
    return selected(".teaser")(response)


def surfaces(world):
    """(name, URL, what of the response to search): everything a reader or robot reads."""
    tag_slug = slugify(world.hidden["tag"])
    shown_tag = slugify(world.shown["tag"]) if world.shown else None
    own = [
        ("story page", world.leak_path, page_text),
        ("story ninjs export", world.leak_path + "?format=ninjs", page_text),
    ]
    listings = [
        ("section listing", "/news/turkey/", page_text),
        ("parent section listing", "/news/", page_text),
        ("tag page (shared tag)", "/tags/shared/", page_text),
        ("tag page (story's tag)", f"/tags/{tag_slug}/", page_text),
        ("author page", f"/authors/{world.author.slug}/", page_text),
        ("the story's own author's page", f"/authors/{world.own_author_slug}/", page_text),
        ("home page", "/", page_text),
    ]
    feeds = []
    for name, base in [
        ("site", "/"),
        ("section", "/news/turkey/"),
        ("parent section", "/news/"),
        ("tag (shared)", "/tags/shared/"),
        ("tag (story's)", f"/tags/{tag_slug}/"),
        ("author", f"/authors/{world.author.slug}/"),
        ("own author", f"/authors/{world.own_author_slug}/"),
    ]:
        feeds.append((f"{name} RSS feed", f"{base}feed/", page_text))
        feeds.append((f"{name} Atom feed", f"{base}feed/atom/", page_text))
    if shown_tag:
        feeds.append(("tag (published tag) RSS feed", f"/tags/{shown_tag}/feed/", page_text))
        listings.append(("tag page (published tag)", f"/tags/{shown_tag}/", page_text))
    sitemaps = [
        ("sitemap index", "/sitemap.xml", page_text),
        ("pages sitemap", "/sitemap-pages.xml", page_text),
        ("news sitemap", "/sitemap-news.xml", page_text),
    ]
    search = [
        (f"search for {name}", f"/search/?q={marker}", search_results)
        for name, marker in world.hidden.items()
    ]
    api = [
        ("API articles listing", "/api/v2/articles/?limit=20", page_text),
        ("API pages listing", "/api/v2/pages/?type=articles.ArticlePage", page_text),
        ("API article detail", f"/api/v2/articles/{world.leak_pk}/", page_text),
        ("API reader story detail", f"/api/v2/articles/{world.reader.pk}/", page_text),
        ("API linking story detail", f"/api/v2/articles/{world.linker.pk}/", page_text),
        ("API images listing", "/api/v2/images/?limit=20", page_text),
        ("API image search", f"/api/v2/images/?search={world.hidden['photo']}", page_text),
        ("API detail of the story's photo", f"/api/v2/images/{world.photo_pk}/", page_text),
        ("API authors listing", "/api/v2/authors/?limit=20", page_text),
        ("API breaking news", "/api/v2/breaking/", page_text),
        ("API author search", f"/api/v2/authors/?search={world.hidden['author']}", page_text),
    ] + [
        (f"API search for {name}", f"/api/v2/articles/?search={marker}", page_text)
        for name, marker in world.hidden.items()
    ]
    others = [
        ("related stories fallback", world.reader.url, selected("aside.related")),
        ("'Read more' list", world.reader.url, selected("aside.read-more")),
        ("page-level related links", world.linker.url, selected("aside.related")),
        ("JSON-LD and OG tags of another story", world.reader.url, metadata),
        ("breaking-news banner on another story", world.reader.url, selected("aside.breaking")),
        ("another story, whole page", world.reader.url, page_text),
        ("another story's ninjs export", world.reader.url + "?format=ninjs", page_text),
        ("linking story's ninjs export", world.linker.url + "?format=ninjs", page_text),
    ]
    return own + listings + feeds + sitemaps + search + api + others


def read_surfaces(client, listed):
    """{surface: (response, what it shows)}, asking for each address once."""
    responses = {}
    read = {}
    for name, url, extract in listed:
        if url not in responses:
            responses[url] = client.get(url)
        response = responses[url]
        # An error page is read whole: it must not show the story either.
        read[name] = (response, (extract if response.status_code == 200 else page_text)(response))
    return read


def hidden_markers(world, surface_name):
    found = dict(world.hidden)
    found.update(world.renditions)
    if world.state != "newer_draft" and not surface_name.startswith("story "):
        # The address is the story's too (sitemaps, links); its own surfaces may
        # name it in a login redirect or the password form's return address.
        found["address"] = world.leak_path
    return found


def read_as_holder(client, world):
    """Open the preview link: the story is there, with its photo; note the renditions shown."""
    response = client.get(f"/shared/{world.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert world.hidden["headline"] in html and world.hidden["body"] in html
    assert response["Cache-Control"] == "private, no-store"
    photo = get_image_model().objects.get(pk=world.photo_pk)
    shown = [
        rendition.file.name.rsplit("/", 1)[-1]
        for rendition in photo.renditions.all()
        if rendition.file.name.rsplit("/", 1)[-1] in html
    ]
    assert shown, "the shared story shows none of its photo's renditions"
    world.renditions = {f"rendition {name}": name for name in shown}


# Where a public story's published version must be seen, to prove the surface is read.
MUST_SHOW = [
    "story page",
    "story ninjs export",
    "section listing",
    "parent section listing",
    "tag page (shared tag)",
    "author page",
    "home page",
    "site RSS feed",
    "site Atom feed",
    "section RSS feed",
    "tag (shared) RSS feed",
    "author Atom feed",
    "news sitemap",
    "API articles listing",
    "API article detail",
    "related stories fallback",
    "'Read more' list",
    "page-level related links",
    "another story's ninjs export",
    "breaking-news banner on another story",
    "API breaking news",
]
# Where the control story stays listed, to prove the surface still lists stories.
CONTROL_LISTED = [
    "section listing",
    "parent section listing",
    "tag page (shared tag)",
    "author page",
    "home page",
    "site RSS feed",
    "section Atom feed",
    "tag (shared) Atom feed",
    "author RSS feed",
    "news sitemap",
    "API articles listing",
    "related stories fallback",
]
MUST_SHOW_WHILE_PUBLIC = MUST_SHOW + [
    "tag page (story's tag)",
    "tag (story's) RSS feed",
    # A photo's title is not part of the story's text: searching it finds nothing.
    *(f"search for {name}" for name in FIELDS if name not in ("tag", "photo")),
    "API search for headline",
]


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_no_marker_of_a_hidden_story_reaches_readers(
    client, world, subtests, django_capture_on_commit_callbacks
):
    listed = surfaces(world)
    if world.token:
        # The link's holder reads the story first: nothing of it may be kept for others.
        read_as_holder(client, world)
    # Warm the reader cache with every surface, as readers would have.
    warm = read_surfaces(client, listed)
    if world.state in WAS_PUBLIC or world.state == "newer_draft":
        visible = world.shown or world.hidden
        for name in MUST_SHOW if world.shown else MUST_SHOW_WHILE_PUBLIC:
            response, text = warm[name]
            assert visible["headline"] in text, f"{name} never showed the public story"
        assert warm["section listing"][0]["X-Newsroom-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        change_state(world)

    if world.token:
        read_as_holder(client, world)
    # One request for each address after the change: cached copies answer it.
    after = read_surfaces(client, listed)
    for name, url, _extract in listed:
        with subtests.test(msg=name, state=world.state):
            response, text = after[name]
            leaked = [f for f, marker in hidden_markers(world, name).items() if marker in text]
            cache = response.get("X-Newsroom-Cache", "-")
            assert not leaked, (
                f"{world.state}: {name} ({url}, HTTP {response.status_code}, cache {cache}) "
                f"shows the story's {', '.join(leaked)}"
            )
            if name in MUST_SHOW and world.state == "newer_draft":
                assert world.shown["headline"] in text, f"{name} lost the published version"
            if name in CONTROL_LISTED:
                assert world.control.title in text, f"{name} no longer lists public stories"


# The front-end cache (Varnish) is told exactly which URLs to drop ---------------------


def purged_urls(change, django_capture_on_commit_callbacks):
    with mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            change()
    return {url for call in purge.call_args_list for url in call.args[0]}


def listing_urls(world):
    base = "http://testserver"
    return {
        base + path
        for path in [
            world.leak_path,
            "/",
            "/news/",
            "/news/turkey/",
            "/news/turkey/feed/",
            "/news/turkey/feed/atom/",
            "/tags/shared/",
            "/tags/shared/feed/",
            f"/tags/{slugify(world.hidden['tag'])}/",
            f"/authors/{world.author.slug}/",
            "/feed/",
            "/sitemap-news.xml",
            "/sitemap-pages.xml",
        ]
    }


@pytest.mark.parametrize("world", ["unpublished"], indirect=True)
def test_unpublishing_purges_the_pages_that_link_to_the_story(
    world, django_capture_on_commit_callbacks
):
    purged = purged_urls(world.leak.unpublish, django_capture_on_commit_callbacks)
    linking = {world.reader.full_url, world.linker.full_url}
    assert listing_urls(world) | linking <= purged


@pytest.mark.parametrize("world", ["deleted"], indirect=True)
def test_deleting_purges_the_pages_that_link_to_the_story(
    world, django_capture_on_commit_callbacks
):
    purged = purged_urls(world.leak.delete, django_capture_on_commit_callbacks)
    assert listing_urls(world) | {world.reader.full_url, world.linker.full_url} <= purged


@pytest.mark.parametrize("world", ["private_login"], indirect=True)
def test_making_a_story_private_purges_its_listings(world, django_capture_on_commit_callbacks):
    def restrict():
        PageViewRestriction.objects.create(
            page=world.leak, restriction_type=PageViewRestriction.LOGIN
        )

    assert listing_urls(world) <= purged_urls(restrict, django_capture_on_commit_callbacks)


def test_making_a_section_private_purges_the_listings_of_its_stories(
    turkey, newsroom_settings, django_capture_on_commit_callbacks
):
    author = AuthorFactory(slug="section-reporter")
    photo = PhotoFactory(file=jpeg_file(size=(80, 50)))
    with django_capture_on_commit_callbacks(execute=True):
        story = publish(
            build(turkey, title="Inside", slug="inside", marks=None, author=author, photo=photo)
        )
        story.tags.set(["Harbour"])
        publish(story)

    def restrict():
        PageViewRestriction.objects.create(page=turkey, restriction_type="login")

    purged = purged_urls(restrict, django_capture_on_commit_callbacks)
    base = "http://testserver"
    assert {
        base + path
        for path in [
            "/",
            "/news/",
            "/news/feed/",
            "/news/turkey/",
            "/news/turkey/feed/atom/",
            "/news/turkey/inside/",
            "/tags/harbour/",
            "/tags/harbour/feed/",
            "/authors/section-reporter/",
            "/feed/",
            "/sitemap-pages.xml",
        ]
    } <= purged
