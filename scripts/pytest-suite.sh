#!/usr/bin/env bash
# The pytest suite: the plugin's tests against the test host site, then the
# reference site's own tests, each in parallel and then its browser tests.
#
#   scripts/pytest-suite.sh [MARKER-EXPRESSION] [PYTEST ARGS...]
#
# tests/ (but tests/site/) is the plugin's: it runs with tests.testapp.settings,
# a Wagtail project with nothing of the reference site installed. tests/site/
# runs with newsroom.settings.test (NEWSROOM_SITE_SETTINGS to change it).
#
# Each part spreads test files over TEST_WORKERS processes (pytest-xdist;
# default: the CPU count, at most 4). The browser tests use a live server, so
# they commit, and Django empties the database after each one (the next such
# test puts back the migrations' rows first). pytest-django runs them after
# every other test, but pytest-xdist hands each worker its files in its own
# order, and a test run after the emptying finds no root page: they run after,
# in one process. MARKER-EXPRESSION ("" for none) narrows every run, e.g.
# "not slow". Every part always runs; the exit status is non-zero if any failed.
set -uo pipefail

markers="${1:-}"
shift || true
bin="$(dirname "${BASH_SOURCE[0]}")/../.venv/bin"
cpus="$(nproc 2>/dev/null || echo 2)"
workers="${TEST_WORKERS:-$((cpus > 4 ? 4 : cpus))}"
narrow() { if [[ -n "$markers" ]]; then echo "($markers) and $1"; else echo "$1"; fi; }

status=0
run() {
    # pytest's exit 5 (nothing collected for this marker) is not a failure.
    "$bin/pytest" "$@"
    local code=$?
    if ((code != 0 && code != 5)); then status=$((status ? status : code)); fi
}
# part SETTINGS BROWSER PATHS...: the tests of PATHS with SETTINGS, then (BROWSER=yes)
# their browser tests, unless MARKER-EXPRESSION leaves the browser tests out.
part() {
    local settings="$1" browser="$2"
    shift 2
    [[ "$markers" == *"not browser"* ]] && browser=no
    echo "pytest-suite: $* with $settings, $workers workers${markers:+ (only: $markers)}"
    DJANGO_SETTINGS_MODULE="$settings" run -n "$workers" --dist loadfile -m "$(narrow "not browser")" "$@" "${pytest_args[@]}"
    if [[ "$browser" == yes ]]; then
        echo "pytest-suite: the browser tests of $*"
        DJANGO_SETTINGS_MODULE="$settings" run -m "$(narrow "browser")" "$@" "${pytest_args[@]}"
    fi
}
pytest_args=("$@")
part tests.testapp.settings yes tests --ignore=tests/site
part "${NEWSROOM_SITE_SETTINGS:-newsroom.settings.test}" yes tests/site
exit "$status"
