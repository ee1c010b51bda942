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

## start: install, then open the course in JupyterLab (on this computer only, with a login token)
start: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 notebooks/00_welcome.ipynb

## test: install, then run every test (unit, data, notebooks, browser)
test: $(STAMP)
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env $(wildcard tests notebooks exercises facilitator)
