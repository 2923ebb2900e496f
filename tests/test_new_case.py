"""`kit new-case`: a new pair of readouts becomes a case with no Python edits, end to end."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from kit import load_case
from kit.cli import main
from kit.case.new import prefixes, sides_from_titles
from kit.case.sources import Side, read_readouts, segment, sentences

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "fictional_readouts.md"
CASE_ID = "fictional-northland-southland"


def test_markdown_source_becomes_a_case_to_fill_in(empty_course, capsys):
    """new-case copies the source into seeds/, writes three files, and validate lists what is left."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    folder = empty_course / "data" / "cases" / CASE_ID
    assert SOURCE.read_bytes() == (empty_course / "seeds" / SOURCE.name).read_bytes()
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    assert [("northland", "N"), ("southland", "S")] == [(s["id"], s["prefix"]) for s in meta["sides"]]
    capsys.readouterr()
    assert 1 == main(["validate", "--case", CASE_ID])
    err = capsys.readouterr().err.splitlines()
    claims = 7
    placeholders = 1 + 2 * 2  # provenance, and each side's leader ID and name
    assert 2 + placeholders + 4 * claims == len(err)  # title, date, placeholders, and every tag of every claim
    assert any("tags.S03.coverage: not filled in yet; choose one of: both, northland_only, southland_only" in e for e in err)
    assert any("tags.N01.voice: not filled in yet; choose one of: northland_leader, southland_leader, both_leaders, aide, narrator" in e for e in err)


def test_sides_can_be_named(empty_course, capsys):
    """--sides names the sides in reading order; prefixes come from the names."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID, "--sides", "washington,wellington"])
    meta = yaml.safe_load((empty_course / "data" / "cases" / CASE_ID / "case.yml").read_text(encoding="utf-8"))
    assert [("washington", "WA"), ("wellington", "WE")] == [(s["id"], s["prefix"]) for s in meta["sides"]]


def test_existing_case_is_never_overwritten(empty_course, capsys):
    """Running new-case twice refuses the second time with one line."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    assert 1 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    assert "already exists; pick another --id" in capsys.readouterr().err


@pytest.mark.parametrize("bad, message", [("Bad ID", "use lower-case letters"), ("ok-id", None)])
def test_bad_id_is_refused(empty_course, capsys, bad, message):
    """An ID that cannot be a folder name is refused before anything is written."""
    code = main(["new-case", str(SOURCE), "--id", bad])
    if message:
        assert 1 == code and message in capsys.readouterr().err
        assert not (empty_course / "data" / "cases").exists()


def test_filled_in_case_validates_and_checks(empty_course, capsys):
    """Fill in the skeleton (as an instructor would) and the case passes; its reference scores 1.0."""
    assert 0 == main(["new-case", str(SOURCE), "--id", CASE_ID])
    folder = empty_course / "data" / "cases" / CASE_ID
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    meta.update(title="Northland and Southland on tariffs (fictional)", date="2026-05-01",
                provenance="Invented for the kit's tests; no real readout.")
    for side, leader in zip(meta["sides"], ({"id": "okafor", "name": "Ada Okafor"}, {"id": "amar", "name": "President Amar"})):
        side["leader"] = leader
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
    out = capsys.readouterr().out
    assert f"{CASE_ID}: valid — 7 claims" in out
    assert "4 dimensions, 1 link (+0 optional)." in out  # singular where there is one
    assert 0 == main(["reference", "--case", CASE_ID, "--format", "json"])
    reference = capsys.readouterr().out
    (empty_course / "ref.json").write_text(reference, encoding="utf-8")
    assert 0 == main(["check", str(empty_course / "ref.json"), "--case", CASE_ID, "--json"])
    assert 1.0 == json.loads(capsys.readouterr().out)["score"]
    assert 0 == main(["claims", "--case", CASE_ID, "--format", "json"])
    assert 7 == len(json.loads(capsys.readouterr().out))
    assert 0 == main(["brief", "--case", CASE_ID, "--annex", "--out", str(empty_course / "brief.md")])
    brief = (empty_course / "brief.md").read_text(encoding="utf-8")
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


def test_a_source_without_sections_is_refused(empty_course, tmp_path, capsys):
    """Titles but no 'Section: text' lines: refused in one line, nothing written."""
    source = tmp_path / "titles_only.txt"
    source.write_text("Readout of Northland\nReadout of Southland\n", encoding="utf-8")
    assert 1 == main(["new-case", str(source), "--id", "empty-case"])
    err = capsys.readouterr().err
    assert "no claims for northland, southland: under each title write paragraphs of sentences, or sections as 'Section: text' lines" in err
    assert not (empty_course / "data" / "cases" / "empty-case").exists()


def test_an_empty_source_is_refused(empty_course, tmp_path, capsys):
    """An empty file has no readouts: one line, exit 1, nothing written."""
    source = tmp_path / "empty.txt"
    source.write_text("", encoding="utf-8")
    assert 1 == main(["new-case", str(source), "--id", "empty-case"])
    assert f"{source}: empty; paste or write the two readouts, each under its own title line" in capsys.readouterr().err


# -- pasted text (issue 12 item 8) -----------------------------------------------------------------

PASTED = ROOT / "tests" / "fixtures" / "pasted_readouts.txt"


def test_pasted_text_becomes_a_case(empty_course, capsys):
    """Paragraphs without labels are sections; the date line, separators and asides are no claims;
    every claim is verbatim at its offsets; the date and the source kind land in case.yml."""
    assert 0 == main(["new-case", str(PASTED), "--id", "pasted-case", "--sides", "northland,southland",
                      "--source-kind", "official"])
    out = capsys.readouterr().out
    folder = empty_course / "data" / "cases" / "pasted-case"
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    assert ("2026-03-03", "official") == (meta["date"], meta["source_kind"])
    assert ["Readout of Minister Okafor's Call with President Amar of Southland",
            "President Amar's conversation with Northland's Foreign Minister"] == [s["readout"] for s in meta["sides"]]
    case = load_case("pasted-case", strict=False)
    seed = (empty_course / "seeds" / PASTED.name).read_text(encoding="utf-8")
    assert seed == PASTED.read_text(encoding="utf-8")
    assert [
        ("N01", "Paragraph 1", "Minister Ada Okafor spoke today with President Amar of Southland."),
        ("N02", "Paragraph 1", "The two discussed tariffs, which\nboth sides agreed to cut by 3.5 percent by the end of the year."),
        ("N03", "Paragraph 2", 'The Minister stressed that the U.N. role would be "central."'),
        ("N04", "Paragraph 2", "She thanked the President for his\nhospitality in Port Amar."),
        ("S01", "Paragraph 1", "President Amar welcomed the tariff cut."),
        ("S02", "Paragraph 1", 'He called it "historic."'),
        ("S03", "Paragraph 2", "Both sides will meet again in May."),
    ] == [(cid, row["section"], row["text"]) for cid, row in case.claims.iterrows()]
    for cid, row in case.claims.iterrows():
        assert seed[row["start"]:row["end"]] == row["text"], cid
    assert "read as pasted text" in out
    assert "Not claims (4 aside(s)" in out
    for line in ("northland line 4: Share this page  |  Print", "northland line 11: (Photo: Northland Foreign Ministry)",
                 "southland line 20: Security", "southland line 25: © Southland Presidential Office. All rights reserved"):
        assert line in out


def test_pasted_text_from_standard_input(empty_course, capsys, monkeypatch):
    """`kit new-case - --id ID` reads what the teacher pastes; the seed is written as seeds/<ID>.txt, verbatim."""
    import io
    text = PASTED.read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert 0 == main(["new-case", "-", "--id", "pasted-stdin", "--sides", "northland,southland"])
    assert text == (empty_course / "seeds" / "pasted-stdin.txt").read_text(encoding="utf-8")
    meta = yaml.safe_load((empty_course / "data" / "cases" / "pasted-stdin" / "case.yml").read_text(encoding="utf-8"))
    assert ("seeds/pasted-stdin.txt", "other") == (meta["source"], meta["source_kind"])
    assert 7 == len(load_case("pasted-stdin", strict=False).claims)


def test_a_retry_after_editing_pasted_text_names_the_earlier_seed(empty_course, capsys, monkeypatch):
    """Pasting edited text again under the same --id, after removing only the case folder, is refused in one
    line naming the existing seed file: delete it if it came from an earlier attempt, or choose another --id."""
    import io
    text = PASTED.read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert 0 == main(["new-case", "-", "--id", "retry", "--sides", "northland,southland"])
    shutil.rmtree(empty_course / "data" / "cases" / "retry")
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(text.replace("tariff cut.", "tariff cut, he said.")))
    assert 1 == main(["new-case", "-", "--id", "retry", "--sides", "northland,southland"])
    seed = empty_course / "seeds" / "retry.txt"
    assert [f"error: {seed}: already exists with different text; delete it if it came from an earlier attempt "
            "of new-case, or choose another --id"] == capsys.readouterr().err.splitlines()
    assert text == seed.read_text(encoding="utf-8")


def test_each_side_is_shown_beside_its_title(empty_course, capsys):
    """The person sees which title became which side (titles name both sides, so the kit does not guess)."""
    assert 0 == main(["new-case", str(PASTED), "--id", "shown", "--sides", "okafor_side,amar_side"])
    out = capsys.readouterr().out
    assert "  okafor_side: Readout of Minister Okafor's Call with President Amar of Southland\n" in out
    assert "  amar_side: President Amar's conversation with Northland's Foreign Minister\n" in out


def test_as_many_sides_as_titles(empty_course, capsys):
    """Three --sides for two readouts is refused, naming the titles found."""
    assert 1 == main(["new-case", str(PASTED), "--id", "three", "--sides", "a,b,c"])
    err = capsys.readouterr().err
    assert "--sides: 3 side(s) given (a, b, c) but the source has 2 readout title(s): 1. \"Readout of Minister Okafor's" in err


def test_titles_found_by_their_date_lines_without_separators():
    """With no separator, titles are the lines a date line follows; a subheading is an aside, not a third readout."""
    text = ("Northland readout\n4 May 2026\nThe ministers met.\nTrade\nThey cut tariffs.\n"
            "Southland readout\nMay 4, 2026\nThe President welcomed it.\n")
    readouts = read_readouts(text)
    assert ["Northland readout", "Southland readout"] == [r.title for r in readouts]
    assert [(4, "Trade")] == readouts[0].asides
    assert ["The ministers met.", "They cut tariffs."] == [b.text for b in readouts[0].bodies]


def test_a_footer_after_a_rule_is_an_aside():
    """An undated page's footer after '---' is not a third readout: it is an aside of the readout above."""
    text = "Northland readout\n\nThe ministers met.\n\n* * *\n\nSouthland readout\n\nThe President welcomed it.\n\n---\n© Southland 2026\n"
    readouts = read_readouts(text)
    assert ["Northland readout", "Southland readout"] == [r.title for r in readouts]
    assert [(12, "© Southland 2026")] == readouts[1].asides


def test_too_many_titles_in_pasted_text_says_to_separate(empty_course, tmp_path, capsys):
    """Undated titles and a subheading without separators: one line telling where the extra title is and the fix."""
    source = tmp_path / "three.txt"
    source.write_text("Northland readout\n\nThe ministers met.\n\nTrade\n\nThey cut tariffs.\n\n"
                      "Southland readout\n\nThe President welcomed it.\n", encoding="utf-8")
    assert 1 == main(["new-case", str(source), "--id", "three-titles", "--sides", "northland,southland"])
    err = capsys.readouterr().err
    assert ("--sides: 2 side(s) given (northland, southland) but the source has 3 readout title(s): "
            "1. 'Northland readout'; 2. 'Trade'; 3. 'Southland readout'") in err


def test_the_seed_is_still_read_as_labelled():
    """The seed's 'Section: text' shape is not mistaken for pasted text (its 26 claims depend on it)."""
    from kit.case.sources import source_shape
    assert "labelled" == source_shape((ROOT / "seeds" / "000_928ed55534e797dc.txt").read_text(encoding="utf-8"))
    assert "pasted" == source_shape(PASTED.read_text(encoding="utf-8"))


paragraph = st.lists(st.sampled_from(["The leaders met.", "They agreed", "on trade.", "He said: “yes.”", "(Photo)",
                                      "Subheading", "* * *", "", "4 May 2026", "U.S. talks went on."]), min_size=1, max_size=12)


@given(paragraph, paragraph)
def test_pasted_offsets_hold_for_any_text(left, right):
    """Whatever a teacher pastes, every claim is exactly the source at its offsets (or the shape is refused in one line)."""
    from kit.case.sources import SourceShapeError
    source = "Left readout\n" + "\n".join(left) + "\nThe end.\n* * *\nRight readout\n" + "\n".join(right) + "\nDone."
    try:
        claims = segment(source, [Side("l", "L"), Side("r", "R")])
    except SourceShapeError:
        return
    for claim in claims:
        assert claim.text == source[claim.start:claim.end]
        assert claim.text == claim.text.strip()


@pytest.mark.parametrize("line, expected", [
    ("March 3, 2026", "2026-03-03"), ("3 March 2026", "2026-03-03"), ("2026-03-03", "2026-03-03"),
    ("2026/03/12", "2026-03-12"), ("04.02.2026", "2026-02-04"), ("Wednesday, February 4, 2026 15:30", "2026-02-04"),
    ("Updated: 4 Feb. 2026", "2026-02-04"), ("The leaders met on 4 February 2026.", None),
])
def test_date_lines_in_the_shapes_publishers_write(line, expected):
    """A date line under a title is read in the usual shapes; a sentence that mentions a date is not one."""
    from kit.case.sources import iso_date
    assert expected == iso_date(line)


def test_page_furniture_between_title_and_date_is_an_aside():
    """'Briefing Room' and 'Statements and Releases' under a title are asides, with or without a separator;
    the title is the first line above the date."""
    one = ("Readout of the Northland Minister's Call\nBriefing Room\nStatements and Releases\nMarch 3, 2026\n\n"
           "The Minister spoke today with President Amar.\n\n")
    two = "Southland readout of the call\n3 March 2026\n\nPresident Amar welcomed the call.\n"
    for text in (one + two, one + "* * *\n\n" + two):
        readouts = read_readouts(text)
        assert ["Readout of the Northland Minister's Call", "Southland readout of the call"] == [r.title for r in readouts]
        assert [(2, "Briefing Room"), (3, "Statements and Releases")] == readouts[0].asides
        assert ("March 3, 2026", "3 March 2026") == (readouts[0].date, readouts[1].date)


def test_a_subheading_on_the_line_above_a_paragraph_is_not_glued_to_it():
    """Extracted text has one paragraph a line: a short subheading above a paragraph stays an aside."""
    text = ("Northland readout\n\nThe ministers met.\nTrade and energy cooperation\nThey cut tariffs.\n\n* * *\n\n"
            "Southland readout\n\nThe President welcomed it.\n")
    readouts = read_readouts(text)
    assert [(4, "Trade and energy cooperation")] == readouts[0].asides
    assert ["The ministers met.", "They cut tariffs."] == [b.text for b in readouts[0].bodies]
