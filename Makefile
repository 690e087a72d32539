# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format check-migrations pytest chromium clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	touch $@

install: $(VENV)/.installed

# Set up, migrate, load the shipped content and serve on http://127.0.0.1:8000/
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --check templates */templates

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests drive Debian's chromium; install it when missing (needs root, as in CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

pytest: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Set up and run every check and the whole test suite (what CI runs).
test: lint check-migrations pytest

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint --reformat templates */templates

clean:
	rm -rf $(VENV) staticfiles
