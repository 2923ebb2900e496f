"""`kit new-case`: a new pair of readouts becomes a case with no Python edits, end to end."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from kit import load_case
from kit.cli import main
from kit.new_case import prefixes, sides_from_titles
from kit.sources import Side, read_readouts, segment, sentences

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "fictional_readouts.md"
CASE_ID = "fictional-northland-southland"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty course folder holding only the taxonomy; the kit reads and writes there."""
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "taxonomy.yml", tmp_path / "data" / "taxonomy.yml")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    return tmp_path


def test_markdown_source_becomes_a_case_to_fill_in(project, capsys):
    """new-case copies the source into seeds/, writes three files, and validate lists what is left."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    folder = project / "data" / "cases" / CASE_ID
    assert SOURCE.read_bytes() == (project / "seeds" / SOURCE.name).read_bytes()
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    assert [("northland", "N"), ("southland", "S")] == [(s["id"], s["prefix"]) for s in meta["sides"]]
    capsys.readouterr()
    assert 1 == main(["validate", "--case", CASE_ID])
    err = capsys.readouterr().err.splitlines()
    claims = 7
    assert 2 + 4 * claims == len(err)  # title, date, and every tag of every claim
    assert any("tags.S03.coverage: not filled in yet; choose one of: both, northland_only, southland_only" in e for e in err)
    assert any("tags.N01.voice: not filled in yet; choose one of: northland_leader, southland_leader, both_leaders, aide, narrator" in e for e in err)


def test_sides_can_be_named(project, capsys):
    """--sides names the sides in reading order; prefixes come from the names."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID, "--sides", "washington,wellington"])
    meta = yaml.safe_load((project / "data" / "cases" / CASE_ID / "case.yml").read_text(encoding="utf-8"))
    assert [("washington", "WA"), ("wellington", "WE")] == [(s["id"], s["prefix"]) for s in meta["sides"]]


def test_existing_case_is_never_overwritten(project, capsys):
    """Running new-case twice refuses the second time with one line."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    assert 1 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    assert "already exists; pick another --id" in capsys.readouterr().err


@pytest.mark.parametrize("bad, message", [("Bad ID", "use lower-case letters"), ("ok-id", None)])
def test_bad_id_is_refused(project, capsys, bad, message):
    """An ID that cannot be a folder name is refused before anything is written."""
    code = main(["new-case", str(SOURCE), "--id", bad])
    if message:
        assert 1 == code and message in capsys.readouterr().err
        assert not (project / "data" / "cases").exists()


def test_filled_in_case_validates_and_checks(project, capsys):
    """Fill in the skeleton (as an instructor would) and the case passes; its reference scores 1.0."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    folder = project / "data" / "cases" / CASE_ID
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    meta.update(title="Northland and Southland on tariffs (fictional)", date="2026-05-01")
    (folder / "case.yml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    ref = yaml.safe_load((folder / "reference.yml").read_text(encoding="utf-8"))
    for claim_id, dims in ref["tags"].items():
        for dim in dims:
            value = {"topic": "economy_energy", "claim_type": "event", "voice": "narrator",
                     "coverage": "both" if claim_id in ("N01", "S01") else f"{'northland' if claim_id[0] == 'N' else 'southland'}_only"}[dim]
            dims[dim] = {"value": value, "rationale": f"Fictional: {dim} of {claim_id}."}
    ref["links"] = [{"a": "N01", "b": "S01", "match": "reframed", "rationale": "Agreed cut against welcomed cut."}]
    (folder / "reference.yml").write_text(yaml.safe_dump(ref, sort_keys=False, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert 0 == main(["validate", "--case", CASE_ID])
    assert f"{CASE_ID}: valid — 7 claims" in capsys.readouterr().out
    assert 0 == main(["reference", "--case", CASE_ID, "--format", "json"])
    reference = capsys.readouterr().out
    (project / "ref.json").write_text(reference, encoding="utf-8")
    assert 0 == main(["check", str(project / "ref.json"), "--case", CASE_ID, "--json"])
    assert 1.0 == json.loads(capsys.readouterr().out)["score"]
    assert 0 == main(["claims", "--case", CASE_ID, "--format", "json"])
    assert 7 == len(json.loads(capsys.readouterr().out))
    assert 0 == main(["brief", "--case", CASE_ID, "--annex", "--out", str(project / "brief.md")])
    brief = (project / "brief.md").read_text(encoding="utf-8")
    assert "N01" in brief and "S01" in brief
    assert "President Amar welcomed the tariff cut." in brief


def test_real_text_segments_where_a_reader_would():
    """Abbreviations, decimals, money, quotes closing after the full stop and semicolons."""
    text = SOURCE.read_text(encoding="utf-8")
    claims = [c.text for c in segment(text, [Side("n", "N"), Side("s", "S")])]
    assert [
        "The ministers agreed to cut tariffs by 3.5 percent.",
        "The deal is worth $4.2 billion; talks lasted 40 min. and ended early.",
        "The U.N. role was discussed (see No. 2 on the agenda).",
        'The sides "agreed to meet again."',
        "President Amar welcomed the tariff cut.",
        'He called it "historic."',
        "Both sides will meet again in May.",
    ] == claims


def test_a_lower_case_start_continues_the_sentence():
    """'5 mln. rubles' is one sentence: no sentence starts in lower case."""
    assert ["It costs 5 mln. rubles.", "Fine."] == [s for _, s in sentences("It costs 5 mln. rubles. Fine.")]


def test_sides_and_prefixes_from_titles():
    """Side IDs come from the titles' first telling word; prefixes lengthen until distinct."""
    assert ["ushakov", "china"] == sides_from_titles(["Key Points from Ushakov’s Readout (Kremlin Official Summary)",
                                                      "Summary of China’s Readout (Key Excerpts and Points)"])
    assert ["WA", "WE"] == prefixes(["washington", "wellington"])


words = st.text(alphabet=st.sampled_from("abcdefXYZ .,;()\"'$%0123456789-?!"), min_size=1, max_size=80)


@given(st.lists(words, min_size=1, max_size=5))
def test_claims_cover_every_character_of_each_body(bodies):
    """Offsets reproduce the text, and the claims together cover every non-space character of a body."""
    source = "# Left\n" + "\n".join(f"- S{i}: {b}" for i, b in enumerate(bodies)) + "\n# Right\n- X: y."
    readouts = read_readouts(source)
    claims = segment(source, [Side("l", "L"), Side("r", "R")])
    for claim in claims:
        assert claim.text == source[claim.start:claim.end]
    for body in readouts[0].bodies:
        covered = set()
        for c in claims:
            covered.update(range(c.start, c.end))
        expected = {body.start + i for i, ch in enumerate(body.text) if not ch.isspace()}
        assert expected <= covered


def test_a_source_without_sections_is_refused(project, tmp_path, capsys):
    """Titles but no 'Section: text' lines: refused in one line, nothing written."""
    source = tmp_path / "titles_only.txt"
    source.write_text("Readout of Northland\nReadout of Southland\n", encoding="utf-8")
    assert 1 == main(["new-case", str(source), "--id", "empty-case"])
    err = capsys.readouterr().err
    assert "no claims for northland, southland: under each title write sections as 'Section: text' lines" in err
    assert not (project / "data" / "cases" / "empty-case").exists()


def test_an_empty_source_is_refused(project, tmp_path, capsys):
    """An empty file has no readouts: one line, exit 1, nothing written."""
    source = tmp_path / "empty.txt"
    source.write_text("", encoding="utf-8")
    assert 1 == main(["new-case", str(source), "--id", "empty-case"])
    assert "found 0 readout title(s); a case needs two readouts" in capsys.readouterr().err
