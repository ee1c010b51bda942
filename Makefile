# The README's two commands. Everything installs into .venv beside this file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: start test

$(STAMP): pyproject.toml jupyter-config/jupyter_server_config.d/trustgrid.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	mkdir -p $(VENV)/etc/jupyter/jupyter_server_config.d
	cp jupyter-config/jupyter_server_config.d/trustgrid.json $(VENV)/etc/jupyter/jupyter_server_config.d/
	touch $(STAMP)

## start: install, then open the course in JupyterLab (on this computer only, with a login token)
start: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 notebooks/00_welcome.ipynb

## test: install, then run every test (unit, data, notebooks, browser)
test: $(STAMP)
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env $(wildcard tests notebooks exercises facilitator)
