"""System checks for what silently breaks the plugin's pages when it is missing."""

from django.apps import apps
from django.core.checks import Error, Warning, register

from .text import unicode_slugs_allowed


@register()
def check_site_settings(app_configs, **kwargs):
    """The pages read ``NewsroomSettings``, a site setting of ``wagtail.contrib.settings``."""
    errors = []
    if not apps.is_installed("wagtail.contrib.settings"):
        errors.append(
            Error(
                "Newsroom needs wagtail.contrib.settings in INSTALLED_APPS.",
                hint="Its site settings (publisher, language, share buttons) live there.",
                id="newsroom_articles.E001",
            )
        )
    return errors


@register()
def check_ascii_slugs(app_configs, **kwargs):
    """Story URLs with diacritics are percent-encoded wherever they are shared."""
    if not unicode_slugs_allowed():
        return []
    return [
        Warning(
            "WAGTAIL_ALLOW_UNICODE_SLUGS is on (Wagtail's default): a story headlined "
            "'Çavuşoğlu …' gets the URL /%C3%A7avu%C5%9Fo%C4%9Flu-… when shared.",
            hint=(
                "Set WAGTAIL_ALLOW_UNICODE_SLUGS = False so the editor transliterates slugs, "
                "then run `manage.py newsroom_ascii_slugs` for the pages made before (their "
                "old URLs redirect). Silence newsroom_articles.W001 if your readers want "
                "Unicode URLs."
            ),
            id="newsroom_articles.W001",
        )
    ]
