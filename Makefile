# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format check-migrations pytest system-packages clean

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
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --check templates $(wildcard */templates)

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Debian packages the tests need: chromium (browser tests), gettext (catalog checks),
# Pango, Noto Sans (Latin, Cyrillic with Kazakh letters) and Noto CJK fonts (PDF sheets).
# Installed when missing; needs root, as in CI.
SYSTEM_PACKAGES ?= chromium gettext fonts-noto-core fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

pytest: install system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Set up and run every check and the whole test suite (what CI runs).
test: lint check-migrations pytest

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint --reformat templates $(wildcard */templates)

clean:
	rm -rf $(VENV) staticfiles
