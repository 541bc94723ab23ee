# Two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: run test setup system-deps system-test-deps bench clean

run: setup
	@echo "Le serveur démarre sur http://127.0.0.1:5000 (Ctrl+C pour arrêter)."
	$(FLASK) run --host 127.0.0.1 --port 5000

setup: $(VENV)/.runtime system-deps
	$(FLASK) setup

test: $(VENV)/.dev system-deps system-test-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python -m bench

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv) >/dev/null && \
	    $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Le module venv de Python manque : sudo apt-get install python3-venv"; exit 1; \
	  fi; }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.runtime $@

system-deps:
	@command -v wkhtmltopdf >/dev/null 2>&1 || { \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wkhtmltopdf) >/dev/null; \
	  else \
	    echo "wkhtmltopdf manque : sudo apt-get install wkhtmltopdf (les PDF de factures en ont besoin)."; \
	  fi; }

system-test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core) >/dev/null; \
	  else \
	    echo "chromium manque : sudo apt-get install chromium (tests navigateur)."; exit 1; \
	  fi; }

clean:
	rm -rf $(VENV) instance/conservatoire.db* .pytest_cache
