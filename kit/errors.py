"""One kind of error the kit shows to people: a single line naming file, field and fix."""

from __future__ import annotations


class KitError(Exception):
    """Bad input a person can fix. ``str(err)`` is one line per problem, never a traceback."""

    def __init__(self, *problems: str) -> None:
        self.problems = [p for p in problems if p]
        super().__init__("\n".join(self.problems))


def problem(path: object, field: str | None, message: str) -> str:
    """Format one problem as ``file: field: message`` (the shape every error in the kit takes)."""
    where = f"{path}: {field}" if field else f"{path}"
    return f"{where}: {message}"
