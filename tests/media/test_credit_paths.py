"""A credit on every path a photo enters or changes through the admin.

Design section 2: the add view, the multiple uploader (an upload waits with its
missing credit marked until one is given), the chooser's upload tab and the
edit views all build their form from ``WAGTAILIMAGES_IMAGE_FORM_BASE``, which
``media.apps`` sets to ``media.forms.PhotoForm``. New photos need a credit; an
image a site had before Newsroom saves without one; a credit given cannot be
removed; what is typed lands in ``PhotoDetails``.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from media.details import details_of
from media.models import PhotoDetails

from ..factories import PhotoFactory, jpeg_file

Photo = get_image_model()
AJAX = {"x-requested-with": "XMLHttpRequest"}
REQUIRED = "This field is required."


def upload(name="harbour.jpg"):
    return SimpleUploadedFile(name, jpeg_file(name=name).read(), content_type="image/jpeg")


def field_errors(html, name):
    """The error texts Wagtail shows for the form field called ``name`` (any prefix)."""
    soup = BeautifulSoup(html, "html.parser")
    field = soup.find(attrs={"name": lambda value: value and value.split("-")[-1] == name})
    assert field is not None, f"no {name} field in the form"
    wrapper = field.find_parent(attrs={"data-field-wrapper": True}) or field.find_parent("div")
    return [" ".join(error.get_text(" ").split()) for error in wrapper.select(".error-message")]


def old_image(**fields):
    """An image from before Newsroom: saved by Wagtail alone, no details row."""
    image = Photo(title="Archive: harbour in 1998", file=jpeg_file(), **fields)
    image.save()
    assert not PhotoDetails.objects.filter(image=image).exists()
    return Photo.objects.get(pk=image.pk)


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def edit_data(image, **values):
    """The edit form's own values for ``image``, with ``values`` typed over them."""
    details = details_of(image)
    data = {
        "title": image.title,
        "collection": image.collection_id,
        "description": image.description,
        "credit": details.credit,
        "copyright": details.copyright,
        "default_caption": details.default_caption,
        "tags": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
    }
    data.update(values)
    return data


# The add view ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_add_view_refuses_a_photo_without_credit_and_says_so(editor):
    response = editor.post(
        reverse("wagtailimages:add"),
        {"title": "Harbour", "collection": Collection.get_first_root_node().pk, "file": upload()},
    )
    assert response.status_code == 200
    assert field_errors(response.content, "credit") == [REQUIRED]
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_the_add_view_stores_credit_notes_and_caption_in_photo_details(editor):
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Harbour",
            "collection": Collection.get_first_root_node().pk,
            "file": upload(),
            "credit": "Jane Doe/Reuters",
            "copyright": "Editorial use only",
            "default_caption": "Ships at the quay on Tuesday.",
            "description": "Three ships moored at a concrete quay.",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    details = PhotoDetails.objects.get(image=photo)
    assert (details.credit, details.copyright, details.default_caption) == (
        "Jane Doe/Reuters",
        "Editorial use only",
        "Ships at the quay on Tuesday.",
    )
    assert photo.description == "Three ships moored at a concrete quay."


# The multiple uploader --------------------------------------------------------


@pytest.mark.django_db
def test_the_multiple_uploader_keeps_an_upload_without_credit_and_marks_what_it_needs(editor):
    response = editor.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload()}, headers=AJAX
    )
    assert response.status_code == 200
    data = response.json()
    # Wagtail keeps the file as an upload, not a photo in the library...
    assert data["success"] is True and "uploaded_file_id" in data
    upload_row = UploadedFile.objects.get(pk=data["uploaded_file_id"])
    assert not Photo.objects.exists()
    # ...and its form says at once that the credit is missing, and why it matters.
    assert field_errors(data["form"], "credit") == [REQUIRED]
    assert "not in the library yet" in BeautifulSoup(data["form"], "html.parser").get_text()

    prefix = f"uploaded-image-{upload_row.pk}"
    url = reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_row.pk])
    response = editor.post(url, {f"{prefix}-title": "Harbour"}, headers=AJAX)
    data = response.json()
    assert data["success"] is False
    assert field_errors(data["form"], "credit") == [REQUIRED]
    assert not Photo.objects.exists() and UploadedFile.objects.filter(pk=upload_row.pk).exists()

    response = editor.post(
        url,
        {
            f"{prefix}-title": "Harbour",
            f"{prefix}-credit": "AFP",
            f"{prefix}-default_caption": "Ships at the quay.",
        },
        headers=AJAX,
    )
    data = response.json()
    assert data["success"] is True
    photo = Photo.objects.get(pk=data["image_id"])
    details = PhotoDetails.objects.get(image=photo)
    assert (details.credit, details.default_caption) == ("AFP", "Ships at the quay.")
    assert not UploadedFile.objects.exists()


@pytest.mark.django_db
def test_the_multiple_uploaders_edit_form_refuses_to_clear_a_credit(editor):
    photo = PhotoFactory(credit="AFP")
    prefix = f"image-{photo.pk}"
    response = editor.post(
        reverse("wagtailimages:edit_multiple", args=[photo.pk]),
        {f"{prefix}-title": photo.title, f"{prefix}-credit": ""},
        headers=AJAX,
    )
    data = response.json()
    assert data["success"] is False
    assert field_errors(data["form"], "credit") == [REQUIRED]
    assert PhotoDetails.objects.get(image=photo).credit == "AFP"


# The chooser's upload tab -----------------------------------------------------


@pytest.mark.django_db
def test_the_choosers_upload_tab_refuses_a_photo_without_credit(editor):
    prefix = "image-chooser-upload"
    response = editor.post(
        reverse("wagtailimages_chooser:create"),
        {f"{prefix}-title": "Harbour", f"{prefix}-file": upload()},
    )
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert field_errors(data["htmlFragment"], "credit") == [REQUIRED]
    assert not Photo.objects.exists()

    response = editor.post(
        reverse("wagtailimages_chooser:create"),
        {f"{prefix}-title": "Harbour", f"{prefix}-file": upload(), f"{prefix}-credit": "AFP"},
    )
    data = response.json()
    assert data["step"] == "chosen"
    assert PhotoDetails.objects.get(image_id=data["result"]["id"]).credit == "AFP"


# The edit view ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_old_image_without_credit_still_saves_from_the_edit_view(editor):
    image = old_image()
    response = editor.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        edit_data(image, title="Harbour in 1998", description="Fishing boats at dusk."),
    )
    assert response.status_code == 302, field_errors(response.content, "credit")
    image.refresh_from_db()
    assert (image.title, image.description) == ("Harbour in 1998", "Fishing boats at dusk.")
    assert details_of(image).credit == ""


@pytest.mark.django_db
def test_an_old_image_gets_its_first_credit_from_the_edit_view(editor):
    image = old_image()
    response = editor.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        edit_data(image, credit="Archive/Anadolu", default_caption="The harbour in 1998."),
    )
    assert response.status_code == 302
    details = PhotoDetails.objects.get(image=image)
    assert (details.credit, details.default_caption) == ("Archive/Anadolu", "The harbour in 1998.")


@pytest.mark.django_db
def test_clearing_a_credit_is_refused(editor):
    photo = PhotoFactory(credit="AFP")
    response = editor.post(
        reverse("wagtailimages:edit", args=[photo.pk]), edit_data(photo, credit="")
    )
    assert response.status_code == 200
    assert field_errors(response.content, "credit") == [REQUIRED]
    assert PhotoDetails.objects.get(image=photo).credit == "AFP"


@pytest.mark.django_db
def test_the_edit_view_changes_a_credit_and_keeps_it_in_photo_details(editor):
    photo = PhotoFactory(credit="AFP")
    response = editor.post(
        reverse("wagtailimages:edit", args=[photo.pk]),
        edit_data(photo, credit="AFP/Ozan Kose", copyright="No resale"),
    )
    assert response.status_code == 302
    details = PhotoDetails.objects.get(image=photo)
    assert (details.credit, details.copyright) == ("AFP/Ozan Kose", "No resale")
