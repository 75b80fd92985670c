"""The photo desk's reports: photos without credit, photos in use without alt text.

Both are in the Reports menu for users who may change images, list exactly
the photos they name (each linking to where it is fixed), export to CSV and
Excel, and cost the same number of queries for 2 photos as for 8.
"""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from media.details import save_details

from ..factories import ArticlePageFactory, PhotoFactory, jpeg_file

Photo = get_image_model()
WITHOUT_CREDIT = "newsroom_photos_without_credit"
WITHOUT_ALT = "newsroom_photos_without_alt_text"


def old_image(title, **fields):
    image = Photo(title=title, file=jpeg_file(), **fields)
    image.save()
    return image


def text(element):
    return " ".join(element.get_text(" ").split())


def report_rows(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        {
            "title": text(row.select_one("td.title a") or row.select_one("td.title")),
            "link": (row.select_one("td.title a") or {}).get("href"),
            "cells": [text(td) for td in row.select("td")],
            "row": row,
        }
        for row in soup.select("table.listing tbody tr")
    ]


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def uncredited(db):
    """Credited photos, an old image with no details row, one with an emptied one."""
    PhotoFactory(title="Credited ferry", credit="AFP")
    oldest = old_image("Archive 1998 harbour")
    emptied = old_image("Archive 2004 market")
    save_details(emptied, credit="", default_caption="Stalls in the bazaar.")
    PhotoFactory(title="Credited quay", credit="Reuters")
    return [emptied, oldest]


# Photos without credit -------------------------------------------------------------


@pytest.mark.django_db
def test_photos_without_credit_lists_exactly_those_newest_first(editor, uncredited):
    rows = report_rows(editor, WITHOUT_CREDIT)
    assert [row["title"] for row in rows] == ["Archive 2004 market", "Archive 1998 harbour"]
    assert [row["link"] for row in rows] == [
        reverse("wagtailimages:edit", args=[image.pk]) for image in uncredited
    ]


@pytest.mark.django_db
def test_a_photo_leaves_the_report_once_it_has_a_credit(editor, uncredited):
    save_details(uncredited[0], credit="Anadolu")
    assert [row["title"] for row in report_rows(editor, WITHOUT_CREDIT)] == ["Archive 1998 harbour"]


@pytest.mark.django_db
def test_photos_without_credit_exports_csv_with_edit_links(editor, uncredited):
    response = editor.get(reverse(WITHOUT_CREDIT), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "photos-without-credit-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Title", "Collection", "Uploaded", "Uploaded by", "Edit at"]
    assert [row[0] for row in rows[1:]] == ["Archive 2004 market", "Archive 1998 harbour"]
    assert rows[1][4] == "http://testserver" + reverse(
        "wagtailimages:edit", args=[uncredited[0].pk]
    )
    assert rows[1][1] == "Root"


@pytest.mark.django_db
def test_photos_without_credit_exports_xlsx(editor, uncredited):
    from openpyxl import load_workbook

    response = editor.get(reverse(WITHOUT_CREDIT), {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Title", "Collection", "Uploaded", "Uploaded by", "Edit at"]
    assert [row[0] for row in values[1:]] == ["Archive 2004 market", "Archive 1998 harbour"]


# Photos in use without alt text ---------------------------------------------------------


@pytest.fixture
def alt_text_cases(story):
    """The story's lead photo (with alt text) and three photos without, one of them unused."""
    used_twice = PhotoFactory(title="Used twice", alt_text="", credit="AFP")
    used_once = PhotoFactory(title="Used once", alt_text="   ", credit="")
    PhotoFactory(title="Not used", alt_text="")
    parent = story.get_parent()
    for i, photo in enumerate((used_twice, used_twice, used_once)):
        ArticlePageFactory(parent=parent, slug=f"story-{i}", lead_photo=photo)
    assert ReferenceIndex.get_references_to(used_twice).count() == 2
    return {"used_twice": used_twice, "used_once": used_once, "story": story}


@pytest.mark.django_db
def test_photos_in_use_without_alt_text_lists_exactly_those_most_used_first(editor, alt_text_cases):
    rows = report_rows(editor, WITHOUT_ALT)
    assert [row["title"] for row in rows] == ["Used twice", "Used once"]
    twice, once = rows
    assert "Used 2 times" in twice["cells"] and "Used 1 time" in once["cells"]
    usage_link = twice["row"].find("a", string=lambda s: s and "Used 2 times" in s)
    assert usage_link["href"] == reverse(
        "wagtailimages:image_usage", args=[alt_text_cases["used_twice"].pk]
    )
    assert twice["link"] == reverse("wagtailimages:edit", args=[alt_text_cases["used_twice"].pk])
    # The credit column marks the photo that has none.
    assert once["row"].select_one(".newsroom-credit--missing")


@pytest.mark.django_db
def test_photos_in_use_without_alt_text_exports_csv(editor, alt_text_cases):
    response = editor.get(reverse(WITHOUT_ALT), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Title", "Credit", "Uses", "Uploaded", "Edit at"]
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        ("Used twice", "AFP", "2"),
        ("Used once", "", "1"),
    ]


# Who sees them --------------------------------------------------------------------------


def reports_menu_labels(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_both_reports_are_in_the_reports_menu_for_those_who_may_change_images(editor):
    page = reports_menu_labels(editor)
    assert "Photos without credit" in page and "Photos in use without alt text" in page
    assert reverse(WITHOUT_CREDIT) in page and reverse(WITHOUT_ALT) in page


@pytest.mark.django_db
def test_the_reports_are_hidden_and_refused_to_users_who_may_not_change_images(
    client, django_user_model
):
    user = django_user_model.objects.create_user("reporter", password="pw-for-tests-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    page = reports_menu_labels(client)
    assert "Photos without credit" not in page
    for url_name in (WITHOUT_CREDIT, WITHOUT_ALT):
        response = client.get(reverse(url_name))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("wagtailadmin_home"))


# What they cost --------------------------------------------------------------------------


def queries_for(client, url):
    assert client.get(url).status_code == 200  # thumbnails made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_photos_without_credit_costs_the_same_for_2_photos_as_for_8(editor):
    url = reverse(WITHOUT_CREDIT)
    for i in range(2):
        old_image(f"Old {i}")
    few = queries_for(editor, url)
    for i in range(6):
        old_image(f"Older {i}")
    many = queries_for(editor, url)
    assert few == many, f"{few} queries for 2 photos, {many} for 8"
    print(f"photos without credit: {many} queries")


@pytest.mark.django_db
def test_photos_without_alt_text_costs_the_same_for_2_photos_as_for_8(editor, story):
    url = reverse(WITHOUT_ALT)
    parent = story.get_parent()

    def used_photos(n, start):
        for i in range(start, start + n):
            ArticlePageFactory(
                parent=parent, slug=f"s-{i}", lead_photo=PhotoFactory(alt_text="", credit="")
            )

    used_photos(2, 0)
    few = queries_for(editor, url)
    used_photos(6, 2)
    many = queries_for(editor, url)
    assert len(report_rows(editor, WITHOUT_ALT)) == 8
    assert few == many, f"{few} queries for 2 photos, {many} for 8"
    print(f"photos in use without alt text: {many} queries")
