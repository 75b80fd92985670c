"""What differs between the Wagtail versions the plugin supports (7.4 LTS and 8.x)."""

from wagtail.images import get_image_model


def image_permission_policy():
    """The permission policy of the site's image model."""
    try:
        from wagtail.permissions import policy_registry
    except ImportError:  # Wagtail 7.4: one module-level policy, for the configured model
        from wagtail.images import permissions

        return permissions.permission_policy
    return policy_registry.get_by_type(get_image_model())
