"""The ``NEWSROOM_*`` settings the photo app reads: each one's default and meaning.

One place, so a host site's developer can find every setting (README's table is
printed from here and ``articles.conf``), and a misspelt name fails loudly instead
of quietly reading a default. Like django-taggit's settings, each value is read at
the point of use, with its default: nothing is cached at import, so
``override_settings`` and pytest-django's ``settings`` fixture take effect.

``media`` never imports ``articles``, so the machinery lives here and
``articles.conf`` builds its own registry from it.
"""

import json
from dataclasses import dataclass

from django.conf import settings as django_settings


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


class Registry:
    """The settings one app reads, by name."""

    def __init__(self, module, *settings):
        self.module = module
        self.settings = {}
        for setting in settings:
            if setting.name in self.settings:
                raise ValueError(f"{setting.name} is registered twice in {module}")
            self.settings[setting.name] = setting

    def get(self, name):
        """The site's value of ``name``, or its default; ``KeyError`` if not registered."""
        try:
            setting = self.settings[name]
        except KeyError:
            raise KeyError(f"{name} is not a setting registered in {self.module}") from None
        return getattr(django_settings, name, setting.default)


def literal(value):
    """``value`` as Python source, strings double-quoted as in the rest of the docs."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        items = ", ".join(literal(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    return repr(value)


def markdown_table(*registries):
    """README's settings table for the settings of ``registries``, sorted by name."""
    settings = {}
    for registry in registries:
        for name, setting in registry.settings.items():
            # One name read by two apps would need one meaning, written once.
            if name in settings:
                raise ValueError(f"{name} is registered in more than one app")
            settings[name] = setting
    lines = ["| Setting | Default | Meaning |", "| --- | --- | --- |"]
    for name in sorted(settings):
        setting = settings[name]
        meaning = " ".join(setting.help.split()).replace("|", "\\|")
        lines.append(f"| `{name}` | `{literal(setting.default)}` | {meaning} |")
    return "\n".join(lines) + "\n"


REGISTRY = Registry(
    __name__,
    Setting(
        "NEWSROOM_IMAGE_FORMATS",
        ("avif", "webp"),
        "Modern formats made at upload and offered in `<picture>`, best first; formats this "
        'Pillow cannot write, and names other than `"avif"` and `"webp"`, are skipped. '
        'AVIF encoding is slow: `("webp",)` makes uploads faster.',
    ),
)
SETTINGS = REGISTRY.settings
get = REGISTRY.get
