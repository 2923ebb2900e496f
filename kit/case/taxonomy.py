"""The tag taxonomy (data/taxonomy.yml): dimensions, their values and one-line definitions.

The file is shared by every case and speaks of no pair of leaders. :meth:`Taxonomy.for_case` makes
one case's taxonomy from it — coverage from the case's sides, voice from its leaders, the case's
own values (case.yml ``values:``), and values marked ``when_used`` only where the case's reference
uses them — and :meth:`Taxonomy.with_examples` quotes each value's example from that case's own
reference, so help text never cites another case's claims.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import KitError, problem
from ..io.files import read_yaml

CORE_DIMENSIONS = ("topic", "claim_type", "voice", "coverage")
SHARED_VOICES = ("both_leaders", "aide", "narrator")
EXAMPLE_CHARS = 110


@dataclass(frozen=True)
class Value:
    name: str
    definition: str
    example: str = ""  # quoted from the case's reference (with_examples); empty where none fits
    when_used: bool = False  # one pair's value: offered only to a case whose reference uses it
    label: str = ""  # how people read it ("economy and energy"); the name is the key in files

    @property
    def title(self) -> str:
        """The value as people read it: its ``label``, else its name made into words."""
        return self.label or self.name.replace("_", " ")


@dataclass(frozen=True)
class Dimension:
    name: str
    question: str
    values: dict[str, Value]
    label: str = ""  # a human title ("Claim type"); the name is the key in files

    def names(self) -> list[str]:
        return list(self.values)

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


def _quote(text: str) -> str:
    text = " ".join(str(text).split())
    return f"“{text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1].rstrip() + '…'}”"


@dataclass(frozen=True)
class Taxonomy:
    dimensions: dict[str, Dimension]
    link_match: Dimension

    def for_case(self, sides: list[str], labels: dict[str, str], leaders: dict[str, str],
                 used: dict[str, set[str]] | None = None, own: dict[str, dict[str, Value]] | None = None) -> Taxonomy:
        """The taxonomy for a case: coverage is ``both`` plus ``<side>_only`` for the case's sides;
        voice names the case's leaders (``leaders``: id -> name), then both_leaders, aide, narrator;
        ``own`` adds the case's own values (dimension -> values); a ``when_used`` value stays only if
        ``used`` (dimension -> values the case's reference uses) holds it."""
        used = used or {}
        dims: dict[str, Dimension] = {}
        for name, dim in self.dimensions.items():
            values = {k: v for k, v in dim.values.items() if not v.when_used or k in used.get(name, set())}
            if name == "coverage":
                values = {"both": dim.values["both"]}
                for side in sides:
                    key = f"{side}_only"
                    values[key] = dim.values.get(key) or Value(key, f"Only the {labels[side]} readout says it.")
            if name == "voice" and leaders:
                shared = {k: v for k, v in values.items() if k in SHARED_VOICES}
                kept = {k: v for k, v in values.items() if k not in SHARED_VOICES and k not in leaders}
                values = {**{k: Value(k, f"{who} alone.") for k, who in leaders.items()}, **shared, **kept}
            for key, value in (own or {}).get(name, {}).items():
                values.setdefault(key, value)
            dims[name] = replace(dim, values=values)
        return Taxonomy(dims, self.link_match)

    def with_examples(self, texts: Mapping[str, str], reference: Iterable[Mapping[str, Any]],
                      links: Iterable[Mapping[str, Any]]) -> Taxonomy:
        """Each value's example, quoted from this case: the first claim (or link) the reference gives
        that value, preferring one with no alternatives (the clearest); none where no claim has it.
        ``texts``: claim ID -> text; ``reference`` and ``links``: the case's rows (kit.case.load.Table)."""
        reference, links = list(reference), list(links)
        dims = {}
        for name, dim in self.dimensions.items():
            rows = [r for r in reference if r["dimension"] == name]
            values = {}
            for key, value in dim.values.items():
                hits = [r for r in rows if r["value"] == key]
                pick = [r for r in hits if not r["alternatives"]] or hits
                claim_id = str(pick[0]["claim_id"]) if pick else ""
                example = f"{claim_id} — {_quote(texts[claim_id])}" if claim_id in texts else ""
                values[key] = replace(value, example=example)
            dims[name] = replace(dim, values=values)
        match = {}
        for key, value in self.link_match.values.items():
            hits = [r for r in links if r["match"] == key]
            example = ""
            if hits:
                a, b = str(hits[0]["a"]), str(hits[0]["b"])
                if a in texts and b in texts:
                    example = f"{a} ↔ {b} — {_quote(texts[a])} / {_quote(texts[b])}"
            match[key] = replace(value, example=example)
        return Taxonomy(dims, replace(self.link_match, values=match))


def parse_values(path: Path, field: str, raw: object) -> dict[str, Value]:
    """A ``values:`` mapping (value name -> {definition, label?, when_used?}), one line per problem."""
    if not isinstance(raw, dict) or not raw:
        raise KitError(problem(path, field, "needs a mapping of value name -> {definition}"))
    values = {}
    for name, spec in raw.items():
        if not isinstance(spec, dict) or not spec.get("definition"):
            raise KitError(problem(path, f"{field}.{name}", "needs a one-line 'definition'"))
        if "label" in spec and (not isinstance(spec["label"], str) or not spec["label"].strip()):
            raise KitError(problem(path, f"{field}.{name}.label", "needs a short text, e.g. 'economy and energy' (or leave it out)"))
        values[str(name)] = Value(str(name), str(spec["definition"]), "", bool(spec.get("when_used", False)),
                                  str(spec.get("label", "")).strip())
    return values


def _dimension(path: Path, field: str, raw: object) -> Dimension:
    if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict) or not raw["values"]:
        raise KitError(problem(path, field, "needs a 'values' mapping of value name -> {definition}"))
    return Dimension(field.rsplit(".", 1)[-1], str(raw.get("question", "")), parse_values(path, f"{field}.values", raw["values"]),
                     str(raw.get("label", "")))


def load_taxonomy(path: Path) -> Taxonomy:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("dimensions"), dict):
        raise KitError(problem(path, "dimensions", "missing; the file needs 'dimensions:' and 'link_match:'"))
    missing = [d for d in CORE_DIMENSIONS if d not in raw["dimensions"]]
    if missing:
        raise KitError(problem(path, "dimensions", f"missing {', '.join(missing)}; the core dimensions are {', '.join(CORE_DIMENSIONS)}"))
    dims = {name: _dimension(path, f"dimensions.{name}", spec) for name, spec in raw["dimensions"].items()}
    if "both" not in dims["coverage"].values:
        raise KitError(problem(path, "dimensions.coverage.values", "needs 'both' (the <side>_only values come from each case)"))
    return Taxonomy(dims, _dimension(path, "link_match", raw.get("link_match")))
