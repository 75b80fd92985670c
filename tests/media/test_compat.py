"""The image permission policy, the same on Wagtail 7.4 and 8 (make test-compat runs both)."""

import warnings

from django.contrib.auth.models import Group, Permission
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from media.compat import image_permission_policy


def image_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)


def test_the_policy_is_wagtails_for_the_site_image_model_and_warns_of_nothing(db):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        policy = image_permission_policy()
    assert policy.model is get_image_model()
    assert policy.owner_field_name == "uploaded_by_user"


def test_the_policy_reads_collection_permissions(django_user_model):
    photo_desk = Group.objects.create(name="Photo desk")
    GroupCollectionPermission.objects.create(
        group=photo_desk,
        collection=Collection.get_first_root_node(),
        permission=image_permission("choose_image"),
    )
    chooser = django_user_model.objects.create_user("chooser")
    chooser.groups.add(photo_desk)
    stranger = django_user_model.objects.create_user("stranger")

    policy = image_permission_policy()
    assert policy.user_has_permission(chooser, "choose")
    assert not policy.user_has_permission(chooser, "change")
    assert not policy.user_has_permission(stranger, "choose")
