# ople: two commands on a fresh machine (only Python 3.11+ needed).
#   make demo   install into .venv, load the Aguascalientes catalog, simulate an election night, serve
#   make test   lint, migrations check, type check of the pure modules, tests (SQLite, then PostgreSQL if present)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# mypy --strict (issue 17 item 2): ley/ whole and every module that imports nothing of Django,
# found rather than listed by hand (a new pure module is checked without anyone adding it), plus
# the Django modules below that were written to pass it; services and selectors: TYPED (ley/ and
# the services/ packages are passed whole, so their files are not listed twice).
PURE := $(shell grep -rLE '^\s*(from|import) django' --include='*.py' src/ople | grep -v -e '/migrations/' -e '^src/ople/ley/' -e '/services/')
PURE += src/ople/publicacion/sitio.py
# The RP allocation (issue 20): the engine is in ley/; its pages, input, profile and services.
PURE += $(wildcard src/ople/computos/asignacion/*.py)

.PHONY: demo test install lint typecheck test-sqlite test-postgres capturas clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# `make demo PORT=8080` serves on another port (8000 by default).
PORT ?= 8000
demo: $(STAMP)
	OPLE_DEMO=1 $(BIN)/ople demo --port $(PORT)

# Markdown is excluded from the format check: code blocks in docs are illustrations, not code.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --exclude "*.md" .
	PYTHONPATH=src $(BIN)/lint-imports --no-logo  # this tree, whatever the venv installed
	OPLE_TESTING=1 $(BIN)/ople makemigrations --check --dry-run

# Services and selectors too, with Django's types (django-stubs; its plugin reads the settings).
TYPED := $(wildcard src/ople/*/services.py src/ople/*/services src/ople/*/selectors.py)

typecheck: $(STAMP)
	OPLE_TESTING=1 $(BIN)/mypy --strict src/ople/ley $(sort $(wildcard $(PURE)) $(TYPED))

test-sqlite: $(STAMP)
	@echo "== pruebas sobre SQLite =="
	OPLE_TESTING=1 $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@echo "== pruebas sobre PostgreSQL ($(PG_TEST_URL)) =="
	OPLE_TESTING=1 DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q -m "not e2e" $(PYTEST_ARGS)

test: lint typecheck test-sqlite
	@if $(BIN)/python -m ople.core.pgcheck "$(PG_TEST_URL)"; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$OPLE_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL es obligatorio aquí (OPLE_REQUIRE_POSTGRES) y no responde en $(PG_TEST_URL)"; exit 1; \
	else \
		echo "PostgreSQL no disponible en $(PG_TEST_URL): sólo se ejecutó la pasada sobre SQLite."; \
	fi

# Refresh the screenshots in docs/img/ from the end-to-end tests (an ordinary run keeps them in
# each test's temporary directory).
capturas: $(STAMP)
	OPLE_TESTING=1 OPLE_CAPTURAS=1 $(BIN)/pytest -q -m e2e $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
