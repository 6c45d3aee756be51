# Two commands for a newcomer: `make run` and `make test`. Everything else here
# is what they need, done once and skipped when already up to date.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12.*/bin/python) $(shell command -v python3.12 2>/dev/null))
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/smallwins

.PHONY: help install run dev test lint format ci check-python check-db static migrate bench explain fuzz outage

help:
	@echo "make run   - set everything up and serve Small Wins on http://127.0.0.1:$(PORT), with its worker"
	@echo "make test  - set everything up and run the whole test suite (needs PostgreSQL)"
	@echo "make dev   - Django's development server with DEBUG on, with its worker"
	@echo "make format - apply ruff's formatting and safe fixes"
	@echo "make bench - pages and a realistic mix against the stack's own ceiling (needs wrk; writes bench/RESULTS.md)"
	@echo "make explain - the query plans of every page on the benchmark's data (writes bench/EXPLAIN.md)"
	@echo "make fuzz  - the property-based form tests with 10,000 examples each (make test runs 1,000)"
	@echo "make outage - database outage and worker crash under load (OUTAGE_ARGS=--help lists options)"

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 was not found. Install it (pyenv install 3.12) or run: make PYTHON=/path/to/python3.12 ..."; exit 1; }

$(UV): | check-python
	@$(PYTHON) -m venv .tools
	@.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The marker file makes the install step run again only when the lock changes.
$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

static: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# The web server and one background worker (emails, reminders, imports) side by
# side: when either stops, or on Ctrl+C, both stop.
define with_worker
	@$(1) & web=$$!; \
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill -TERM $$web $$worker 2>/dev/null' INT TERM; \
	wait -n; status=$$?; kill -TERM $$web $$worker 2>/dev/null; wait; exit $$status
endef

run: migrate static
	@echo "Small Wins is starting on http://127.0.0.1:$(PORT) with its worker  (Ctrl+C stops both)"
	$(call with_worker,PORT=$(PORT) $(BIN)/gunicorn -c config/gunicorn.py config.wsgi)

dev: export DEBUG := 1
dev: migrate
	$(call with_worker,$(BIN)/python manage.py runserver 127.0.0.1:$(PORT))

check-db: install
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m config.dbcheck

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install node_modules/.installed lint check-db
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest $(PYTEST_ARGS)

ci: test

# The benchmark (not part of `make test`): seeds its own database,
# smallwins_bench, with 5 M wins the first time (a few minutes), then drives
# gunicorn with wrk and the realistic mix (bench/mix.py) and writes
# bench/RESULTS.md. It runs seed_bulk and gunicorn with BENCH_PROBES=1, which
# installs the bench app (bench/). BENCH_ARGS=--help lists options.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# EXPLAIN (ANALYZE, BUFFERS) of every page's queries on the benchmark data -> bench/EXPLAIN.md.
explain: install
	$(BIN)/python bench/explain.py $(BENCH_ARGS)

# Every form in the app, fed 10,000 generated inputs each (`make test` runs the
# same tests with 1,000). Slow: expect the best part of an hour.
fuzz: install check-db
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	HYPOTHESIS_PROFILE=fuzz DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest tests/test_fuzz_forms.py $(PYTEST_ARGS)

# Quick-log posts under load while the database goes away and a worker is
# killed (bench/outage.py; its own database, smallwins_outage). OUTAGE_ARGS=
# "--scenario restart" restarts the whole PostgreSQL cluster: not while others test.
outage: install
	$(BIN)/python bench/outage.py $(OUTAGE_ARGS)
