"""Installing the plugin into a Wagtail site upgrades none of the site's packages.

The hosts are make test-compat's venvs: ``old`` holds the bottom of the
plugin's ranges (Wagtail 7.4 LTS, Django 5.2) and django-csp 3.8, which the
reference site would want 4.x of; ``new`` the top (Wagtail 8, Django 6.1).
pip asked to install the plugin with ``--no-index`` can download nothing, so
its dry run succeeds only if every dependency is already satisfied, and its
report lists what it would install or upgrade.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
HOSTS = {
    # leg: (the venv, versions it must hold for the test to mean anything)
    "old": (".venv-compat-old", {"django": "5.2.", "wagtail": "7.4.", "django-csp": "3.8"}),
    "new": (".venv-compat-new", {"django": "6.1.", "wagtail": "8."}),
}
# {name, normalised as pip does: version} of every package in a venv.
INSTALLED_VERSIONS = (
    "import importlib.metadata as m, json, re; "
    "print(json.dumps({re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(): d.version"
    " for d in m.distributions()}))"
)

pytestmark = pytest.mark.slow


def host_python(leg):
    venv = REPO_ROOT / HOSTS[leg][0]
    python = venv / "bin" / "python"
    if python.exists() and (venv / ".installed").exists():
        return python
    reason = f"{venv.name} is not built: `make compat-venvs` (or make test-compat) builds it"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {reason}; .ci/run builds it before the suite")
    pytest.skip(reason)


def pip(python, *args):
    # The machine's pip configuration (find-links, extra indexes) stays out of it.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run(
        [python, "-m", "pip", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def dry_run(python, requirement):
    return pip(
        python,
        "install",
        "--no-build-isolation",
        "--no-index",
        "--dry-run",
        "--quiet",
        "--report",
        "-",
        requirement,
    )


@pytest.mark.parametrize("leg", HOSTS)
def test_installing_the_plugin_into_a_host_upgrades_nothing(leg):
    python = host_python(leg)
    installed = json.loads(
        subprocess.run(
            [python, "-c", INSTALLED_VERSIONS], capture_output=True, text=True, check=True
        ).stdout
    )
    for name, version in HOSTS[leg][1].items():
        assert installed.get(name, "").startswith(version), (name, installed.get(name))

    completed = dry_run(python, str(REPO_ROOT))
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert [item["metadata"]["name"] for item in report["install"]] == ["newsroom"]

    # The same dry run fails as soon as a requirement is not met already: here
    # the reference site's extra (django-csp 4, whitenoise, django-axes...).
    completed = dry_run(python, f"{REPO_ROOT}[site]")
    assert completed.returncode != 0
    assert "No matching distribution found" in completed.stderr, completed.stderr
