"""System checks for what silently breaks the plugin's pages when it is missing."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


# The blocks of the host's base.html that articles/base.html fills.
BASE_BLOCKS = ("extra_css", "content", "extra_js")


def _block_names(name, seen=()):
    """Every ``{% block %}`` of template ``name`` and of the templates it extends."""
    from django.template import Context, loader
    from django.template.loader_tags import BlockNode, ExtendsNode

    template = getattr(loader.get_template(name), "template", None)
    if template is None:  # not a Django template (Jinja2): nothing to read
        return None
    names = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    for node in template.nodelist.get_nodes_by_type(ExtendsNode):
        parent = node.parent_name.resolve(Context())
        if isinstance(parent, str) and parent not in seen:
            parents = _block_names(parent, (*seen, name))
            names |= parents or set()
    return names


@register()
def check_base_template(app_configs, **kwargs):
    """Stories render inside the host's ``base.html``; without its blocks they render bare."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, loader

    try:
        ours = loader.get_template("articles/base.html")
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return []
    origin = getattr(getattr(ours, "origin", None), "name", "") or ""
    if not origin.startswith(str(Path(__file__).resolve().parent)):
        return []  # the host overrides articles/base.html: its blocks are its own
    try:
        names = _block_names("base.html")
    except TemplateDoesNotExist:
        return [
            Warning(
                "There is no base.html template: Newsroom's pages extend it.",
                hint="Add a base.html with the blocks "
                + ", ".join(BASE_BLOCKS)
                + ", or override articles/base.html (README, 'Templates').",
                id="newsroom_articles.W002",
            )
        ]
    except TemplateSyntaxError:
        return []
    missing = [block for block in BASE_BLOCKS if names is not None and block not in names]
    if not missing:
        return []
    return [
        Warning(
            f"base.html has no {', '.join(missing)} block: Newsroom's pages fill them with their "
            "stylesheet, Open Graph, JSON-LD, feed links, body and share script, and render "
            "without them.",
            hint="Add {% block extra_css %}{% endblock %} in its <head>, {% block content %} "
            "around the page and {% block extra_js %} before </body>, or override "
            "articles/base.html to fill the blocks your base.html has.",
            id="newsroom_articles.W002",
        )
    ]


# Newsroom's reader URLs a host's own patterns may shadow, by name and what is lost.
SHADOWABLE = {
    "articles:search": "the story search",
    "articles:sitemap_index": "the sitemap index",
    "articles:feed": "the site feed",
    "articles:tag": "the tag pages",
}


@register(Tags.urls)
def check_urls(app_configs, **kwargs):
    """Newsroom's URLs are included, and no pattern of the host's comes before them."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    try:
        reverse("articles:feed")
    except NoReverseMatch:
        return [
            Warning(
                "Newsroom's URLs are not included: there are no tag, author and search pages, "
                "no feeds and no sitemaps.",
                hint='Add path("", include("articles.urls")) to the URLconf before '
                'Wagtail\'s path("", include(wagtail_urls)).',
                id="newsroom_articles.W003",
            )
        ]
    except Exception:  # noqa: BLE001 - a broken URLconf is Django's own check to report
        return []
    warnings = []
    for name, what in SHADOWABLE.items():
        try:
            path = reverse(name, args=["x"] if name == "articles:tag" else [])
            match = resolve(path)
        except (NoReverseMatch, Resolver404):
            continue
        if match.view_name != name:
            warnings.append(
                Warning(
                    f"{path} is served by {match.view_name or match._func_path}, which comes "
                    f"before Newsroom's URLs: {what} cannot be reached.",
                    hint="Move include('articles.urls') above that pattern, mount Newsroom's "
                    "URLs under a prefix (path('news/', include('articles.urls'))), or each "
                    "piece under its own with articles.urls.newsroom_urls (docs/host-site.md).",
                    id="newsroom_articles.W004",
                )
            )
    return warnings


@register(Tags.caches)
def check_shared_cache(app_configs, **kwargs):
    """Pages, fragments and routes are cached; a publish retires them in one cache only."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    return [
        Warning(
            f"The default cache is per process ({backend}): with several server processes, a "
            "publish or a renamed author is seen in one and stays stale in the others for up "
            "to NEWSROOM_CACHE_TIMEOUT seconds.",
            hint="Use a cache every process shares (Redis, Memcached, the database), or run "
            "one process. Silence newsroom_articles.W005 if you do.",
            id="newsroom_articles.W005",
        )
    ]


@register()
def check_task_backend(app_configs, **kwargs):
    """Renditions, the search index and purges are background tasks."""
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    if backend and not backend.endswith(("ImmediateBackend", "DummyBackend")):
        return []
    if backend.endswith("DummyBackend"):
        effect = "are never run: uploads get no renditions of their own"
    else:
        effect = "run inside the request: an upload waits for every rendition"
    return [
        Warning(
            f"Newsroom's background tasks {effect} ({backend or 'no TASKS setting'}).",
            hint="Configure TASKS with a queue and run its worker (e.g. django-tasks-db's "
            "DatabaseBackend and `manage.py db_worker`). Silence newsroom_articles.W006 to keep "
            "them in the request.",
            id="newsroom_articles.W006",
        )
    ]


@register()
def check_routing_middleware(app_configs, **kwargs):
    """The routing middleware leaves localised sites to Wagtail's own routing."""
    middleware = "articles.middleware.PageRoutingMiddleware"
    if middleware not in settings.MIDDLEWARE or not getattr(
        settings, "WAGTAIL_I18N_ENABLED", False
    ):
        return []
    return [
        Warning(
            "PageRoutingMiddleware does nothing while WAGTAIL_I18N_ENABLED is on: pages are "
            "routed by Wagtail, two queries per level of the URL.",
            hint="Remove it from MIDDLEWARE, or silence newsroom_articles.W007.",
            id="newsroom_articles.W007",
        )
    ]
