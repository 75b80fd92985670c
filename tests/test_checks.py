"""System checks: what would silently break the plugin's pages is an error at startup."""

from django.core import checks

from articles import checks as articles_checks


def test_no_error_when_wagtail_site_settings_are_installed():
    assert not [error for error in checks.run_checks() if error.id.startswith("newsroom_articles.")]


def test_missing_wagtail_site_settings_is_an_error(monkeypatch):
    installed = articles_checks.apps.is_installed
    monkeypatch.setattr(
        articles_checks.apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.settings" and installed(name),
    )
    errors = checks.run_checks()
    assert [error.id for error in errors if error.id.startswith("newsroom_articles.")] == [
        "newsroom_articles.E001"
    ]
