# Two commands for people (see README.md):  make start  |  make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: start test setup lab clean

setup: $(VENV)/.installed

# Reinstall when the dependencies change. uv installs the same pins as pip, in parallel (figures
# below); UV=pip falls back to pip.
# --compile-bytecode: write the .pyc files at install, as pip does by default and uv does not. Where a
# process may not write them later (PYTHONDONTWRITEBYTECODE=1, as on the CI machine; a read-only
# venv), every kernel, server and test worker otherwise compiled its imports from source each time it
# started: a kernel's imports took 2.2 s of CPU instead of 0.7 s. A first install with it, on a clean
# clone with an empty uv cache: 21 s; with pip (UV=pip): 51 s (2026-11-30, 2 cores, quiet machine).
UV ?= uv
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
ifeq ($(UV),pip)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
else
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[test]"
endif
	touch $@

# The whole course is served (lessons, exercises, instructor/, apps/), opening on the welcome.
# Root may run it too (a container or a VM shell): Jupyter refuses root unless told.
start: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# The suites run in parallel on pytest-xdist workers (conftest.py says how the work is split); JOBS=0
# runs them in this one process. Four, not one per core: the browser tests wait on page loads and
# kernels, and on 2 cores 4 workers took 10:03 against 10:51 for 2 (one run each, 2026-11-30, the
# machine shared; serially it was 14:30; the whole suite, 801 tests, took 8:26 on 4). Each worker
# runs its own Jupyter server and Chromium. Later, with bytecode compiled at install and the
# accessibility scans on one JupyterLab page per worker and one kernel per notebook: 5:35 and 5:37 of
# pytest under .ci/run on a clean clone (790 tests), against 8:23 for main at the time (2026-11-30).
JOBS ?= 4
test: setup
	$(BIN)/python -m pytest -n $(JOBS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
