"""The JupyterHub classroom suite (a package, so its conftest does not shadow tests/conftest.py)."""
