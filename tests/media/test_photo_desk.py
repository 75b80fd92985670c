"""Whose photo is it: the credit in the library, the chooser and the story editor.

The library's grid and list, the chooser's listing and its chosen-photo data,
and the chooser next to a story's lead photo or an inline photo all show the
credit ("No credit" marked for the desk to fix) and, where it helps, the
default caption, at a cost in queries that does not grow with the photos shown.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model

from articles.blocks.photos import PhotoChooserBlock
from media.admin.widgets import CreditedImageChooser

from ..conftest import build_story
from ..factories import PhotoFactory, jpeg_file

Photo = get_image_model()
NO_CREDIT = "No credit"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def old_image(title="Archive: harbour in 1998"):
    """An image from before Newsroom: no details row."""
    image = Photo(title=title, file=jpeg_file())
    image.save()
    return image


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def library(db):
    return {
        "credited": PhotoFactory(
            title="Ferry at dawn", credit="Jane Doe/Reuters", default_caption="A ferry leaves."
        ),
        "uncredited": old_image(),
    }


def queries_for(client, url, **params):
    # Thumbnails are made on a photo's first listing: count a listing that has them.
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def assert_flat_query_count(client, url, **params):
    """The same number of queries for a page of 2 photos as for one of 8; returns it."""
    for i in range(2):
        PhotoFactory(title=f"Quay {i}", credit=f"Agency {i}")
    few = queries_for(client, url, **params)
    for i in range(6):
        PhotoFactory(title=f"Crane {i}", credit=f"Agency {i}") if i % 2 else old_image(f"Old {i}")
    many = queries_for(client, url, **params)
    assert few == many, f"{few} queries for 2 photos, {many} for 8"
    return many


# The library ------------------------------------------------------------------


def grid_items(soup):
    return {text(li.select_one("figcaption").contents[0]): li for li in soup.select("ul.images li")}


@pytest.mark.django_db
def test_the_librarys_grid_shows_each_photos_credit_and_marks_the_missing_ones(editor, library):
    items = grid_items(soup_of(editor.get(reverse("wagtailimages:index"))))
    credited = items["Ferry at dawn"].select_one(".newsroom-credit")
    assert text(credited) == "Jane Doe/Reuters"
    assert "newsroom-credit--missing" not in credited["class"]
    missing = items["Archive: harbour in 1998"].select_one(".newsroom-credit")
    assert text(missing) == NO_CREDIT and "newsroom-credit--missing" in missing["class"]
    # The default caption is the link's tooltip.
    assert items["Ferry at dawn"].select_one("a.image-choice")["title"].endswith("A ferry leaves.")


@pytest.mark.django_db
def test_the_librarys_list_has_credit_and_caption_columns(editor, library):
    soup = soup_of(editor.get(reverse("wagtailimages:index"), {"layout": "list"}))
    headings = [text(th) for th in soup.select("table thead th")]
    assert headings.index("Credit") == headings.index("Title") + 1
    assert "Default caption" in headings
    rows = {text(row.select_one("td.title")).split(" ")[0]: row for row in soup.select("tbody tr")}
    ferry = next(row for title, row in rows.items() if title == "Ferry")
    cells = [text(td) for td in ferry.select("td")]
    assert "Jane Doe/Reuters" in cells and "A ferry leaves." in cells
    archive = next(row for title, row in rows.items() if title == "Archive:")
    assert archive.select_one(".newsroom-credit--missing").get_text(strip=True) == NO_CREDIT


@pytest.mark.django_db
@pytest.mark.parametrize("layout", ["grid", "list"])
def test_the_librarys_queries_do_not_grow_with_its_photos(editor, layout):
    count = assert_flat_query_count(editor, reverse("wagtailimages:index"), layout=layout)
    print(f"library {layout}: {count} queries")


# The chooser ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_choosers_listing_shows_each_photos_credit(editor, library):
    response = editor.get(reverse("wagtailimages_chooser:choose"))
    html = json.loads(response.content)["html"]
    items = {
        text(li.select_one("h3")): li
        for li in BeautifulSoup(html, "html.parser").select("ul.images li")
    }
    assert text(items["Ferry at dawn"].select_one(".newsroom-credit")) == "Jane Doe/Reuters"
    missing = items["Archive: harbour in 1998"].select_one(".newsroom-credit--missing")
    assert text(missing) == NO_CREDIT


@pytest.mark.django_db
def test_the_choosers_list_layout_has_a_credit_column(editor, library):
    response = editor.get(reverse("wagtailimages_chooser:choose_results"), {"layout": "list"})
    soup = soup_of(response)
    headings = [text(th) for th in soup.select("table thead th")]
    assert "Credit" in headings
    assert "Jane Doe/Reuters" in [text(td) for td in soup.select("tbody td")]


@pytest.mark.django_db
@pytest.mark.parametrize("layout", ["grid", "list"])
def test_the_choosers_queries_do_not_grow_with_its_photos(editor, layout):
    count = assert_flat_query_count(
        editor, reverse("wagtailimages_chooser:choose_results"), layout=layout
    )
    print(f"chooser {layout}: {count} queries")


@pytest.mark.django_db
def test_the_chosen_photos_data_carries_its_credit_and_caption(editor, library):
    photo = library["credited"]
    data = editor.get(reverse("wagtailimages_chooser:chosen", args=[photo.pk])).json()
    assert data["step"] == "chosen"
    assert data["result"]["credit"] == "Jane Doe/Reuters"
    assert data["result"]["default_caption"] == "A ferry leaves."
    old = library["uncredited"]
    data = editor.get(reverse("wagtailimages_chooser:chosen", args=[old.pk])).json()
    assert (data["result"]["credit"], data["result"]["default_caption"]) == ("", "")


@pytest.mark.django_db
def test_a_photo_uploaded_in_the_chooser_comes_back_with_its_credit(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    prefix = "image-chooser-upload"
    file = SimpleUploadedFile("quay.jpg", jpeg_file().read(), content_type="image/jpeg")
    data = editor.post(
        reverse("wagtailimages_chooser:create"),
        {f"{prefix}-title": "Quay", f"{prefix}-file": file, f"{prefix}-credit": "AFP"},
    ).json()
    assert data["step"] == "chosen" and data["result"]["credit"] == "AFP"


@pytest.mark.django_db
def test_the_chooser_needs_the_choose_permission(client, django_user_model, library):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="pw-for-tests-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    photo = library["credited"]
    response = client.get(reverse("wagtailimages_chooser:chosen", args=[photo.pk]))
    assert response.status_code in (302, 403)
    assert b"Jane Doe/Reuters" not in response.content


# Next to a chosen photo in the story editor --------------------------------------------


def chosen_photo_details(soup, chooser_id):
    chooser = soup.find(id=f"{chooser_id}-chooser")
    assert chooser is not None and chooser.has_attr("data-newsroom-photo-chooser")
    caption = chooser.select_one("[data-newsroom-caption]")
    return (
        text(chooser.select_one("[data-newsroom-credit]")),
        None if caption.parent.has_attr("hidden") else text(caption),
    )


@pytest.mark.django_db
def test_the_story_editor_shows_the_lead_photos_credit_and_caption(editor, story):
    soup = soup_of(editor.get(reverse("wagtailadmin_pages:edit", args=[story.pk])))
    photo = story.lead_photo
    assert chosen_photo_details(soup, "id_lead_photo") == (
        "Meridian Press Agency",
        f"Default caption for {photo.title}",
    )
    # The script that keeps them up to date when another photo is chosen.
    assert soup.find("script", src=lambda src: src and "media/js/photo-credit.js" in src)


@pytest.mark.django_db
def test_the_story_editor_marks_a_lead_photo_without_credit(editor, story):
    story.lead_photo = old_image()
    story.save_revision()
    soup = soup_of(editor.get(reverse("wagtailadmin_pages:edit", args=[story.pk])))
    credit, caption = chosen_photo_details(soup, "id_lead_photo")
    assert credit == NO_CREDIT and caption is None
    chooser = soup.find(id="id_lead_photo-chooser")
    assert chooser.select_one(".newsroom-credit--missing")


@pytest.mark.django_db
def test_an_inline_photo_in_the_body_carries_its_credit_to_the_editor(editor, turkey):
    story = build_story(turkey, slug="inline-photo")
    soup = soup_of(editor.get(reverse("wagtailadmin_pages:edit", args=[story.pk])))
    # StreamField blocks are drawn in the browser from telepath data: the block's
    # chooser template has the credit line, and each photo's value carries its credit.
    body = soup.find(attrs={"data-controller": "w-block", "data-w-block-data-value": True})
    assert "data-newsroom-credit" in body["data-w-block-data-value"]
    values = body["data-w-block-arguments-value"]
    assert '"credit": "Agency 0"' in values
    assert '"default_caption": "Default caption for ' in values


def test_the_photo_blocks_and_the_lead_photo_use_the_credited_chooser():
    assert isinstance(PhotoChooserBlock().widget, CreditedImageChooser)
    from articles.models import ArticlePage

    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields["lead_photo"].widget, CreditedImageChooser)


@pytest.mark.django_db
def test_the_credited_choosers_value_carries_the_photos_details(library):
    widget = CreditedImageChooser()
    data = widget.get_value_data(library["credited"].pk)
    assert (data["credit"], data["default_caption"]) == ("Jane Doe/Reuters", "A ferry leaves.")
    html = widget.render("lead_photo", library["uncredited"].pk, attrs={"id": "id_lead_photo"})
    soup = BeautifulSoup(html, "html.parser")
    assert text(soup.select_one("[data-newsroom-credit]")) == NO_CREDIT
