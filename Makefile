# Everything runs in .venv, created from pyproject.toml on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install test demo lint typecheck bench bench-messaging generate clean

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

typecheck: install
	$(VENV)/bin/mypy --strict

bench: install  ## smsv2 vs raw boto3, and the messaging toolkit vs its baselines
	$(PY) benchmarks/bench_core.py
	$(PY) benchmarks/bench_messaging.py

bench-messaging: install  ## segments() vs gsm0338, event parsing vs json.loads
	$(PY) benchmarks/bench_messaging.py

generate: install  ## regenerate src/smsv2/_generated from botocore's model
	$(PY) -m codegen.generate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
