# casereviews: `make run` serves the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COMPILED := $(VENV)/.compiled
ASSETS := var/assets/app.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast test-asan lint eval bench bench-web lock assets clean

install: $(STAMP) $(COMPILED) $(ASSETS)

$(STAMP): requirements.lock pyproject.toml setup.py casereviews/analysis/_scan.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The package's bytecode, written now as installing a wheel would: an editable install writes
# none, and where PYTHONDONTWRITEBYTECODE is set every run compiled the engine's modules from
# source again (about 0.03 s of each `casereviews analyse`, docs/adr/0054). A source edited
# later is compiled by Python as before until the next `make install` (pyc files are checked
# against their source).
$(COMPILED): $(STAMP) $(shell find casereviews -name '*.py')
	$(BIN)/python -m compileall -q casereviews
	touch $(COMPILED)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json assets/scss/main.scss scripts/build-assets.mjs
	node scripts/build-assets.mjs

assets: $(ASSETS)

# The background worker (big imports and exports, docs/adr/0036) runs beside the web server
# and stops with it.
run: install
	$(BIN)/casereviews migrate --no-input
	$(BIN)/casereviews demo --if-empty
	$(BIN)/casereviews worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/casereviews runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check casereviews tests bench scripts
	$(BIN)/ruff format --check casereviews tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_scoping.py
	$(BIN)/pytest

# The engine's tests against the C scan built with AddressSanitizer, in a copy of the package
# under var/asan (the normal build is left alone). PYTHONMALLOC=malloc lets ASan see Python's
# small buffers too; leaks are not checked (CPython keeps memory until exit by design). Any
# ASan report aborts the run with a non-zero status. The in-process scan tests run first and
# -x stops at the first failure: a worker that ASan aborts leaves multiprocessing.Pool waiting.
ASAN_DIR := var/asan
ASAN_FIRST := tests/analysis/test_scan_reference.py tests/analysis/test_tagger.py
ASAN_PYTEST = CASEREVIEWS_SCAN=c CASEREVIEWS_SCAN_BUILD=$(CURDIR)/$(ASAN_DIR) \
	PYTHONPATH=$(ASAN_DIR) PYTHONMALLOC=malloc ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 \
	LD_PRELOAD="$$(gcc -print-file-name=libasan.so)" \
	$(BIN)/pytest -q -x -p no:django -p no:cacheprovider -p no:faulthandler \
	--capture=sys --import-mode=importlib
test-asan: install
	rm -rf $(ASAN_DIR) && mkdir -p $(ASAN_DIR)
	cp -r casereviews setup.py pyproject.toml $(ASAN_DIR)/
	find $(ASAN_DIR) \( -name '*.so' -o -name __pycache__ \) -prune -exec rm -rf {} +
	cd $(ASAN_DIR) && CFLAGS="-fsanitize=address -fno-omit-frame-pointer -g -O1" \
	  LDFLAGS="-fsanitize=address" $(CURDIR)/$(BIN)/python setup.py --quiet build_ext \
	  --inplace --build-temp build >/dev/null
	$(ASAN_PYTEST) $(ASAN_FIRST)
	$(ASAN_PYTEST) tests/analysis $(patsubst %,--ignore=%,$(ASAN_FIRST))

lint: install
	$(BIN)/ruff check casereviews tests bench scripts
	$(BIN)/ruff format --check casereviews tests bench scripts

eval: install
	$(BIN)/python -m casereviews.analysis.evaluate

bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	$(BIN)/python -m bench

# The main pages and exports at three sizes (bench/web.py): on SQLite, then on PostgreSQL when
# BENCH_DATABASE_URL names an empty database (it is flushed); BENCH_SCALE=0.1 for a quick look.
BENCH_WEB = $(BIN)/python -m bench --only-web $(if $(BENCH_SCALE),--scale $(BENCH_SCALE))
bench-web: install
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	mkdir -p var
	$(BENCH_WEB) --json var/bench-web-sqlite.json
	$(if $(BENCH_DATABASE_URL),$(BENCH_WEB) --database-url $(BENCH_DATABASE_URL) --json var/bench-web-postgresql.json)

# Regenerate the pinned dependency files from pyproject.toml (needs the registries).
lock:
	rm -rf /tmp/casereviews-lock && $(PYTHON) -m venv /tmp/casereviews-lock
	/tmp/casereviews-lock/bin/pip install --quiet -e .[dev]
	/tmp/casereviews-lock/bin/pip freeze --exclude-editable | sort > requirements.lock
	/tmp/casereviews-lock/bin/pip install --quiet -e .[dev,bench]
	/tmp/casereviews-lock/bin/pip freeze --exclude-editable | sort | comm -13 requirements.lock - > requirements-bench.lock

clean:
	rm -rf $(VENV) node_modules var
