# Two commands on a fresh machine with Python 3.11+: `make demo` and `make test`.
# Each creates .venv and installs the project into it when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint serve clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/accord demo $(DEMO_ARGS)

test: $(STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy conformance reference/orders/domain reference/payments/domain
	$(BIN)/accord lint specs

serve: $(STAMP)
	$(BIN)/accord serve

clean:
	rm -rf $(VENV) .tox .pytest_cache build *.egg-info
