# Askwell: `make run` serves the site on http://127.0.0.1:8000; `make test` runs every test.

VENV := .venv
BIN := $(VENV)/bin
# The newest Python 3.12+ on the PATH (.python-version asks pyenv for 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test browser vnu check-python install install-dev migrate demo serve worker lint bench bench-pages clean

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Askwell needs Python 3.12 or newer (3.13 recommended, see .python-version)."; \
		echo "Found: $$(python3 --version 2>&1 || echo 'no python3')."; \
		echo "Install Python 3.13 (for example with pyenv: pyenv install 3.13) and run make again."; \
		exit 1; \
	fi

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py import_articles
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

# The web server, and beside it the task worker that sends e-mail and notifications.
# The worker stops with the server (Ctrl-C, or the server exiting on its own).
serve:
	@$(DEV_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The task worker alone (e.g. beside a server started another way).
worker:
	$(DEV_ENV) $(BIN)/python manage.py db_worker

run: demo serve

# On every core (pytest-xdist): first the tests that share a database transaction,
# then the live-server ones, which empty the database when they end (conftest.py).
# TEST_WORKERS=0 runs in one process; plain `pytest` also runs everything, in order.
# Each run's workers compile the project once for all of them: bytecode is kept
# (in __pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set.
TEST_WORKERS ?= auto
TEST_ENV := PYTHONDONTWRITEBYTECODE=
test: install-dev browser vnu
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not empties_database"
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) -m empties_database

# The browser tests drive Chromium: the one on the PATH if there is one; otherwise
# Debian's package where apt-get may install it; otherwise Playwright's own build.
browser: install-dev
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		true; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "== The browser tests need Chromium: installing Debian's package (apt-get install chromium)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "== The browser tests need Chromium: installing Debian's package (sudo apt-get install chromium)"; \
		sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "== The browser tests need Chromium: installing Playwright's build (playwright install chromium)"; \
		$(BIN)/playwright install chromium; \
	fi

# The W3C Nu HTML Checker for the HTML tests: npm's vnu-jar, run with the system Java
# (17 or newer). Its install script, which downloads a Java of its own, is not run.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
vnu: $(VNU_JAR)
$(VNU_JAR):
	@command -v java >/dev/null 2>&1 || { echo "The HTML tests need Java 17+ (apt-get install openjdk-17-jre-headless)."; exit 1; }
	@command -v npm >/dev/null 2>&1 || { echo "The HTML tests need npm to install the Nu HTML checker (vnu-jar)."; exit 1; }
	@echo "== The HTML tests need the Nu HTML checker: npm install vnu-jar@$(VNU_VERSION) into $(VENV)/vnu"
	npm install --prefix $(VENV)/vnu --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION) >/dev/null

# Requests a second under gunicorn with production settings, measured with wrk
# (README, "Performance"); DATABASE_URL and REDIS_URL measure PostgreSQL and Redis.
bench: install-dev
	$(BIN)/python bench/throughput.py

# Page timings and query counts on a large generated forum, in one process.
bench-pages: install-dev
	$(DEV_ENV) $(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
