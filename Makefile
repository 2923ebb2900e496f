# Two commands for people (see README.md):  make start  |  make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: start test setup lab clean

setup: $(VENV)/.installed

# Reinstall when the dependencies change. uv installs the same pins as pip, in parallel: a first
# install took 23 s instead of 69 s with pip (cold caches, 2 cores, 2026-11-30). UV=pip falls back.
UV ?= uv
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
ifeq ($(UV),pip)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
else
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[test]"
endif
	touch $@

# The whole course is served (lessons, exercises, instructor/, apps/), opening on the welcome.
# Root may run it too (a container or a VM shell): Jupyter refuses root unless told.
start: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
