"""The shared taxonomy serves any pair of leaders, and nothing valid for the seed case stops being valid."""

import json
import re
from pathlib import Path

import pytest
import yaml

from kit.cli import main

from conftest import SEED_CASE

ROOT = Path(__file__).resolve().parent.parent
KEPT = ROOT / "tests" / "fixtures" / "kept_answers"
SEED_WORDS = re.compile(r"\b(Xi|Putin|Russia\w*|China|Chinese|Kremlin|Ushakov|Moscow|Beijing|Iran|Gaza|Ukraine|here)\b")


def without_reasons(result):
    """A check result without the reference's reasons, whose wording may improve; every score and verdict stays."""
    if isinstance(result, dict):
        return {k: without_reasons(v) for k, v in result.items() if k != "rationale"}
    return [without_reasons(v) for v in result] if isinstance(result, list) else result


@pytest.mark.parametrize("name", ["seed_reference", "seed_learner"])
def test_kept_seed_answers_still_load_and_score_the_same(name, capsys):
    """An answers file made for the seed case before the taxonomy grew scores exactly as it did then."""
    expected = json.loads((KEPT / f"{name}.check.json").read_text(encoding="utf-8"))
    assert 0 == main(["check", str(KEPT / f"{name}.json"), "--json"])
    assert without_reasons(expected) == without_reasons(json.loads(capsys.readouterr().out))


def test_every_seed_value_keeps_its_name():
    """Every value the seed's answers could hold on 2026-11-30 is still a value of the seed case."""
    from kit.case.load import load_case

    case = load_case(SEED_CASE)
    kept = json.loads((KEPT / "seed_reference.json").read_text(encoding="utf-8"))
    before = {"topic": ["bilateral_relations", "economy_energy", "strategic_coordination", "global_order", "united_states",
                        "regional_crises", "visits_and_meetings", "protocol_and_greetings", "tone_and_framing"],
              "claim_type": ["event", "assessment", "commitment", "appeal", "plan", "courtesy", "meta"],
              "voice": ["xi", "putin", "both_leaders", "aide", "narrator"], "coverage": ["both", "kremlin_only", "china_only"]}
    assert {d: [] for d in before} == {d: [v for v in values if v not in case.values(d)] for d, values in before.items()}
    assert kept["case"] == case.id


def test_shared_definitions_speak_of_no_pair():
    """No shared value's definition names the seed's leaders, countries or conflicts (a `when_used` value belongs to one pair)."""
    raw = yaml.safe_load((ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8"))
    dims = {**raw["dimensions"], "link_match": raw["link_match"]}
    named = {f"{d}.{v}": SEED_WORDS.findall(spec["definition"]) for d, dim in dims.items()
             for v, spec in dim["values"].items() if not spec.get("when_used")}
    assert {} == {k: v for k, v in named.items() if v}
    assert "relationship between the two sides" in dims["topic"]["values"]["bilateral_relations"]["definition"]
    assert not any("example" in spec for dim in dims.values() for spec in dim["values"].values())


def test_topics_and_claim_types_cover_what_real_readouts_discuss():
    """Security (cyber, arms control), third countries, condolences and warnings each have a value."""
    from kit.case.load import load_case

    case = load_case(SEED_CASE)
    defs = {d: {v.name: v.definition for v in case.taxonomy.dimensions[d].values.values()} for d in ("topic", "claim_type")}
    assert {"cyber", "arms control"} <= {w for w in ("cyber", "arms control") if w in defs["topic"]["security_defence"]}
    assert "condolences" in defs["topic"]["protocol_and_greetings"] and "condolences" in defs["claim_type"]["courtesy"]
    assert {"third_countries", "regional_crises", "global_order", "economy_energy", "visits_and_meetings", "tone_and_framing"} <= set(defs["topic"])
    assert "threat" in defs["claim_type"]["warning"]


def test_one_pairs_values_and_examples_stay_with_that_pair(fictional_course):
    """Another case is offered no `united_states`, `xi` or `putin`, its own leaders and values instead, and examples from its own claims."""
    from kit.case.load import load_case

    case = load_case("fictional-northland-southland")
    assert not {"united_states", "xi", "putin", "kremlin_only", "china_only"} & {v for d in case.dimensions for v in case.values(d)}
    assert ["okafor", "amar", "both_leaders", "aide", "narrator"] == case.values("voice")
    examples = [v.example for d in case.dimensions for v in case.taxonomy.dimensions[d].values.values() if v.example]
    examples += [v.example for v in case.taxonomy.link_match.values.values() if v.example]
    cited = {m for e in examples for m in re.findall(r"\b[A-Z]\d\d\b", e)}
    assert examples and cited <= set(case.claims.index)


def test_a_case_may_add_values_of_its_own(seed_case, fictional_course):
    """case.yml `values:` adds a topic to that case only; a reference may use it."""
    from kit.case.load import load_case

    folder = fictional_course / "data" / "cases" / "fictional-northland-southland"
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    meta["values"] = {"topic": {"fisheries": {"definition": "Fishing rights and quotas."}}}
    (folder / "case.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    ref = yaml.safe_load((folder / "reference.yml").read_text(encoding="utf-8"))
    ref["tags"]["N01"]["topic"]["value"] = "fisheries"
    (folder / "reference.yml").write_text(yaml.safe_dump(ref), encoding="utf-8")
    case = load_case("fictional-northland-southland")
    assert ("Fishing rights and quotas.", "fisheries") == (case.taxonomy.dimensions["topic"].values["fisheries"].definition,
                                                          case.reference.query("claim_id == 'N01' and dimension == 'topic'")["value"].iloc[0])
    assert "fisheries" not in seed_case.values("topic")



def test_every_value_has_a_label_and_a_case_value_may_carry_one(seed_case, fictional_course):
    """Every shared value carries a human `label:` in data/taxonomy.yml; a case's own value may carry
    one too, and without one reads as its name made into words — through kit.case.labels.value_label."""
    from kit.case.load import load_case
    from kit.case.labels import value_label

    raw = yaml.safe_load((ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8"))
    unlabelled = [f"{d}.{v}" for d, dim in raw["dimensions"].items() for v, spec in dim["values"].items()
                  if not spec.get("label") and v not in ("xi", "putin")]  # a leader reads as the case's leader name
    assert [] == unlabelled
    folder = fictional_course / "data" / "cases" / "fictional-northland-southland"
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    meta["values"] = {"topic": {"fish_quotas": {"definition": "Fishing rights and quotas.", "label": "fishing quotas"},
                                "sea_lanes": {"definition": "Shipping routes."}}}
    (folder / "case.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    case = load_case("fictional-northland-southland")
    assert (["economy and energy", "United States", "no speaker named"], ["fishing quotas", "sea lanes", "economy and energy"]) == (
        [value_label(seed_case, d, v) for d, v in (("topic", "economy_energy"), ("topic", "united_states"), ("voice", "narrator"))],
        [value_label(case, "topic", v) for v in ("fish_quotas", "sea_lanes", "economy_energy")])

def test_a_case_made_before_leaders_and_kinds_still_validates(tiny_case):
    """A case.yml with no leaders, no source_kind and no story (as cases were made) loads, its xi/putin voices intact."""
    assert ("other", ["xi", "putin", "both_leaders", "aide", "narrator"]) == (tiny_case.source_kind, tiny_case.values("voice"))


def test_tag_help_cites_the_cases_own_claims(official_course):
    """The tagging board's tag help for another case quotes that case's claims, with human titles, and no seed claim."""
    from kit.case.load import load_case
    from kit.widgets import TaggingBoard

    board = TaggingBoard(load_case("valdoria-tessaly-2026-03-12"), "ana")
    shown = " ".join(child.value for child in board.definitions.children)
    assert ("Topic", "Claim type", "Voice", "Coverage") == board.definitions.titles
    assert ([], True) == (re.findall(r"\b[KC]\d\d\b", shown), "V04 — “President Oduya warned" in shown)


def test_a_case_folder_made_with_the_kit_of_2026_11_30_still_validates(tmp_path, monkeypatch):
    """A case made by `kit new-case` before stories and the grown taxonomy loads, keeps its values, and every exercise builds."""
    import shutil

    from kit.case.load import load_case
    from kit.case.exercises import load_exercise, spec_ids

    kept = ROOT / "tests" / "fixtures" / "kept_cases"
    (tmp_path / "data" / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "taxonomy.yml", tmp_path / "data" / "taxonomy.yml")
    shutil.copytree(kept / "northland-southland-2026-05-01", tmp_path / "data" / "cases" / "northland-southland-2026-05-01")
    shutil.copytree(kept / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "exercises" / "specs", tmp_path / "exercises" / "specs")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    case = load_case("northland-southland-2026-05-01")
    assert ("other", "united_states") == (case.source_kind, case.reference.query("claim_id == 'N03' and dimension == 'topic'")["value"].iloc[0])
    assert "united_states" in case.values("topic")
    assert {s: True for s in spec_ids()} == {s: bool(load_exercise(s, case).items) or s == "briefing" for s in spec_ids()}
