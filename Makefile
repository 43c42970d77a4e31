# Echelon — the README's two commands, `make demo` and `make test`, and their helpers.
# Both install the missing system packages themselves (apt-get; sudo when not root).

SWIFT       ?= swift
APT_PACKAGES = libglpk-dev libsqlite3-dev pkg-config
SCENARIO    ?= scenarios/quickstart.yaml
BIN          = .build/debug/echelon
SUDO         = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-api test-report scenarios build deps clean help notebooks

help:
	@echo "make demo   build, then run the main job on $(SCENARIO)"
	@echo "make test   build and run the whole test suite"
	@echo "make deps   install the system packages Echelon needs ($(APT_PACKAGES))"
	@echo "make test-api  the live API: schemathesis, the dashboard in headless Chromium, a crash test"
	@echo "make scenarios every real-data scenario end to end (release build), reports in out/"
	@echo "make test-report  echelon report rendered in headless Chromium (demo-out, or a fresh run) and printed to PDF"
	@echo "make notebooks  execute notebooks/*.ipynb headless on the scenarios' outputs (ECHELON_OUT, or a --short run into out-notebooks)"

# Installs only what is missing, so it is quick when everything is there.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --product echelon

demo: build
	$(BIN) validate $(SCENARIO)
	@echo
	$(BIN) optimize $(SCENARIO) --target sla --certify 4 --out demo-out
	@echo
	$(BIN) place $(SCENARIO) --coverage 0.95@4h --out demo-out/place
	@echo
	$(BIN) simulate $(SCENARIO) --plan demo-out/stock-plan.csv --years 1 --replications 4 --out demo-out/simulation
	@echo
	rm -f demo-out/desk.sqlite demo-out/desk.sqlite-wal demo-out/desk.sqlite-shm
	$(BIN) simulate $(SCENARIO) --plan demo-out/stock-plan.csv --years 1 --replications 1 --workflow --revisit 0.05 --no-part 0.05 \
	  --store sqlite:demo-out/desk.sqlite --quiet --out demo-out/workflow
	@echo
	$(BIN) desk check demo-out/desk.sqlite
	@echo
	$(BIN) desk kpis demo-out/desk.sqlite
	@echo
	$(BIN) report demo-out --title "The planner's day on $(SCENARIO)"
	@echo
	@echo "The report: $$(pwd)/demo-out/report.html (open it in a browser; it prints cleanly)"

# Every real-data scenario end to end at full length (release build), one report per scenario in out/.
scenarios: deps
	bash scripts/run-scenarios.sh out

# One build mode (debug) for tests and demo: switching modes costs partial rebuilds.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The live HTTP API: fuzzed against its own OpenAPI document, the dashboard rendered, a crash test.
test-api: deps
	bash scripts/test-api.sh

# echelon report in headless Chromium: every section in the DOM, no console errors, a non-trivial PDF.
# REPORT_DIRS=... to check other output folders (default: demo-out, or a fresh run when it is missing).
test-report: deps
	bash scripts/test-report.sh $(REPORT_DIRS)

clean:
	rm -rf .build

# The Jupyter notebooks over the scenarios' outputs, executed headless in .venv-notebooks (nbclient); fails on any
# cell error. ECHELON_OUT=DIR to read existing outputs; else out-notebooks/ (a --short run of the scenarios).
notebooks: deps
	bash scripts/run-notebooks.sh
