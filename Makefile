# Wijkstem: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
# The newest of python3.13, python3.12, python3.11, python3 that is at least 3.11.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PICCOLO_CONF := app.piccolo_conf

.PHONY: run install install-dev messages migrate demo serve check test test-unit test-sqlite \
        test-postgres test-e2e system-deps bench-tally bench-proposals bench-vote crash-vote race-vote clean vendor \
        nginx test-deploy load faults faults-short bench-open

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed messages

install-dev: $(VENV)/.installed-dev messages

messages: $(VENV)/.installed
	$(BIN)/python -m app.i18n_build compile

migrate: install
	$(BIN)/wijkstem migrate

demo: migrate
	$(BIN)/wijkstem demo

serve: install
	$(BIN)/wijkstem serve --host $(HOST) --port $(PORT)

run: demo
	@echo "Wijkstem is starting on http://$(HOST):$(PORT) (demo accounts are listed in README.md)"
	$(BIN)/wijkstem serve --host $(HOST) --port $(PORT)

check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m app.i18n_build check

system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

test-unit: install-dev
	$(BIN)/pytest tests/unit -q

test-sqlite: install-dev
	$(BIN)/pytest tests/integration -q

test-postgres: install-dev system-deps
	WIJKSTEM_TEST_ENGINE=postgres $(BIN)/pytest tests/integration -q

e2e/node_modules/axe-core/axe.min.js: e2e/package.json
	cd e2e && npm ci --no-audit --no-fund --silent
	touch $@

test-e2e: install-dev system-deps e2e/node_modules/axe-core/axe.min.js
	$(BIN)/pytest e2e -q -p no:cacheprovider

nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; }

test-deploy: install-dev system-deps nginx
	$(BIN)/python bench/deploy_smoke.py

test: install-dev system-deps check test-unit test-sqlite test-postgres test-e2e test-deploy faults-short
	@echo "all tests passed"

# The security suite (tests/security): its fast part runs in `make test`; `make security` runs
# it all (every phase, every payload, the browser XSS run, API fuzzing) and prints its line.
.PHONY: test-security security
test: test-security

test-security: install-dev
	$(BIN)/pytest tests/security -q -p no:cacheprovider

security: install-dev system-deps e2e/node_modules/axe-core/axe.min.js
	WIJKSTEM_SECURITY_FULL=1 $(BIN)/pytest tests/security -q -p no:cacheprovider

bench-tally: install-dev
	$(BIN)/python bench/bench_tally.py

bench-proposals: install-dev
	$(BIN)/python bench/bench_proposals.py

bench-vote: install-dev
	$(BIN)/python bench/bench_vote.py

bench-open: install-dev
	$(BIN)/python bench/bench_open.py

crash-vote: install-dev
	$(BIN)/python bench/crash_vote.py

race-vote: install-dev
	$(BIN)/python bench/race_vote.py

load: install-dev system-deps
	$(BIN)/python bench/load.py

faults: install-dev system-deps
	$(BIN)/python bench/faults.py

faults-short: install-dev system-deps
	$(BIN)/python bench/faults.py --short

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# NL Design System CSS, vendored into app/web/static/vendor/ (make run never needs npm).
# Not @utrecht/design-tokens: its licence file says those are Gemeente Utrecht's proprietary brand assets;
# the EUPL voorbeeld theme plus our own app/web/static/wijkstem-theme.css give the tokens instead.
VENDOR := app/web/static/vendor
NLDS_PACKAGES := @utrecht/component-library-css@9.0.4 \
        @nl-design-system-unstable/voorbeeld-design-tokens@7.4.1
# Leaflet (BSD-2-Clause) draws the map of a round's proposals; its marker images are not used.
MAP_PACKAGES := leaflet@1.9.4
vendor:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cd "$$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent $(NLDS_PACKAGES) $(MAP_PACKAGES) && cd - >/dev/null; \
	nm="$$tmp/node_modules"; rm -rf $(VENDOR); mkdir -p $(VENDOR)/nlds; \
	cp "$$nm/@utrecht/component-library-css/dist/index.css" $(VENDOR)/nlds/utrecht-components.css; \
	cp "$$nm/@utrecht/component-library-css/dist/html.css" $(VENDOR)/nlds/utrecht-html.css; \
	cp "$$nm/@utrecht/component-library-css/LICENSE.md" $(VENDOR)/nlds/LICENCE-utrecht-component-library-css.md; \
	cp "$$nm/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css" $(VENDOR)/nlds/voorbeeld-theme.css; \
	cp "$$nm/@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md" $(VENDOR)/nlds/LICENCE-voorbeeld-design-tokens.md; \
	mkdir -p $(VENDOR)/leaflet; \
	cp "$$nm/leaflet/dist/leaflet.js" "$$nm/leaflet/dist/leaflet.css" $(VENDOR)/leaflet/; \
	cp "$$nm/leaflet/LICENSE" $(VENDOR)/leaflet/LICENCE-leaflet.txt; \
	for pkg in $(NLDS_PACKAGES) $(MAP_PACKAGES); do name=$${pkg%@*}; \
	  echo "$$name $$(node -p "require('$$nm/$$name/package.json').version") $$(node -p "require('$$nm/$$name/package.json').license")"; \
	done > $(VENDOR)/VERSIONS.txt; \
	cat $(VENDOR)/VERSIONS.txt

# Architecture figures of issue #16 (definitions in the script's docstring), one line.
.PHONY: arch-counts
arch-counts:
	@$(BIN)/python scripts/arch_counts.py

# docs/screenshots.md: every page the e2e journeys checked, with its phone and desktop screenshot
# (read from test-results/pages/ after `make test-e2e`).
.PHONY: screenshots-list
screenshots-list:
	@$(BIN)/python scripts/screenshots_list.py
