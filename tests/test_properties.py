"""Property tests: whatever shape a story body or a wire item takes, the newsroom
refuses it with a message or shows it to readers as text; it never crashes.

Hypothesis generates (a) raw, JSON-shaped body block values, as code, fixtures
and migrations store them, and (b) ninjs documents close to what agencies send,
with random damage. Examples share the test's fixtures (a section, a photo, a
live page): each runs inside a savepoint that is rolled back, so none sees what
another made.
"""

import datetime
import re
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from wagtail.rich_text import RichText

from articles.blocks import BODY_FEATURES, iframe_player, rich_text_problem
from articles.models import ArticlePage
from articles.ninjs import NinjsError, import_ninjs_document
from articles.ninjs.importer import MODEL_TO_NINJS

from .factories import ArticlePageFactory, PhotoFactory, jpeg_file, publish
from .presentation.test_hostile_text import PAYLOADS, assert_nothing_runs

# The function-scoped fixtures are made once per test and shared by its examples,
# which is safe because every example rolls back (see ``rolled_back``). No
# deadline: the first example pays for loading templates.
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def rolled_back():
    """A savepoint undone at the end of the example, whatever happened in it."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    # Reader pages are cached by URL, and every example reuses the same URLs.
    for cache in caches.all():
        cache.clear()


class Ref:
    """A row the fixtures make (a photo, a page), filled in when the example runs."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Ref({self.name!r})"


def resolve(value, refs):
    if isinstance(value, Ref):
        return refs[value.name]
    if isinstance(value, list):
        return [resolve(item, refs) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, refs) for key, item in value.items()}
    return value


# Values --------------------------------------------------------------------------

text = st.one_of(
    st.text(max_size=40),
    # Control characters, NUL included: JSON carries them, PostgreSQL refuses NUL.
    st.text(alphabet=st.characters(max_codepoint=0x1F) | st.characters(), max_size=20),
    st.sampled_from(list(PAYLOADS.values())),
    st.sampled_from(["", " ", "\u202e", "\ufeff", "Ça\u0301", "日本語", "Işık Çavuşoğlu"]),
    st.sampled_from([121, 401, 100_001]).map(lambda n: "x" * n),
)
url = st.one_of(
    st.sampled_from(
        [
            "https://www.example.org/report",
            "http://example.org",
            "mailto:desk@example.org",
            "/news/",
            "//evil.example.org/",
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "https://exa mple.org/<script>",
            "https://[::1",
            "http://",
        ]
    ),
    st.just("https://example.org/").map(lambda base: base + "a" * 3000),
    text,
)
html = st.one_of(
    text,
    st.sampled_from(
        [
            "<p>Plain <b>bold</b> <i>italic</i> <a href='https://example.org'>link</a></p>",
            '<p><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)></p>',
            '<p><a linktype="page" id="999999">gone</a></p>',
            '<p><a linktype="page" id="x">bad id</a><embed embedtype="image" id="1"/></p>',
            '<embed embedtype="image" id="999999" format="left"/>',
            "<ul><li>one<li>two</ul><script>alert(1)</script>",
            "<p>unclosed <b>bold",
            "<![CDATA[<script>]]>",
            "<![x[ alert(1) ]]>",
            "<!--><script>alert(1)</script>-->",
        ]
    ),
)
date = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["2024-13-45", "2024-02-30", "0000-01-01", "yesterday", "2024-1-1"]),
)
junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=5,
)


def maybe_junk(good):
    """Mostly the right kind of value, now and then anything JSON can hold."""
    return st.one_of(good, good, good, junk)


def struct(junky, **children):
    """A JSON object: every key (``junky=False``), or each one present or missing,
    with damaged values and a stray key now and then."""
    if not junky:
        return st.fixed_dictionaries(children)
    optional = {name: maybe_junk(value) for name, value in children.items()}
    return st.fixed_dictionaries({}, optional={**optional, "unexpected": junk})


# (a) Body blocks ---------------------------------------------------------------

photo_id = st.one_of(
    st.just(Ref("photo")), st.sampled_from([999_999, 0, -1, "1", 2**70, 1.5, True])
)
page_id = st.one_of(
    st.just(Ref("page")),
    st.just(Ref("draft")),
    st.sampled_from([None, 999_999, 0, -1, "1", 2**70, 1.5, False]),
)


# What an editor could have typed: hostile to readers, yet valid for the blocks.
valid_text = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    st.sampled_from([payload[:80] for payload in PAYLOADS.values() if "\x01" not in payload]),
).filter(str.strip)
valid_url = st.sampled_from(
    ["https://www.example.org/report", "http://example.org/a?b=1&c=<script>alert(1)</script>"]
)
valid_html = st.one_of(
    valid_text.map(lambda words: f"<p>{escape(words)}</p>"),
    valid_text.map(lambda words: f'<p><a href="https://example.org/">{escape(words)}</a></p>'),
    st.just('<p><b>Bold</b>, <i>italic</i>, <a linktype="page" id="999999">a gone page</a></p>'),
)


def body(junky):
    """Raw body data: near-valid values (``junky=False``) or damaged ones."""
    if junky:
        damage, text_, url_, html_ = maybe_junk, text, url, html
        photo, page = photo_id, page_id
    else:
        damage, text_, url_, html_ = (lambda good: good), valid_text, valid_url, valid_html
        photo, page = st.just(Ref("photo")), st.sampled_from([Ref("page"), Ref("draft")])
    if junky:
        link = struct(junky, page=page, url=url_, title=text_)
    else:
        link = struct(junky, page=page, url=st.just(""), title=text_ | st.just("")) | struct(
            junky, page=st.none(), url=url_, title=text_
        )
    values = {
        "paragraph": damage(html_),
        "heading": damage(text_),
        "quote": damage(
            struct(
                junky,
                text=text_,
                speaker=text_,
                role=text_,
                said_on=date,
                source_name=text_,
                source_url=url_,
                pull_quote=st.booleans(),
            )
        ),
        "inline_photo": damage(
            struct(junky, photo=photo, caption=text_, credit=text_, alt_text=text_)
        ),
        "related_links": damage(
            struct(junky, title=text_, links=st.lists(damage(link), max_size=3))
        ),
        "embed": damage(url_),
    }
    block = st.one_of(
        *(
            st.fixed_dictionaries(
                {"type": st.just(name), "value": value},
                optional={"id": junk if junky else st.uuids().map(str)},
            )
            for name, value in values.items()
        ),
        # Types the body has no block for (a raw-HTML block it never had, a typo).
        st.fixed_dictionaries(
            {"type": st.sampled_from(["raw_html", "", "Paragraph"]), "value": junk}
        ),
    )
    # Most bodies open with a paragraph, as a story must, so that many render.
    opening = st.just([{"type": "paragraph", "value": "<p>The story so far.</p>"}])
    openings = st.one_of(opening, opening, st.just([])) if junky else opening
    return st.tuples(openings, st.lists(block, max_size=4)).map(lambda parts: parts[0] + parts[1])


@pytest.fixture
def block_targets(client, turkey):
    """A small photo, a live page and a draft page for the blocks to point at."""
    photo = PhotoFactory(file=jpeg_file(size=(160, 100)))
    live = publish(
        ArticlePageFactory(
            parent=turkey,
            slug="live",
            lead_photo=photo,
            body=[
                ("paragraph", RichText("<p>Reporting.</p>")),
                ("inline_photo", {"photo": photo, "caption": "", "credit": "", "alt_text": ""}),
            ],
        )
    )
    # Its renditions, made once here, outlive every example's rollback.
    assert client.get(live.url).status_code == 200
    draft = ArticlePageFactory(parent=turkey, slug="draft", lead_photo=photo, live=False)
    return {"photo": photo.pk, "page": live.pk, "draft": draft.pk}


def check_body(client, section, targets, raw):
    """Refused by the body's validation with a message, or rendered to a reader as text."""
    with rolled_back():
        page = ArticlePageFactory.build(slug="generated", lead_photo_id=targets["photo"])
        page.body = resolve(raw, targets)
        try:
            # As the editor's form does: what validation returns is what is saved.
            page.body = page.body.stream_block.clean(page.body)
        except ValidationError as error:
            assert error.messages and all(str(message).strip() for message in error.messages)
            event("refused")
            return
        section.add_child(instance=page)
        publish(page)
        response = client.get(page.url)
        assert response.status_code == 200
        assert_nothing_runs(response.content.decode())
        event("rendered")


# Each of these publishes and renders a page: fewer examples keep the file quick.
@settings(PROPERTY_SETTINGS, max_examples=30)
@given(raw=body(junky=False))
def test_well_formed_body_is_shown_as_text(client, turkey, block_targets, raw):
    check_body(client, turkey, block_targets, raw)


@PROPERTY_SETTINGS
@given(raw=body(junky=True))
@example(raw=[{"type": "paragraph", "value": "<p>x</p>"}, {"type": "quote", "value": "text"}])
@example(raw=[{"type": "paragraph", "value": '<script>alert("xss")</script>'}])
@example(raw=[{"type": "paragraph", "value": "<p>x</p>"}, {"type": "embed", "value": [1]}])
@example(raw=[{"type": "quote", "value": {"text": "x", "speaker": "y", "said_on": "2024-02-30"}}])
@example(raw=[{"type": "inline_photo", "value": {"photo": {}}}])
@example(raw=[{"type": "related_links", "value": {"links": {"0": {}}}}])
def test_damaged_body_is_refused_or_shown_as_text(client, turkey, block_targets, raw):
    check_body(client, turkey, block_targets, raw)


class Embed:
    title = provider_name = "Video"
    width, height = 640, 360

    def __init__(self, html):
        self.html = html


@settings(max_examples=100, deadline=None)
@given(
    markup=st.one_of(html, st.text()).map(
        lambda inner: f'<iframe src="https://v.example.org/1">{inner}'
    )
)
@example(markup="<![x[ provider markup ]]>")
def test_embed_player_never_fails_on_provider_html(markup):
    player = iframe_player(Embed(markup))
    assert player == "" or player.startswith('<iframe src="https://')


# (b) ninjs documents ---------------------------------------------------------------

href = st.one_of(
    st.sampled_from(
        [
            "photo.jpg",
            "file:photo.jpg",
            "./pictures/../photo.jpg",
            "missing.jpg",
            "../outside.jpg",
            "/etc/passwd",
            "file:///etc/hostname",
            "file://other-host/photo.jpg",
            "https://photos.example.org/photo.jpg",
            "photo%00.jpg",
            "not-an-image.jpg",
            "",
        ]
    ),
    text,
)
WELL_FORMED_TIMES = ["2024-03-04T07:30:00+03:00", "2024-03-04T07:30:00", "2999-01-01T06:00:00Z"]
when = st.one_of(
    st.sampled_from(WELL_FORMED_TIMES),
    st.sampled_from(["2024-13-45T00:00:00Z", "2024-02-30T10:00:00Z", "yesterday", "0000-00-00"]),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    text,
)
NINJS_BODY_HTML = st.one_of(
    html,
    st.sampled_from(
        [
            "<p>Lead paragraph.</p><figure data-assoc-ref='lead'><img src=x></figure><p>More.</p>",
            "<blockquote cite='javascript:alert(1)'><p>Quote</p><footer>— Speaker, Role "
            "<time datetime='2024-02-30'>x</time> <cite>Outlet</cite></footer></blockquote>"
            "<p>After.</p>",
            "<blockquote><p>Said.</p><footer><time datetime='2024-13-45'>x</time></footer>"
            "</blockquote><p>Text.</p>",
            "<h1>Headline</h1><h2>" + "Long heading " * 20 + "</h2><p>x</p>",
            "<table><tr><td>a</td><td><script>alert(1)</script></td></tr></table><p>x</p>",
        ]
    ),
)


def ninjs_document(junky):
    """A ninjs text item, 2.x or 1.x: well-formed (``junky=False``) or damaged, with
    keys missing, values of the wrong type and the odd stray key."""
    if junky:
        damage, text_, when_ = maybe_junk, text, when
    else:
        damage, text_, when_ = (lambda good: good), valid_text, st.sampled_from(WELL_FORMED_TIMES)

    def optional(**fields):
        return {name: damage(value) for name, value in fields.items()}

    role_value = struct(
        junky, role=st.sampled_from(["main", "summary", "caption", "", "alt"]), value=text_
    )
    rendition = struct(
        junky, href=href if junky else st.just("photo.jpg"), width=st.integers(-1, 5000)
    )
    picture = st.fixed_dictionaries(
        {"renditions": st.lists(damage(rendition), min_size=0 if junky else 1, max_size=2)},
        optional=optional(
            name=st.sampled_from(["lead", "inline", ""]),
            type=st.sampled_from(["picture", "graphic", "video", ""]),
            uri=text_,
            by=text_,
            headlines=st.lists(damage(role_value), max_size=2),
            descriptions=st.lists(damage(role_value), max_size=3),
        ),
    )
    body_entry = struct(
        junky,
        contenttype=st.sampled_from(["text/html", "text/plain", "application/nitf+xml", ""]),
        value=NINJS_BODY_HTML,
    )
    shared = optional(
        type=st.sampled_from(["text", "text", "picture", ""]) if junky else st.just("text"),
        copyrightholder=text_,
        located=text_,
        firstcreated=when_,
        versioncreated=when_,
        embargoed=when_,
        pubstatus=st.sampled_from(
            ["usable", "withheld", "canceled", "USABLE", *(["killed", ""] if junky else [])]
        ),
        associations=st.one_of(
            st.lists(damage(picture), max_size=2),
            st.dictionaries(st.sampled_from(["lead", "inline"]), damage(picture), max_size=2),
        ),
    )
    version2 = {
        "headlines": st.lists(damage(role_value), min_size=0 if junky else 1, max_size=2),
        "bodies": st.lists(damage(body_entry), min_size=0 if junky else 1, max_size=2),
    }
    version2_optional = optional(
        descriptions=st.lists(damage(role_value), max_size=2),
        by=text_,
        infosources=st.lists(damage(struct(junky, name=text_)), max_size=2),
        subjects=st.lists(damage(struct(junky, name=text_)), max_size=3),
        keywords=st.lists(damage(text_), max_size=3),
    )
    version1 = {"headline": text_, "body_html": NINJS_BODY_HTML}
    version1_optional = optional(body_text=text_, byline=text_, description_text=text_)
    uri = {"uri": st.just("urn:test:property") | text_}
    if junky:
        every = {**version2, **version1, **version2_optional, **version1_optional}
        return st.fixed_dictionaries(uri, optional={**shared, **optional(**every)})
    return st.one_of(
        st.fixed_dictionaries({**uri, **version2}, optional={**shared, **version2_optional}),
        st.fixed_dictionaries({**uri, **version1}, optional={**shared, **version1_optional}),
    )


@pytest.fixture
def wire_folder(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    jpeg = jpeg_file(size=(160, 100))
    (folder / "photo.jpg").write_bytes(jpeg.read())
    (folder / "not-an-image.jpg").write_bytes(b"GIF89a but not really")
    (tmp_path / "outside.jpg").write_bytes((folder / "photo.jpg").read_bytes())
    return folder


def ninjs_field_names(document):
    return {"document", *document, *MODEL_TO_NINJS.values()}


def check_import(client, section, folder, document):
    """Imported (and shown to readers as text), or refused naming the field at fault."""
    with rolled_back():
        try:
            result = import_ninjs_document(document, section, folder=folder, item="item")
        except NinjsError as error:
            root = re.split(r"[.\[]", error.field, maxsplit=1)[0]
            assert root in ninjs_field_names(document), error
            assert error.message.strip(), error
            event(f"refused: {root}")
            return
        assert result.ok and result.action in ("created", "updated", "skipped"), result
        event(f"{result.action}{' live' if result.page and result.page.live else ''}")
        if result.page is None:
            return
        page = ArticlePage.objects.get(pk=result.page.pk).get_latest_revision_as_object()
        stored = [page.title, page.summary, page.dateline, str(page.body.raw_data)]
        assert not any("\x00" in value for value in stored)
        for block in page.body:
            if block.block_type == "paragraph":
                # The importer's cleaning leaves what the paragraph block accepts.
                assert rich_text_problem(block.value.source, BODY_FEATURES) is None
        if result.page.live:
            response = client.get(result.page.url)
            assert response.status_code == 200
            assert_nothing_runs(response.content.decode())


@settings(PROPERTY_SETTINGS, max_examples=30)
@given(document=ninjs_document(junky=False))
# html.parser rejects this declaration outright (found by hypothesis in CI).
@example(document={"uri": "u", "headline": "H <![0", "body_html": "<p>a</p><![0 b"})
def test_well_formed_ninjs_item_is_imported_as_text(client, turkey, wire_folder, document):
    check_import(client, turkey, wire_folder, document)


@PROPERTY_SETTINGS
@given(document=ninjs_document(junky=True))
@example(document={"uri": "u", "headline": "H\x00", "body_text": "Text"})
@example(
    document={
        "uri": "u",
        "headline": "H",
        "body_html": "<p>x</p>",
        "associations": [{"by": "B", "renditions": [{"href": "photo%00.jpg"}]}],
    }
)
@example(
    document={
        "uri": "u",
        "headline": "H",
        "body_html": "<blockquote><p>Q</p><footer>— S <time datetime='2024-02-30'>x</time>"
        "</footer></blockquote><p>x</p>",
    }
)
def test_damaged_ninjs_item_is_imported_or_refused_naming_the_field(
    client, turkey, wire_folder, document
):
    check_import(client, turkey, wire_folder, document)


def test_imported_rich_text_is_cleaned_with_the_body_features(turkey, tmp_path):
    # HTML set through the ORM is not cleaned by Wagtail: the importer must do it.
    hostile = (
        '<p>Kept <b>bold</b><script>alert(1)</script><img src="x" onerror="alert(1)">'
        '<a href="javascript:alert(1)">bad link</a> '
        '<a href="https://example.org/" onclick="steal()">a link</a>'
        '<span style="color:red" onmouseover="alert(1)">styled</span></p>'
        '<p><a href="JaVa&#x09;ScRiPt:alert(1)">encoded</a><svg onload="alert(1)"></svg></p>'
    )
    document = {"uri": "urn:test:clean", "headline": "Cleaned", "body_html": hostile}
    page = import_ninjs_document(document, turkey, folder=tmp_path).page
    stored = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    source = "".join(block.value.source for block in stored.body)
    for unwanted in ("<script", "javascript", "onerror", "onclick", "onload", "style=", "<img"):
        assert unwanted not in source.lower()
    assert '<a href="https://example.org/">a link</a>' in source
    assert "<a>bad link</a>" in source and "<b>bold</b>" in source and "styled" in source
    assert rich_text_problem(source, BODY_FEATURES) is None
