"""System checks: what would silently break the plugin's pages is reported at startup."""

import pytest
from django.conf import settings
from django.core import checks
from django.urls import include, path

from articles import checks as articles_checks
from articles import urls as articles_urls


def newsroom_ids(**kwargs):
    return [
        message.id
        for message in checks.run_checks(**kwargs)
        if message.id.startswith("newsroom_articles.")
        and message.id not in settings.SILENCED_SYSTEM_CHECKS
    ]


def test_the_test_host_is_configured_as_the_plugin_needs():
    assert newsroom_ids(include_deployment_checks=True) == []


def test_missing_wagtail_site_settings_is_an_error(monkeypatch):
    installed = articles_checks.apps.is_installed
    monkeypatch.setattr(
        articles_checks.apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.settings" and installed(name),
    )
    assert newsroom_ids() == ["newsroom_articles.E001"]


@pytest.fixture
def host_templates(tmp_path, settings):
    """A host whose own templates come before the apps' (as DIRS do)."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    return tmp_path


def test_a_base_template_without_the_blocks_is_reported(host_templates):
    (host_templates / "layout.html").write_text(
        "<html><head>{% block head %}{% endblock %}</head>"
        "<body>{% block content %}{% endblock %}</body></html>"
    )
    (host_templates / "base.html").write_text('{% extends "layout.html" %}')
    [warning] = articles_checks.check_base_template(None)
    assert warning.id == "newsroom_articles.W002"
    assert "no extra_css, extra_js block" in warning.msg


def test_blocks_in_a_parent_of_base_html_count(host_templates):
    (host_templates / "layout.html").write_text(
        "{% block extra_css %}{% endblock %}{% block content %}{% endblock %}"
        "{% block extra_js %}{% endblock %}"
    )
    (host_templates / "base.html").write_text('{% extends "layout.html" %}')
    assert articles_checks.check_base_template(None) == []


def test_an_overridden_articles_base_is_the_host_s_own_business(host_templates):
    (host_templates / "base.html").write_text("<html>{% block main %}{% endblock %}</html>")
    (host_templates / "articles").mkdir()
    (host_templates / "articles" / "base.html").write_text(
        '{% extends "base.html" %}{% block main %}{% block newsroom_content %}'
        "{% endblock %}{% endblock %}"
    )
    assert articles_checks.check_base_template(None) == []


# A host's own search and sitemap, before Newsroom's URLs (as wagtail start's /search/ is).
def host_view(request):
    raise AssertionError("never called")


shadowing_urls = [
    path("search/", host_view, name="search"),
    path("sitemap.xml", host_view),
    path("", include(articles_urls)),
]
prefixed_urls = [path("news/", include(articles_urls))]
no_newsroom_urls = [path("search/", host_view, name="search")]


@pytest.fixture
def urlconf(settings):
    def use(name):
        settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": globals()[name]})
        return articles_checks.check_urls(None)

    return use


def test_host_patterns_before_newsroom_s_are_reported_by_address(urlconf):
    warnings = urlconf("shadowing_urls")
    assert [warning.id for warning in warnings] == ["newsroom_articles.W004"] * 2
    assert warnings[0].msg.startswith("/search/ is served by search")
    assert "the story search cannot be reached" in warnings[0].msg
    assert warnings[1].msg.startswith("/sitemap.xml is served by tests.test_checks.host_view")


def test_newsroom_under_a_prefix_is_fine(urlconf):
    assert urlconf("prefixed_urls") == []


def test_newsroom_urls_left_out_are_reported(urlconf):
    assert [warning.id for warning in urlconf("no_newsroom_urls")] == ["newsroom_articles.W003"]


def test_a_per_process_cache_is_reported_outside_debug(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DEBUG = False
    assert [w.id for w in articles_checks.check_shared_cache(None)] == ["newsroom_articles.W005"]
    settings.DEBUG = True
    assert articles_checks.check_shared_cache(None) == []
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    assert articles_checks.check_shared_cache(None) == []


@pytest.mark.parametrize(
    ("tasks", "reported"),
    [
        ({}, "run inside the request"),
        ({"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}, "inside"),
        ({"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, "never run"),
        ({"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, None),
    ],
)
def test_tasks_run_in_the_request_or_never_are_reported(settings, tasks, reported):
    settings.TASKS = tasks
    warnings = articles_checks.check_task_backend(None)
    if reported is None:
        assert warnings == []
    else:
        [warning] = warnings
        assert warning.id == "newsroom_articles.W006" and reported in warning.msg


def test_routing_middleware_under_i18n_is_reported(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "articles.middleware.PageRoutingMiddleware"]
    settings.WAGTAIL_I18N_ENABLED = True
    assert [w.id for w in articles_checks.check_routing_middleware(None)] == [
        "newsroom_articles.W007"
    ]
    settings.WAGTAIL_I18N_ENABLED = False
    assert articles_checks.check_routing_middleware(None) == []
