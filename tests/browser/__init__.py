"""The browser suite (a package: its fixtures end with it, and its conftest does not shadow tests/conftest.py)."""
