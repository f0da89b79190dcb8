# The two commands: `make run` (demo portal, no services needed) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# manage.py and Celery default to the production settings (which refuse to start without
# their environment); the commands here are for a developer's machine.
export DJANGO_SETTINGS_MODULE ?= diplomacy.settings.dev
NODE_STAMP := node_modules/.installed

.PHONY: run test lint format messages venv services browser-deps node-deps bench security worker beat clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

messages: venv
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: venv messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	PORT=$(PORT) $(BIN)/python manage.py loaddemo
	PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

services:
	bash .ci/ensure-services

browser-deps:
	bash .ci/ensure-browser-deps

# axe-core, the Nu HTML checker (vnu-jar) and Lighthouse, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node-deps: $(NODE_STAMP)

test: venv messages services browser-deps node-deps
	DJANGO_SETTINGS_MODULE=diplomacy.settings.test $(BIN)/pytest $(PYTEST_ARGS)

# Serving throughput, page weight, Lighthouse and scale, written to docs/benchmarks.md.
bench: venv messages services node-deps
	$(BIN)/python -m bench.run

# sqlmap and wapiti against a running portal (demo content, test settings, 127.0.0.1);
# reports in test-output/security/, non-zero exit when either finds something. Not in `test`.
security: venv messages services
	bash .ci/ensure-security-tools
	# Low priority: the scans take long and must not starve the rest of the machine.
	nice -n 10 $(BIN)/python -m security.run

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: venv
	$(BIN)/celery -A diplomacy worker -Q default,notifications,translation,media --loglevel=INFO

beat: venv
	$(BIN)/celery -A diplomacy beat --loglevel=INFO

clean:
	rm -rf var/static test-output .pytest_cache
