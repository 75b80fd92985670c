#!/usr/bin/env bash
# The pytest suite in two runs: in parallel, then the browser tests on their own.
#
#   scripts/pytest-suite.sh [MARKER-EXPRESSION] [PYTEST ARGS...]
#
# The first run spreads test files over TEST_WORKERS processes (pytest-xdist;
# default: the CPU count, at most 4). The browser tests use a live server, so
# they commit, and Django empties the database after each one (the next such
# test puts back the migrations' rows first). pytest-django runs them after
# every other test, but pytest-xdist hands each worker its files in its own
# order, and a test run after the emptying finds no root page: they run after,
# in one process. MARKER-EXPRESSION ("" for none) narrows both runs, e.g.
# "not slow".
# Both runs always happen; the exit status is non-zero if either failed.
set -uo pipefail

markers="${1:-}"
shift || true
bin="$(dirname "${BASH_SOURCE[0]}")/../.venv/bin"
cpus="$(nproc 2>/dev/null || echo 2)"
workers="${TEST_WORKERS:-$((cpus > 4 ? 4 : cpus))}"
narrow() { if [[ -n "$markers" ]]; then echo "($markers) and $1"; else echo "$1"; fi; }

status=0
echo "pytest-suite: $workers workers, then the browser tests${markers:+ (only: $markers)}"
"$bin/pytest" -n "$workers" --dist loadfile -m "$(narrow "not browser")" "$@" || status=$?
"$bin/pytest" -m "$(narrow "browser")" "$@" || status=$((status ? status : $?))
exit "$status"
