"""`kit validate`, `kit claims` and `kit reference`: exit codes, formats and one-line errors."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main

from conftest import SEED_CASE

ROOT = Path(__file__).resolve().parent.parent


def test_validate_passes_on_the_seed_case(capsys):
    """The shipped case is valid: exit 0 and a one-line summary."""
    assert 0 == main(["validate"])
    assert "xi-putin-2026-02-04: valid — 26 claims" in capsys.readouterr().out


def test_validate_fails_with_one_line_per_problem(tmp_path, monkeypatch, capsys):
    """A broken case exits 1 and prints each problem on its own line, naming file and field."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("READOUT_KIT_ROOT", str(tmp_path))
    ref = tmp_path / "data/cases/xi-putin-2026-02-04/reference.yml"
    ref.write_text(ref.read_text(encoding="utf-8").replace("value: courtesy", "value: politeness"), encoding="utf-8")
    assert 1 == main(["validate"])
    err = capsys.readouterr().err.splitlines()
    assert 2 == len(err)  # C02 and C03 were both `courtesy`
    assert all(line.startswith("error: ") and "claim_type: 'politeness' is not a claim_type" in line for line in err)


def test_unknown_case_exits_1(capsys):
    """--case with an unknown ID is bad input: exit 1 and the known cases."""
    assert 1 == main(["validate", "--case", "nope"])
    err = capsys.readouterr().err
    assert "no such case; known cases: " in err and "xi-putin-2026-02-04" in err


def test_usage_error_exits_2(capsys):
    """An unknown command or format is a usage error: exit 2."""
    with pytest.raises(SystemExit) as info:
        main(["claims", "--format", "xml"])
    assert 2 == info.value.code


def test_claims_json_has_the_contract_fields(capsys):
    """`kit claims --format json` lists objects with id, side, section, start, end, text."""
    assert 0 == main(["claims", "--format", "json"])
    claims = json.loads(capsys.readouterr().out)
    assert 26 == len(claims)
    assert {"id": "K10", "side": "kremlin", "section": "Future Plans"} == {k: claims[9][k] for k in ("id", "side", "section")}
    assert {"id", "side", "section", "start", "end", "text"} <= set(claims[0])
    assert isinstance(claims[0]["start"], int)


def test_claims_csv_round_trips_the_text(capsys):
    """CSV output quotes text with commas so it reads back whole."""
    import csv
    import io
    assert 0 == main(["claims", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "Xi invited Putin to visit China in the first half of 2026, and Putin accepted." == rows[-3]["text"]


def test_reference_is_an_answers_file_with_reasons(capsys):
    """`kit reference --format json` is a valid answers file carrying rationale and alternatives."""
    from kit import load_case
    from kit.answers.parse import parse_answers
    assert 0 == main(["reference", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    answers = parse_answers(data, load_case(SEED_CASE), "reference")
    assert 26 == len(answers.tags)
    assert 5 == len(data["links"])  # required links only; optional ones are in link_rationale
    assert ["commitment"] == data["alternatives"]["K01"]["claim_type"]
    assert "Xi alone" in data["rationale"]["C05"]["voice"]


def test_python_dash_m_kit_works():
    """`python -m kit` is the same command as `kit`."""
    result = subprocess.run([sys.executable, "-m", "kit", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert 0 == result.returncode
    assert "" == result.stderr


def test_empty_case_id_is_one_line(capsys):
    """--case "" is bad input, not a traceback."""
    assert 1 == main(["claims", "--case", ""])
    assert "error: --case: empty; give a case ID" in capsys.readouterr().err


def test_check_reads_an_answers_file_from_a_pipe(tmp_path, capsys):
    """`kit check <(kit reference --format json)`: the file is read once, so a pipe works too."""
    import os
    import threading

    from kit.cli import main as kit_main

    assert 0 == kit_main(["reference", "--format", "json"])
    payload = capsys.readouterr().out.encode("utf-8")
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(payload))
    writer.start()
    assert 0 == kit_main(["check", str(fifo)])
    writer.join()
    assert "overall score 100%" in capsys.readouterr().out
