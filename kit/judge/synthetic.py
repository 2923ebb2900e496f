"""A synthetic class: seeded, made-up answers files for tests, benchmarks and the instructor notebook.

Each learner starts from the reference and makes mistakes at the rates asked for. Some claims are
harder than others (each claim-dimension gets a difficulty, shared by the whole class) and some
learners are stronger than others (``spread``), and a wrong tag prefers one tempting wrong value
per claim — so the class report shows hard claims and confused value pairs as a real class would.
The same seed always gives the same class.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..answers.parse import Answers, Link
from ..io.atomic import atomic_write
from ..case.load import Case

DEFAULT_RATES = {"topic": 0.15, "claim_type": 0.25, "voice": 0.15, "coverage": 0.10}
UPDATED = "2026-11-27T12:00:00Z"  # fixed, so the same seed writes the same bytes


def _chance(rate: float, difficulty: float, ability: float) -> float:
    if rate <= 0:
        return 0.0
    if rate >= 1:
        return 1.0
    return min(1.0, rate * difficulty * ability)


def synthetic_class(case: Case, n: int, *, seed: int = 0, rates: Mapping[str, float] | None = None,
                    untagged: float = 0.0, link_miss: float = 0.2, link_extra: float = 0.1,
                    match_error: float = 0.2, spread: float = 0.5, alternatives: float = 0.2) -> list[Answers]:
    """``n`` learners' answers for ``case``.

    ``rates``: per dimension, the average chance that a tag is wrong (missing dimensions use
    DEFAULT_RATES; 0 never, 1 always). ``untagged``: chance that a learner leaves a claim untagged.
    ``link_miss``: chance of leaving out a required link; ``link_extra``: per required link, chance
    of also drawing a wrong pair; ``match_error``: chance of a wrong match type on a drawn link.
    ``spread``: learners' error rates vary by ±spread around the rate. ``alternatives``: chance
    that a right tag uses an accepted alternative instead of the reference value, where one exists.
    """
    rng = random.Random(seed)
    rates = {**DEFAULT_RATES, **(rates or {})}
    key = case.key
    reference = {k: (d.value, d.accepted) for k, d in key.tags.items()}
    claim_ids = list(key.claim_ids)
    firsts = [c for c in claim_ids if key.side[c] == key.first_side]
    others = [c for c in claim_ids if key.side[c] != key.first_side]
    match_types = list(key.match_types)
    required = [(pair, d.value, d.accepted) for pair, d in key.required.items()]
    linked = {*key.required, *key.optional}
    # Shared by the whole class: how hard each claim-dimension is (mean 1) and its tempting wrong value.
    difficulty = {k: rng.expovariate(1.0) for k in reference}
    wrong_values = {k: [v for v in case.values(k[1]) if v not in accepted] for k, (_, accepted) in reference.items()}
    temptation = {k: rng.choice(values) for k, values in wrong_values.items() if values}  # the same draws, in order
    width = max(4, len(str(n)))
    learners = []
    for i in range(n):
        ability = rng.uniform(1 - spread, 1 + spread)
        tags: dict[str, dict[str, str]] = {}
        for claim_id in claim_ids:
            if rng.random() < untagged:
                continue
            dims: dict[str, str] = {}
            for dim in case.dimensions:
                k = (claim_id, dim)
                value, accepted = reference[k]
                if wrong_values[k] and rng.random() < _chance(rates[dim], difficulty[k], ability):
                    dims[dim] = temptation[k] if rng.random() < 0.6 else rng.choice(wrong_values[k])
                elif len(accepted) > 1 and rng.random() < alternatives:
                    dims[dim] = rng.choice(accepted[1:])
                else:
                    dims[dim] = value
            tags[claim_id] = dims
        links = []
        for pair, match, accepted_matches in required:
            if rng.random() < _chance(link_miss, 1.0, ability):
                continue
            wrong_matches = [m for m in match_types if m not in accepted_matches]
            if wrong_matches and rng.random() < _chance(match_error, 1.0, ability):
                match = rng.choice(wrong_matches)
            links.append(Link(*pair, match))
            if firsts and others and rng.random() < _chance(link_extra, 1.0, ability):
                extra = (rng.choice(firsts), rng.choice(others))
                if extra not in linked:
                    links.append(Link(*extra, rng.choice(match_types)))
        learners.append(Answers(case.id, f"learner-{i + 1:0{width}d}", tags, list({(k.a, k.b): k for k in links}.values()), UPDATED))
    return learners


def write_class(answers: Iterable[Answers], folder: str | Path) -> list[Path]:
    """Write each learner's answers to ``folder/<learner>.json`` (plain writes: this is test data).

    Characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_`` in the file name.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in answers:
        path = folder / f"{re.sub(r'[^A-Za-z0-9._-]', '_', a.learner).lstrip('.') or 'learner'}.json"
        atomic_write(path, json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8"), durable=False)  # made up
        paths.append(path)
    return paths
