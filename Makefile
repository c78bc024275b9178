# Two commands matter: `make demo` and `make test` (see README); `make check` while you work.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DATA_DIR ?= var

.PHONY: install demo check test test-server-mode test-faults lint check-migrations bench bench-forms messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

# Embedded mode: SQLite in $(DATA_DIR), a local Prefect server (UI on :4200), the app on :8000.
demo: install
	CASEWORK_ENVIRONMENT=demo CASEWORK_DATA_DIR=$(DATA_DIR) $(BIN)/casework keys init
	CASEWORK_ENVIRONMENT=demo CASEWORK_DATA_DIR=$(DATA_DIR) $(BIN)/casework db upgrade
	CASEWORK_ENVIRONMENT=demo CASEWORK_DATA_DIR=$(DATA_DIR) $(BIN)/casework demo seed
	CASEWORK_ENVIRONMENT=demo CASEWORK_DATA_DIR=$(DATA_DIR) $(BIN)/casework serve --with-prefect-server

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The inner loop, under three minutes here: lint, the import contracts and the suite on SQLite
# only, without the slow tests (browser, schemathesis, PDFs, long flow runs), server mode or faults.
check: lint
	$(BIN)/pytest -m "not postgres and not slow and not server_mode and not faults"

# The whole suite, on SQLite and on PostgreSQL (CASEWORK_TEST_POSTGRES_URL, default local server),
# on TEST_WORKERS processes: its tests wait on servers and databases as much as they compute.
# The fifteen slowest tests are listed at the end: the suite should stay under twelve minutes.
TEST_WORKERS ?= 2
test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=15

test-server-mode: install
	$(BIN)/pytest -m server_mode

# The fault battery: crashes, outages, races and bad input (tests/faults); CI runs it last.
test-faults: install
	$(BIN)/pytest -m faults

bench: install
	$(BIN)/python bench/lifecycle.py

bench-forms: install
	$(BIN)/python bench/forms.py

# After changing a text the forms, the report or the pages show: refresh the catalogue of each
# translated language, then translate what is new (tests/unit/test_catalogue.py fails until every
# entry is translated). The languages come from the Language enum.
messages: install
	mkdir -p $(DATA_DIR)
	$(BIN)/pybabel extract -F texts/babel.cfg -k N_ -k NC_:1c,2 --no-location --omit-header \
		-o $(DATA_DIR)/messages.pot .
	for lang in $$($(BIN)/python -c 'from texts.catalogue import TRANSLATED; print(*TRANSLATED)'); do \
		test -f texts/locale/$$lang/LC_MESSAGES/messages.po || \
			$(BIN)/pybabel init -i $(DATA_DIR)/messages.pot -d texts/locale -D messages -l $$lang -w 100; \
	done
	$(BIN)/pybabel update -i $(DATA_DIR)/messages.pot -d texts/locale -D messages -w 100 \
		--ignore-obsolete --ignore-pot-creation-date --no-fuzzy-matching

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache
