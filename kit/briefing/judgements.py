"""Key judgements: written by a person, checked by the kit.

The brief's bottom line holds two to four key judgements. The kit never writes one: they come
from the case author (``data/cases/<id>/brief.yml``, ``judgements:``) or from the briefer (the
bullets of the briefing exercise, ``stance: text [IDs]``, saved by its board or written in a
text file). The kit checks that each judgement's cited claims exist and that their coverage fits
its stance: ``both`` needs a claim from each side that the other side says too; ``<side>_only``
needs claims of that side that the other side does not say. A judgement with no stance (an
overall reading) only needs existing claims. When a judgement gives no stance, its wording gives
one: "both sides"/"both readouts" reads as ``both``; "only the <label>"/"<label> alone" as that
side's ``_only``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..case.load import Case
from ..errors import KitError, problem
from ..io.files import read_yaml

MAX_JUDGEMENTS = 4
BRIEF_FILE = "brief.yml"
_BULLET = re.compile(r"^\s*(?:[-*]\s*)?(?:(?P<stance>[a-z_]+)\s*:\s*)?(?P<text>.*?)\s*\[(?P<ids>[^\]]*)\]\s*$")


@dataclass(frozen=True)
class Judgement:
    """One key judgement in a person's words, the claims it rests on, and its stance."""

    text: str
    claims: tuple[str, ...]
    stance: str = ""  # "both", "<side>_only", or "" for an overall reading
    author: str = "case author"  # or the briefer's name


def _stance_from_wording(case: Case, text: str) -> str:
    lowered = text.lower()
    if re.search(r"\bboth (sides|readouts|governments|leaders)\b", lowered):
        return "both"
    for side in case.sides:
        label = re.escape(side.label.lower())
        if re.search(rf"\bonly (the )?{label}\b|\b{label}('s)? (side |readout )?alone\b", lowered):
            return f"{side.id}_only"
    return ""


def judgement(case: Case, text: str, claims: list[str] | tuple[str, ...], stance: str = "",
              author: str = "case author") -> Judgement:
    """A Judgement; with no ``stance``, one read from the wording (see the module docstring)."""
    text = " ".join(str(text).split())
    return Judgement(text, tuple(str(c).strip() for c in claims if str(c).strip()),
                     stance.strip() or _stance_from_wording(case, text), author)


def case_judgements(case: Case, folder: Path | None = None) -> list[Judgement]:
    """The case author's key judgements (``brief.yml``, ``judgements:``); none written: []."""
    path = (folder or paths.case_dir(case.id)) / BRIEF_FILE
    if not path.is_file():
        return []
    raw = read_yaml(path)
    listed = raw.get("judgements") if isinstance(raw, dict) else None
    if not isinstance(listed, list):
        raise KitError(problem(path, "judgements", "expected a list of {text, claims, stance?}"))
    out = []
    for i, entry in enumerate(listed):
        if not isinstance(entry, dict) or not str(entry.get("text") or "").strip() \
                or not isinstance(entry.get("claims"), list):
            raise KitError(problem(path, f"judgements[{i}]", "needs text and claims (a list of claim IDs); "
                                                              "stance is both, <side>_only or left out"))
        out.append(judgement(case, entry["text"], entry["claims"], str(entry.get("stance") or "")))
    return out


def parse_judgements(case: Case, text: str, author: str) -> list[Judgement]:
    """Bullets one a line, ``stance: text [ID, ID]`` (the stance may be left out)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _BULLET.match(line)
        if m:
            out.append(judgement(case, m["text"], [s for s in m["ids"].split(",")], m["stance"] or "", author))
        else:
            out.append(Judgement(line.strip(), (), "", author))
    return out


def load_judgements(case: Case, path: str | Path) -> list[Judgement]:
    """A briefer's judgements: the briefing exercise's answers file (JSON), or bullets in a text file."""
    from ..case.exercises import load_exercise
    from ..answers.exercise_answers import load_exercise_answers

    path = Path(path)
    if path.suffix.lower() == ".json":
        learner, bullets = load_exercise_answers(path, load_exercise("briefing", case))
        return [judgement(case, b["text"], b["claims"], b["stance"], learner) for b in bullets if isinstance(b, dict)]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KitError(problem(path, None, f"cannot read ({err.__class__.__name__}); give a text file of "
                                           "bullets 'stance: text [IDs]' or the briefing exercise's answers file")) from None
    return parse_judgements(case, text, path.stem)


def check_judgements(case: Case, judgements: list[Judgement],
                     coverage_of: Callable[[str], tuple[str, ...]]) -> list[str]:
    """Problems, one line each (``judgement N: …``); [] when every judgement is supported.

    ``coverage_of(claim_id)`` gives the coverage values accepted for a claim (the reference's, or
    the one a learner tagged).
    """
    problems = []
    if len(judgements) > MAX_JUDGEMENTS:
        problems.append(f"{len(judgements)} judgements: a bottom line holds two to four; keep the ones that matter most")
    sides = {s.id for s in case.sides}
    for n, j in enumerate(judgements, start=1):
        where = f"judgement {n} ({j.author})"
        if not j.text:
            problems.append(f"{where}: empty; write the judgement")
        if not j.claims:
            problems.append(f"{where}: cites no claim; end it with the claim IDs it rests on, e.g. [K10, C11]")
            continue
        unknown = [c for c in j.claims if c not in case.claims.index]
        if unknown:
            problems.append(f"{where}: no such claim: {', '.join(unknown)}; `kit claims` lists them")
        known = [c for c in j.claims if c in case.claims.index]
        if j.stance and j.stance not in case.values("coverage"):
            problems.append(f"{where}: stance '{j.stance}' is not one of: {', '.join(case.values('coverage'))}")
        elif j.stance == "both" and known:
            if {case.claims.at[c, "side"] for c in known} != sides:
                problems.append(f"{where}: says both sides, but cites claims of one side only; cite a claim from each")
            alone = [c for c in known if "both" not in coverage_of(c)]
            if alone:
                problems.append(f"{where}: says both sides, but only one side says {', '.join(alone)} (coverage)")
        elif j.stance.endswith("_only") and known:
            side = j.stance[: -len("_only")]
            other = [c for c in known if case.claims.at[c, "side"] != side]
            if other:
                problems.append(f"{where}: says one side only, but {', '.join(other)} is the other side's")
            shared = [c for c in known if c not in other and j.stance not in coverage_of(c)]
            if shared:
                problems.append(f"{where}: says one side only, but the other side says {', '.join(shared)} too (coverage)")
    return problems


def case_problems(case: Case, folder: Path | None = None) -> list[str]:
    """What `kit validate` reports about the case author's judgements (brief.yml), one line each."""
    def reference_coverage(claim_id: str) -> tuple[str, ...]:  # the reference's coverage, alternatives too
        return case.key.accepted(claim_id, "coverage")

    path = (folder or paths.case_dir(case.id)) / BRIEF_FILE
    try:
        judgements = case_judgements(case, folder)
    except KitError as err:
        return list(err.problems)
    return [problem(path, "judgements", p) for p in check_judgements(case, judgements, reference_coverage)]
