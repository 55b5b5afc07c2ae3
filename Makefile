# councilgraph: `make run` serves the bundled sample corpus; `make test` runs every test.
# Both create the virtualenv and install what they need on a fresh machine.

PYTHON ?= python3.11
VENV ?= .venv
DATA ?= councilgraph-data
HOST ?= 127.0.0.1
PORT ?= 5000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system-deps data bench clean-data vendor

run: $(STAMP) $(DATA)/.built
	$(BIN)/councilgraph serve --data-dir $(DATA) --host $(HOST) --port $(PORT)

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

install: $(STAMP)

# torch first, pinned: it is the CPU wheel on these machines; anything else pulls CUDA.
$(STAMP): pyproject.toml
	command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (apt-get install python3 python3-venv)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium drives the browser tests (playwright cannot download browsers here).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

$(DATA)/.built: $(STAMP)
	$(BIN)/councilgraph ingest data/sample --data-dir $(DATA)
	touch $@

data: $(DATA)/.built

bench: $(STAMP)
	$(BIN)/python bench/search_bench.py --sizes sample --extraction

clean-data:
	rm -rf $(DATA)

# Re-vendor the SPARQL editor (YASGUI) from the npm registry; the vendored copy is committed.
vendor:
	sh web/static/build.sh
