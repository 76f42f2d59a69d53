# Run `make help` for the list. `make run` serves the demo site; `make test` runs every check.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist workers (one test database each); files stay whole on one worker, so a module's
# shared fixtures are built once. WORKERS=0 runs everything in this process.
WORKERS ?= 2
XDIST = $(if $(filter 0,$(WORKERS)),-p no:xdist,-n $(WORKERS) --dist loadfile)
BENCH_ARGS ?=
FAULT_ARGS ?=
BACKUP_DIR ?= backups

.PHONY: help run serve setup seed admin install install-dev test test-next lint format check pytest browser-tests screenshots guide bench load-test load-test-publish fault-check backup restore clean

help: ## Show this list
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Create the virtualenv (if missing) and install runtime requirements

install-dev: $(VENV)/.installed-dev ## Install runtime and development requirements

setup: install ## Migrate, load the demo content and make sure a development admin exists
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) ensure_dev_admin --url http://$(HOST):$(PORT)

run: setup ## Set everything up and serve the site on http://$(HOST):$(PORT)
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Serve the site without setting anything up
	$(MANAGE) runserver $(HOST):$(PORT)

seed: install ## Load the demo content (safe to repeat)
	$(MANAGE) seed_demo

admin: install ## Create the development admin account if missing and print how to log in
	$(MANAGE) ensure_dev_admin --url http://$(HOST):$(PORT)

test: install-dev lint check pytest ## Lint, Django checks, migrations check and the whole test suite

lint: install-dev ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## Format and auto-fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install-dev ## manage.py check and makemigrations --check
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

pytest: install-dev ## The pytest suite only (PYTEST_ARGS="-k font" to pick)
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

VENV_NEXT ?= .venv-next

$(VENV_NEXT)/.installed: requirements.txt requirements-dev.txt requirements-next.txt
	$(PYTHON) -m venv $(VENV_NEXT)
	$(VENV_NEXT)/bin/python -m pip install -q --upgrade pip
	$(VENV_NEXT)/bin/python -m pip install -q -r requirements-dev.txt
	$(VENV_NEXT)/bin/python -m pip install -q -r requirements-next.txt
	@touch $@

test-next: $(VENV_NEXT)/.installed ## Django checks and the non-browser suite on the newest Wagtail (requirements-next.txt)
	@$(VENV_NEXT)/bin/python -c "import wagtail; print('Wagtail', wagtail.__version__)"
	$(VENV_NEXT)/bin/python manage.py check --fail-level WARNING
	$(VENV_NEXT)/bin/python -m pytest $(XDIST) --ignore=tests/browser $(PYTEST_ARGS)

browser-tests: install-dev ## Only the Playwright journeys
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

screenshots: install-dev ## Screenshot a running site at 375 and 1280 px into screenshots/
	$(PY) scripts/screenshots.py http://$(HOST):$(PORT) / /about/ /team/dr-cassidy-blair/ /therapies/psychodynamic-therapy/ /conditions/ /blog/ /contact/ "/search/?q=anxiety" /no-such-page/

guide: install-dev ## Retake the staff guide's screenshots (docs/img/) from the real admin on a throwaway demo
	$(PY) scripts/guide.py

BENCH_DB := $${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/practice_bench}

bench: install ## Benchmark pages against a static file under gunicorn, cache off then on, then the in-process render table (PostgreSQL, wrk)
	DATABASE_URL=$(BENCH_DB) $(PY) scripts/bench.py $(BENCH_ARGS)

# `make load-test PUBLISH=1` (or BENCH_ARGS=--publish, or `make load-test-publish`): GNU make takes
# no `--publish` of its own, so the flag for scripts/bench.py goes through a variable.
PUBLISH ?=

load-test: install ## 64 connections for 60 s over the main page types, cache off then on; fails on any error. PUBLISH=1: 200 URLs, cache on, a post published every 10 s, p99 <= 300 ms per window
	DATABASE_URL=$(BENCH_DB) $(PY) scripts/bench.py --load $(if $(PUBLISH),--publish) $(BENCH_ARGS)

load-test-publish: install ## The same as make load-test PUBLISH=1
	DATABASE_URL=$(BENCH_DB) $(PY) scripts/bench.py --load --publish $(BENCH_ARGS)

fault-check: install ## Restart PostgreSQL under load: 503s, self-recovery, nothing lost
	$(PY) scripts/db_restart_check.py --database practice_fault_check $(FAULT_ARGS)

backup: ## Back up the PostgreSQL database and media into $(BACKUP_DIR)/<database>-<time>/
	bash scripts/backup.sh $(BACKUP_DIR)

restore: ## Restore a backup set: make restore SET=backups/<database>-<time> (asks first; YES=1 skips)
	@test -n "$(SET)" || { echo "Usage: make restore SET=backups/<database>-<time> [YES=1]" >&2; exit 2; }
	bash scripts/restore.sh $(if $(YES),--yes) "$(SET)"

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) $(VENV_NEXT) db.sqlite3 staticfiles .pytest_cache .ruff_cache
