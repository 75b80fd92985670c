# Newsroom: the reference site and the plugin's test suite.
#
#   make run          migrate, load the demo, serve on 127.0.0.1:$(PORT) beside the task worker
#   make test         Django checks, migrations check, ruff, import contracts, then the whole suite
#   make test-compat  the plugin's tests on the oldest (Wagtail 7.4, Django 5.2) and newest stacks
#   make lint         ruff check and the import contracts (lint-imports)
#   make clean        caches, build output and install stamps (keeps the venvs and var/)
#   make distclean    also removes the venvs and var/ (the SQLite database and uploads)
#
# Installs are skipped while pyproject.toml (and a compat venv's .ci/compat-*.txt)
# is older than the stamp in the venv.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
DJANGO_SETTINGS_MODULE ?= newsroom.settings.dev
TEST_SETTINGS := newsroom.settings.test

.DEFAULT_GOAL := help
.PHONY: help venv install install-dev run test test-sqlite test-postgres test-compat compat-venvs \
	check lint clean distclean

help:
	@sed -n '3,9s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The plugin and what the reference site adds to it (the `site` extra).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e ".[site]"
	touch $@

# The dev install includes the runtime one, so it refreshes both stamps.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e ".[dev]"
	touch $@ $(VENV)/.installed

# axe-core, vnu-jar and Lighthouse for the browser and HTML tests, from npm;
# reinstalled when the lock file is newer than npm's own record of what
# node_modules holds.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

venv: $(BIN)/python
install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# make run's processes: uploads queue their renditions in the database for the
# task worker (TASKS_BACKEND=database, as in production), so an upload returns at once.
TASKS_BACKEND ?= database
RUN_ENV = DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) TASKS_BACKEND=$(TASKS_BACKEND)

run: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	@# The demo's photos get their renditions as they load, so its first pages
	@# are quick; photos uploaded later get theirs from the worker.
	DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) TASKS_BACKEND=immediate \
		$(BIN)/python manage.py newsroom_demo
	@# Beside the server, as deploy/systemd runs them: the scheduler (go-live dates) and
	@# the task worker (renditions, search index, purges). Both stop with the server.
	@# The worker does not reload on code changes: its reloader would outlive a kill.
	@# The server runs in the background too, so Ctrl-C reaches this shell's trap at
	@# once (a foreground child would hold the trap until it exits, and a background
	@# one ignores SIGINT): the trap stops all three with SIGTERM and waits for them.
	$(RUN_ENV) $(BIN)/python manage.py newsroom_scheduler & scheduler=$$!; \
		$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
		$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
		trap 'kill $$server $$scheduler $$worker 2>/dev/null; wait; exit 130' INT TERM; \
		trap 'kill $$server $$scheduler $$worker 2>/dev/null; wait' EXIT; \
		wait $$server

# Every step stops make on failure; `test` runs them in this order even under -j.
# Checked as the reference site and as the plugin's test host (tests/testapp).
PLUGIN_TEST_SETTINGS := tests.testapp.settings
CHECK_STEPS = \
	for settings in $(TEST_SETTINGS) $(PLUGIN_TEST_SETTINGS); do \
		DJANGO_SETTINGS_MODULE=$$settings $(BIN)/python manage.py check && \
		DJANGO_SETTINGS_MODULE=$$settings $(BIN)/python manage.py makemigrations --check --dry-run \
		|| exit 1; \
	done
LINT_STEPS = $(BIN)/ruff check . && $(BIN)/lint-imports --no-cache

check: $(VENV)/.installed-dev
	$(CHECK_STEPS)

lint: $(VENV)/.installed-dev
	$(LINT_STEPS)

# The plugin's tests (tests/, against the test host tests/testapp) and the
# reference site's (tests/site/) run on SQLite, then again on a throwaway PostgreSQL cluster
# when its server binaries are installed (always under CI=true, which .ci/run
# ensures). Tests marked slow build their own stacks (a host site, a task worker,
# Varnish) whatever DATABASE_URL says, so they run once; so do the browser tests,
# which drive the pages the rest of the suite checks on both databases (and keep
# make test within 20 minutes here). Each run spreads the test files over the
# CPUs (scripts/pytest-suite.sh; TEST_WORKERS=1 for one process), then runs the
# browser tests on their own.
test: $(VENV)/.installed-dev node_modules/.package-lock.json
	$(CHECK_STEPS)
	$(LINT_STEPS)
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) scripts/pytest-suite.sh "" $(PYTEST_ARGS)
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) scripts/with-postgres.sh \
			scripts/pytest-suite.sh "not slow and not browser" $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true but PostgreSQL is not installed: the PostgreSQL run cannot be skipped" >&2; \
		exit 1; \
	else \
		echo "PostgreSQL not installed: skipping the PostgreSQL run (apt-get install postgresql)"; \
	fi

# The plugin's own tests (tests/, tests/site/ aside) in two more venvs, each holding
# the plugin, its test tools and the stack pinned in .ci/compat-<leg>.txt: old is
# the bottom of pyproject.toml's ranges on Python 3.11 (Wagtail 7.4 LTS, Django
# 5.2), new the top on Python 3.12 (Wagtail 8, Django 6.1). Each leg runs the Django
# checks and the migrations check, then the tests, on SQLite only (the databases are
# make test's concern). Both legs run; either failing fails the target.
COMPAT := .venv-compat
COMPAT_LEGS := old new
COMPAT_PYTHON_old ?= $(shell command -v python3.11 2>/dev/null)
COMPAT_PYTHON_new ?= $(firstword $(wildcard /root/.pyenv/versions/3.12.*/bin/python) \
	$(shell command -v python3.12 2>/dev/null))
COMPAT_PYTEST_ARGS ?= -n 2 --dist loadfile

$(COMPAT)-%/bin/python:
	@test -n "$(COMPAT_PYTHON_$*)" || { \
		echo "test-compat: no Python for the $* leg: set COMPAT_PYTHON_$*, or run" \
			"make test-compat COMPAT_LEGS=old for the other leg alone" >&2; exit 1; }
	$(COMPAT_PYTHON_$*) -m venv $(COMPAT)-$*

$(COMPAT)-%/.installed: pyproject.toml .ci/compat-%.txt | $(COMPAT)-%/bin/python
	$(COMPAT)-$*/bin/python -m pip install -e ".[test]" -r .ci/compat-$*.txt
	touch $@

# Make would delete a venv's python as an intermediate file once the stamp is made.
.SECONDARY: $(foreach leg,$(COMPAT_LEGS),$(COMPAT)-$(leg)/bin/python)

compat-venvs: $(foreach leg,$(COMPAT_LEGS),$(COMPAT)-$(leg)/.installed)

export COMPAT_VERSIONS := import sys, django, wagtail; print(f"test-compat: {sys.argv[1]}: Python \
	{sys.version.split()[0]}, Django {django.__version__}, Wagtail {wagtail.__version__}")

test-compat: compat-venvs
	@status=0; for leg in $(COMPAT_LEGS); do \
		python=$(COMPAT)-$$leg/bin/python; \
		$$python -c "$$COMPAT_VERSIONS" "$$leg"; \
		export DJANGO_SETTINGS_MODULE=$(PLUGIN_TEST_SETTINGS); \
		{ $$python manage.py check && $$python manage.py makemigrations --check --dry-run && \
			$$python -m pytest tests --ignore=tests/site -m "not browser" -p no:cacheprovider \
				$(COMPAT_PYTEST_ARGS) $(PYTEST_ARGS); } || status=1; \
	done; exit $$status

test-sqlite: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) scripts/pytest-suite.sh "" $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) scripts/with-postgres.sh scripts/pytest-suite.sh "" $(PYTEST_ARGS)

clean:
	find . -path ./$(VENV) -prune -o -path './$(COMPAT)-*' -prune -o -type d -name __pycache__ \
		-exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache build dist *.egg-info
	rm -f $(VENV)/.installed $(VENV)/.installed-dev $(COMPAT)-*/.installed

distclean: clean
	rm -rf $(VENV) $(COMPAT)-* var
