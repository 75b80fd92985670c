"""What differs between the Wagtails the plugin supports: 7.4 LTS and 8.x."""

from wagtail.images import get_image_model


def image_permission_policy():
    """The permission policy Wagtail's own image views check, for the site's image model.

    Wagtail 8 registers it in ``wagtail.permissions.policy_registry`` and
    deprecates ``wagtail.images.permissions.permission_policy`` (importing it
    warns); 7.4 has only that module attribute, kept current when
    WAGTAILIMAGES_IMAGE_MODEL changes. Called at the point of use, never at import.
    """
    try:
        from wagtail.permissions import policy_registry
    except ImportError:  # Wagtail 7.4
        from wagtail.images import permissions

        return permissions.permission_policy
    return policy_registry.get_by_type(get_image_model())
