PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := DJANGO_DEBUG=1 $(BIN)/python manage.py

.PHONY: install lock run test lint format worker bench bench-layers screenshots lighthouse clean

# The venv is rebuilt only when the dependencies change, so a second
# `make run` starts at once. Every package comes from the lock file, checked
# against its hashes; the site itself adds no dependencies of its own.
$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

# After a change to the dependencies in pyproject.toml: pin every package,
# the dev extra's too, with hashes, for Python 3.11 on Linux.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 --python-platform linux --no-header \
		--quiet -o requirements.lock

# The worker beside the server sends the mails (confirmations, newsletters);
# while developing they appear on this console.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) db_worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) resume_newsletter_sends
	$(MANAGE) db_worker

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/djade --target-version 5.2 --check $$(find templates -name '*.html')
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djade --target-version 5.2 $$(find templates -name '*.html')
	$(BIN)/djhtml templates

bench: install
	$(BIN)/python -m bench.run

# What each caching layer saves (docs/caching.md), about ten minutes.
bench-layers: install
	$(BIN)/python -m bench.layers

# Full-page PNGs of the main pages at 390 and 1280 px in screenshots/.
screenshots: install
	$(BIN)/python -m tests.browser.screenshots

# Lighthouse mobile scores of every page kind (npm's lighthouse, Chromium);
# not part of `make test`.
lighthouse: install
	$(BIN)/python -m bench.lighthouse

clean:
	rm -rf $(VENV) staticfiles
