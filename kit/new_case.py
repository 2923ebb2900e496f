"""Create a new case from a source: copy it into seeds/, segment it, write a case to fill in.

The result is data only — case.yml, claims.csv and a reference.yml skeleton with every claim
present and every tag empty — so `kit validate --case ID` lists exactly what is left to do.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import yaml

from . import paths
from .case import PLACEHOLDER_MARK, placeholder_leader
from .errors import KitError, problem
from .files import read_text
from .sources import Side, SourceShapeError, read_readouts, segment
from .taxonomy import CORE_DIMENSIONS

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_SIDE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
# Words that say what a title is, not whose readout it is.
_TITLE_WORDS = {"key", "points", "from", "summary", "of", "readout", "the", "official", "excerpts",
                "and", "s", "a", "an", "on", "statement", "press", "release", "call", "meeting", "briefing"}


def sides_from_titles(titles: list[str]) -> list[str]:
    """A side ID per readout title: its first word that is not a word about readouts."""
    sides = []
    for title in titles:
        words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in _TITLE_WORDS]
        sides.append(words[0] if words else f"side{len(sides) + 1}")
    return sides


def prefixes(sides: list[str]) -> list[str]:
    """Claim ID prefixes from side names: the first letter, or more letters until they differ."""
    for length in range(1, max(len(s) for s in sides) + 1):
        candidate = [s[:length].upper() for s in sides]
        if len(set(candidate)) == len(candidate):
            return candidate
    raise KitError(problem("--sides", None, f"sides {', '.join(sides)} cannot be told apart; give distinct names"))


def _claims_csv(claims) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "side", "section", "start", "end", "text"])
    for c in claims:
        writer.writerow([c.id, c.side, c.section, c.start, c.end, c.text])
    return out.getvalue()


def _reference_skeleton(case_id: str, claims) -> str:
    lines = [f"# Reference answer for {case_id}. Fill in every value and rationale (and alternatives",
             "# where a claim is honestly ambiguous), link every `both` claim, then run",
             f"#   kit validate --case {case_id}",
             "# until it passes. See data/cases/xi-putin-2026-02-04/reference.yml for a finished one.",
             f"case: {case_id}", "tags:"]
    for c in claims:
        lines.append(f"  {c.id}:  # {c.section}: {c.text[:70]}{'…' if len(c.text) > 70 else ''}")
        lines += [f"    {dim}: {{value: null, rationale: null}}" for dim in CORE_DIMENSIONS]
    lines += ["links: []", "notes: []", ""]
    return "\n".join(lines)


def create_case(source: Path, case_id: str, sides: list[str] | None = None) -> Path:
    """Write data/cases/<case_id>/ from ``source``; return the folder. Refuses to overwrite."""
    if not _ID.match(case_id):
        raise KitError(problem("--id", None, f"{case_id!r}: use lower-case letters, digits and hyphens, e.g. biden-xi-2026-03-01"))
    folder = paths.case_dir(case_id)
    if folder.exists():
        raise KitError(problem(folder, None, "already exists; pick another --id or remove the folder"))
    text = read_text(source)
    try:
        readouts = read_readouts(text)
    except SourceShapeError as err:
        raise KitError(problem(source, None, str(err))) from None
    if len(readouts) < 2:
        raise KitError(problem(source, None, f"found {len(readouts)} readout title(s); a case needs two readouts, "
                                             "each under its own title line"))
    side_ids = sides or sides_from_titles([r.title for r in readouts])
    bad = [s for s in side_ids if not _SIDE.match(s)]
    if bad or len(set(side_ids)) != len(side_ids):
        raise KitError(problem("--sides", None, f"{', '.join(side_ids)}: give distinct lower-case names such as washington,beijing"))
    side_prefixes = prefixes(side_ids)
    try:
        claims = segment(text, [Side(s, p) for s, p in zip(side_ids, side_prefixes)])
    except SourceShapeError as err:
        raise KitError(problem(source, None, str(err))) from None
    empty = [s for s in side_ids if not any(c.side == s for c in claims)]
    if empty:
        raise KitError(problem(source, None, f"no claims for {', '.join(empty)}: under each title write sections as "
                                             "'Section: text' lines (or, in Markdown, '## Section' and paragraphs)"))
    seeds = paths.project_root() / "seeds"
    seed = seeds / source.name
    if source.resolve() != seed.resolve():
        if seed.exists() and seed.read_bytes() != source.read_bytes():
            raise KitError(problem(seed, None, "a different file of that name is already in seeds/; rename your source"))
        seeds.mkdir(exist_ok=True)
        shutil.copyfile(source, seed)  # byte for byte: seeds are never edited
    meta = {"id": case_id, "title": None, "date": None, "language": "en",
            "source": f"seeds/{seed.name}",
            "sides": [{"id": s, "label": s.replace("_", " ").title(), "prefix": p, "readout": r.title,
                       "leader": placeholder_leader(s, s.replace("_", " ").title())}
                      for s, p, r in zip(side_ids, side_prefixes, readouts)],
            "provenance": f"{PLACEHOLDER_MARK}: who wrote this text, is it the official readouts or a summary, where are the originals?"}
    folder.mkdir(parents=True)
    (folder / "case.yml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    (folder / "claims.csv").write_text(_claims_csv(claims), encoding="utf-8")
    (folder / "reference.yml").write_text(_reference_skeleton(case_id, claims), encoding="utf-8")
    return folder


def load_claims_only(folder: Path) -> int:
    """How many claims a new case's claims.csv holds (the reference is not filled in yet)."""
    return max(0, len(read_text(folder / "claims.csv").splitlines()) - 1)
