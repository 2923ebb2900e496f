"""`kit originals fetch|list` and `kit trace` on a small made-up case whose originals are
publisher-like pages written for the tests, served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kit.cli import main
from kit.errors import KitError
from kit.case.originals import fetch_originals, load_fetched, originals_of
from kit.case.trace import Original, passages, trace

REPO = Path(__file__).resolve().parent.parent
CASE = "veloria-ostmark"

# A third party's summary of the two presidents' readouts, written for these tests. Each claim is
# made to exercise one status against tests/fixtures/pages/{presidency_news,ostmark_readout}.html.
CLAIMS = [
    ("V01", "veloria", "found", "The two presidents discussed the state of bilateral relations and noted "
                                "with satisfaction the steady growth of trade, which rose by a fifth over the past year."),
    ("V02", "veloria", "paraphrased", "Tamm was grateful for the condolences her counterpart offered over the floods in the south."),
    ("V03", "veloria", "other_side", "Both presidents welcomed the decision to open a direct ferry line before the end of the year."),
    # the words of a related-news headline on the Ostmark page: found only if the headline were taken for text
    ("V04", "veloria", "not_found", "The readout paints a relationship untroubled by any disagreement."),
    ("O01", "ostmark", "found", "President Brenn raised the detention of two Ostmark fishing crews in the Calder Strait "
                                "and asked for their early release."),
    ("O02", "ostmark", "paraphrased", "Brenn asked Tamm to come on an official visit to Ostmark, which she accepted."),
    ("O03", "ostmark", "other_side", "The leaders agreed that the trade commission would meet in Port Ilvan in May."),
    # the words of the Veloria page's "See also" list
    ("O04", "ostmark", "not_found", "A Security Council meeting on harbour defence followed the call."),
]


def _seed() -> str:
    lines = ["Summary of Veloria's readout"]
    lines += [f"Point: {text}" for cid, side, _, text in CLAIMS if side == "veloria"]
    lines += ["Summary of Ostmark's readout"]
    lines += [f"Point: {text}" for cid, side, _, text in CLAIMS if side == "ostmark"]
    return "\n".join(lines) + "\n"


def _write_course(root: Path, originals: list[dict[str, str]]) -> Path:
    (root / "data" / "cases" / CASE).mkdir(parents=True)
    (root / "seeds").mkdir()
    shutil.copy(REPO / "data" / "taxonomy.yml", root / "data" / "taxonomy.yml")
    seed = _seed()
    (root / "seeds" / "summary.txt").write_text(seed, encoding="utf-8")
    folder = root / "data" / "cases" / CASE
    meta = {"id": CASE, "title": "Veloria and Ostmark (made up)", "date": "2026-03-12", "language": "en",
            "source": "seeds/summary.txt", "source_kind": "summary",
            "sides": [{"id": "veloria", "label": "Veloria", "prefix": "V"},
                      {"id": "ostmark", "label": "Ostmark", "prefix": "O"}],
            "provenance": "Made up for the kit's tests.", "originals": originals}
    (folder / "case.yml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    rows = ["id,side,section,start,end,text"]
    tags = {}
    for cid, side, _, text in CLAIMS:
        start = seed.index(text)
        rows.append(f'{cid},{side},Point,{start},{start + len(text)},"{text}"')
        tags[cid] = {d: {"value": v, "rationale": "Made up."} for d, v in
                     (("topic", "bilateral_relations"), ("claim_type", "event"), ("voice", "narrator"),
                      ("coverage", f"{side}_only"))}
    (folder / "claims.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "reference.yml").write_text(yaml.safe_dump({"case": CASE, "tags": tags, "links": []}), encoding="utf-8")
    return folder


def _listing(site: str, veloria: str = "presidency_news.html") -> list[dict[str, str]]:
    return [{"side": "veloria", "url": f"{site}/{veloria}", "publisher": "President of Veloria",
             "language": "en", "licence": "CC BY 4.0"},
            {"side": "ostmark", "url": f"{site}/ostmark_readout.html", "publisher": "Office of the President of Ostmark",
             "language": "en", "licence": "reuse with attribution"}]


@pytest.fixture
def course(tmp_path, monkeypatch, pages_site):
    root = tmp_path / "course"
    folder = _write_course(root, _listing(pages_site))
    monkeypatch.setenv("READOUT_KIT_ROOT", str(root))
    return folder


def test_fetch_keeps_text_and_provenance_in_the_case_folder(course, capsys):
    """`kit originals fetch` writes each side's main text and its URL, title, date, sha256, licence."""
    assert 0 == main(["originals", "fetch", "--case", CASE])
    text = (course / "originals" / "ostmark.txt").read_text(encoding="utf-8")
    assert "asked for their early release" in text and "More from the Newsroom" not in text
    meta = json.loads((course / "originals" / "veloria.json").read_text(encoding="utf-8"))
    assert meta["url"].endswith("/presidency_news.html")
    assert "Telephone conversation with President of Ostmark Halvard Brenn" == meta["title"]
    assert "CC BY 4.0" == meta["licence"] and 64 == len(meta["sha256"]) and meta["retrieved"].endswith("Z")
    assert ["ostmark", "veloria"] == sorted(f.original.side for f in load_fetched(course))
    assert 0 == main(["originals", "list", "--case", CASE])
    assert "not fetched" not in capsys.readouterr().out


def test_fetched_originals_are_git_ignored():
    """The repository's .gitignore keeps every case's fetched originals out of git."""
    probe = "data/cases/any-case/originals/kremlin.txt"
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", probe], cwd=REPO)
    assert 0 == done.returncode


def test_trace_labels_every_status(course, capsys):
    """Each claim gets the status it was written for, with its passage (null when not found)."""
    assert 0 == main(["originals", "fetch", "--case", CASE])
    capsys.readouterr()
    assert 0 == main(["trace", "--case", CASE, "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert [(cid, status) for cid, _, status, _ in CLAIMS] == [(r["claim_id"], r["status"]) for r in rows]
    texts = {side: (course / "originals" / f"{side}.txt").read_text(encoding="utf-8") for side in ("veloria", "ostmark")}
    for row in rows:
        assert {"claim_id", "status", "side", "similarity", "passage"} <= set(row)
        if row["status"] == "not_found":
            assert row["passage"] is None
            continue
        p = row["passage"]
        assert texts[p["side"]][p["start"]:p["end"]] == p["text"]
        expected_side = row["side"] if row["status"] in ("found", "paraphrased") else ({"veloria", "ostmark"} - {row["side"]}).pop()
        assert expected_side == p["side"]


def test_trace_table_counts_statuses(course, capsys):
    """The table ends with a count of each status."""
    main(["originals", "fetch", "--case", CASE])
    capsys.readouterr()
    assert 0 == main(["trace", "--case", CASE])
    assert "2 found, 2 paraphrased, 2 other_side, 2 not_found" in capsys.readouterr().out


def test_trace_before_fetch_says_how_to_fetch(course, capsys):
    """No originals on this machine: exit 1 and one line per side naming the fetch command."""
    assert 1 == main(["trace", "--case", CASE])
    err = capsys.readouterr().err.strip().splitlines()
    assert 2 == len(err)
    assert all(f"kit originals fetch --case {CASE}" in line for line in err)


def test_failed_fetch_is_one_line_and_keeps_earlier_copies(tmp_path, monkeypatch, pages_site, capsys):
    """A page with no main text: exit 1, one line naming the URL; copies fetched earlier are untouched."""
    root = tmp_path / "course"
    folder = _write_course(root, _listing(pages_site))
    monkeypatch.setenv("READOUT_KIT_ROOT", str(root))
    assert 0 == main(["originals", "fetch", "--case", CASE])
    before = (folder / "originals" / "veloria.txt").read_bytes()
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    meta["originals"] = _listing(pages_site, veloria="menu_only.html")
    (folder / "case.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    capsys.readouterr()
    assert 1 == main(["originals", "fetch", "--case", CASE])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and "menu_only.html" in err[0] and "no main text" in err[0]
    assert before == (folder / "originals" / "veloria.txt").read_bytes()
    # and the copy on disk is no longer taken for the original case.yml now lists
    assert ["ostmark"] == [f.original.side for f in load_fetched(folder)]


@pytest.mark.parametrize("entry, expected", [
    ({"side": "moon", "url": "https://example.org/a", "publisher": "P", "language": "en", "licence": "x"}, "originals[0].side"),
    ({"side": "veloria", "url": "example.org/a", "publisher": "P", "language": "en", "licence": "x"}, "originals[0].url"),
    ({"side": "veloria", "url": "https://example.org/a", "language": "en"}, "missing publisher, licence"),
    ("https://example.org/a", "originals[0]: expected {side"),
])
def test_bad_originals_entry_is_one_line(tmp_path, entry, expected):
    """A wrong originals: entry names case.yml, the field and the fix, in one line."""
    folder = _write_course(tmp_path / "course", [entry])
    with pytest.raises(KitError) as err:
        originals_of(folder)
    assert 1 == len(str(err.value).splitlines())
    assert "case.yml" in str(err.value) and expected in str(err.value)


def test_no_originals_listed_is_one_line(tmp_path):
    """Fetching a case that lists none says what to add."""
    folder = _write_course(tmp_path / "course", [])
    with pytest.raises(KitError) as err:
        fetch_originals(folder)
    assert "originals: none listed" in str(err.value)


def test_passages_are_sentences_and_adjacent_pairs_with_exact_offsets():
    """Every passage is the original's text at its offsets; a pair spans two sentences of one paragraph."""
    text = "First one here. Second one here.\nThird, alone."
    spans = passages(Original("a", text, "u"))
    assert ["First one here.", "Second one here.", "First one here. Second one here.", "Third, alone."] == [p.text for p in spans]
    assert all(text[p.start:p.end] == p.text for p in spans)


def test_own_side_wins_over_the_other_side():
    """A claim close to both originals is found on its own side, not carried across."""
    result = trace([("A1", "a", "The ministers met in May.")],
                   [Original("a", "The ministers met in May."), Original("b", "The ministers met in May.")])
    assert ("found", "a") == (result[0].status, result[0].passage.side)


def test_lesson_tables_before_and_after_fetching(course):
    """Lesson 06's view: before fetching, no table and the one line that fetches; after, each claim
    beside its passage with what the source did to it."""
    from kit.case import originals as og
    from kit.case.load import load_case

    case = load_case(CASE)
    assert og.beside(case) is None
    assert og.fetch_status(case).endswith(f"kit originals fetch --case {CASE}")
    main(["originals", "fetch", "--case", CASE])
    table = og.beside(case)
    assert [c for c, *_ in CLAIMS] == list(table["claim"])
    assert set(og.MOVES.values()) == set(table["what the source did"])
    assert og.fetch_status(case).startswith("All 2 originals are fetched on this machine")
