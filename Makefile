# ople: two commands on a fresh machine (only Python 3.11+ needed).
#   make demo   install into .venv, load the Aguascalientes catalog, simulate an election night, serve
#   make test   lint, migrations check, type check of the pure modules, tests (SQLite, then PostgreSQL if present)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PURE := src/ople/core/errors.py src/ople/prep/entrada.py src/ople/core/csp.py src/ople/core/audit_chain.py src/ople/core/accounts.py src/ople/prep/rules.py src/ople/prep/ine_csv.py src/ople/profiles/schema.py src/ople/prep/perfil.py src/ople/lookup/engine.py src/ople/lookup/mapa.py src/ople/prep/actas_sinteticas.py src/ople/prep/leeme.py src/ople/profiles/__init__.py src/ople/prep/imagecheck.py src/ople/prep/qr.py src/ople/prep/publish/modelo.py src/ople/prep/publish/cifras.py src/ople/prep/publish/sitio.py src/ople/publicacion/manifiesto.py src/ople/publicacion/empalme.py src/ople/publicacion/disco.py src/ople/publicacion/recuperacion.py src/ople/publicacion/verificar.py src/ople/publicacion/remoto.py src/ople/publicacion/sitio.py src/ople/prep/publish/corte.py src/ople/prep/publish/agregados.py src/ople/prep/publish/csvzip.py src/ople/prep/publish/verificar.py src/ople/prep/publish/sintetico.py src/ople/prep/publish/nginx.py src/ople/simulacro/escenario.py src/ople/catalog/nacional.py src/ople/documentos/pagina.py src/ople/documentos/nginx.py
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
	OPLE_TESTING=1 $(BIN)/mypy --strict src/ople/ley $(wildcard $(PURE)) $(TYPED)

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
