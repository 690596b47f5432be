# Målbild — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MALBILD := $(VENV)/bin/malbild

.PHONY: help run test bench soak faults venv venv-test lock audit messages migrate demo generate lint format clean

help:
	@echo "make run    install into .venv, migrate var/malbild.sqlite3, load the demo, serve on http://127.0.0.1:8000 (with an export worker)"
	@echo "make test   ruff, makemigrations --check, the whole suite on SQLite and on a throwaway PostgreSQL"
	@echo "make bench  pages, API lists (÷ raw SQL, ÷ /healthz), renders and a load run at 1× and 16× on"
	@echo "            SQLite and PostgreSQL: var/bench/latest.md, docs/performance.md (BENCH_ARGS=--quick)"
	@echo "make soak   20 API writers against gunicorn (4 workers) on a temporary SQLite file, 25 s"
	@echo "make faults the same on a throwaway PostgreSQL, restarted (pg_ctl restart -m fast) mid-run"
	@echo "make lock   regenerate requirements.lock and requirements-test.lock (pinned, with hashes)"
	@echo "make audit  pip-audit over the lock files (skipped with a notice when offline)"
	@echo "make generate  a generated kommunkoncern in var/malbild.sqlite3 (malbild generate, docs/performance.md)"
	@echo "make messages | migrate | demo | lint | format | clean"

# Another address: `make run ADDR=0.0.0.0:8080` (or MALBILD_ADDR in the environment).
ADDR ?= $(or $(MALBILD_ADDR),127.0.0.1:8000)

run: venv messages migrate demo
	@MALBILD_ADDR=$(ADDR) $(PY) scripts/demo_accounts.py
	MALBILD=$(MALBILD) MALBILD_ADDR=$(ADDR) scripts/run.sh

test:
	scripts/test.sh

# scripts/bench.py (docs/performance.md): kommunkoncern at 1× and 16× activities on a temporary
# SQLite file, then on a throwaway PostgreSQL; results in var/bench/. BENCH_ARGS=--quick for a
# short run (1×, 2 rounds, no PDFs), e.g. `make bench BENCH_ARGS="--factors 1,4,16"`.
BENCH_ARGS ?=
bench: venv-test messages
	env -u DATABASE_URL $(PY) scripts/bench.py $(BENCH_ARGS)
	scripts/with_postgres.sh $(PY) scripts/bench.py --database-url env $(BENCH_ARGS)
	$(MAKE) soak faults

# Bounded load on 127.0.0.1 only (scripts/load.py; docs/guide/operations.md, "Soak and fault runs").
soak: venv-test messages
	env -u DATABASE_URL $(PY) scripts/load.py --seconds 25 --threads 20 --workers 4

faults: venv-test messages
	MALBILD_PG_DURABLE=1 DATABASE_CONN_MAX_AGE=60 scripts/with_postgres.sh \
		$(PY) scripts/load.py --seconds 25 --threads 20 --workers 4 --restart-postgres-at 8

venv:
	scripts/venv.sh

venv-test:
	scripts/venv.sh test

# Every dependency pinned with its hashes, newest versions pyproject.toml allows. Commit both.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --upgrade

lock: venv-test
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra test --output-file requirements-test.lock pyproject.toml

audit: venv-test
	scripts/audit.sh

messages:
	$(PY) scripts/compile_messages.py

migrate:
	$(MALBILD) migrate --noinput

demo:
	$(MALBILD) demo --no-accounts-list

generate: venv messages migrate
	$(MALBILD) generate --scale kommunkoncern

lint: venv-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var/malbild.sqlite3 var/static .ruff_cache .pytest_cache .benchmarks
	find src -name '*.mo' -delete
