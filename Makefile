# Russia–Iran briefing. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

CONDA_ENV_NAME := russia-iran-briefing
ifeq ($(CONDA_DEFAULT_ENV),$(CONDA_ENV_NAME))
  PY := python
  BIN :=
  ENV_STAMP :=
else
  PY := .venv/bin/python
  BIN := .venv/bin/
  ENV_STAMP := .venv/.installed
endif
PYTHON3 ?= python3

# requirements.lock pins every package (transitive ones too) for runtime + test + bench + dev, for any platform.
LOCK := requirements.lock
LOCK_ARGS := pyproject.toml --extra test --extra bench --extra dev --universal --python-version 3.11
LINT_PATHS := helpers tests bench

.venv/.installed: $(LOCK) pyproject.toml
	@echo "Setting up .venv (first run takes about a minute) ..."
	@test -x .venv/bin/python || $(PYTHON3) -m venv .venv
	@.venv/bin/python -m pip install --quiet --upgrade pip
	@.venv/bin/python -m pip install --quiet -r $(LOCK)
	@.venv/bin/python -m pip install --quiet --no-deps -e .
	@touch $@

## Create or update the Python environment (.venv from requirements.lock, or the active conda env)
env: $(ENV_STAMP)

## Regenerate requirements.lock from pyproject.toml (keeps current pins; UPGRADE=1 takes the newest allowed)
lock: $(ENV_STAMP)
	$(BIN)uv pip compile --quiet $(LOCK_ARGS) $(if $(UPGRADE),--upgrade) \
		--custom-compile-command "make lock   # = uv pip compile $(LOCK_ARGS) -o $(LOCK)" -o $(LOCK)

## Build data/processed from data/sources (after adding or editing an article)
data: $(ENV_STAMP)
	$(PY) -m helpers build

## Fail when data/processed does not match the sources
check-data: $(ENV_STAMP)
	$(PY) -m helpers check

## Run every test: unit tests, data checks and notebooks under nbval
test: $(ENV_STAMP)
	$(PY) -m pytest

## Run only the fast unit tests
test-fast: $(ENV_STAMP)
	$(PY) -m pytest tests -m "not slow"

## Lint: ruff rules, ruff formatting (check only) and the import contracts between subpackages
lint: $(ENV_STAMP)
	$(BIN)ruff check $(LINT_PATHS)
	$(BIN)ruff format --check $(LINT_PATHS)
	$(BIN)lint-imports

## Reformat and apply ruff's safe fixes
format: $(ENV_STAMP)
	$(BIN)ruff check --fix $(LINT_PATHS)
	$(BIN)ruff format $(LINT_PATHS)

## Benchmark the pipeline, the explorer and the briefing build (figures go in the README)
bench: $(ENV_STAMP)
	$(PY) bench/pipeline.py
	$(PY) bench/explorer.py
	$(PY) bench/briefing.py
	$(PY) bench/scale.py
	$(PY) bench/timebank.py

## Open the briefing in JupyterLab (notebook outputs are stripped on save)
lab: $(ENV_STAMP)
	$(PY) -m jupyter lab --config=jupyter_server_config.py $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

SCOPE_ARGS = $(if $(THEMES),--themes $(THEMES)) $(if $(SOURCES),--sources $(SOURCES)) $(if $(SINCE),--since $(SINCE))

# The data step of `make briefing` and `make pdf`: skipped when nothing the build reads (articles, analyst
# files, helpers/) is newer than its last run, a deletion included (it changes its folder); `make data` always builds.
DATA_STAMP := build/data.stamp
data-if-stale: $(ENV_STAMP)
	@if [ ! -f $(DATA_STAMP) ] || [ -n "$$(find data/sources data/*.yml data/sources.csv helpers -newer $(DATA_STAMP) \
		-not -path '*/__pycache__*' -print -quit)" ]; then \
		mkdir -p build && touch $(DATA_STAMP).new && $(PY) -m helpers build && mv $(DATA_STAMP).new $(DATA_STAMP); fi

## Build the data if needed, run the notebooks whose inputs changed, write offline HTML to reports/ (scope: THEMES=a,b SOURCES=id,.. SINCE=YYYY-MM-DD)
briefing: data-if-stale
	$(PY) -m helpers briefing $(SCOPE_ARGS)

## Build the briefing and print it to reports/briefing.pdf (A4) with Debian's headless Chromium (same scope options)
pdf: data-if-stale
	$(PY) -m helpers briefing --pdf $(SCOPE_ARGS)

## Write reports/briefing-slides.html, a reveal.js deck that runs offline (same scope options; npm needed once)
slides: data
	$(PY) -m helpers slides $(SCOPE_ARGS)

## Remove generated files (keeps .venv and data/processed)
clean:
	rm -rf reports exports .pytest_cache .ruff_cache .import_linter_cache bench/out data/.cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  \033[36m%-12s\033[0m %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: env lock data data-if-stale check-data test test-fast lint format bench lab briefing pdf slides clean help
