"""Finding a photo by its credit or default caption, in the library and the chooser.

The site's image model indexes its details row (``media.apps``) on the
database search backend that tests/testapp/settings.py configures; Wagtail's
admin listings search with autocomplete, so both fields are autocompleted too.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from ..factories import PhotoFactory, jpeg_file

Photo = get_image_model()


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def photos(db):
    return {
        "reuters": PhotoFactory(
            title="Ferry at dawn",
            credit="Jane Doe/Reuters",
            default_caption="A ferry leaves the quay before sunrise.",
        ),
        "afp": PhotoFactory(
            title="Market day", credit="AFP", default_caption="Stalls in the old bazaar."
        ),
    }


def library_titles(client, query):
    response = client.get(reverse("wagtailimages:index_results"), {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {" ".join(fc.contents[0].split()) for fc in soup.select("ul.images figcaption")}


def chooser_titles(client, query):
    response = client.get(reverse("wagtailimages_chooser:choose_results"), {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {" ".join(h3.get_text().split()) for h3 in soup.select("ul.images h3")}


def test_the_library_finds_a_photo_by_its_credit(editor, photos):
    assert library_titles(editor, "Reuters") == {"Ferry at dawn"}
    assert library_titles(editor, "AFP") == {"Market day"}
    # The listing's own address, as the search box sends it.
    response = editor.get(reverse("wagtailimages:index"), {"q": "Reuters"})
    assert b"Ferry at dawn" in response.content and b"Market day" not in response.content


def test_the_library_finds_a_photo_by_its_default_caption(editor, photos):
    assert library_titles(editor, "bazaar") == {"Market day"}
    assert library_titles(editor, "sunrise") == {"Ferry at dawn"}


def test_the_chooser_finds_a_photo_by_its_credit_and_caption(editor, photos):
    assert chooser_titles(editor, "Reuters") == {"Ferry at dawn"}
    assert chooser_titles(editor, "bazaar") == {"Market day"}
    # The chooser's first page searches too (its search box posts here).
    response = editor.get(reverse("wagtailimages_chooser:choose"), {"q": "Reuters"})
    html = json.loads(response.content)["html"]
    assert "Ferry at dawn" in html and "Market day" not in html


def test_a_partly_typed_credit_finds_the_photo(editor, photos):
    assert library_titles(editor, "Reut") == {"Ferry at dawn"}


def test_an_upload_is_found_by_the_credit_typed_with_it(editor):
    prefix = "image-chooser-upload"
    file = SimpleUploadedFile("quay.jpg", jpeg_file().read(), content_type="image/jpeg")
    editor.post(
        reverse("wagtailimages_chooser:create"),
        {f"{prefix}-title": "Quay", f"{prefix}-file": file, f"{prefix}-credit": "Anadolu"},
    )
    assert chooser_titles(editor, "Anadolu") == {"Quay"}


def test_a_changed_credit_is_what_search_finds(editor, photos):
    photo = photos["afp"]
    response = editor.post(
        reverse("wagtailimages:edit", args=[photo.pk]),
        {
            "title": photo.title,
            "collection": photo.collection_id,
            "credit": "Ozan Kose/Getty",
            "default_caption": "Stalls in the old bazaar.",
        },
    )
    assert response.status_code == 302
    assert library_titles(editor, "Getty") == {"Market day"}
    assert library_titles(editor, "AFP") == set()


@pytest.mark.django_db
def test_an_image_without_a_details_row_still_indexes_and_is_found_by_title(editor):
    image = Photo(title="Archive lighthouse", file=jpeg_file())
    image.save()
    index.insert_or_update_object(image)  # what update_index does for every image
    assert list(get_search_backend().search("lighthouse", Photo)) == [image]
    assert library_titles(editor, "lighthouse") == {"Archive lighthouse"}
