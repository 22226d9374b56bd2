# The two commands from the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: system-packages system-packages-test demo test install install-test bench-deps messages lint pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python system-packages
	$(BIN)/pip install --quiet -e .
	touch $@

# What the PDF renderer (WeasyPrint) needs from Debian: pango and the Noto CJK fonts, which
# every PDF embeds. Installed when missing and we may (root with apt-get); otherwise named.
system-packages:
	@sh scripts/system-packages.sh

# The same, and Chromium for the browser tests (skipped, with a warning, where it cannot be installed).
system-packages-test:
	@sh scripts/system-packages.sh test

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python system-packages-test
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed messages

# What the benchmarks (bench/*.py) need: the application and the `bench` extra.
bench-deps: install
	$(BIN)/pip install --quiet -e '.[bench]'
install-test: $(VENV)/.installed-test messages

# Compile translations with polib (no system gettext needed).
messages: $(VENV)/.installed
	$(BIN)/python -m openenforce.core.i18n

demo: install
	PORT=$(PORT) $(BIN)/openenforce demo

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Two workers (pytest-xdist; each its own test database); PYTEST_WORKERS=0 runs in one process.
# PYTEST_ARGS adds arguments (CI runs the browser tests once: -m "not browser" elsewhere).
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
pytest: install-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint pytest

clean:
	rm -rf $(VENV) var/*.sqlite3*
