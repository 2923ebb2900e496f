"""The tag taxonomy (data/taxonomy.yml): dimensions, their values, definitions and examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import KitError, problem
from .files import read_yaml

CORE_DIMENSIONS = ("topic", "claim_type", "voice", "coverage")


@dataclass(frozen=True)
class Value:
    name: str
    definition: str
    example: str


@dataclass(frozen=True)
class Dimension:
    name: str
    question: str
    values: dict[str, Value]

    def names(self) -> list[str]:
        return list(self.values)


@dataclass(frozen=True)
class Taxonomy:
    dimensions: dict[str, Dimension]
    link_match: Dimension

    def for_case(self, sides: list[str], labels: dict[str, str], leaders: dict[str, str]) -> Taxonomy:
        """The taxonomy for a case: coverage is ``both`` plus ``<side>_only`` for the case's sides;
        voice names the case's leaders (``leaders``: id -> name), then both_leaders, aide, narrator."""
        known = self.dimensions["coverage"].values
        coverage = {"both": known["both"]}
        for side in sides:
            name = f"{side}_only"
            coverage[name] = known.get(name) or Value(name, f"Only the {labels[side]} readout says it.", "")
        dims = {**self.dimensions, "coverage": Dimension("coverage", self.dimensions["coverage"].question, coverage)}
        voice = self.dimensions["voice"]
        if leaders and not set(leaders) <= set(voice.values):
            shared = {k: v for k, v in voice.values.items() if k in ("both_leaders", "aide", "narrator")}
            own = {k: Value(k, f"{name} alone.", "") for k, name in leaders.items()}
            dims["voice"] = Dimension("voice", voice.question, {**own, **shared})
        return Taxonomy(dims, self.link_match)


def _dimension(path: Path, field: str, raw: object) -> Dimension:
    if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict) or not raw["values"]:
        raise KitError(problem(path, field, "needs a 'values' mapping of value name -> {definition, example}"))
    values = {}
    for name, spec in raw["values"].items():
        if not isinstance(spec, dict) or not spec.get("definition"):
            raise KitError(problem(path, f"{field}.values.{name}", "needs a one-line 'definition'"))
        values[str(name)] = Value(str(name), str(spec["definition"]), str(spec.get("example", "")))
    return Dimension(field.rsplit(".", 1)[-1], str(raw.get("question", "")), values)


def load_taxonomy(path: Path) -> Taxonomy:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("dimensions"), dict):
        raise KitError(problem(path, "dimensions", "missing; the file needs 'dimensions:' and 'link_match:'"))
    missing = [d for d in CORE_DIMENSIONS if d not in raw["dimensions"]]
    if missing:
        raise KitError(problem(path, "dimensions", f"missing {', '.join(missing)}; the core dimensions are {', '.join(CORE_DIMENSIONS)}"))
    dims = {name: _dimension(path, f"dimensions.{name}", spec) for name, spec in raw["dimensions"].items()}
    return Taxonomy(dims, _dimension(path, "link_match", raw.get("link_match")))
