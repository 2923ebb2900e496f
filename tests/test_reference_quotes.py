"""What the reference and the taxonomy quote is really in the seed: a teacher can defend every quote."""

import re
from pathlib import Path

import pytest
import yaml

from kit import load_case

from conftest import SEED_CASE

ROOT = Path(__file__).resolve().parent.parent


def _normalise(text: str) -> str:
    return re.sub(r"[“”]", "", text).lower()


def _fragments(text: str, pattern: str):
    """Quoted passages split at ellipses: each fragment must appear as is."""
    for quote in re.findall(pattern, text):
        for fragment in re.split(r"\s*…\s*", quote):
            fragment = fragment.strip(" ,.")
            if len(fragment) > 3:
                yield fragment


@pytest.fixture(scope="module")
def quotable():
    """The seed, plus the taxonomy's definitions (the reference sometimes quotes those)."""
    case = load_case(SEED_CASE)
    definitions = " ".join(v.definition for d in case.taxonomy.dimensions.values() for v in d.values.values())
    return _normalise(case.source + "\n" + definitions)


def test_reference_quotes_are_in_the_seed(quotable):
    """Every "quoted" passage in rationales, link reasons and notes appears in the seed."""
    case = load_case(SEED_CASE)
    texts = [*case.reference["rationale"], *case.links["rationale"], *(n["text"] for n in case.notes)]
    missing = [f for t in texts for f in _fragments(t, r'"([^"]+)"') if _normalise(f) not in quotable]
    assert [] == missing


def test_taxonomy_examples_quote_the_case():
    """Every tag-help example is a claim of the case, quoted from its start (… where shortened)."""
    case = load_case(SEED_CASE)
    values = [v for d in case.taxonomy.dimensions.values() for v in d.values.values()] + list(case.taxonomy.link_match.values.values())
    wrong = []
    for value in values:
        ids = re.findall(r"\b[A-Z]\d\d\b", value.example.split(" — ")[0])
        quotes = re.findall(r"“(.+?)(?:…)?”(?: / |$)", value.example)
        if value.example and (len(ids) != len(quotes) or not all(case.claims.at[i, "text"].startswith(q) for i, q in zip(ids, quotes))):
            wrong.append(value.name)
    assert [] == wrong
