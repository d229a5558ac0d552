# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   installs detente and runs it on the bundled demo corpus
#   make test   installs the test dependencies (and Chromium for the UI tests) and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.duckdb

.PHONY: demo test docs install install-test browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); \
	  else (sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null); fi; }

demo: install
	$(BIN)/detente run --db $(DB)

test: install-test browser
	$(BIN)/python -m pytest -q

docs: install-test
	$(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) *.egg-info build dist .pytest_cache .hypothesis demo.duckdb test-artifacts
