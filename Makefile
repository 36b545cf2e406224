# Everything runs in .venv, created from pyproject.toml on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install test demo lint typecheck bench generate clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

test: install  ## the whole test suite, offline
	$(PY) -m pytest

demo: install  ## the main job end to end against the built-in fake
	$(PY) examples/send_notifications.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# pyright comes with its own Node and engine (pyright[nodejs]); the variable stops its version check.
PYRIGHT := PYRIGHT_PYTHON_IGNORE_WARNINGS=1 $(VENV)/bin/pyright --pythonpath $(PY)

typecheck: install  ## mypy --strict, then pyright strict over src and over code as users write it
	$(VENV)/bin/mypy --strict
	$(PYRIGHT)
	$(PY) tests/typing/pyright_check.py

bench: install  ## smsv2 vs raw boto3, ratios measured in one run
	$(PY) benchmarks/bench_core.py

generate: install  ## regenerate src/smsv2/_generated from botocore's model
	$(PY) -m codegen.generate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
