# Pathway - the quick start is `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FLASK  := $(BIN)/flask --app wsgi

.PHONY: install run test test-sqlite test-postgres lint format demo clean bench load

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Pathway needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set up, migrate the SQLite database in instance/, load demo data if empty, serve on :5000.
## The scheduler runs inside this one development server, so reminders appear live.
run: export RUN_SCHEDULER_IN_WEB = 1
run: install
	PATHWAY_ENV=development $(FLASK) db upgrade heads
	PATHWAY_ENV=development $(FLASK) pathway demo --if-empty
	PATHWAY_ENV=development $(FLASK) run --host 127.0.0.1 --port 5000

## Set up and run the whole test suite: on SQLite, then on PostgreSQL when it is installed,
## each on $(WORKERS) processes (pytest-xdist); prints the wall time. One file on one database:
##   make test-sqlite TESTS=tests/test_demo.py      make test-postgres TESTS=tests/fuzz
## As if on another day: PATHWAY_TEST_TODAY=2031-02-28 make test
WORKERS ?= 2
TESTS   ?=
PYTEST  := $(BIN)/pytest -n $(WORKERS) $(TESTS)

test: install
	@start=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory test-sqlite && $(MAKE) --no-print-directory test-postgres || status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s wall time, both databases"; exit $$status

test-sqlite: install
	$(PYTEST)

test-postgres: install
	scripts/with-postgres $(PYTEST)

## Not part of make test. Speed on a large generated dataset (cached under instance/datasets/),
## on SQLite and, when installed, PostgreSQL; results in instance/bench-results.json.
bench: install
	$(BIN)/python bench/summary_recompute.py
	scripts/with-postgres $(BIN)/python bench/summary_recompute.py
	$(BIN)/python bench/run.py --database sqlite
	scripts/with-postgres $(BIN)/python bench/run.py --database postgres

## 50 simulated people for 60 s against gunicorn (4 workers, 127.0.0.1), SQLite then PostgreSQL
## (no lost writes, no 5xx); then the capacity: the most people held with p95 <= 500 ms.
load: install
	$(BIN)/python bench/load.py --database sqlite
	$(BIN)/python bench/load.py --database sqlite --capacity --seconds 30
	scripts/with-postgres $(BIN)/python bench/load.py --database postgres
	scripts/with-postgres $(BIN)/python bench/load.py --database postgres --capacity --seconds 30

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
