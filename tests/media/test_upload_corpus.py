"""Hostile uploads: a corpus of bad and awkward files, tried on every upload path.

Each file must be stored correctly (with upright, web-safe renditions) or be
refused with an error that names the problem: never a 500, never a photo row
without its file or a file without its row.
"""

import errno
import io
import json
import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageOps
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from articles.ninjs import import_ninjs_files
from media.details import credit_of
from media.loading import rendition as photo_rendition
from media.sizes import upload_specs

Photo = get_image_model()

# The corpus -----------------------------------------------------------------

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 30)


def encode(image, format_, **options):
    buffer = io.BytesIO()
    image.save(buffer, format_, **options)
    return buffer.getvalue()


def jpeg(size=(600, 400), colour=(40, 90, 160)):
    return encode(Image.new("RGB", size, colour), "JPEG")


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, *, depth=8, colour_type=2, rows=None):
    """A PNG written by hand, for what Pillow will not write (16-bit, lying headers)."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    data = zlib.compress(b"".join(rows or []))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def png16_grey(width=300, height=200, level=0x8000):
    return png(
        width,
        height,
        depth=16,
        colour_type=0,
        rows=[b"\0" + struct.pack(">H", level) * width] * height,
    )


def png16_rgb(width=300, height=200, rgb=(0x8000, 0x4000, 0xC000)):
    return png(width, height, depth=16, rows=[b"\0" + struct.pack(">HHH", *rgb) * width] * height)


def animated_gif(frames, size):
    # Each frame differs, or Pillow would merge them into one.
    images = [Image.new("L", size, (i * 7) % 256) for i in range(frames)]
    return encode(images[0], "GIF", save_all=True, append_images=images[1:], duration=40)


def cmyk_jpeg():
    return encode(Image.new("RGB", (400, 300), RED).convert("CMYK"), "JPEG")


# exif_transpose's operation for each orientation, and the one that undoes it.
UNDO_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright_quadrants(size=(240, 360)):
    """A portrait photo as it should be seen: red, green over blue, yellow."""
    width, height = size
    image = Image.new("RGB", size, RED)
    image.paste(GREEN, (width // 2, 0, width, height // 2))
    image.paste(BLUE, (0, height // 2, width // 2, height))
    image.paste(YELLOW, (width // 2, height // 2, width, height))
    return image


def rotated_jpeg(orientation):
    """Pixels stored turned (or mirrored), with the EXIF tag that puts them right."""
    stored = upright_quadrants().transpose(UNDO_ORIENTATION[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(stored, "JPEG", exif=exif, quality=95)


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(document.cookie)</script><rect width="100" height="100" fill="red"/></svg>'
)


@dataclass
class Case:
    name: str  # the uploaded file's name
    data: bytes
    error: str = ""  # what the admin forms say; "" when the file is accepted
    ninjs_error: str = ""  # what the wire import says
    check: str = ""  # how to check an accepted photo's renditions
    extra: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def corpus():
    whole = jpeg()
    sixty_mb = whole + b"\0" * (60 * 1024 * 1024)
    cases = [
        Case(
            "notes.jpg",
            b"Minutes of the editorial meeting, not a picture.",
            error="Upload a valid image",
            ninjs_error="not a readable image",
        ),
        Case(
            "truncated.jpg",
            jpeg(size=(1200, 800))[:3000],
            error="This image file is damaged or incomplete",
            ninjs_error="not a readable image",
        ),
        Case(
            "empty.jpg",
            b"",
            error="The submitted file is empty",
            ninjs_error="not a readable image",
        ),
        Case(
            "bomb.png",
            png(30000, 30000),
            error="This file has too many pixels",
            ninjs_error="image bomb",
        ),
        Case(
            "huge.jpg",
            sixty_mb,
            error="This file is too big (60.0\xa0MB). Maximum filesize 20.0\xa0MB.",
            ninjs_error="the limit is 21.0 MB",
        ),
        Case(
            "flipbook.gif",
            animated_gif(1000, (400, 400)),
            error="This animation has too many pixels (400×400 pixels × 1000 frames",
            ninjs_error="over the limit of 128 million",
        ),
        Case("loop.gif", animated_gif(1000, (48, 48)), check="first_frame"),
        Case("print.jpg", cmyk_jpeg(), check="cmyk"),
        Case("deep-grey.png", png16_grey(), check="grey16"),
        Case("deep-colour.png", png16_rgb(), check="rgb16"),
        Case("rotated-6.jpg", rotated_jpeg(6), check="upright"),
        Case(
            "script.svg",
            SVG_WITH_SCRIPT,
            error="Not a supported image format",
            ninjs_error="not a readable image",
        ),
        Case(
            "../../../etc/cron.d/evil.jpg",
            jpeg(),
            check="name",
            ninjs_error="is outside the import folder",
        ),
        Case("pho\x00to.jpg", jpeg(), check="name"),
        Case("holiday\u202egpj.exe.jpg", jpeg(), check="name"),
        Case("\U0001f4f8\U0001f525.jpg", jpeg(), check="name"),
    ]
    return {case.name: case for case in cases}


CASE_NAMES = [
    "notes.jpg",
    "truncated.jpg",
    "empty.jpg",
    "bomb.png",
    "huge.jpg",
    "flipbook.gif",
    "loop.gif",
    "print.jpg",
    "deep-grey.png",
    "deep-colour.png",
    "rotated-6.jpg",
    "script.svg",
    "../../../etc/cron.d/evil.jpg",
    "pho\x00to.jpg",
    "holiday\u202egpj.exe.jpg",
    "\U0001f4f8\U0001f525.jpg",
]


# The upload paths -------------------------------------------------------------


@dataclass
class Outcome:
    photo: object = None
    error: str = ""


def squash(text):
    """Text with every run of white space (non-breaking spaces too) as one space."""
    return " ".join(text.split())


def error_text(html):
    return squash(BeautifulSoup(html, "html.parser").get_text(" "))


def upload_with_add_view(client, case, **context):
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Hostile", "credit": "AFP", "file": SimpleUploadedFile(case.name, case.data)},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        return Outcome(photo=Photo.objects.get())
    return Outcome(error=error_text(response.content))


def upload_with_multiple_uploader(client, case, **context):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(case.name, case.data)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    data = response.json()
    if not data["success"]:
        return Outcome(error=data["error_message"])
    # Photos need a credit, so the file waits as an upload until the editor adds one.
    upload_id = data["uploaded_file_id"]
    prefix = f"uploaded-image-{upload_id}"
    response = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {f"{prefix}-title": "Hostile", f"{prefix}-credit": "AFP"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    data = response.json()
    if not data["success"]:
        return Outcome(error=error_text(data["form"]))
    return Outcome(photo=Photo.objects.get(pk=data["image_id"]))


def upload_with_chooser(client, case, **context):
    prefix = "image-chooser-upload"
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            f"{prefix}-title": "Hostile",
            f"{prefix}-credit": "AFP",
            f"{prefix}-file": SimpleUploadedFile(case.name, case.data),
        },
    )
    assert response.status_code == 200
    data = response.json()
    if data["step"] == "chosen":
        return Outcome(photo=Photo.objects.get(pk=data["result"]["id"]))
    assert data["step"] == "reshow_creation_form"
    return Outcome(error=error_text(data["htmlFragment"]))


def import_with_ninjs(client, case, *, tmp_path, section):
    folder = tmp_path / "wire"
    folder.mkdir()
    # A file system name cannot hold NUL or "/"; the href then carries them.
    file_name = Path(case.name.replace("\x00", "")).name
    (folder / file_name).write_bytes(case.data)
    href = case.name if case.name.startswith("../") else file_name
    if "\x00" in case.name:
        href = case.name
    document = {
        "uri": "urn:test:hostile",
        "type": "text",
        "headlines": [{"role": "main", "value": "Hostile picture"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Text.</p>"}],
        "associations": [
            {
                "name": "lead",
                "type": "picture",
                "uri": "urn:test:picture",
                "by": "AFP",
                "renditions": [{"name": "original", "href": href}],
            }
        ],
    }
    path = folder / "item.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    (result,) = import_ninjs_files([path], section)
    # The wire folder is the agency's, not the library's: only MEDIA_ROOT is counted.
    if not result.ok:
        return Outcome(error=result.error.message)
    return Outcome(photo=result.page.lead_photo)


PATHS = {
    "add view": upload_with_add_view,
    "multiple uploader": upload_with_multiple_uploader,
    "chooser upload": upload_with_chooser,
    "ninjs import": import_with_ninjs,
}


# Checks ----------------------------------------------------------------------


def media_files(media_root):
    root = Path(media_root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def rendition_image(rendition):
    with rendition.file.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    return image


def nearest(colour, palette=(RED, GREEN, BLUE, YELLOW)):
    return min(palette, key=lambda p: sum((a - b) ** 2 for a, b in zip(colour, p, strict=True)))


def assert_upright(image, spec):
    image = image.convert("RGB")
    width, height = image.size
    seen = [
        nearest(image.getpixel((x * width // 4, y * height // 4)))
        for y, x in ((1, 1), (1, 3), (3, 1), (3, 3))
    ]
    assert seen == [RED, GREEN, BLUE, YELLOW], f"{spec} is not upright"
    assert height > width or spec.startswith(("fill", "max")), f"{spec} lost the portrait shape"


def assert_close(colour, expected, spec, tolerance=12):
    assert all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True)), (
        f"{spec}: {colour} is not {expected}"
    )


def check_renditions(photo, check):
    """Every reader rendition exists and shows the photo as it should be seen."""
    photo.refresh_from_db()
    made = dict(photo.renditions.values_list("filter_spec", "pk"))
    assert set(upload_specs()) <= set(made)
    # Any spec the plugin asks for later goes through the same web-safe filter
    # (a host's own {% image %} tags get Wagtail's plain one: docs/host-site.md).
    renditions = [*photo.renditions.all(), photo_rendition(photo, "fill-90x60|format-jpeg")]
    for rendition in renditions:
        image = rendition_image(rendition)
        spec = rendition.filter_spec
        assert image.mode in ("RGB", "RGBA", "L", "P", "LA"), f"{spec} is {image.mode}"
        middle = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
        if check == "upright":
            assert_upright(image, spec)
        elif check == "cmyk":
            assert_close(middle, RED, spec, tolerance=25)
        elif check == "grey16":
            assert_close(middle, (128, 128, 128), spec, tolerance=3)
        elif check == "rgb16":
            assert_close(middle, (128, 64, 192), spec, tolerance=6)
        elif check == "first_frame":
            assert_close(middle, (0, 0, 0), spec, tolerance=3)
        elif check == "name":
            assert_close(middle, (40, 90, 160), spec, tolerance=8)


def assert_safe_file_name(photo):
    name = photo.file.name
    folder, base = os.path.split(name)
    assert folder == "original_images"
    assert base.isascii() and base.isprintable() and not base.startswith(".")
    assert os.path.splitext(base)[1] in (".jpg", ".png", ".gif")
    assert (
        Path(photo.file.path).resolve().is_relative_to(Path(photo.file.storage.location).resolve())
    )


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


# The corpus on every path -------------------------------------------------------


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("name", CASE_NAMES)
def test_hostile_upload_is_stored_right_or_refused_by_name(
    name,
    path,
    corpus,
    editor_client,
    media_root,
    tmp_path,
    request,
    django_capture_on_commit_callbacks,
    settings,
):
    case = corpus[name]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100 * 1024 * 1024  # the 60 MB file stays in memory
    section = request.getfixturevalue("turkey") if path == "ninjs import" else None
    files_before = media_files(media_root)
    # The renditions made after commit are the same whichever way the file came
    # in; they are made and checked on one path to keep the corpus quick.
    with django_capture_on_commit_callbacks(execute=path == "add view"):
        outcome = PATHS[path](editor_client, case, tmp_path=tmp_path, section=section)
    expected_error = case.ninjs_error if path == "ninjs import" else case.error
    if expected_error:
        assert outcome.photo is None
        assert squash(expected_error) in squash(outcome.error)
        assert not Photo.objects.exists()
        assert media_files(media_root) == files_before
        return
    assert outcome.error == "", outcome.error
    assert Photo.objects.count() == 1
    photo = outcome.photo
    # Only the original and its renditions: no upload left waiting, nothing elsewhere.
    new_files = set(media_files(media_root)) - set(files_before)
    assert {f.split("/")[0] for f in new_files} <= {"original_images", "images"}
    assert [f for f in new_files if f.startswith("original_images/")] == [photo.file.name]
    assert_safe_file_name(photo)
    if path == "add view":
        check_renditions(photo, case.check)


def test_file_names_are_made_safe_and_visible(corpus, admin_user, media_root):
    """The same names handed to the form directly, as an importer or a script would."""
    from wagtail.images.forms import get_image_form

    Form = get_image_form(Photo)
    stored = {}
    for name in (
        "../../../etc/cron.d/evil.jpg",
        "pho\x00to.jpg",
        "holiday\u202egpj.exe.jpg",
        "\U0001f4f8\U0001f525.jpg",
        "\u2066\u202e.JPG",
    ):
        upload = SimpleUploadedFile(name, jpeg())
        form = Form({"title": "T", "credit": "AFP"}, {"file": upload}, user=admin_user)
        assert form.is_valid(), form.errors
        stored[name] = form.save().file.name
    assert stored == {
        "../../../etc/cron.d/evil.jpg": "original_images/evil.jpg",
        "pho\x00to.jpg": "original_images/photo.jpg",
        "holiday\u202egpj.exe.jpg": "original_images/holidaygpj.exe.jpg",
        "\U0001f4f8\U0001f525.jpg": stored["\U0001f4f8\U0001f525.jpg"],
        "\u2066\u202e.JPG": stored["\u2066\u202e.JPG"],
    }
    for name in ("\U0001f4f8\U0001f525.jpg", "\u2066\u202e.JPG"):
        assert stored[name].startswith("original_images/photo"), stored[name]
        assert stored[name].endswith(".jpg")


@pytest.mark.parametrize("orientation", sorted(UNDO_ORIENTATION))
def test_exif_orientation_is_applied_in_every_rendition(
    orientation, db, django_capture_on_commit_callbacks
):
    from ..factories import PhotoFactory

    data = rotated_jpeg(orientation)
    assert ImageOps.exif_transpose(Image.open(io.BytesIO(data))).size == (240, 360)
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(file=SimpleUploadedFile(f"turned-{orientation}.jpg", data))
    check_renditions(photo, "upright")


# SVG ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["add view", "multiple uploader", "chooser upload"])
def test_svg_is_refused_even_when_switched_on(path, corpus, editor_client, media_root, settings):
    settings.WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
    outcome = PATHS[path](editor_client, corpus["script.svg"])
    assert "SVG files cannot be used as photos" in outcome.error
    assert "carry scripts" in outcome.error
    assert not Photo.objects.exists()
    assert media_files(media_root) == []


# A full disk ----------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Storage that writes part of each original, then runs out of space."""
    real_save = FileSystemStorage._save

    def save(storage, name, content):
        if not name.startswith("original_images/"):
            return real_save(storage, name, content)
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        content.seek(0)
        path.write_bytes(content.read(1000))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(FileSystemStorage, "_save", save)


@pytest.mark.parametrize("path", ["add view", "chooser upload", "ninjs import"])
def test_full_disk_is_an_error_with_no_row_and_no_partial_file(
    path, corpus, editor_client, media_root, tmp_path, request, full_disk
):
    section = request.getfixturevalue("turkey") if path == "ninjs import" else None
    outcome = PATHS[path](
        editor_client, corpus["rotated-6.jpg"], tmp_path=tmp_path, section=section
    )
    assert outcome.photo is None
    assert "No space left on device" in outcome.error
    if path != "ninjs import":
        assert "The photo could not be stored on the server" in outcome.error
    assert not Photo.objects.exists()
    assert media_files(media_root) == []


def test_full_disk_in_the_multiple_uploader(corpus, editor_client, media_root, full_disk):
    """Wagtail's own view writes the file after validating, uncaught: the
    newsroom's replaces it (media/views.py)."""
    outcome = upload_with_multiple_uploader(editor_client, corpus["rotated-6.jpg"])
    assert "No space left on device" in outcome.error
    assert "The photo could not be stored on the server" in outcome.error
    assert not Photo.objects.exists()
    assert [f for f in media_files(media_root) if f.startswith("original_images/")] == []
    # The upload waits, so the editor can try again once there is room.
    (upload,) = UploadedFile.objects.all()
    assert upload.file.storage.exists(upload.file.name)


def test_multiple_uploader_stores_a_photo_with_its_credit(corpus, editor_client, media_root):
    outcome = upload_with_multiple_uploader(editor_client, corpus["rotated-6.jpg"])
    photo = outcome.photo
    assert credit_of(photo) == "AFP" and photo.uploaded_by_user.username
    assert photo.file.storage.exists(photo.file.name)
    assert photo.file.name.startswith("original_images/")
    assert (photo.width, photo.height) != (0, 0) and photo.file_size > 0
    assert not UploadedFile.objects.exists()
