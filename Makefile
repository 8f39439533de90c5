# comity: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install browser demo test test-fast lint bench serve clean train eval-test

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c "import comity.nlp as n; n.load_nlp()"
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install comity with everything it needs

demo: $(STAMP)  ## run the main job on examples/ (writes comity.duckdb and comity-report.html)
	$(BIN)/comity demo

browser:  ## headless Chromium and chromedriver (Debian packages) for the dashboard's browser tests
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium and chromium-driver (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "no chromium: run 'sudo apt-get install chromium chromium-driver'; browser tests will skip"; fi

test: $(STAMP) browser  ## run the whole test suite
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)  ## the suite without slow tests
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check src tests bench

train: $(STAMP)  ## rebuild the learned decision model from the annotated corpus (corpus/)
	$(BIN)/python -m comity.events.learn

eval-test: $(STAMP)  ## the coder's figures on the corpus' test split (scored as a whole, never read)
	$(BIN)/comity eval corpus/annotations.jsonl --split test

bench: $(STAMP)  ## run the benchmarks and update bench/results.md
	$(BIN)/python bench/run_all.py

serve: $(STAMP)  ## the web dashboard on the demo store
	$(BIN)/comity serve

clean:  ## remove the venv and generated files
	rm -rf $(VENV) comity.duckdb comity-report.html .pytest_cache
