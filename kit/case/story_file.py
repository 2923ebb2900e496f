"""A case's ``story.yml``: reading and checking it into a :class:`Story` (the words are used by
:mod:`kit.case.story`, which documents every key)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import KitError, problem
from ..io.files import read_yaml

TEXT_KEYS = ("event", "source_note", "who_wrote", "reading_prompt", "wording_note", "originals_note")
KEYS = (*TEXT_KEYS, "worked_example", "names", "exercises")


@dataclass(frozen=True)
class Story:
    """The case's own words (story.yml); empty fields fall back to generic text."""

    texts: dict[str, str] = field(default_factory=dict)
    worked_example: str = ""
    names: tuple[str, ...] = ()
    exercises: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_story(path: Path, claim_ids: set[str], problems: list[str]) -> Story:
    """Read ``story.yml`` if the case has one; each mistake is one line in ``problems``."""
    if not path.exists():
        return Story()
    raw = read_yaml(path)
    if raw is None:
        return Story()
    if not isinstance(raw, dict):
        raise KitError(problem(path, None, f"expected a mapping with any of: {', '.join(KEYS)}"))
    texts = {}
    for key, value in raw.items():
        if key not in KEYS:
            problems.append(problem(path, str(key), f"not a story key; expected one of: {', '.join(KEYS)}"))
        elif key in TEXT_KEYS:
            if not isinstance(value, str) or not value.strip():
                problems.append(problem(path, key, "expected a paragraph of Markdown text"))
            else:
                texts[key] = value.strip()
    example = str(raw.get("worked_example") or "")
    if example and example not in claim_ids:
        problems.append(problem(path, "worked_example", f"'{example}' is not a claim of this case; give one of its claim IDs"))
        example = ""
    names = raw.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(problem(path, "names", "expected a list of words, e.g. [Northland, Northlandic]"))
        names = []
    exercises = raw.get("exercises") or {}
    if not isinstance(exercises, dict) or not all(isinstance(v, dict) for v in exercises.values()):
        problems.append(problem(path, "exercises", "expected a mapping of exercise ID -> {items, intro, hint, questions, example}"))
        exercises = {}
    for name, own in exercises.items():
        items = own.get("items")
        if items is not None and (not isinstance(items, list) or not items):
            problems.append(problem(path, f"exercises.{name}.items", "expected a list of claim IDs"))
        for claim_id in items if isinstance(items, list) else []:
            if str(claim_id) not in claim_ids:
                problems.append(problem(path, f"exercises.{name}.items", f"'{claim_id}' is not a claim of this case"))
    return Story(texts, example, tuple(str(n).strip() for n in names), {str(k): dict(v) for k, v in exercises.items()})
