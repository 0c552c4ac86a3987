# One-command set-up: `make run` starts the dashboard, `make test` runs lint and the whole test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VN_BOUNDARIES_DIR ?= ../shared/boundaries
export VN_BOUNDARIES_DIR
GEO_OUT := geo/build
GEO_STAMP := $(GEO_OUT)/.built
BOUNDARY_INPUTS := $(wildcard $(VN_BOUNDARIES_DIR)/dvhcvn-2023/*.json $(VN_BOUNDARIES_DIR)/provinces-63-generalized/*.geojson) \
	$(wildcard $(VN_BOUNDARIES_DIR)/vn34-wards-2025/*.json) \
	$(wildcard ../shared/reference/province_crosswalk_2025.csv)
SYSTEM_PACKAGES := chromium fonts-noto-core fonts-dejavu-core postgresql libreoffice-impress libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils

.PHONY: run test lint setup venv system-deps boundaries bench clean

run: setup
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port 8501

test: setup system-deps lint
	@$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; \
	exit $$status

# ruff (style, imports, bugbear), then vulture: code nothing uses ([tool.vulture] in pyproject.toml; names only a
# framework uses are in vulture_whitelist.py).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/vulture

setup: venv boundaries

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Chromium (browser tests, static image export) and fonts with Vietnamese glyphs; installed only when missing.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Rebuild the map layers when they are missing or older than the boundary input or the build code.
boundaries: venv
	@if [ -d "$(VN_BOUNDARIES_DIR)" ]; then $(MAKE) --no-print-directory $(GEO_STAMP); \
	else echo "Boundary data not found at '$(VN_BOUNDARIES_DIR)'. Set VN_BOUNDARIES_DIR to the folder holding dvhcvn-2023/, provinces-63-generalized/ and vn34-wards-2025/. The app will start without maps."; fi

$(GEO_STAMP): $(BOUNDARY_INPUTS) $(wildcard geo/*.py) $(VENV)/.installed
	$(PY) -m geo.build --out $(GEO_OUT)
	touch $@

# Every benchmark, then bench/results.md (bench/report.py). A FAIL figure is a result; only a crashed script (or one
# over BENCH_SCRIPT_TIMEOUT) makes the exit status non-zero. bench/render_deck.py renders decks to look at: not a timing.
BENCH_SCRIPTS := bench_payloads bench_profile bench_sessions bench_map_time bench_geo bench_exports bench_extract \
	bench_extract_figures bench_national bench_hostile
BENCH_ROWS_DIR := tests/artifacts/bench
# bench_national.py builds the national size twice (SQLite, PostgreSQL): 43 min on the code before issue 21 on the
# shared 2-core machine, where every process loaded every row; the other scripts take ~4 min together.
BENCH_SCRIPT_TIMEOUT := 3600
bench: setup
	@rm -rf $(BENCH_ROWS_DIR) && mkdir -p $(BENCH_ROWS_DIR); \
	for script in $(BENCH_SCRIPTS); do \
		echo "== bench/$$script.py"; started=$$(date +%s); \
		BENCH_ROWS_DIR=$(BENCH_ROWS_DIR) timeout $(BENCH_SCRIPT_TIMEOUT) $(PY) bench/$$script.py; status=$$?; \
		echo "$$script $$(( $$(date +%s) - started )) $$status" >> $(BENCH_ROWS_DIR)/scripts.txt; \
	done; \
	BENCH_ROWS_DIR=$(BENCH_ROWS_DIR) $(PY) bench/report.py

clean:
	rm -rf $(GEO_OUT) tests/artifacts .pytest_cache .ruff_cache
