# casereviews: `make run` serves the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := var/assets/app.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast lint eval bench lock assets clean

install: $(STAMP) $(ASSETS)

$(STAMP): requirements.lock pyproject.toml setup.py casereviews/analysis/_scan.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json assets/scss/main.scss scripts/build-assets.mjs
	node scripts/build-assets.mjs

assets: $(ASSETS)

run: install
	$(BIN)/casereviews migrate --no-input
	$(BIN)/casereviews demo --if-empty
	$(BIN)/casereviews runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check casereviews tests bench scripts
	$(BIN)/ruff format --check casereviews tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_scoping.py
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check casereviews tests bench scripts
	$(BIN)/ruff format --check casereviews tests bench scripts

eval: install
	$(BIN)/python -m casereviews.analysis.evaluate

bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	$(BIN)/python -m bench

# Regenerate the pinned dependency files from pyproject.toml (needs the registries).
lock:
	rm -rf /tmp/casereviews-lock && $(PYTHON) -m venv /tmp/casereviews-lock
	/tmp/casereviews-lock/bin/pip install --quiet -e .[dev]
	/tmp/casereviews-lock/bin/pip freeze --exclude-editable | sort > requirements.lock
	/tmp/casereviews-lock/bin/pip install --quiet -e .[dev,bench]
	/tmp/casereviews-lock/bin/pip freeze --exclude-editable | sort | comm -13 requirements.lock - > requirements-bench.lock

clean:
	rm -rf $(VENV) node_modules var
