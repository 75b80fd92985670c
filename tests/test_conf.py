"""The settings registries: complete, documented in docs/host-site.md, and read with defaults."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from articles import conf
from media import conf as media_conf

ROOT = Path(__file__).resolve().parent.parent
CONF_FILES = {ROOT / "articles" / "conf.py", ROOT / "media" / "conf.py"}
NAME = re.compile(r"\bNEWSROOM_[A-Z0-9_]+")
# Either way of reading a setting bypasses its registered default.
DIRECT_READ = re.compile(r"getattr\(\s*settings\s*,\s*[\"']NEWSROOM_|\bsettings\.NEWSROOM_")
TABLE = re.compile(r"<!-- settings-table:start -->\n(.*?)<!-- settings-table:end -->", re.DOTALL)
REGISTRIES = [pytest.param(conf, id="articles"), pytest.param(media_conf, id="media")]
ALL_SETTINGS = [
    pytest.param(module, name, id=name) for module in (conf, media_conf) for name in module.SETTINGS
]


def sources(app):
    """The app's .py files, but for its registry and its migrations."""
    for path in sorted((ROOT / app).rglob("*.py")):
        if path not in CONF_FILES and "migrations" not in path.relative_to(ROOT).parts:
            yield path, path.read_text(encoding="utf-8")


def test_readme_has_the_generated_table():
    readme = (ROOT / "docs" / "host-site.md").read_text(encoding="utf-8")
    tables = TABLE.findall(readme)
    assert len(tables) == 1, "docs/host-site.md needs exactly one pair of settings-table markers"
    assert tables[0] == conf.markdown_table(), (
        "run `python -m articles.conf` into docs/host-site.md"
    )


def test_python_m_prints_the_table_without_django_set_up():
    # A host site's developer runs it outside any project: no settings module.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    printed = subprocess.run(
        [sys.executable, "-m", "articles.conf"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed == conf.markdown_table()


@pytest.mark.parametrize(("module", "name"), ALL_SETTINGS)
def test_table_shows_each_default_as_its_python_literal(module, name):
    default = module.SETTINGS[name].default
    assert ast.literal_eval(media_conf.literal(default)) == default


def test_every_setting_read_is_registered():
    # media cannot use articles.conf, so its settings must be in its own registry.
    known = {"articles": set(conf.SETTINGS) | set(media_conf.SETTINGS)}
    known["media"] = set(media_conf.SETTINGS)
    unregistered = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in ("articles", "media")
        for path, source in sources(app)
        for name in sorted(set(NAME.findall(source)) - known[app])
    ]
    assert not unregistered


def test_settings_are_read_only_through_conf():
    direct = [
        f"{path.relative_to(ROOT)}:{source.count(chr(10), 0, match.start()) + 1}"
        for app in ("articles", "media")
        for path, source in sources(app)
        for match in DIRECT_READ.finditer(source)
    ]
    assert not direct


@pytest.mark.parametrize(("module", "name"), ALL_SETTINGS)
def test_get_reads_the_default_when_unset_and_the_setting_when_set(settings, module, name):
    if hasattr(settings, name):
        delattr(settings, name)
    assert module.get(name) == module.SETTINGS[name].default
    override = object()
    setattr(settings, name, override)
    assert module.get(name) is override


@pytest.mark.parametrize("module", REGISTRIES)
def test_get_of_an_unregistered_name_raises(module):
    with pytest.raises(KeyError, match="NEWSROOM_STORIES_PER_PAG is not a setting"):
        module.get("NEWSROOM_STORIES_PER_PAG")


def test_no_setting_is_registered_by_both_apps():
    # One name, one meaning: markdown_table refuses a name two apps register.
    assert not set(conf.SETTINGS) & set(media_conf.SETTINGS)
    with pytest.raises(ValueError, match="more than one app"):
        media_conf.markdown_table(conf.REGISTRY, conf.REGISTRY)
