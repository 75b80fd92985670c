"""The image listing's "Set credit" bulk action: one credit for many photos.

It saves each photo's details as the edit form does (purging the pages that
show it), reindexes the photos so search finds the new credit, and leaves
alone photos the user may not change.
"""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from media.details import credit_of
from media.models import PhotoDetails

from ..factories import PhotoFactory, jpeg_file

Photo = get_image_model()


def old_image(title, collection=None):
    image = Photo(title=title, file=jpeg_file())
    if collection is not None:
        image.collection = collection
    image.save()
    return image


def bulk_url(*images, **params):
    opts = Photo._meta
    url = reverse("wagtail_bulk_action", args=[opts.app_label, opts.model_name, "set_credit"])
    query = [("id", image.pk) for image in images] + list(params.items())
    return f"{url}?{urlencode(query)}"


def text(element):
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def agency_collection(db):
    return Collection.get_first_root_node().add_child(name="Agency feed")


@pytest.fixture
def agency_desk(client, django_user_model, agency_collection):
    """A user who may change the images of the agency feed's collection only."""
    group = Group.objects.create(name="Agency desk")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=agency_collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    user = django_user_model.objects.create_user("agency-desk", password="pw-for-tests-1")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_set_credit_is_offered_on_the_image_listing(editor):
    old_image("Archive harbour")
    for layout in ("grid", "list"):
        response = editor.get(reverse("wagtailimages:index"), {"layout": layout})
        assert b"Set credit" in response.content
        assert b"set_credit" in response.content


@pytest.mark.django_db
def test_the_confirmation_lists_each_photo_with_its_credit_now(editor):
    old = old_image("Archive harbour")
    credited = PhotoFactory(title="Ferry", credit="AFP")
    response = editor.get(bulk_url(old, credited))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    items = [text(li) for li in soup.select("main ul li")]
    assert "Archive harbour ( No credit )" in items
    assert "Ferry ( AFP )" in items
    assert soup.find("input", attrs={"name": "credit"})


@pytest.mark.django_db
def test_set_credit_credits_every_selected_photo_and_search_finds_them(editor):
    old = old_image("Archive harbour")
    credited = PhotoFactory(title="Ferry", credit="AFP")
    untouched = PhotoFactory(title="Market", credit="AFP")
    next_url = reverse("wagtailimages:index")
    response = editor.post(bulk_url(old, credited, next=next_url), {"credit": " Anadolu Agency "})
    assert response.status_code == 302 and response["Location"] == next_url
    assert credit_of(Photo.objects.get(pk=old.pk)) == "Anadolu Agency"
    assert credit_of(Photo.objects.get(pk=credited.pk)) == "Anadolu Agency"
    assert credit_of(Photo.objects.get(pk=untouched.pk)) == "AFP"
    # The other details stay as they were.
    assert PhotoDetails.objects.get(image=credited).default_caption == "Default caption for Ferry"

    results = editor.get(reverse("wagtailimages:index_results"), {"q": "Anadolu"})
    soup = BeautifulSoup(results.content, "html.parser")
    titles = {" ".join(fc.contents[0].split()) for fc in soup.select("ul.images figcaption")}
    assert titles == {"Archive harbour", "Ferry"}

    messages = [str(m).strip() for m in response.wsgi_request._messages]
    assert messages == ["2 images are now credited to Anadolu Agency."]


@pytest.mark.django_db
def test_an_empty_credit_is_refused(editor):
    old = old_image("Archive harbour")
    response = editor.post(bulk_url(old), {"credit": ""})
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert not PhotoDetails.objects.filter(image=old).exists()


@pytest.mark.django_db
def test_photos_the_user_cannot_change_are_listed_and_left_alone(agency_desk, agency_collection):
    theirs = old_image("Agency ferry", collection=agency_collection)
    not_theirs = old_image("Staff harbour")
    response = agency_desk.get(bulk_url(theirs, not_theirs))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    page = text(soup.select_one("main"))
    assert "You don't have permission to change the credit of this image" in page
    assert "Agency ferry" in page and "Staff harbour" in page

    response = agency_desk.post(bulk_url(theirs, not_theirs), {"credit": "Reuters"})
    assert response.status_code == 302
    assert credit_of(Photo.objects.get(pk=theirs.pk)) == "Reuters"
    assert not PhotoDetails.objects.filter(image=not_theirs).exists()


@pytest.mark.django_db
def test_a_user_who_may_change_no_selected_photo_changes_nothing(agency_desk):
    not_theirs = old_image("Staff harbour")
    response = agency_desk.post(bulk_url(not_theirs), {"credit": "Reuters"})
    assert response.status_code in (200, 302)
    assert not PhotoDetails.objects.filter(image=not_theirs).exists()
