"""Fuzzing: hostile answers files through load → check → grade, each graded or refused in one line.

The default run tries a few hundred generated files so the suite stays fast; set
``READOUT_KIT_FUZZ_EXAMPLES=10000`` (or run ``benchmarks/fuzz.py``) for the full campaign whose
figures SECURITY.md quotes. Files are generated as bytes, so the hostile cases include what no
JSON library would write: invalid UTF-8, byte-order marks, duplicate keys, NaN, truncation.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.answers.parse import FORMAT, MAX_BYTES, MAX_LEARNER, VERSION, load_answers
from kit.case.load import Case, load_case
from kit.cli import _check_report
from kit.errors import KitError
from kit.judge.grading import grade_files, grades_csv
from kit.answers.reference_answers import reference_answers
from kit.judge.scoring import score

from conftest import SEED_CASE

EXAMPLES = int(os.environ.get("READOUT_KIT_FUZZ_EXAMPLES", "300"))
OUTCOMES: Counter[str] = Counter()  # "graded" / "refused": read by benchmarks/fuzz.py for its figures


@lru_cache(maxsize=1)
def case() -> Case:
    return load_case(SEED_CASE)  # the seed's case: 26 claims, two sides, the real taxonomy


@lru_cache(maxsize=1)
def reference() -> dict:
    return reference_answers(case())


# --- hostile content ---------------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=20) | st.sampled_from(["", " ", "\x00", "\u202e", "\ud800", "<script>", "=1+1", "K01 "]))
json_values = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
                           max_leaves=15)
huge_strings = st.integers(1_000, 300_000).map(lambda n: "x" * n)
hostile = json_values | huge_strings | st.integers(min_value=2**63, max_value=2**70) | st.integers(max_value=-(2**63))


@st.composite
def claim_ids(draw):
    known = list(case().claims.index)
    return draw(st.sampled_from(known) | st.sampled_from(["K00", "K99", "C999", "k01", "", "K01\n", "__proto__"]) | st.text(max_size=8))


@st.composite
def documents(draw):
    """An answers document: the reference (or a part of it), then a few hostile edits."""
    doc = json.loads(json.dumps(reference()))
    for extra in ("rationale", "alternatives", "link_rationale"):
        doc.pop(extra, None)
    keep = draw(st.sets(st.sampled_from(sorted(doc["tags"])), max_size=len(doc["tags"])))
    doc["tags"] = {k: v for k, v in doc["tags"].items() if k in keep}
    doc["links"] = doc["links"][: draw(st.integers(0, len(doc["links"])))]
    for _ in range(draw(st.integers(0, 4))):
        edit = draw(st.sampled_from(["field", "drop", "format", "version", "case", "learner", "tag", "dimension",
                                     "value", "claim", "link", "links", "tags"]))
        if edit == "field":
            doc[draw(st.sampled_from(["format", "version", "case", "learner", "updated", "tags", "links", "extra"]))] = draw(hostile)
        elif edit == "drop":
            doc.pop(draw(st.sampled_from(["format", "version", "case", "learner", "updated", "tags", "links"])), None)
        elif edit == "format":
            doc["format"] = draw(st.sampled_from(["readout-kit/answer", "READOUT-KIT/ANSWERS", "jupyter", FORMAT + " "]))
        elif edit == "version":
            doc["version"] = draw(st.sampled_from([0, 2, -1, 1.0, True, "1", None, 10**30]))
        elif edit == "case":
            doc["case"] = draw(st.sampled_from(["tiny", "xi-putin-2026-02-05", "", None, case().id.upper()]))
        elif edit == "learner":
            doc["learner"] = draw(st.text(max_size=10) | st.just("a" * (MAX_LEARNER + 1)) | st.sampled_from(
                ["", "  ", "al\nice", "al\x00ice", "\ud800", "<img src=x onerror=alert(1)>", "=cmd|' /C calc'!A0", "@SUM(1)"]))
        elif edit in ("tag", "dimension", "value") and isinstance(doc.get("tags"), dict):
            cid = draw(claim_ids())
            dims = doc["tags"].setdefault(cid, {}) if isinstance(doc["tags"].get(cid, {}), dict) else {}
            dim = draw(st.sampled_from(["topic", "claim_type", "voice", "coverage", "mood", ""])) if edit != "dimension" else draw(st.text(max_size=6))
            dims[dim] = draw(st.sampled_from(case().values("topic") + case().values("voice") + ["", "econ"]) | hostile)
            doc["tags"][cid] = dims
        elif edit == "claim" and isinstance(doc.get("tags"), dict):
            doc["tags"][draw(claim_ids())] = draw(hostile)
        elif edit == "link" and isinstance(doc.get("links"), list):
            link = {"a": draw(claim_ids() | hostile), "b": draw(claim_ids() | hostile),
                    "match": draw(st.sampled_from(list(case().taxonomy.link_match.values) + ["same", ""]) | hostile)}
            doc["links"].append(draw(st.just(link) | hostile))
        elif edit in ("links", "tags"):
            doc[edit] = draw(hostile)
    return doc


@st.composite
def hostile_files(draw) -> bytes:
    """Bytes for one answers file: a document, serialised, then perhaps damaged on the way to disk."""
    text = json.dumps(draw(documents()), ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    damage = draw(st.sampled_from(["none"] * 4 + ["duplicate", "nan", "deep", "truncate", "bad-utf8", "bom", "utf16",
                                                  "garbage", "oversize", "not-object"]))
    if damage == "duplicate":  # a key given twice, at the top or inside tags
        key = draw(st.sampled_from(['"learner": "mallory", ', '"tags": {}, ', '"version": 1, ', '"format": "x", ']))
        text = text.replace("{", "{" + key, 1) if draw(st.booleans()) or '"tags": {' not in text else \
            text.replace('"tags": {', '"tags": {"K01": {}, "K01": {}, ', 1)
    elif damage == "nan":
        token = draw(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
        text = text.replace('"version": 1', f'"version": {token}', 1) if draw(st.booleans()) else text.replace("{", f'{{"updated": {token}, ', 1)
    elif damage == "deep":
        depth = draw(st.sampled_from([50, 1_000, 10_000, 100_000]))
        nest = "[" * depth + "]" * depth if draw(st.booleans()) else '{"a":' * depth + "0" + "}" * depth
        text = text.replace("{", '{"deep": ' + nest + ", ", 1)
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates survive as (invalid) UTF-8 bytes
    if damage == "truncate":
        data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    elif damage == "bad-utf8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80"])) + data[at:]
    elif damage == "bom":
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + data
    elif damage == "utf16":
        data = text.encode("utf-16", "surrogatepass")
    elif damage == "garbage":
        data = draw(st.binary(max_size=300))
    elif damage == "oversize":
        data = data + b" " * (MAX_BYTES + 1 - len(data) + draw(st.integers(0, 1000)))
    elif damage == "not-object":
        data = json.dumps(draw(json_values)).encode()
    return data


# --- the property ------------------------------------------------------------------------------

def one_line(line: str, path: Path) -> bool:
    return line.startswith(f"{path}: ") and "\n" not in line and "\r" not in line and len(line) < 500


def through_the_kit(content: bytes, folder: Path) -> str:
    """Load → check → grade one file; return "graded" or "refused", failing on anything else."""
    path = folder / "learner.json"
    path.write_bytes(content)
    try:
        answers = load_answers(path, case())
    except KitError as err:
        assert 1 == len(err.problems), err.problems
        assert one_line(err.problems[0], path), err.problems[0]
        outcome, refusal = "refused", err.problems[0]
    else:
        result = score(case(), answers)
        _check_report(result)  # kit check's readable report
        json.dumps(result.to_dict(), ensure_ascii=False)  # kit check --json
        outcome, refusal = "graded", None
    batch = grade_files(case(), [path])  # kit grade: the same verdict, the same line
    if outcome == "graded":
        assert ([answers.learner], []) == ([g.learner for g in batch.graded], batch.failed)
        graded = batch.graded[0]  # grading's fast path gives kit check's numbers, exactly
        assert (result.overall, tuple(d.accuracy for d in result.dimensions.values()), result.links.f1) == \
            (graded.overall, graded.accuracy, graded.links_f1)
        assert (answers.tags, answers.links) == (graded.answers.tags, graded.answers.links)
        for lms in (None, "canvas", "moodle"):
            grades_csv(case(), batch, lms)
    else:
        assert ([], [refusal]) == (batch.graded, batch.failed)
    OUTCOMES[outcome] += 1
    return outcome


@lru_cache(maxsize=1)
def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="fuzz-answers-"))


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content=hostile_files())
def test_hostile_answers_files_graded_or_refused_in_one_line(content):
    """Any generated hostile answers file is either graded or refused with one line naming the file."""
    through_the_kit(content, scratch())


def test_fuzzer_reaches_both_outcomes(tmp_path):
    """The generator makes files the kit accepts as well as files it refuses (else the fuzzing proves little)."""
    assert "graded" == through_the_kit(json.dumps(reference()).encode(), tmp_path)
    assert "refused" == through_the_kit(b'{"format": "readout-kit/answers", "format": "x"}', tmp_path)


def test_duplicate_key_refused_naming_the_key(tmp_path):
    """A key given twice is refused in one line naming the key: parsers disagree on which one wins."""
    path = tmp_path / "alice.json"
    text = json.dumps(reference()).replace('{', '{"learner": "mallory", ', 1)
    path.write_text(text)
    try:
        load_answers(path, case())
    except KitError as err:
        assert [f"{path}: the key 'learner' appears twice in one object; keep one (hand in the .json file the kit saved)"] == err.problems
    else:
        raise AssertionError("a duplicate key was accepted")


# --- duplicate keys: the plain parse and its proof agree with the careful decoder ------------------

# Small alphabets, so keys repeat often, and strings hold colons, quotes, backslashes and non-ASCII.
TRICKY = st.text(alphabet=st.sampled_from(['a', 'b', ':', '"', '\\', 'é', ' ', '\n', '\ud800']), max_size=4)
json_trees = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TRICKY.map(lambda t: ("str", t)),
    lambda kids: st.lists(kids, max_size=4).map(lambda items: ("list", items))
    | st.lists(st.tuples(TRICKY | st.sampled_from(["a", "a:", ":"]), kids), max_size=4).map(lambda pairs: ("obj", pairs)),
    max_leaves=20)


@st.composite
def json_texts(draw, tree=json_trees):
    """JSON text written by hand from a tree whose objects may repeat a key, with any spacing, and any
    colon in a string perhaps written as the escape \\u003a (or \\u003A)."""
    def space() -> str:
        return draw(st.sampled_from(["", " ", "\n", "\t", " \r\n "]))

    def string(text: str) -> str:
        written = json.dumps(text, ensure_ascii=draw(st.booleans()))
        return "".join(draw(st.sampled_from([":", "\\u003a", "\\u003A"])) if c == ":" else c for c in written)

    def write(node) -> str:
        if isinstance(node, tuple) and node[0] == "str":
            return string(node[1])
        if isinstance(node, tuple) and node[0] == "list":
            return "[" + space() + ("," + space()).join(write(kid) for kid in node[1]) + space() + "]"
        if isinstance(node, tuple):
            return "{" + space() + ",".join(f"{space()}{string(k)}{space()}:{space()}{write(v)}" for k, v in node[1]) + "}"
        return json.dumps(node)

    return space() + write(draw(tree)) + space()


def _parsed(decode, text):
    try:
        return "parsed", repr(decode(text))  # repr: the same values, in the same order
    except (ValueError, RecursionError) as err:
        return type(err).__name__, str(err)


@settings(max_examples=EXAMPLES * 3, deadline=None, database=None)
@given(text=json_texts())
def test_plain_parse_with_its_proof_is_the_careful_decoder(text):
    """kit.io.jsonfile.loads parses plainly and keeps the result only when its count proves no key was
    given twice: whatever the text, it returns or refuses exactly as the careful decoder does."""
    from kit.io import jsonfile

    careful = _parsed(jsonfile._DECODER.decode, text)
    assert careful == _parsed(jsonfile.loads, text)
    plain = _parsed(jsonfile._PLAIN.decode, text)
    if careful[0] == "_DuplicateKey" and plain[0] == "parsed":  # the proof never passes a duplicate
        assert not jsonfile._no_duplicate_keys(text, jsonfile._PLAIN.decode(text))


def test_answers_files_take_the_plain_parse(tmp_path):
    """The proof covers learners' answers files as the kit writes them, or hands may (else grading
    would parse each file twice): a synthetic class with untagged claims, the reference's tags and
    links with a colon in the learner's name, compact, indented or ASCII-escaped."""
    from kit.io import jsonfile
    from kit.judge.synthetic import synthetic_class, write_class

    files = write_class(synthetic_class(case(), 50, seed=3, untagged=0.2), tmp_path)
    mine = {k: v for k, v in reference().items() if k not in ("rationale", "alternatives", "link_rationale")}
    for doc in [{**mine, "learner": "Ana: group 2"}, *(json.loads(path.read_text()) for path in files)]:
        for text in (json.dumps(doc, ensure_ascii=False, indent=1), json.dumps(doc), json.dumps(doc, separators=(",", ":"))):
            assert jsonfile._no_duplicate_keys(text, jsonfile._PLAIN.decode(text)), text[:200]


def test_duplicate_key_hidden_by_an_escaped_colon_is_still_refused():
    """The case the escape rule is for: dropping `"a": 1` loses one pair, and the escaped colon adds
    one colon to the strings kept, so the counts alone would balance."""
    from kit.io import jsonfile

    for text in ('{"a": 1, "a": "\\u003a"}', '{"a\\u003a": 1, "a:": 2}', '{"a": "b:", "a": "c"}', '[{"x": {"y": 1}, "x": 2}]'):
        assert not jsonfile._no_duplicate_keys(text, jsonfile._PLAIN.decode(text)), text
        try:
            jsonfile.loads(text)
        except jsonfile._DuplicateKey:
            pass
        else:
            raise AssertionError(f"a duplicate key was accepted: {text}")


def test_grading_a_synthetic_class_agrees_with_check(tmp_path):
    """Every learner of a synthetic class gets from `kit grade` exactly the numbers `kit check` gives,
    and the class report's one-pass alpha equals the krippendorff package's on the full matrix."""
    from kit.report.class_report import krippendorff_alpha, summarise
    from kit.judge.synthetic import synthetic_class, write_class

    files = write_class(synthetic_class(case(), 300, seed=8, untagged=0.1), tmp_path)
    batch = grade_files(case(), files)
    assert (300, []) == (len(batch.graded), batch.failed)
    scores = [score(case(), load_answers(g.path, case())) for g in batch.graded]
    assert [(s.learner, s.overall, tuple(d.accuracy for d in s.dimensions.values()), s.links.f1) for s in scores] == \
        [(g.learner, g.overall, g.accuracy, g.links_f1) for g in batch.graded]
    summary = summarise(case(), (g.score for g in batch.graded))
    for dim in case().dimensions:
        assert abs(krippendorff_alpha(case(), scores, dim) - summary.alpha[dim]) < 1e-9


# --- the compiled decoder: on what it accepts, what Python's json gives -------------------------------

# Tokens where two JSON decoders could part: numbers at the edges of int64 and of a double, exponents,
# signed zeros, leading zeros; string escapes (surrogate pairs, lone surrogates, control characters
# written raw or escaped, non-characters); spacing JSON allows and spacing it does not; literals
# misspelled; commas and brackets out of place.
NUMBERS = st.one_of(
    st.integers().map(str),
    st.sampled_from(["9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
                     "1e308", "1e309", "-1e400", "1e-400", "4.9e-324", "2.4703282292062328e-324", "-0", "-0.0",
                     "0e0", "1E+2", "1e-2", "01", "-", "1.", ".5", "+1", "1.5e", "0x10", "1_000", "NaN", "-Infinity"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.tuples(st.integers(-10**30, 10**30), st.integers(0, 10**20), st.integers(-400, 400))
      .map(lambda t: f"{t[0]}.{t[1]}e{t[2]}"))
ESCAPES = st.sampled_from(['\\n', '\\"', '\\\\', '\\/', '\\u0000', '\\u001f', '\\ud83d\\ude00', '\\ud800', '\\udc00',
                           '\\ud800\\u0041', '\\uffff', '\\u003a', '\\x41', '\\U0001', '\\u12', '\\'])
RAW = st.sampled_from(['a', ':', 'é', '\x00', '\x1f', '\x7f', '\u2028', '\ufeff', '😀', '\ud800', ' ', '\t'])
STRINGS = st.lists(ESCAPES | RAW, max_size=5).map(lambda parts: '"' + "".join(parts) + '"')
LITERALS = st.sampled_from(["true", "false", "null", "True", "nul", "tru e"])
SPACES = st.sampled_from(["", " ", "\n", "\r\n", "\t", "\x0c", "\xa0", "\u3000", "\ufeff"])
JSON_TOKENS = st.recursive(
    NUMBERS | STRINGS | LITERALS,
    lambda kids: st.lists(kids, max_size=4).map(lambda items: "[" + ",".join(items) + "]")
    | st.lists(st.tuples(STRINGS, kids), max_size=4).map(lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}")
    | st.tuples(kids, st.sampled_from([",", "]", "}", ":", "[", ""])).map("".join),
    max_leaves=12)


@settings(max_examples=EXAMPLES * 3, deadline=None, database=None)
@given(text=st.tuples(SPACES, JSON_TOKENS, SPACES).map("".join))
def test_compiled_decoder_gives_what_json_gives_on_what_it_accepts(text):
    """kit.io.jsonfile parses with msgspec first and falls back to Python's json on whatever msgspec
    refuses. So msgspec may be stricter, never different: whenever it accepts a text, Python's json
    (as the kit configures it) accepts it too and builds the same values — same types (1, 1.0 and True
    apart; -0.0 apart from 0.0), same strings, same keys in the same order."""
    from kit.io import jsonfile

    fast = _parsed(jsonfile._FAST.decode, text)
    if fast[0] == "parsed":
        assert fast == _parsed(jsonfile._PLAIN.decode, text), text


def test_compiled_decoder_is_stricter_where_the_two_differ():
    """The texts where msgspec and Python's json part, each refused by msgspec (then decided by json
    as before: 1e400 is a float infinity to json, a lone surrogate escape a string)."""
    from kit.io import jsonfile

    for text in ('1e400', '"\\ud800"', '"\\udc00x"', 'NaN', '{"a": "\ud800"}'):
        assert _parsed(jsonfile._FAST.decode, text)[0] != "parsed", text
    assert jsonfile.loads('[1e400, "\\ud800"]') == [float("inf"), "\ud800"]  # as before msgspec
