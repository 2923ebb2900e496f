"""Lessons and exercises carry the kernel metadata JupyterLab would write, so opening one rewrites
nothing and it does not show as unsaved (issue 17.1; the browser suite proves the missing marker)."""

from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb")])


@pytest.fixture(scope="module")
def kernel_language_info() -> dict:
    """What this environment's python3 kernel reports; JupyterLab stores exactly this on open."""
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        return kc.kernel_info(reply=True, timeout=30)["content"]["language_info"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_metadata_is_what_jupyterlab_writes(path, kernel_language_info):
    """kernelspec and language_info equal what JupyterLab sets from the running kernel."""
    metadata = nbformat.read(path, as_version=4).metadata
    assert {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"} == metadata.kernelspec
    assert kernel_language_info == metadata.language_info
