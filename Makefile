# Two commands: `make run` and `make test`.  Both create .venv in this checkout
# and install the pinned dependencies (requirements.lock) the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest lock clean screenshots lp-snapshots docs

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Angara needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/angara validate
	$(BIN)/angara plan --out out
	$(BIN)/angara risk out --out out/risk

# Screenshots of the web app's main views (needs Debian's chromium) into docs/screenshots/.
screenshots: $(STAMP)
	$(BIN)/python -m tests.server.web.screenshots docs/screenshots

# Snapshots of the mini scenario's model, one LP section per constraint group (docs/model.md):
# regenerate after a deliberate change of the model, then review the diff.
lp-snapshots: $(STAMP)
	$(BIN)/python -m tests.plan.lp_snapshots

# The generated parts of the docs: the scenario's tables (from its schema), the result tables
# (from their declarations) and the default's traced numbers (from SOURCES.csv); tests check all.
docs: $(STAMP)
	$(BIN)/python -m angara.scenario.docs docs/scenario-format.md
	$(BIN)/python -m angara.results.docs docs/results-format.md
	$(BIN)/python -m angara.scenario.traceability docs/data.md

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

# Refresh requirements.lock from pyproject.toml (needs network access to PyPI).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable --exclude angara > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
