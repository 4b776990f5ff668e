# Hifazat: `make run` starts the demo, `make test` runs every test. Both set up first.
SHELL := /bin/bash
PY ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
export HIFAZAT_PORT ?= 8000

.PHONY: setup run test check bench format clean

# Byte-code is compiled at install time: with PYTHONDONTWRITEBYTECODE set, every command would
# otherwise compile each imported module again at start-up.
setup: $(VENV)/.synced
	@$(BIN)/python -m compileall -q src >/dev/null

$(TOOLS)/bin/uv:
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

run: setup
	$(BIN)/hifazat demo --days 180 --events 60000
	$(BIN)/hifazat serve --port $(HIFAZAT_PORT)

test: setup
	$(BIN)/pytest

check: setup
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	@tmp=$$(mktemp -d); \
	  HIFAZAT_DATABASE_URL=sqlite:///$$tmp/check.sqlite3 $(BIN)/hifazat db upgrade >/dev/null && \
	  HIFAZAT_DATABASE_URL=sqlite:///$$tmp/check.sqlite3 $(BIN)/alembic check; \
	  status=$$?; rm -rf $$tmp; exit $$status

bench: setup
	$(BIN)/python bench/run_all.py

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) $(TOOLS) var test-output .mypy_cache .ruff_cache .pytest_cache
