"""Photos carry their credit, and reader renditions exist from upload."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from media.details import alt_of, written_alt
from media.sizes import specs_for, upload_specs

from ..conftest import build_story
from ..factories import PhotoFactory, jpeg_file


def upload(name="p.jpg"):
    data = jpeg_file(name=name).read()
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.mark.django_db
def test_admin_upload_requires_a_credit(admin_user):
    Form = get_image_form(get_image_model())
    form = Form({"title": "Uncredited"}, {"file": upload()}, user=admin_user)
    assert not form.is_valid()
    assert "credit" in form.errors
    form = Form({"title": "Credited", "credit": "AFP"}, {"file": upload()}, user=admin_user)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_reader_renditions_are_made_at_upload(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory()
    made = set(photo.renditions.values_list("filter_spec", flat=True))
    assert made == set(upload_specs())
    assert set(specs_for("lead")) <= made and "fill-1200x630|format-jpeg" in made


@pytest.mark.django_db
def test_replacing_the_file_remakes_renditions(django_capture_on_commit_callbacks):
    photo = get_image_model().objects.get(pk=PhotoFactory().pk)
    assert photo.renditions.count() == 0  # the upload's callbacks were not run
    photo.title = "Only the title changed"
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
    assert photo.renditions.count() == 0
    photo.file = jpeg_file(name="new.jpg", colour=(200, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
    assert photo.renditions.count() == len(upload_specs())


@pytest.mark.django_db
def test_avif_offered_when_enabled(settings, django_capture_on_commit_callbacks):
    from PIL import features

    if not features.check("avif"):
        pytest.skip("This Pillow cannot write AVIF")
    settings.NEWSROOM_IMAGE_FORMATS = ("avif", "webp")
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(file=jpeg_file(size=(500, 300)))
    assert photo.renditions.filter(filter_spec__endswith="format-avif").exists()


@pytest.mark.django_db
def test_alt_text_is_the_description_else_the_title_never_the_caption():
    Photo = get_image_model()
    assert alt_of(Photo(title="T", description="A")) == "A"
    photo = PhotoFactory(title="T", alt_text="", default_caption="C")
    assert alt_of(photo) == "T" and written_alt(photo) == ""


def stored_image(url):
    """The format and pixel size of the file a rendition URL serves."""
    with default_storage.open(url.removeprefix(settings.MEDIA_URL)) as file:
        image = Image.open(file)
        return image.format, image.size


def test_a_reader_before_the_worker_gets_renditions_made_and_sized_then(client, turkey):
    # The upload's task has not run (its on-commit callback never fires here),
    # as when a reader opens the story before the worker reaches the photo.
    story = build_story(turkey, slug="before-the-worker")
    photo = story.lead_photo
    assert photo.width == 1600 and photo.renditions.count() == 0

    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    img = soup.find("img", alt=photo.default_alt_text)
    assert (img["width"], img["height"]) == ("800", "500")
    assert stored_image(img["src"]) == ("JPEG", (800, 500))
    (webp,) = img.find_parent("picture").find_all("source", type="image/webp")
    for srcset, fmt in ((img["srcset"], "JPEG"), (webp["srcset"], "WEBP")):
        candidates = [entry.split() for entry in srcset.split(", ")]
        assert [width for _, width in candidates] == ["480w", "800w", "1200w", "1600w"]
        for url, width in candidates:
            width = int(width.removesuffix("w"))
            assert stored_image(url) == (fmt, (width, width * 1000 // 1600))
    made = set(photo.renditions.values_list("filter_spec", flat=True))
    assert set(specs_for("lead")) <= made
