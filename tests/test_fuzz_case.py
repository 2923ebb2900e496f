"""Fuzzing `kit validate`: hostile case files (case.yml, claims.csv, reference.yml) end in exit 0 or 1
with one `error:` line per problem — never a traceback.

Case data is written by instructors and trusted not to be malicious (SECURITY.md), but a typo or a
half-saved file must still get a line that says what to fix. ``READOUT_KIT_FUZZ_EXAMPLES`` scales
this test like the answers fuzzing (a tenth of it: every example loads a whole case);
``READOUT_KIT_FUZZ_CASE_EXAMPLES`` sets it directly.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.cli import main


def _tests_conftest():
    """tests/conftest.py by path: another folder's conftest may be the one named `conftest`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_readout_tests_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TINY_REFERENCE, TINY_SEED = _tests_conftest().TINY_REFERENCE, _tests_conftest().TINY_SEED

EXAMPLES = int(os.environ.get("READOUT_KIT_FUZZ_CASE_EXAMPLES")
               or max(50, int(os.environ.get("READOUT_KIT_FUZZ_EXAMPLES", "300")) // 10))
TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yml"

CASE_YML = ("id: tiny\ntitle: A tiny case\ndate: '2026-01-01'\nsource: seeds/tiny.txt\nsides:\n"
            "  - {id: kremlin, label: Kremlin, prefix: K}\n  - {id: china, label: China, prefix: C}\n")


def claims_csv() -> str:
    rows = ["id,side,section,start,end,text"]
    for claim_id, side, text in [("K01", "kremlin", "The leaders praised the ties."), ("K02", "kremlin", "Putin will visit soon."),
                                 ("C01", "china", "Xi praised the ties."), ("C02", "china", "Xi sent greetings.")]:
        start = TINY_SEED.index(text)
        rows.append(f"{claim_id},{side},Ties,{start},{start + len(text)},{text}")
    return "\n".join(rows) + "\n"


GOOD = {"case.yml": CASE_YML, "claims.csv": claims_csv(), "reference.yml": TINY_REFERENCE}

yaml_scalars = st.sampled_from(["~", "''", "0", "-1", "99999999999999999999999", "1e400", ".nan", "[]", "{}", "[a, b]",
                                "!!binary aGVsbG8=", "2026-01-01", "\"\\0\"", "\"../../etc/passwd\"", "/etc/hostname",
                                "&a [*a]", "yes", "\"\\ud800\"", "'<script>alert(1)</script>'", "!!set {a, b}"])


@st.composite
def damaged(draw, name: str) -> bytes:
    """One case file, damaged: a value swapped for a hostile scalar, lines dropped or shuffled,
    cells changed, the bytes truncated, invalid UTF-8, deep nesting, or plain garbage."""
    text = GOOD[name]
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["value", "drop", "duplicate", "cell", "indent", "none"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if how == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(yaml_scalars)}"
        elif how == "drop":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "cell" and "," in lines[i]:
            cells = lines[i].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(
                ["", "K01", "X9", "kremlin", "moon", "-5", "99999999999999999999999", "1_0", "\u0661", '"', '"a""b', "=1+1",
                 "x" * 200_000]))
            lines[i] = ",".join(cells)
        elif how == "indent":
            lines[i] = "  " * draw(st.integers(1, 4)) + lines[i]
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "truncate", "bad-utf8", "deep", "garbage", "empty", "nul", "bom"]))
    if damage == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "bad-utf8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff\xfe" + data[at:]
    elif damage == "deep":
        depth = draw(st.sampled_from([100, 5_000, 50_000]))
        data += b"deep: " + b"[" * depth + b"]" * depth + b"\n"
    elif damage == "garbage":
        data = draw(st.binary(max_size=400))
    elif damage == "empty":
        data = b""
    elif damage == "nul":
        data = data.replace(b"\n", b"\x00\n", 1)
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


def validate(files: dict[str, bytes]) -> tuple[int, str, str]:
    """Run `kit validate --case tiny` on a scratch course holding ``files``; (exit code, stdout, stderr)."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-case-"))
    try:
        (root / "data" / "cases" / "tiny").mkdir(parents=True)
        (root / "seeds").mkdir()
        (root / "seeds" / "tiny.txt").write_text(TINY_SEED, encoding="utf-8")
        shutil.copy(TAXONOMY, root / "data" / "taxonomy.yml")
        for name, content in files.items():
            (root / "data" / "cases" / "tiny" / name).write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        before = os.environ.get("READOUT_KIT_ROOT")
        os.environ["READOUT_KIT_ROOT"] = str(root)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["validate", "--case", "tiny"])
        finally:
            if before is None:
                del os.environ["READOUT_KIT_ROOT"]
            else:
                os.environ["READOUT_KIT_ROOT"] = before
        return code, out.getvalue(), err.getvalue()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@st.composite
def hostile_cases(draw) -> dict[str, bytes]:
    names = draw(st.sets(st.sampled_from(sorted(GOOD)), min_size=1))
    return {name: draw(damaged(name)) if name in names else GOOD[name].encode() for name in GOOD}


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=hostile_cases())
def test_hostile_case_files_exit_0_or_1_with_lines(files):
    """Whatever the case files hold, `kit validate` exits 0 (valid) or 1 with `error:` lines, never a traceback."""
    code, out, err = validate(files)
    assert code in (0, 1)
    if code == 1:
        lines = err.splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), err[:2000]
    assert "Traceback" not in err


def test_good_case_validates():
    """The undamaged case files validate (so the fuzzing starts from a valid case)."""
    code, out, err = validate({name: text.encode() for name, text in GOOD.items()})
    assert (0, "") == (code, err)


def test_offsets_outside_the_source_refused():
    """A claim offset beyond the source (or beyond 64 bits) is one line, not a pandas traceback."""
    lines = GOOD["claims.csv"].splitlines()
    lines[1] = "K01,kremlin,Ties,99999999999999999999999,99999999999999999999999,"
    code, out, err = validate({**{n: t.encode() for n, t in GOOD.items()}, "claims.csv": ("\n".join(lines) + "\n").encode()})
    assert 1 == code
    assert "K01" in err and "is not a span of the source" in err
