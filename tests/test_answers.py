"""Answers files: load, validate, save atomically; every bad file refused in one line."""

import json
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.answers.parse import FORMAT, MAX_BYTES, VERSION, Answers, Link, load_answers, parse_answers, save_answers
from kit.errors import KitError
from kit.answers.reference_answers import reference_answers


def good(**changes):
    data = {"format": FORMAT, "version": VERSION, "case": "tiny", "learner": "alice", "updated": None,
            "tags": {"K01": {"topic": "bilateral_relations", "claim_type": "assessment"}},
            "links": [{"a": "K01", "b": "C01", "match": "attribution_shifted"}]}
    data.update(changes)
    return data


def refusal(path, case):
    with pytest.raises(KitError) as info:
        load_answers(path, case)
    return info.value


# Each bad file: its bytes, and words its single error line must contain (the field and the fix).
BAD_FILES = {
    "not json": (b"{tags: K01", ["not valid JSON", "hand in the .json file"]),
    "empty": (b"", ["not valid JSON"]),
    "not utf-8": (b'{"learner": "\xff"}', ["not UTF-8"]),
    "a list": (b"[1, 2]", ["expected a JSON object"]),
    "wrong format": (json.dumps(good(format="jupyter")).encode(), ["format", "expected 'readout-kit/answers'"]),
    "wrong version": (json.dumps(good(version=2)).encode(), ["version", "reads version 1"]),
    "version true": (json.dumps(good(version=True)).encode(), ["version", "True"]),
    "version 1.0": (json.dumps(good(version=1.0)).encode(), ["version", "1.0"]),
    "wrong case": (json.dumps(good(case="other")).encode(), ["case", "'other'", "--case"]),
    "no learner": (json.dumps(good(learner="")).encode(), ["learner", "name or ID"]),
    "learner not text": (json.dumps(good(learner=7)).encode(), ["learner", "not a string"]),
    "learner with newline": (json.dumps(good(learner="al\nice")).encode(), ["learner", "not a plain name"]),
    "learner too long": (json.dumps(good(learner="a" * 500)).encode(), ["learner", "at most 200"]),
    "learner lone surrogate": (b'{"format": "readout-kit/answers", "version": 1, "case": "tiny", "learner": "\\ud800"}',
                               ["learner", "not a plain name"]),
    "unknown claim": (json.dumps(good(tags={"K99": {"topic": "bilateral_relations"}})).encode(), ["tags.K99", "unknown claim ID", "K01"]),
    "claim key with newline": (json.dumps(good(tags={"K0\n1": {}})).encode(), ["tags.'K0\\n1'", "unknown claim ID"]),
    "unknown dimension": (json.dumps(good(tags={"K01": {"mood": "happy"}})).encode(), ["tags.K01.mood", "unknown dimension", "topic"]),
    "unknown value": (json.dumps(good(tags={"K01": {"topic": "econ"}})).encode(), ["tags.K01.topic", "'econ' is not a topic", "economy_energy"]),
    "value wrong type": (json.dumps(good(tags={"K01": {"topic": 3}})).encode(), ["tags.K01.topic", "3 is not a topic"]),
    "value a list": (json.dumps(good(tags={"K01": {"topic": ["economy_energy"]}})).encode(), ["tags.K01.topic", "is not a topic"]),
    "claim not an object": (json.dumps(good(tags={"K01": "economy_energy"})).encode(), ["tags.K01", "expected an object"]),
    "tags not an object": (json.dumps(good(tags=["K01"])).encode(), ["tags", "expected an object"]),
    "links not a list": (json.dumps(good(links={"a": "K01"})).encode(), ["links", "expected a list"]),
    "link not an object": (json.dumps(good(links=["K01-C01"])).encode(), ["links[0]", "expected"]),
    "link to unknown claim": (json.dumps(good(links=[{"a": "K01", "b": "C09", "match": "matched"}])).encode(), ["links[0].b", "'C09'"]),
    "link on one side": (json.dumps(good(links=[{"a": "K01", "b": "K02", "match": "matched"}])).encode(), ["links[0]", "same side"]),
    "link bad match": (json.dumps(good(links=[{"a": "K01", "b": "C01", "match": "same"}])).encode(), ["links[0].match", "'same'", "matched"]),
    "NaN": (json.dumps(good()).replace('"updated": null', '"updated": NaN').encode(), ["not valid JSON", "NaN"]),
    "Infinity": (json.dumps(good()).replace('"version": 1', '"version": Infinity').encode(), ["not valid JSON", "Infinity"]),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, ["not valid JSON"]),
    "deep nesting in a value": (json.dumps(good()).replace('"updated": null', '"updated": ' + "[" * 50_000 + "]" * 50_000).encode(),
                                ["not valid JSON"]),
    "huge value in a field": (json.dumps(good(format="x" * 100_000)).encode(), ["format", "..."]),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_refused_in_one_line(name, tiny_case, tmp_path):
    """Every kind of bad answers file is refused with one short line naming the file, the field and the fix."""
    content, words = BAD_FILES[name]
    path = tmp_path / "alice.json"
    path.write_bytes(content)
    err = refusal(path, tiny_case)
    assert 1 == len(err.problems)
    line = err.problems[0]
    assert [] == [w for w in words if w not in line]
    assert line.startswith(f"{path}: ")
    assert "\n" not in line
    assert len(line) < 400


def test_over_size_limit_refused(tiny_case, tmp_path):
    """A file over 1 MiB is refused before it is parsed, in one line naming the limit."""
    path = tmp_path / "big.json"
    path.write_bytes(b" " * MAX_BYTES + b"{}")
    assert [f"{path}: over the 1,048,576-byte limit; hand in the answers file the kit saved"] == refusal(path, tiny_case).problems


def test_missing_file_and_folder_refused(tiny_case, tmp_path):
    """A path that is missing or a folder is refused in one line, not a traceback."""
    assert [f"{tmp_path / 'nope.json'}: file not found; check the path"] == refusal(tmp_path / "nope.json", tiny_case).problems
    assert [f"{tmp_path}: is a folder; give an answers .json file"] == refusal(tmp_path, tiny_case).problems


def test_byte_order_mark_accepted(tiny_case, tmp_path):
    """A UTF-8 byte-order mark (as Windows editors write) is accepted."""
    path = tmp_path / "alice.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good()).encode())
    assert "alice" == load_answers(path, tiny_case).learner


def test_partial_answers_valid(tiny_case, tmp_path):
    """A file tagging some claims on some dimensions, with untagged nulls and no links, is valid."""
    path = tmp_path / "alice.json"
    path.write_text(json.dumps(good(tags={"K01": {"topic": "bilateral_relations", "voice": None}, "C02": {}}, links=[])))
    answers = load_answers(path, tiny_case)
    assert ({"K01": {"topic": "bilateral_relations"}}, []) == (answers.tags, answers.links)


def test_links_normalised_to_first_side(tiny_case):
    """A link drawn from the second side is stored with the first side's claim as ``a``; the last word on a pair wins."""
    data = good(links=[{"a": "C01", "b": "K01", "match": "partial"}, {"a": "K01", "b": "C01", "match": "matched"}])
    assert [Link("K01", "C01", "matched")] == parse_answers(data, tiny_case).links


def test_answers_share_no_object_with_the_data_they_came_from(tiny_case):
    """A board edits its answers: the JSON handed to parse_answers keeps its tags whatever happens to
    them, unless the caller says the data is fresh (read for the call alone: grading)."""
    data = good(tags={"K01": {"topic": "bilateral_relations"}, "C01": {"voice": "narrator"}})
    answers = parse_answers(data, tiny_case)
    answers.tags["K01"]["topic"] = "global_order"
    answers.tags.pop("C01")
    assert {"K01": {"topic": "bilateral_relations"}, "C01": {"voice": "narrator"}} == data["tags"]
    assert parse_answers(data, tiny_case, fresh=True).tags is data["tags"]  # grading's data: no copy


def test_reference_round_trips(seed_case, tmp_path):
    """The real case's reference, saved and loaded again, gives the same answers."""
    answers = parse_answers(reference_answers(seed_case), seed_case)
    loaded = load_answers(save_answers(answers, tmp_path / "ref.json"), seed_case)
    assert (answers.tags, answers.links, answers.learner) == (loaded.tags, loaded.links, loaded.learner)


def test_save_is_atomic_and_leaves_no_temp_file(tiny_case, tmp_path):
    """Saving writes the whole file under its name, leaves no temporary file, and keeps normal permissions."""
    folder = tmp_path / "hand-in"
    path = save_answers(Answers("tiny", "alice", {"K01": {"topic": "bilateral_relations"}}), folder / "alice.json")
    assert ["alice.json"] == sorted(os.listdir(folder))
    assert "alice" == load_answers(path, tiny_case).learner
    mask = os.umask(0)
    os.umask(mask)
    assert 0o666 & ~mask == stat.S_IMODE(path.stat().st_mode)


def test_failed_save_keeps_the_old_file(tiny_case, tmp_path, monkeypatch):
    """If the final rename fails, the previous file is intact and the temporary file is removed."""
    path = save_answers(Answers("tiny", "alice", {"K01": {"topic": "bilateral_relations"}}), tmp_path / "out" / "alice.json")
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_answers(Answers("tiny", "alice", {"K02": {"topic": "global_order"}}), path)
    assert (["alice.json"], before) == (sorted(os.listdir(path.parent)), path.read_bytes())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
claim_ids = st.sampled_from(["K01", "K02", "C01", "C02", "K99", "", "k01"])
dims = st.sampled_from(["topic", "claim_type", "voice", "coverage", "mood"])
values = st.sampled_from(["bilateral_relations", "assessment", "xi", "both", "china_only", "econ", ""]) | json_values
answers_like = st.fixed_dictionaries(
    {"format": st.just(FORMAT) | json_values, "version": st.just(1) | json_values, "case": st.just("tiny") | json_values,
     "learner": st.text(max_size=10) | json_values,
     "tags": st.dictionaries(claim_ids, st.dictionaries(dims, values, max_size=5) | json_values, max_size=5) | json_values,
     "links": st.lists(st.fixed_dictionaries({"a": claim_ids | json_values, "b": claim_ids | json_values,
                                              "match": st.sampled_from(["matched", "partial", "x"]) | json_values}) | json_values,
                       max_size=4) | json_values})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=json_values | answers_like)
def test_arbitrary_json_raises_only_kit_errors(tiny_case, data):
    """Any JSON value, shaped like an answers file or not, is either accepted or refused with one-line KitErrors."""
    try:
        answers = parse_answers(data, tiny_case, "f.json")
    except KitError as err:
        assert all("\n" not in line and line.startswith("f.json") for line in err.problems)
    else:
        assert isinstance(answers, Answers)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_bytes_raise_only_kit_errors(tiny_case, tmp_path, content):
    """Any bytes on disk are either a valid answers file or refused with a KitError, never another exception."""
    path = tmp_path / "f.json"
    path.write_bytes(content)
    try:
        load_answers(path, tiny_case)
    except KitError as err:
        assert 1 == len(err.problems)


def test_an_answers_file_read_from_a_pipe_is_read_whole(tmp_path):
    """`kit check <(kit reference --format json)`: a FIFO has no size, and is still read to its end."""
    import os
    import threading

    from kit.io.jsonfile import read_json

    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    payload = b'{"learner": "ada", "tags": {}}'
    writer = threading.Thread(target=lambda: fifo.write_bytes(payload))
    writer.start()
    assert {"learner": "ada", "tags": {}} == read_json(fifo, 1024, "answers")
    writer.join()
