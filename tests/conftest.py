"""Shared test fixtures and hooks. Add yours; keep each one small and documented."""

import os

import pytest


SEED_CASE = "xi-putin-2026-02-04"  # the case made from the seed; the tests name it, whatever the course's default


@pytest.fixture(scope="session")
def seed_case():
    """The seed's case, loaded once; tests must not modify it."""
    from kit.case.load import load_case

    return load_case(SEED_CASE)


@pytest.fixture
def answers_dir(tmp_path, monkeypatch):
    """A fresh answers folder for one test, also set as $READOUT_KIT_ANSWERS_DIR."""
    folder = tmp_path / "answers"
    monkeypatch.setenv("READOUT_KIT_ANSWERS_DIR", str(folder))
    return folder


# Notebooks under tests/browser/fixtures are opened by the browser suite, not lessons for nbval.
collect_ignore_glob = ["browser/fixtures/*.ipynb"]


TINY_SEED = """Kremlin readout
Ties: The leaders praised the ties. Putin will visit soon.
China readout
Ties: Xi praised the ties. Xi sent greetings.
"""

TINY_REFERENCE = """\
case: tiny
tags:
  K01:
    topic: {value: bilateral_relations, rationale: The relationship itself.}
    claim_type: {value: assessment, alternatives: [commitment], rationale: A judgement; praise can read as a pledge.}
    voice: {value: both_leaders, rationale: The leaders.}
    coverage: {value: both, rationale: C01 says it too.}
  K02:
    topic: {value: visits_and_meetings, rationale: A visit.}
    claim_type: {value: plan, rationale: A concrete arrangement.}
    voice: {value: putin, rationale: Putin.}
    coverage: {value: kremlin_only, alternatives: [both], rationale: China only sends greetings.}
  C01:
    topic: {value: bilateral_relations, rationale: The relationship itself.}
    claim_type: {value: assessment, rationale: A judgement.}
    voice: {value: xi, rationale: Xi alone.}
    coverage: {value: both, rationale: K01 says it too.}
  C02:
    topic: {value: protocol_and_greetings, rationale: Greetings.}
    claim_type: {value: courtesy, rationale: Greetings are courtesy.}
    voice: {value: xi, rationale: Xi.}
    coverage: {value: china_only, alternatives: [both], rationale: Arguably the visit's warmth.}
links:
  - {a: K01, b: C01, match: attribution_shifted, alternatives: [partial], rationale: Both leaders against Xi alone.}
  - {a: C02, b: K02, match: reframed, optional: true, rationale: A stretch, so optional.}
"""


@pytest.fixture
def tiny_case(tmp_path, monkeypatch):
    """A four-claim case (K01, K02, C01, C02) in a scratch course folder; $READOUT_KIT_ROOT points there.

    Reference: K01–C01 required link (attribution_shifted, partial accepted); K02–C02 optional;
    K01 claim_type accepts commitment; K02 and C02 coverage accept both.
    """
    import shutil
    from pathlib import Path

    from kit.case.load import load_case

    root = tmp_path / "course"
    case_dir = root / "data" / "cases" / "tiny"
    case_dir.mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "tiny.txt").write_text(TINY_SEED, encoding="utf-8")
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "taxonomy.yml", root / "data" / "taxonomy.yml")
    (case_dir / "case.yml").write_text(
        "id: tiny\ntitle: A tiny case\ndate: '2026-01-01'\nsource: seeds/tiny.txt\nsides:\n"
        "  - {id: kremlin, label: Kremlin, prefix: K}\n  - {id: china, label: China, prefix: C}\n", encoding="utf-8")
    rows = ["id,side,section,start,end,text"]
    for claim_id, side, text in [("K01", "kremlin", "The leaders praised the ties."), ("K02", "kremlin", "Putin will visit soon."),
                                 ("C01", "china", "Xi praised the ties."), ("C02", "china", "Xi sent greetings.")]:
        start = TINY_SEED.index(text)
        rows.append(f"{claim_id},{side},Ties,{start},{start + len(text)},{text}")
    (case_dir / "claims.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (case_dir / "reference.yml").write_text(TINY_REFERENCE, encoding="utf-8")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(root))
    return load_case("tiny")


FICTIONAL_CASE = "fictional-northland-southland"


def _make_fictional_course(root):
    """Write a course folder at ``root`` holding only a small fictional case, made as an instructor would.

    `kit new-case` on tests/fixtures/fictional_readouts.md (sides northland N01–N04, southland
    S01–S03), then the reference filled in programmatically: N01–S01 linked (both), the rest
    `<side>_only`, S02 a meta claim. The taxonomy and the exercise specs are copied in, as a course
    would hold them. $READOUT_KIT_ROOT must already point at ``root``; returns the case ID.
    """
    import shutil
    from pathlib import Path

    import yaml

    from kit.case.load import load_case
    from kit.cli import main

    repo = Path(__file__).resolve().parent.parent
    root = Path(root)
    assert Path(os.environ["READOUT_KIT_ROOT"]).resolve() == root.resolve()
    (root / "data").mkdir(parents=True)
    shutil.copy(repo / "data" / "taxonomy.yml", root / "data" / "taxonomy.yml")
    shutil.copytree(repo / "exercises" / "specs", root / "exercises" / "specs")
    assert 0 == main(["new-case", str(repo / "tests" / "fixtures" / "fictional_readouts.md"), "--id", FICTIONAL_CASE])
    folder = root / "data" / "cases" / FICTIONAL_CASE
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    meta.update(title="Northland and Southland on tariffs (fictional)", date="2026-05-01",
                provenance="Invented for the kit's tests; no real readout.")
    for side, leader in zip(meta["sides"], ({"id": "okafor", "name": "Ada Okafor"}, {"id": "amar", "name": "President Amar"})):
        side["leader"] = leader  # new-case writes placeholders; validation refuses them
    (folder / "case.yml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
    ref = yaml.safe_load((folder / "reference.yml").read_text(encoding="utf-8"))
    for claim_id, dims in ref["tags"].items():
        side = "northland" if claim_id.startswith("N") else "southland"
        values = {"topic": "economy_energy", "claim_type": "meta" if claim_id == "S02" else "event",
                  "voice": "narrator", "coverage": "both" if claim_id in ("N01", "S01") else f"{side}_only"}
        for dim in dims:
            dims[dim] = {"value": values[dim], "rationale": f"Fictional: {dim} of {claim_id}."}
    ref["links"] = [{"a": "N01", "b": "S01", "match": "reframed", "rationale": "Agreed cut against welcomed cut."}]
    (folder / "reference.yml").write_text(yaml.safe_dump(ref, sort_keys=False, allow_unicode=True), encoding="utf-8")
    load_case(FICTIONAL_CASE)  # valid, or the course is not worth testing against
    return FICTIONAL_CASE


@pytest.fixture(scope="session")
def make_fictional_course():
    """``make_fictional_course(root) -> case ID``: write a course holding a small fictional case at
    ``root`` (:func:`_make_fictional_course`), for fixtures wider than one test; set $READOUT_KIT_ROOT first."""
    return _make_fictional_course


@pytest.fixture
def fictional_course(tmp_path, monkeypatch):
    """A course folder holding only a small fictional case (:func:`_make_fictional_course`); $READOUT_KIT_ROOT points there."""
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path / "course"))
    _make_fictional_course(tmp_path / "course")
    return tmp_path / "course"


OFFICIAL_CASE = "valdoria-tessaly-2026-03-12"


def _make_official_course(root):
    """Write a course folder at ``root`` holding only the fictional official-readouts case kept in
    tests/fixtures/cases/ (Valdoria V01–V06 in 3 sections, Tessaly T01–T05 in 4; leaders Oduya and
    Salo; source_kind official; one contradicted link), with the taxonomy and exercise specs; returns its ID."""
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    root = Path(root)
    (root / "data" / "cases").mkdir(parents=True)
    shutil.copy(repo / "data" / "taxonomy.yml", root / "data" / "taxonomy.yml")
    shutil.copytree(repo / "tests" / "fixtures" / "cases" / OFFICIAL_CASE, root / "data" / "cases" / OFFICIAL_CASE)
    shutil.copytree(repo / "tests" / "fixtures" / "seeds", root / "seeds")
    shutil.copytree(repo / "exercises" / "specs", root / "exercises" / "specs")
    return OFFICIAL_CASE


@pytest.fixture(scope="session")
def make_official_course():
    """``make_official_course(root) -> case ID`` (:func:`_make_official_course`); set $READOUT_KIT_ROOT to ``root`` too."""
    return _make_official_course


@pytest.fixture
def official_course(tmp_path, monkeypatch):
    """A course folder holding only the fictional official-readouts case; $READOUT_KIT_ROOT points there."""
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path / "course"))
    _make_official_course(tmp_path / "course")
    return tmp_path / "course"


@pytest.fixture
def empty_course(tmp_path, monkeypatch):
    """An empty course folder holding only the taxonomy; $READOUT_KIT_ROOT points there, so the kit
    reads and writes there (``kit new-case`` makes its cases under its data/cases/)."""
    import shutil
    from pathlib import Path

    (tmp_path / "data").mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "taxonomy.yml", tmp_path / "data" / "taxonomy.yml")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def pages_site():
    """Base URL of a real HTTP server on 127.0.0.1 (port from the OS) serving tests/fixtures/pages:
    publisher-like pages written for the tests, never a published text."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from pathlib import Path

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    folder = Path(__file__).resolve().parent / "fixtures" / "pages"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
