# Everything runs in .venv, created from pyproject.toml on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# The AWS CLI pins botocore exactly, to an older release than the dev model: it gets its own
# venv, used by the AWS CLI test against the fake's HTTP server.
CLI_VENV ?= .cli-venv
AWSCLI_VERSION ?= 1.45.64

.PHONY: install cli test demo lint typecheck mutation bench bench-messaging bench-fake bench-bulk generate docs docs-build docs-screenshots dist-check clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,docs,release,cli,bench]'
	touch $@

install: $(VENV)/.installed

$(CLI_VENV)/.installed-$(AWSCLI_VERSION):
	$(PYTHON) -m venv $(CLI_VENV)
	$(CLI_VENV)/bin/python -m pip install --quiet 'awscli==$(AWSCLI_VERSION)'
	touch $@

cli: $(CLI_VENV)/.installed-$(AWSCLI_VERSION)  ## the AWS CLI in its own venv

test: install cli  ## the whole test suite, offline
	SMSV2_AWS_CLI=$(abspath $(CLI_VENV))/bin/aws $(PY) -m pytest $(PYTEST_ARGS)

demo: install  ## the main job end to end against the built-in fake
	$(VENV)/bin/smsv2 demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# pyright comes with its own Node and engine (pyright[nodejs]); the variable stops its version check.
PYRIGHT := PYRIGHT_PYTHON_IGNORE_WARNINGS=1 $(VENV)/bin/pyright --pythonpath $(PY)

typecheck: install  ## mypy --strict, then pyright strict over src and over code as users write it
	$(VENV)/bin/mypy --strict
	$(PYRIGHT)
	$(PY) tests/typing/pyright_check.py

bench: install  ## smsv2 vs raw boto3, and the messaging toolkit vs its baselines
	$(PY) benchmarks/bench_core.py
	$(PY) benchmarks/bench_async.py
	$(PY) benchmarks/bench_messaging.py
	$(PY) benchmarks/bench_fake.py
	$(PY) benchmarks/bench_bulk.py
	$(PY) benchmarks/bench_memory.py
	$(PY) benchmarks/bench_telemetry.py

bench-fake: install  ## the fake's in-process calls/s, direct and through boto3
	$(PY) benchmarks/bench_fake.py

bench-bulk: install  ## send_bulk: configured vs achieved rate, overhead, a Redis-shared limit
	$(PY) benchmarks/bench_bulk.py
	$(PY) benchmarks/bench_live_limits.py

bench-messaging: install  ## segments() vs gsm0338, event parsing vs json.loads
	$(PY) benchmarks/bench_messaging.py

mutation: install  ## mutation score of the safety-critical modules ([tool.mutmut]; minutes, not in CI)
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2
	$(VENV)/bin/mutmut results

generate: install  ## regenerate src/smsv2/_generated from botocore's model
	$(PY) -m codegen.generate

docs-build: install  ## the documentation site, with every link and reference checked
	DISABLE_MKDOCS_2_WARNING=true NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs: install  ## serve the documentation site on http://127.0.0.1:8000
	DISABLE_MKDOCS_2_WARNING=true NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve -a 127.0.0.1:8000

dist-check: install  ## build wheel + sdist, twine check, install the wheel in a fresh venv and use it
	$(PY) .ci/check_wheel.py

CHROMIUM ?= chromium
SHOTS := site-screenshots
# The home page, the client page, and three reference entries (issue 19): a model with its
# fields, an enum with its members, the client's send_text_message (docs/shot_pages.py cuts
# each entry into its own page: headless chromium paints nothing at an anchor of a long page).
SHOT_ENTRIES := \
  model-pool-information=reference/models-shapes/index.html\#smsv2._generated.models._pool_information.PoolInformation \
  enum-message-type=reference/models-enums/index.html\#smsv2._generated.enums._message_type.MessageType \
  client-send-text-message=reference/client/index.html\#smsv2.client.Client.send_text_message
docs-screenshots: docs-build  ## PNGs of the home page and reference pages (Debian's chromium)
	mkdir -p $(SHOTS)
	for page in index.html reference/client/index.html $$($(PY) docs/shot_pages.py site $(SHOT_ENTRIES)); do \
	  name=$$(echo $${page%.html} | tr / -); name=$${name##*shot-}; \
	  $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir=$$(mktemp -d) --hide-scrollbars --window-size=1280,1600 \
	    --screenshot=$(SHOTS)/$$name.png file://$(CURDIR)/site/$$page; \
	done
	$(PY) -m tests.browser.screenshots $(SHOTS)
	@ls -1 $(SHOTS)/*.png

clean:
	rm -rf $(VENV) $(CLI_VENV) .pytest_cache .mypy_cache .ruff_cache site $(SHOTS)
