# The README's two commands. Everything installs into .venv beside this file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: start test

$(STAMP): pyproject.toml scripts/install-jupyter-files $(shell find jupyter-config jupyter-share -type f)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	scripts/install-jupyter-files $(VENV)
	touch $(STAMP)

# Containers often run as root, which JupyterLab refuses without --allow-root.
AS_ROOT := $(filter 0,$(shell id -u))

## start: install, then open the course in JupyterLab (on this computer only, with a login token)
start: $(STAMP)
	$(if $(AS_ROOT),@echo "Running as root (as in most containers): starting JupyterLab with --allow-root.")
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(AS_ROOT),--allow-root) notebooks/00_welcome.ipynb

## test: install, then run every test (unit, data, notebooks, browser)
test: $(STAMP)
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env $(wildcard tests notebooks exercises facilitator)
