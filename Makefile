# Piazza: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format lock bench drills clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

## Run the site with demo content on embedded defaults (SQLite, no servers) plus a task worker.
run: install
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin
	@echo "Site: http://$(HOST):$(PORT)/  ·  Admin: http://$(HOST):$(PORT)/admin/"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --reload & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (SQLite by default; PostgreSQL when DATABASE_URL points at one).
## The real-browser tests (tests/e2e) flush the database between tests, so they run as a
## session of their own after the rest of the suite.
test: install
	$(BIN)/python -m pytest --ignore=tests/e2e $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo_content

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh requirements.lock from the pins in pyproject.toml.
lock:
	rm -rf /tmp/piazza-lock && $(PYTHON) -m venv /tmp/piazza-lock
	/tmp/piazza-lock/bin/pip install --quiet --upgrade pip
	/tmp/piazza-lock/bin/pip install --quiet $$($(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb')); print(' '.join(p['project']['dependencies']))") --group dev
	{ echo "# Exact versions of the whole dependency tree (runtime and development tools)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/piazza-lock/bin/pip freeze; } > requirements.lock

## Benchmarks on a production-like instance (gunicorn, production settings): Lighthouse scores
## with Debian's Chromium (Lighthouse itself comes from package-lock.json), then the load
## benchmark (wrk from Debian, PostgreSQL, Redis, the generated data set; see README), the
## newsletter sending benchmark (10,000 and 100,000 recipients over SMTP and a batch API), then
## the benchmark tests in tests/bench. Results are written under var/bench/.
bench: install
	@[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error
	@command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m tests.bench.lighthouse
	$(BIN)/python -m tests.bench.load $(BENCH_ARGS)
	$(BIN)/python -m tests.bench.send $(SEND_BENCH_ARGS)
	@if ls tests/bench/test_*.py >/dev/null 2>&1; then \
		$(BIN)/python -m pytest tests/bench -p no:randomly -s -o norecursedirs=; fi

## Refresh the English catalogue from the templates and the code (needs GNU gettext, installed
## from Debian when missing); then translate the new entries and run compile_translations.
## The test suite does not need gettext: tests/home/test_catalogues.py finds the strings itself.
messages: install
	@command -v xgettext >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python manage.py makemessages -l en --no-obsolete \
		--ignore=tests --ignore=node_modules --ignore=var --ignore=static
	$(BIN)/python manage.py compile_translations

## Fault drills too slow for every CI run: 50 sign-ups per second for 60 seconds against the
## subscribe endpoint of a production-like instance (gunicorn, PostgreSQL, Redis, a task
## worker, a local SMTP server). Results are written under var/drills/ (see README, Security).
drills: install
	$(BIN)/python -m tests.drills.load $(DRILL_ARGS)

clean:
	rm -rf var/static var/mail
