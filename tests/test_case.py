"""Loading and validating a case: the real one is valid; every kind of broken one says why in one line."""

import shutil
from pathlib import Path

import pytest

from kit.case.load import load_case
from kit.errors import KitError

from conftest import SEED_CASE

ROOT = Path(__file__).resolve().parent.parent
CASE = SEED_CASE


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the course folder (data + seeds) that a test may break; the kit reads it."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    return tmp_path / "data" / "cases" / CASE


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(case_dir: Path) -> list[str]:
    with pytest.raises(KitError) as info:
        load_case(case_dir.name)
    return info.value.problems


def test_the_seed_case_loads_into_dataframes():
    """The default case has 26 claims, 104 reference tags and its links as DataFrames."""
    case = load_case(SEED_CASE)
    assert 26 == len(case.claims)
    assert 26 * 4 == len(case.reference)
    assert {"a", "b", "match", "alternatives", "rationale", "optional"} <= set(case.links.columns)
    assert ["kremlin", "china"] == [s.id for s in case.sides]
    assert ["both", "kremlin_only", "china_only"] == case.values("coverage")


def test_every_claim_is_verbatim_in_the_seed():
    """seed[start:end] == text for every claim of the case."""
    case = load_case(SEED_CASE)
    for claim_id, row in case.claims.iterrows():
        assert row["text"] == case.source[row["start"]:row["end"]], claim_id


def test_every_reference_decision_has_a_reason():
    """No tag and no link without a rationale a learner can read."""
    case = load_case(SEED_CASE)
    assert all(len(r) > 20 for r in case.reference["rationale"])
    assert all(len(r) > 20 for r in case.links["rationale"])


def test_both_if_and_only_if_linked():
    """A claim tagged 'both' has a required link; a claim with a required link is tagged 'both'."""
    case = load_case(SEED_CASE)
    coverage = case.reference[case.reference["dimension"] == "coverage"].set_index("claim_id")["value"]
    required = case.links[~case.links["optional"]]
    linked = set(required["a"]) | set(required["b"])
    assert set(coverage[coverage == "both"].index) == linked


def test_missing_file_names_the_file(project):
    """A case without claims.csv names that file and says it was not found."""
    (project / "claims.csv").unlink()
    assert 1 == len(problems := problems_of(project))
    assert "claims.csv: file not found" in problems[0]


def test_unknown_case_lists_the_known_ones(project):
    """Asking for a case that does not exist lists the cases that do."""
    with pytest.raises(KitError, match=f"no such case; known cases: .*{CASE}"):
        load_case("no-such-case")


def test_claim_not_in_the_seed(project):
    """An edited claim text is caught as not verbatim, naming the line and the claim."""
    edit(project / "claims.csv", "Putin and Xi agreed to keep", "Putin and Xi decided to keep")
    assert [f"{project / 'claims.csv'}: line 7 (K06): text: not the source's text at start:end; claims must be verbatim from the seed"] == problems_of(project)


def test_unknown_value_names_the_claim_and_the_choices(project):
    """A reference tag outside the taxonomy names claim, dimension, the bad value and the allowed ones."""
    edit(project / "reference.yml", "value: economy_energy", "value: econ")
    problems = problems_of(project)
    assert 1 == len(problems)
    assert "reference.yml: tags.K02.topic: 'econ' is not a topic; expected one of: bilateral_relations, economy_energy" in problems[0]


def test_duplicate_id(project):
    """Two claims with one ID are refused, naming the second."""
    edit(project / "claims.csv", "K02,kremlin", "K01,kremlin")
    problems = problems_of(project)
    assert any("line 3 (K01): id: duplicate ID K01" in p for p in problems)


def test_malformed_yaml_names_the_line(project):
    """A YAML syntax error gives the file and the line, not a traceback."""
    edit(project / "reference.yml", "  K01:\n", "  K01: [\n")
    problems = problems_of(project)
    assert 1 == len(problems)
    assert problems[0].startswith(f"{project / 'reference.yml'}: line ")
    assert "fix the YAML syntax there" in problems[0]


def test_malformed_csv_names_the_line(project):
    """A row with the wrong number of fields names its line and the fix."""
    with (project / "claims.csv").open("a", encoding="utf-8") as handle:
        handle.write("C14,china,Overall Tone,1,2\n")
    assert [f"{project / 'claims.csv'}: line 28: expected 6 fields; quote text that contains commas"] == problems_of(project)


def test_missing_tag_is_named(project):
    """A claim the reference forgot to tag on a dimension is named with the dimension."""
    edit(project / "reference.yml", "  C02:\n    topic:\n      value: protocol_and_greetings\n      rationale: Spring Festival greetings.\n", "  C02:\n")
    assert [f"{project / 'reference.yml'}: tags.C02.topic: missing; tag every claim on every core dimension"] == problems_of(project)


def test_link_within_one_side_is_refused(project):
    """A link must join the two readouts."""
    edit(project / "reference.yml", "  - a: K10\n    b: C11\n", "  - a: K10\n    b: K11\n")
    problems = problems_of(project)
    assert any("links[4] (K10–K11): both ends are on the same side" in p for p in problems)


def test_both_without_a_link_is_refused(project):
    """Removing the only link of a 'both' claim is caught on both of its ends."""
    edit(project / "reference.yml", "  - a: K10\n    b: C11\n    match: matched\n    rationale: The same sentence, word for word, on both sides.\n", "")
    problems = problems_of(project)
    assert 2 == len(problems)
    assert all("is 'both' but the claim has no (required) link" in p for p in problems)


def test_missing_reason_is_refused(project):
    """A decision without a rationale is refused: the reference teaches."""
    edit(project / "reference.yml", "      rationale: Spring Festival greetings.\n", "")
    assert [f"{project / 'reference.yml'}: tags.C02.topic.rationale: missing; every reference decision needs a reason for learners"] == problems_of(project)


def test_source_not_utf8(project):
    """A seed that is not UTF-8 is named, with the fix."""
    (project.parents[2] / "seeds" / "000_928ed55534e797dc.txt").write_bytes(b"\xff\xfe bad")
    problems = problems_of(project)
    assert 1 == len(problems) and "not UTF-8 text" in problems[0]


# -- mistakes an instructor really makes (issue 12 item 5) -----------------------------------------

def test_coverage_of_the_other_side_is_refused(project):
    """A Kremlin claim tagged china_only contradicts its own side: one line naming the claim and the fix."""
    text = (project / "reference.yml").read_text(encoding="utf-8")
    start = text.index("  K03:\n")
    block_end = text.index("  K04:\n")
    block = text[start:block_end].replace("value: kremlin_only", "value: china_only")
    assert "china_only" in block, "K03 is a kremlin_only claim in the seed's reference"
    (project / "reference.yml").write_text(text[:start] + block + text[block_end:], encoding="utf-8")
    expected = f"{project / 'reference.yml'}: tags.K03.coverage: 'china_only' on a kremlin claim; a kremlin claim is 'both' or 'kremlin_only'"
    assert [expected] == problems_of(project)


def test_other_side_as_an_alternative_is_refused(project):
    """An accepted alternative that names the other side is caught too, on the alternatives field."""
    text = (project / "reference.yml").read_text(encoding="utf-8")
    start, end = text.index("  C02:\n"), text.index("  C03:\n")
    block = text[start:end].replace("value: china_only", "value: china_only\n      alternatives: [kremlin_only]")
    assert "alternatives: [kremlin_only]" in block, "C02 is a china_only claim in the seed's reference"
    (project / "reference.yml").write_text(text[:start] + block + text[end:], encoding="utf-8")
    expected = f"{project / 'reference.yml'}: tags.C02.coverage.alternatives: 'kremlin_only' on a china claim; a china claim is 'both' or 'china_only'"
    assert [expected] == problems_of(project)


def test_placeholders_left_in_case_yml_are_named(project):
    """"Fill in" text that `kit new-case` writes is refused; its default leaders are named as notes
    (a case finished with them before the check keeps validating), one line per field."""
    edit(project / "case.yml", "leader: {id: putin, name: Vladimir Putin}", "leader: {id: kremlin_leader, name: Kremlin's leader}")
    edit(project / "case.yml", "provenance: >\n", "provenance: >\n  Fill in: who wrote this text?\n")
    case_yml = project / "case.yml"
    problems = problems_of(project)
    assert f"{case_yml}: provenance: still the placeholder" in problems[0]
    case = load_case(project.name, strict=False)
    assert [f"{case_yml}: sides[0].leader.id: still the placeholder 'kremlin_leader'; write the leader's voice ID, "
            "one lower-case word (learners choose it as a voice)",
            f"{case_yml}: sides[0].leader.name: still the placeholder \"Kremlin's leader\"; write the leader's name "
            "as learners should read it (first and last name)"] == case.warnings


def test_a_finished_case_has_no_placeholders():
    """The seed's case.yml is free of every placeholder (the check does not cry wolf)."""
    from kit.case.load import placeholder_leaders, placeholder_problems
    import yaml
    meta = yaml.safe_load((ROOT / "data" / "cases" / CASE / "case.yml").read_text(encoding="utf-8"))
    assert [] == placeholder_problems(Path("case.yml"), meta) + placeholder_leaders(Path("case.yml"), meta)
