"""Wire copy in IPTC ninjs: imported into sections, exported from stories."""

import io
import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission

from articles.models import ArticlePage, Author
from articles.ninjs import (
    NinjsError,
    article_to_ninjs,
    find_section,
    import_ninjs_document,
    import_ninjs_files,
    read_story,
)
from articles.ninjs.body import BodyReader
from media.details import caption_of, credit_of

from ..conftest import build_story

DATA = Path(__file__).resolve().parents[1] / "data" / "ninjs"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "ninjs"

Photo = get_image_model()


# Test material ---------------------------------------------------------------


def write_jpeg(path, size=(1200, 800), colour=(30, 90, 150)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def write_png(path, size=(900, 600), colour=(200, 180, 40)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "PNG")
    return path


def write_png_header(path, width, height):
    """A few bytes claiming a huge picture: what an image bomb looks like before decoding."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    return path


def item(uri="urn:test:item", headline="Kars fair draws record crowds", **fields):
    """A minimal valid ninjs 2.x text item."""
    document = {
        "uri": uri,
        "type": "text",
        "headlines": [{"role": "main", "value": headline}],
        "descriptions": [{"role": "summary", "value": "Traders from three countries came."}],
        "bodies": [{"contenttype": "text/html", "value": "<p>The fair opened on Sunday.</p>"}],
        "by": "Elif Aydın",
    }
    document.update(fields)
    return document


def picture(href, name="lead", by="Wire Photo", **fields):
    return {
        "name": name,
        "type": "picture",
        "uri": f"urn:test:picture:{name}",
        "by": by,
        "renditions": [{"name": "original", "href": href}],
        **fields,
    }


def write_items(folder, name, *documents):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = documents[0] if len(documents) == 1 else list(documents)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def batch(tmp_path):
    """The sample batch with its pictures, in a folder of its own."""
    folder = tmp_path / "wire"
    shutil.copytree(DATA / "batch", folder)
    write_jpeg(folder / "pictures" / "cinar.jpg", (1600, 1000), (20, 60, 120))
    write_png(folder / "pictures" / "harbour.png")
    write_jpeg(folder / "pictures" / "assembly.jpg", (1200, 800), (120, 30, 30))
    write_jpeg(folder / "pictures" / "roof.jpg", (1000, 700), (60, 120, 60))
    return folder


def import_folder(folder, section, **kwargs):
    return import_ninjs_files(sorted(folder.glob("*.json")), section, **kwargs)


def stories(section):
    return ArticlePage.objects.child_of(section).order_by("pk")


def media_files(media_root):
    return sorted(path.name for path in Path(media_root).rglob("*") if path.is_file())


# The sample batch ---------------------------------------------------------------


def test_sample_batch_becomes_stories_and_rejects_the_bad_item(batch, turkey):
    results = import_folder(batch, turkey)
    lines = [str(result) for result in results]
    assert [result.ok for result in results] == [True, False, True, True], lines
    assert lines[1] == (
        f"rejected: {batch / 'briefs.json'}#2 headlines: missing: a story needs a headline"
    )
    assert [story.title for story in stories(turkey)] == [
        "Bursa's old silk market gets a new roof",
        'Parliament passes Gökçe\'s "balanced" budget',
        "Işık ferry line reopens after storm repairs",
    ]
    assert all(story.live and story.wire_status == "usable" for story in stories(turkey))


def test_ninjs_2_story_maps_every_field(batch, turkey):
    import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="urn:newsml:meridian.example:2024:izmir-ferry")
    assert story.slug == "isik-ferry-line-reopens-after-storm-repairs"
    assert story.url_path.endswith("/news/turkey/isik-ferry-line-reopens-after-storm-repairs/")
    assert story.summary.startswith("The Işık line's “Çınar” ferry sails again")
    assert story.dateline == "İZMİR"
    assert story.display_date.isoformat() == "2024-03-04T04:30:00+00:00"
    assert story.last_published_at.isoformat() == "2024-03-04T06:15:00+00:00"
    assert [(b.author.name, b.author.kind) for b in story.bylines.order_by("sort_order")] == [
        ("Ayşe Yılmaz", "contributor"),
        ("Can Öztürk", "contributor"),
        ("Meridian", "agency"),
    ]
    assert {tag.name for tag in story.tags.all()} == {"Transport", "Weather", "ferries", "İzmir"}


def test_ninjs_2_body_is_sanitised_into_blocks(batch, turkey):
    import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="urn:newsml:meridian.example:2024:izmir-ferry")
    kinds = [block.block_type for block in story.body]
    assert kinds == ["paragraph", "inline_photo", "heading", "paragraph", "quote", "paragraph"]
    first = story.body[0].value.source
    assert first == (
        "<p>The <b>Çınar</b> left Karşıyaka pier at 07:00 on Monday, the city&#x27;s transport "
        'office <a href="https://transport.example.org/notice">said</a>.</p>'
        "<p>Commuters queued “from dawn”, some with tea &amp; simit.</p>"
    )
    assert story.body[2].value == "Storm damage"
    assert (
        story.body[3].value.source
        == "<ul><li>Two piers rebuilt</li><li>New fenders on four boats</li></ul>"
    )
    quote = story.body[4].value
    assert quote["text"] == "We promised spring, and we kept our word."
    assert (quote["speaker"], quote["role"]) == ("Mevlüt Çavuşoğlu", "Head of the ferry authority")
    html = "".join(str(block.value) for block in story.body if block.block_type == "paragraph")
    for unwanted in (
        "script",
        "alert",
        "onclick",
        "onmouseover",
        "color:red",
        "ignored",
        "Plain copy",
    ):
        assert unwanted not in html


def test_picture_associations_become_credited_photos(batch, turkey):
    import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="urn:newsml:meridian.example:2024:izmir-ferry")
    lead = story.lead_photo
    assert (lead.title, lead.width, lead.height) == ("Çınar ferry at Konak", 1600, 1000)
    assert credit_of(lead) == "Deniz Kaya/Meridian"
    assert caption_of(lead) == "The Çınar ferry docks at Konak pier, İzmir, on Monday."
    assert lead.description == "A white ferry at a pier under a grey sky."
    assert story.lead_caption_text == caption_of(lead) and story.lead_credit == ""
    inline = story.body[1].value
    assert credit_of(inline["photo"]) == "Meridian/Emre Şahin"
    assert inline.caption_text == "Workers fit new fenders in the harbour."
    budget = ArticlePage.objects.get(external_id="http://wire.example.net/items/ankara-budget-0412")
    assert credit_of(budget.lead_photo) == "Okan Arslan/Wire"
    assert caption_of(budget.lead_photo) == "Deputies vote in the General Assembly in Ankara."


def test_ninjs_1_story_and_its_unattributed_quote(batch, turkey):
    results = import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="http://wire.example.net/items/ankara-budget-0412")
    assert (
        story.summary
        == "Deputies approved the budget by 301 votes to 248 after a night-long debate."
    )
    assert [block.block_type for block in story.body] == ["paragraph", "quote", "paragraph"]
    quote = story.body[1].value
    assert quote["text"] == "Nobody will go to bed hungry because of this budget."
    assert quote["speaker"] == ""
    budget_result = next(r for r in results if r.uri.endswith("ankara-budget-0412"))
    assert any("names no speaker" in warning for warning in budget_result.warnings)
    assert [b.author.name for b in story.bylines.all()] == ["Selin Doğan"]
    assert story.display_date is None and story.display_order_date == story.first_published_at


def test_plain_text_body_and_missing_summary(batch, turkey):
    results = import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="urn:newsml:meridian.example:2024:brief-bursa")
    assert story.body[0].value.source == (
        "<p>Restorers finished the lead roof of the Koza Han on Friday.</p>"
        "<p>The market reopens to shoppers next week.</p>"
    )
    assert story.summary == "Restorers finished the lead roof of the Koza Han on Friday."
    assert any("no summary" in warning for warning in results[0].warnings)
    assert [(b.author.name, b.author.kind) for b in story.bylines.all()] == [("Meridian", "agency")]


def test_reimport_updates_the_story_with_a_new_revision(batch, turkey):
    import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="urn:newsml:meridian.example:2024:izmir-ferry")
    revisions = story.revisions.count()
    counts = (ArticlePage.objects.count(), Photo.objects.count(), Author.objects.count())

    document = json.loads((batch / "ferry.json").read_text())
    document["headlines"][1]["value"] = "Işık ferry line back in service"
    document["versioncreated"] = "2024-03-04T12:00:00+03:00"
    (batch / "ferry.json").write_text(json.dumps(document))
    results = import_folder(batch, turkey)

    assert [result.action for result in results if result.ok] == ["updated"] * 3
    assert (ArticlePage.objects.count(), Photo.objects.count(), Author.objects.count()) == counts
    story.refresh_from_db()
    assert story.title == "Işık ferry line back in service"
    assert story.slug == "isik-ferry-line-reopens-after-storm-repairs"  # links keep working
    assert story.revisions.count() == revisions + 1
    assert story.last_published_at.isoformat() == "2024-03-04T09:00:00+00:00"


def test_same_headline_gets_a_unique_slug(tmp_path, turkey):
    first = import_ninjs_document(item("urn:a", "Çay harvest begins"), turkey, folder=tmp_path)
    second = import_ninjs_document(item("urn:b", "Çay harvest begins"), turkey, folder=tmp_path)
    assert [first.page.slug, second.page.slug] == ["cay-harvest-begins", "cay-harvest-begins-2"]


def test_update_reaches_a_story_moved_to_another_section(tmp_path, news, turkey):
    result = import_ninjs_document(item("urn:moved"), turkey, folder=tmp_path)
    result.page.move(news, pos="last-child")
    again = import_ninjs_document(item("urn:moved", "Kars fair closes"), turkey, folder=tmp_path)
    assert again.action == "updated" and again.page.get_parent().pk == news.pk
    assert ArticlePage.objects.filter(external_id="urn:moved").count() == 1


# Publication status ---------------------------------------------------------------


def test_pubstatus_withheld_unpublishes_and_usable_republishes(tmp_path, turkey):
    photo = write_jpeg(tmp_path / "p.jpg")
    pictures = [picture(photo.name)]
    page = import_ninjs_document(item(associations=pictures), turkey, folder=tmp_path).page
    assert page.live

    withheld = import_ninjs_document(
        item(pubstatus="withheld", associations=pictures), turkey, folder=tmp_path
    )
    page.refresh_from_db()
    assert not page.live and page.wire_status == "withheld"
    assert "unpublished (withheld)" in withheld.notes

    import_ninjs_document(item(pubstatus="usable", associations=pictures), turkey, folder=tmp_path)
    page.refresh_from_db()
    assert page.live and page.wire_status == "usable"


def test_pubstatus_canceled_unpublishes_and_marks_the_story(client, tmp_path, turkey):
    photo = write_jpeg(tmp_path / "p.jpg")
    page = import_ninjs_document(
        item(associations=[picture(photo.name)]), turkey, folder=tmp_path
    ).page
    import_ninjs_document(item(pubstatus="canceled"), turkey, folder=tmp_path)
    page.refresh_from_db()
    assert not page.live and page.wire_status == "canceled"
    assert client.get(page.url).status_code == 404


def test_canceled_item_never_imported_is_skipped(tmp_path, turkey):
    result = import_ninjs_document(item(pubstatus="canceled"), turkey, folder=tmp_path)
    assert result.ok and result.action == "skipped"
    assert not ArticlePage.objects.exists()


def test_story_without_a_picture_is_a_draft(tmp_path, turkey):
    remote = [picture("https://photos.example.org/p.jpg")]
    result = import_ninjs_document(item(associations=remote), turkey, folder=tmp_path)
    assert result.ok and not result.page.live
    assert "draft: it needs a lead photo to publish" in result.notes
    assert any("web addresses are not fetched" in warning for warning in result.warnings)


def test_embargoed_item_is_scheduled(tmp_path, turkey):
    photo = write_jpeg(tmp_path / "p.jpg")
    document = item(embargoed="2999-01-01T06:00:00Z", associations=[picture(photo.name)])
    result = import_ninjs_document(document, turkey, folder=tmp_path)
    result.page.refresh_from_db()
    assert not result.page.live and result.page.go_live_at.year == 2999
    assert any(note.startswith("scheduled for 2999-01-01") for note in result.notes)


# Bad documents ---------------------------------------------------------------


def bad_case(tmp_path, name):
    """A document (and files) that must be rejected, the field and the message expected."""
    good = write_jpeg(tmp_path / "good.jpg")
    cases = {
        "wrong type": (item(headlines="Just text"), "headlines", "expected a list, got text"),
        "wrong nested type": (
            item(headlines=[{"value": 42}]),
            "headlines[0].value",
            "expected text, got a number",
        ),
        "missing headline": (item(headlines=[]), "headlines", "missing"),
        "long headline": (item(headline="x" * 121), "headlines", "at most 120 characters"),
        "missing uri": (item(uri=""), "uri", "missing"),
        "bad date": (item(versioncreated="yesterday"), "versioncreated", "not a date and time"),
        "bad pubstatus": (item(pubstatus="live"), "pubstatus", "expected one of"),
        "picture item": (item(type="picture"), "type", "only text items"),
        "no body": (item(bodies=[]), "bodies", "no text"),
        "not an image": ("notes.jpg", "associations[1].renditions[0].href", "not a readable image"),
        "truncated": ("cut.jpg", "associations[1].renditions[0].href", "not a readable image"),
        "image bomb": ("bomb.png", "associations[1].renditions[0].href", "image bomb"),
        "outside folder": (
            "../outside.jpg",
            "associations[1].renditions[0].href",
            "outside the import folder",
        ),
        "absolute outside": (
            f"file://{tmp_path.parent / 'elsewhere.jpg'}",
            "associations[1].renditions[0].href",
            "outside the import folder",
        ),
        "missing file": ("gone.jpg", "associations[1].renditions[0].href", "no such file"),
        "uncredited": ("plain.jpg", "associations[1].by", "a photo needs a credit"),
    }
    document, field, message = cases[name]
    if isinstance(document, str):
        (tmp_path / "notes.jpg").write_text("not a picture at all")
        data = write_jpeg(tmp_path / "full.jpg").read_bytes()
        (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
        write_png_header(tmp_path / "bomb.png", 30000, 30000)
        write_jpeg(tmp_path.parent / "outside.jpg")
        write_jpeg(tmp_path / "plain.jpg", colour=(1, 2, 3))
        # The second picture is bad: the first one's photo must not survive either.
        bad = picture(document, name="second", by="" if name == "uncredited" else "Wire Photo")
        document = item(associations=[picture(good.name), bad])
    return document, field, message


BAD_CASES = [
    "wrong type",
    "wrong nested type",
    "missing headline",
    "long headline",
    "missing uri",
    "bad date",
    "bad pubstatus",
    "picture item",
    "no body",
    "not an image",
    "truncated",
    "image bomb",
    "outside folder",
    "absolute outside",
    "missing file",
    "uncredited",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_item_is_rejected_alone_and_leaves_nothing_behind(case, tmp_path, turkey, media_root):
    folder = tmp_path / "wire"
    folder.mkdir()
    document, field, message = bad_case(folder, case)
    path = write_items(folder, "batch.json", item("urn:good:1"), document, item("urn:good:2"))
    results = import_ninjs_files([path], turkey)
    assert [result.ok for result in results] == [True, False, True]
    error = results[1].error
    assert (error.item, error.field) == (f"{path}#2", field)
    assert message in error.message
    assert str(results[1]).startswith(f"rejected: {path}#2 {field}: ")
    assert list(ArticlePage.objects.values_list("external_id", flat=True).order_by("pk")) == [
        "urn:good:1",
        "urn:good:2",
    ]
    assert not Photo.objects.exists()
    assert Author.objects.count() == 1  # the good items' byline, once
    assert media_files(media_root) == []


def test_file_that_is_not_json_is_rejected_and_the_batch_goes_on(tmp_path, turkey):
    broken = tmp_path / "broken.json"
    broken.write_text('{"uri": "urn:x", "headlines": [')
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"uri": "urn:y", "by": "Işık"}'.encode("iso-8859-9"))
    good = write_items(tmp_path, "good.json", item())
    results = import_ninjs_files([broken, latin, good], turkey)
    assert [str(result).split(":")[0] for result in results] == ["rejected", "rejected", "ok"]
    assert "document: not JSON" in str(results[0])
    assert "document: not UTF-8 text" in str(results[1])


def test_same_picture_in_two_stories_is_stored_once(tmp_path, turkey):
    photo = write_jpeg(tmp_path / "shared.jpg")
    for uri in ("urn:one", "urn:two"):
        import_ninjs_document(
            item(uri, associations=[picture(photo.name)]), turkey, folder=tmp_path
        )
    assert Photo.objects.count() == 1
    assert {story.lead_photo_id for story in stories(turkey)} == {Photo.objects.get().pk}


def test_picture_may_come_from_a_shared_media_root(tmp_path, turkey):
    write_jpeg(tmp_path / "photos" / "p.jpg")
    folder = tmp_path / "items"
    path = write_items(folder, "a.json", item(associations=[picture("../photos/p.jpg")]))
    refused = import_ninjs_files([path], turkey)
    assert "outside the import folder" in str(refused[0])
    accepted = import_ninjs_files([path], turkey, root=tmp_path)
    assert accepted[0].ok and accepted[0].page.lead_photo is not None


# Body mapping ---------------------------------------------------------------


@pytest.mark.parametrize(
    "html, expected",
    [
        (
            "<blockquote><p>Words.</p><p>— Ali Koç, Mayor</p></blockquote>",
            {"text": "Words.", "speaker": "Ali Koç", "role": "Mayor"},
        ),
        (
            "<blockquote>«Words»<cite>Zeynep Tekin</cite></blockquote>",
            {"text": "Words", "speaker": "Zeynep Tekin", "role": ""},
        ),
        (
            '<blockquote class="pull-quote" cite="https://paper.example.org/a">'
            "<p>One<br>two</p><p>Three</p>"
            '<footer>— Ali Koç <time datetime="2024-02-01">1 Feb</time> <cite>Paper</cite></footer>'
            "</blockquote>",
            {
                "text": "One\ntwo\n\nThree",
                "speaker": "Ali Koç",
                "source_name": "Paper",
                "source_url": "https://paper.example.org/a",
                "pull_quote": True,
            },
        ),
    ],
)
def test_blockquotes_become_quote_blocks(html, expected):
    pieces = BodyReader().read_html(html)
    assert [kind for kind, _ in pieces] == ["quote"]
    assert {key: pieces[0][1][key] for key in expected} == expected


def test_body_loose_text_headings_and_tables():
    pieces = BodyReader("Same headline").read_html(
        "<h1>Same headline</h1>Loose <i>text</i><div><p>In a div</p></div>"
        "<h3>" + "Long " * 30 + "</h3><table><tr><td>Ankara</td><td>12°C</td></tr></table>"
        "<iframe src='https://x.example'>frame text</iframe><!-- comment -->"
        "<p>Safe<script>alert(2)</script><span><style>p{}</style>ly</span></p>"
    )
    assert [kind for kind, _ in pieces] == ["paragraph"]
    assert pieces[0][1] == (
        "<p>Loose <i>text</i></p><p>In a div</p><p><b>" + ("Long " * 30).strip() + "</b></p>"
        "<p>Ankara – 12°C</p><p>Safely</p>"
    )


# The command ---------------------------------------------------------------


def test_command_prints_a_line_per_item_and_fails_on_rejections(batch, turkey):
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 4 items rejected"):
        call_command("import_ninjs", str(batch), "--section", "news/turkey", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if not line.startswith("warning:")]
    assert len(lines) == 4
    assert lines[1].startswith(f"rejected: {batch / 'briefs.json'}#2 headlines:")
    assert lines[3] == (
        "ok: urn:newsml:meridian.example:2024:izmir-ferry → "
        "http://testserver/news/turkey/isik-ferry-line-reopens-after-storm-repairs/ "
        "(created, published)"
    )
    out = io.StringIO()
    (batch / "briefs.json").unlink()
    call_command("import_ninjs", str(batch), "--section", "/news/turkey/", stdout=out)
    assert out.getvalue().count("(updated, published)") == 2


def test_command_refuses_an_unknown_section(batch, turkey):
    with pytest.raises(CommandError, match="No section at /news/sport/"):
        call_command("import_ninjs", str(batch), "--section", "news/sport")
    assert find_section("news/turkey").pk == turkey.pk


# The admin ---------------------------------------------------------------


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_import_of_json_and_pictures(editor_client, batch, turkey):
    url = reverse("newsroom_import_ninjs", args=[turkey.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert b'type="file"' in page.content and b" multiple" in page.content
    files = [upload(path) for path in sorted(batch.glob("*.json"))]
    files += [upload(path) for path in sorted((batch / "pictures").iterdir())]
    response = editor_client.post(url, {"files": files})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id="import-results-heading").get_text()
    assert " ".join(heading.split()) == "3 items imported, 1 rejected"
    assert len(soup.select(".newsroom-import-ok")) == 3
    rejected = soup.select_one(".newsroom-import-rejected").get_text(" ", strip=True)
    assert "briefs.json#2" in rejected and "headlines" in rejected
    assert stories(turkey).count() == 3
    assert all(story.lead_photo_id for story in stories(turkey))


def test_admin_import_of_a_zip(editor_client, batch, turkey):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in batch.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(batch))
    archive = SimpleUploadedFile("wire.zip", buffer.getvalue())
    response = editor_client.post(
        reverse("newsroom_import_ninjs", args=[turkey.pk]), {"files": [archive]}
    )
    assert response.status_code == 200
    assert stories(turkey).count() == 3


def test_admin_refuses_a_zip_that_escapes_its_folder(editor_client, turkey):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.json", json.dumps(item()))
    response = editor_client.post(
        reverse("newsroom_import_ninjs", args=[turkey.pk]),
        {"files": [SimpleUploadedFile("evil.zip", buffer.getvalue())]},
    )
    assert response.status_code == 200
    assert "outside its own folder" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_admin_import_needs_permission_to_add_to_the_section(client, django_user_model, turkey):
    url = reverse("newsroom_import_ninjs", args=[turkey.pk])
    user = django_user_model.objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(user)
    # Wagtail answers PermissionDenied in the admin with a redirect and a message.
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert client.post(url, {"files": []}).status_code == 302
    assert not ArticlePage.objects.exists()


def test_editor_without_publish_permission_imports_drafts(
    client, django_user_model, tmp_path, turkey
):
    group = Group.objects.create(name="Reporters")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=turkey, permission=Permission.objects.get(codename=permission)
        )
    user = django_user_model.objects.create_user("reporter", password="x")
    user.groups.add(group)
    photo = write_jpeg(tmp_path / "p.jpg")
    path = write_items(tmp_path, "a.json", item(associations=[picture(photo.name)]))
    client.force_login(user)
    response = client.post(
        reverse("newsroom_import_ninjs", args=[turkey.pk]), {"files": [upload(path), upload(photo)]}
    )
    assert "draft: you may not publish here" in response.content.decode()
    story = ArticlePage.objects.get()
    assert not story.live and story.owner == user


def test_section_offers_the_import_button(editor_client, turkey):
    explore = editor_client.get(reverse("wagtailadmin_explore", args=[turkey.pk]))
    url = reverse("newsroom_import_ninjs", args=[turkey.pk])
    assert url in explore.content.decode()
    story = build_story(turkey, slug="not-a-section")
    story_explore = editor_client.get(reverse("wagtailadmin_explore", args=[story.pk]))
    assert "import-ninjs" not in story_explore.content.decode()


# Export and the round trip -----------------------------------------------------


def check_against_schema(value, schema, root, where="item"):
    """The parts of JSON Schema the ninjs 2.1 schema uses (jsonschema is not installed)."""
    if "$ref" in schema:
        assert schema["$ref"].startswith("#/"), where
        target = root
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        check_against_schema(value, target, root, where)
    types = {"string": str, "array": list, "object": dict, "number": (int, float), "integer": int}
    if "type" in schema:
        assert isinstance(value, types[schema["type"]]), (
            f"{where}: {value!r} is not {schema['type']}"
        )
    if "enum" in schema:
        assert value in schema["enum"], where
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if "$ref" in schema:
            properties = {**properties, **root["$defs"]["ninjsType"]["properties"]}
        for key in schema.get("required", []):
            assert key in value, f"{where}: {key} missing"
        for key, child in value.items():
            if key in properties:
                check_against_schema(child, properties[key], root, f"{where}.{key}")
            else:
                closed = schema.get("additionalProperties") is False
                closed = closed or schema.get("unevaluatedProperties") is False
                assert not closed, f"{where}: {key} is not a ninjs property"
    if isinstance(value, list) and "items" in schema:
        for i, child in enumerate(value):
            check_against_schema(child, schema["items"], root, f"{where}[{i}]")


def export(client, page):
    response = client.get(page.url, {"format": "ninjs"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_published_story_is_available_as_ninjs(client, turkey, newsroom_settings):
    story = build_story(turkey, n=2, title="Çavuşoğlu visits Işık plant", slug="visit")
    assert client.get(story.url)["Content-Type"].startswith("text/html")
    document = export(client, story)
    assert document["uri"] == "http://testserver/news/turkey/visit/"
    assert document["type"] == "text" and document["pubstatus"] == "usable"
    assert document["headlines"] == [{"role": "main", "value": "Çavuşoğlu visits Işık plant"}]
    assert document["descriptions"] == [{"role": "summary", "value": story.summary}]
    assert document["located"] == "ANKARA"
    assert [s["name"] for s in document["subjects"]] == ["Tag 0", "Tag 1"]
    assert [a["name"] for a in document["associations"]] == ["lead", "photo2", "photo3"]
    lead = document["associations"][0]
    assert lead["renditions"][0]["href"].startswith("http://testserver/")
    assert {"role": "creditline", "value": "AFP"} in lead["descriptions"]
    body = document["bodies"][0]["value"]
    assert '<figure data-assoc-ref="photo2">' in body and "<blockquote" in body
    assert "Işık" in body and "Mevlüt Çavuşoğlu" in body
    assert "Çavuşoğlu visits".encode() in client.get(story.url, {"format": "ninjs"}).content


def test_export_makes_site_links_absolute_and_survives_a_lost_file(client, turkey):
    from wagtail.rich_text import RichText

    from ..factories import publish

    other = build_story(turkey, slug="other")
    story = build_story(turkey, slug="linking")
    story.body = [
        ("paragraph", RichText(f'<p><a linktype="page" id="{other.pk}">Earlier</a> &amp; more</p>'))
    ]
    publish(story)
    story.lead_photo.file.storage.delete(story.lead_photo.file.name)
    document = export(client, ArticlePage.objects.get(pk=story.pk))
    assert document["bodies"][0]["value"] == (
        '<p><a href="http://testserver/news/turkey/other/">Earlier</a> &amp; more</p>'
    )
    assert document["associations"][0]["renditions"] == []


def test_exported_ninjs_follows_the_2_1_schema(client, turkey, newsroom_settings):
    schema_path = SHARED / "schema" / "ninjs-schema_2.1.json"
    if not schema_path.exists():
        pytest.skip("the IPTC schemas are not next to the repository")
    schema = json.loads(schema_path.read_text())
    story = build_story(turkey, n=2, slug="schema")
    check_against_schema(export(client, story), schema, schema)


def test_round_trip_import_export_import_is_stable(client, rf, batch, turkey, newsroom_settings):
    import_folder(batch, turkey)
    story = ArticlePage.objects.get(external_id="urn:newsml:meridian.example:2024:izmir-ferry")
    first = export(client, story)
    assert first["uri"] == "urn:newsml:meridian.example:2024:izmir-ferry"

    # Partners would fetch the renditions; here the same files travel with the copy.
    originals = {"lead": "pictures/cinar.jpg", "photo2": "pictures/harbour.png"}
    again = json.loads(json.dumps(first))
    for association in again["associations"]:
        association["renditions"] = [
            {"name": "original", "href": f"file:{originals[association['name']]}"}
        ]
    path = write_items(batch, "again.json", again)
    revisions = story.revisions.count()
    (result,) = import_ninjs_files([path], turkey)
    assert result.ok and result.action == "updated", str(result)
    assert story.revisions.count() == revisions + 1

    second = export(client, ArticlePage.objects.get(pk=story.pk))
    assert second == first
    # Built afresh, not from any reader cache.
    request = rf.get(story.url, {"format": "ninjs"})
    assert article_to_ninjs(ArticlePage.objects.get(pk=story.pk), request) == first


# Real agency documents (the IPTC's examples, when present) -----------------------


@pytest.mark.parametrize(
    "name",
    [
        "1.4/ninjsExSimpleText1.json",
        "1.4/ninjsExMediumText1.json",
        "2.1/ninjsExSimpleText_2.json",
        "2.1/dpa_text.json",
        "2.1/tt_text_image_2.json",
    ],
)
def test_agency_examples_import_cleanly(name, turkey):
    path = SHARED / "examples" / name
    if not path.exists():
        pytest.skip("the IPTC examples are not next to the repository")
    (result,) = import_ninjs_files([path], turkey)
    assert result.ok, str(result)
    story = result.page
    assert story.title and story.summary and len(story.body)
    assert not story.live  # their pictures are on the web: drafts until an editor adds one


@pytest.mark.parametrize("name", ["1.4/ninjsExSimplePhoto1.json", "2.1/ap_image.json"])
def test_agency_picture_items_are_refused_with_a_reason(name, turkey):
    path = SHARED / "examples" / name
    if not path.exists():
        pytest.skip("the IPTC examples are not next to the repository")
    with pytest.raises(NinjsError, match="only text items"):
        read_story(json.loads(path.read_text()), name)


# Wire text kept literally ---------------------------------------------------------

LITERAL_HEADLINE = 'Rates <unchanged> as "talks" resume'
LITERAL_SUMMARY = "The memo says to wrap <b>key figures</b> in bold & to cite <sources>."


def test_plain_text_fields_are_kept_literally_and_escaped_when_shown(client, tmp_path, turkey):
    write_jpeg(tmp_path / "lead.jpg", (1600, 1000))
    document = item(
        headline=LITERAL_HEADLINE,
        descriptions=[{"role": "summary", "value": LITERAL_SUMMARY}],
        by="Jane <Doe>",
        located="ANKARA <bureau>",
        associations=[
            picture(
                "lead.jpg",
                by="Ali <Photo>",
                descriptions=[{"role": "caption", "value": "A <sign> at the gate"}],
            )
        ],
    )
    result = import_ninjs_document(document, turkey, folder=tmp_path)
    assert result.ok, result
    story = result.page
    assert story.title == LITERAL_HEADLINE
    assert story.summary == LITERAL_SUMMARY
    assert story.dateline == "ANKARA <bureau>"
    assert story.lead_caption_text == "A <sign> at the gate"
    assert story.lead_credit_text == "Ali <Photo>"
    assert [byline.author.name for byline in story.bylines.all()] == ["Jane <Doe>"]
    html = client.get(story.url).content.decode()
    assert "Rates &lt;unchanged&gt; as &quot;talks&quot; resume" in html
    assert "&lt;b&gt;key figures&lt;/b&gt;" in html and "<sources>" not in html


def test_a_description_that_is_html_is_read_as_html(tmp_path, turkey):
    document = item(
        descriptions=[
            {"role": "summary", "contenttype": "text/html", "value": "<p>Prices <b>rose</b>.</p>"}
        ]
    )
    result = import_ninjs_document(document, turkey, folder=tmp_path)
    summary = result.page.summary
    assert summary.startswith("Prices") and "rose" in summary and "<" not in summary
