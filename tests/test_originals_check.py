"""The seed case's check against its originals (originals_check.yml) and its originals listing:
pointers and the case author's own words, never a copied sentence."""

import re
from pathlib import Path

import pytest
import yaml

from kit import paths
from kit.case.originals import checked_points, originals_of

from conftest import SEED_CASE

FOLDER = paths.case_dir(SEED_CASE)
KINDS = {"keeps", "drops", "adds", "reshapes"}
BASES = {"original", "original (as quoted)", "press report", "not found"}


@pytest.fixture(scope="module")
def points():
    return checked_points(FOLDER)


def test_every_point_says_what_where_and_on_what_basis(seed_case, points):
    """Each point: a kind, existing claims, a web address, a paragraph, a basis and a text."""
    assert len(points) >= 10
    for p in points:
        assert p["kind"] in KINDS, p
        assert set(p["claims"]) <= set(seed_case.claims.index), p
        assert str(p["url"]).startswith("https://"), p
        assert re.fullmatch(r"\d+(-\d+)?", str(p["paragraph"])), p
        assert p["basis"] in BASES, p
    assert KINDS == {p["kind"] for p in points}


def test_points_on_the_originals_point_at_the_listed_originals(points):
    """A point read in an original names the page case.yml lists for that side."""
    listed = {o.side: o.url for o in originals_of(FOLDER)}
    for p in points:
        if p["basis"].startswith("original"):
            assert listed[p["side"]] == p["url"], p


def test_no_sentence_of_an_original_is_quoted(points):
    """Only the odd word is quoted (‘…’, at most four words); nothing in double quotation marks."""
    for p in points:
        text = p["text"]
        assert not re.search(r'["“”]', text), text
        for quoted in re.findall(r"‘([^’]+)’", text):
            assert len(quoted.split()) <= 4, quoted


def test_originals_are_listed_with_a_licence_and_never_shipped():
    """Both sides list an original with publisher, language and licence; no fetched copy is in git."""
    originals = originals_of(FOLDER)
    assert {"kremlin", "china"} == {o.side for o in originals}
    assert all(o.publisher and o.language == "en" and o.licence for o in originals)
    assert "CC BY 4.0" in next(o.licence for o in originals if o.side == "kremlin")
    provenance = yaml.safe_load((FOLDER / "case.yml").read_text(encoding="utf-8"))["provenance"]
    assert "Creative Commons Attribution 4.0" in provenance and "not checked" in provenance
    tracked = Path(paths.project_root() / ".gitignore").read_text(encoding="utf-8")
    assert "data/cases/*/originals/" in tracked


def test_validate_reports_bad_originals_points_and_judgements(tiny_case, capsys):
    """`kit validate` names an originals_check point citing no claim and an unsupported judgement."""
    from kit.cli import main

    folder = paths.case_dir("tiny")
    (folder / "originals_check.yml").write_text(
        "points:\n  - {kind: drops, side: kremlin, claims: [K99], url: 'https://example.org', paragraph: 1, "
        "basis: original, text: Something dropped.}\n", encoding="utf-8")
    (folder / "brief.yml").write_text("judgements:\n  - {stance: both, text: Both praise the ties, claims: [K02]}\n",
                                      encoding="utf-8")
    assert 1 == main(["validate", "--case", "tiny"])
    err = capsys.readouterr().err.strip().splitlines()
    assert 2 == len(err)
    assert "originals_check.yml: points[0].claims: 'K99' is not a claim of this case" in err[0]
    assert "brief.yml: judgements: judgement 1 (case author): says both sides" in err[1]
