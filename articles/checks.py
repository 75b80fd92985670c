"""System checks for what silently breaks the plugin's pages when it is missing."""

from django.apps import apps
from django.core.checks import Error, register


@register()
def check_site_settings(app_configs, **kwargs):
    """The pages read ``NewsroomSettings``, a site setting of ``wagtail.contrib.settings``."""
    errors = []
    if not apps.is_installed("wagtail.contrib.settings"):
        errors.append(
            Error(
                "Newsroom needs wagtail.contrib.settings in INSTALLED_APPS.",
                hint="Its site settings (publisher, language, share buttons) live there.",
                id="articles.E001",
            )
        )
    return errors
