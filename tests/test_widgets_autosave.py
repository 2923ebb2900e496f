"""Autosave: every change is on disk at once, a new board resumes from the file, bad files are kept."""

import json

from kit.answers.parse import load_answers
from kit.widgets import AnswerStore, LinkBoard, TaggingBoard, learner_name


def test_learner_name_prefers_explicit_then_hub_user(monkeypatch):
    """An explicit name wins, then $JUPYTERHUB_USER; either is made safe as a file name."""
    monkeypatch.setenv("JUPYTERHUB_USER", "hub.user")
    assert "alice" == learner_name("alice")
    assert "hub.user" == learner_name()
    assert "a_b_c" == learner_name("a/b c")
    assert "etc_passwd" == learner_name("../etc/passwd")
    assert "learner" == learner_name("../")


def test_learner_name_falls_back_to_login(monkeypatch):
    """Without a name or a hub, the login name is used."""
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "bob")
    assert "bob" == learner_name()


def test_answers_folder_comes_from_the_environment(seed_case, answers_dir):
    """$READOUT_KIT_ANSWERS_DIR decides where answers/<learner>.json lives."""
    store = AnswerStore(seed_case, "alice")
    assert answers_dir / "alice.json" == store.path


def test_every_change_is_saved_at_once(seed_case, answers_dir):
    """Setting a Dropdown writes the answers file before the call returns; it validates."""
    board = TaggingBoard(seed_case, "alice")
    board.dropdowns[("K03", "topic")].value = "economy_energy"
    on_disk = load_answers(answers_dir / "alice.json", seed_case)
    assert {"K03": {"topic": "economy_energy"}} == on_disk.tags
    board.dropdowns[("K03", "topic")].value = ""
    assert {} == load_answers(answers_dir / "alice.json", seed_case).tags


def test_a_new_board_resumes_exactly_from_the_file(seed_case, answers_dir):
    """After a kernel restart, a new board shows the tags and links that were saved."""
    board = TaggingBoard(seed_case, "alice")
    board.dropdowns[("K01", "voice")].value = "both_leaders"
    board.dropdowns[("C13", "claim_type")].value = "meta"
    LinkBoard(seed_case, "alice").store.add_link("C05", "K01", "attribution_shifted")
    again = TaggingBoard(seed_case, "alice")
    assert "both_leaders" == again.dropdowns[("K01", "voice")].value
    assert "meta" == again.dropdowns[("C13", "claim_type")].value
    assert "" == again.dropdowns[("K02", "topic")].value
    assert [("K01", "C05", "attribution_shifted")] == [(k.a, k.b, k.match) for k in again.store.links()]


def test_two_boards_on_one_file_do_not_lose_each_others_work(seed_case, answers_dir):
    """A tagging board and a link board opened separately both end up in the file."""
    tags = TaggingBoard(seed_case, "alice")
    links = LinkBoard(seed_case, "alice")
    links.a.value, links.b.value, links.match.value = "K10", "C11", "matched"
    links.add_button.click()
    tags.dropdowns[("K10", "topic")].value = "visits_and_meetings"
    data = json.loads((answers_dir / "alice.json").read_text())
    assert {"K10": {"topic": "visits_and_meetings"}} == data["tags"]
    assert [{"a": "K10", "b": "C11", "match": "matched"}] == data["links"]


def test_an_unreadable_file_is_moved_aside_never_overwritten(seed_case, answers_dir):
    """A corrupt answers file is kept as <name>.corrupt-<time>; the learner is told in one line."""
    answers_dir.mkdir(parents=True)
    (answers_dir / "alice.json").write_text("{not json", encoding="utf-8")
    board = TaggingBoard(seed_case, "alice")
    kept = list(answers_dir.glob("alice.json.corrupt-*"))
    assert 1 == len(kept)
    assert "{not json" == kept[0].read_text(encoding="utf-8")
    assert "alice.json" in board.notice.value and "\n" not in board.notice.value
    assert kept[0].name in board.notice.value
    board.dropdowns[("K01", "topic")].value = "bilateral_relations"
    assert "{not json" == kept[0].read_text(encoding="utf-8")


def test_an_invalid_value_in_the_file_is_moved_aside(seed_case, answers_dir):
    """Valid JSON with a value the taxonomy does not know is refused and kept, not half-loaded."""
    answers_dir.mkdir(parents=True)
    bad = {"format": "readout-kit/answers", "version": 1, "case": seed_case.id, "learner": "alice",
           "tags": {"K01": {"topic": "econ"}}, "links": []}
    (answers_dir / "alice.json").write_text(json.dumps(bad), encoding="utf-8")
    store = AnswerStore(seed_case, "alice")
    assert {} == store.answers.tags
    assert "'econ' is not a topic" in store.notice
    assert not (answers_dir / "alice.json").exists()


def test_a_file_broken_behind_the_boards_back_is_kept_and_work_goes_on(seed_case, answers_dir):
    """If the file is damaged while a board is open, it is moved aside and the board's work is saved anew."""
    board = TaggingBoard(seed_case, "alice")
    board.dropdowns[("K01", "topic")].value = "bilateral_relations"
    (answers_dir / "alice.json").write_text("oops", encoding="utf-8")
    board.dropdowns[("K02", "topic")].value = "economy_energy"
    assert 1 == len(list(answers_dir.glob("alice.json.corrupt-*")))
    assert {"K01", "K02"} == set(load_answers(answers_dir / "alice.json", seed_case).tags)
    assert "your work here is kept" in board.notice.value


def test_check_counts_links_drawn_in_another_notebook(seed_case, answers_dir):
    """Check on the tagging board scores what the file holds, so it agrees with `kit check`."""
    from kit.cli import main

    board = TaggingBoard(seed_case, "alice")
    other = AnswerStore(seed_case, "alice")  # notebook 03's kernel, same learner
    required = seed_case.links[~seed_case.links["optional"]]
    for row in required.itertuples():
        other.add_link(row.a, row.b, row.match)
    assert 1.0 == board.check().links.f1
    assert 0 == main(["check", str(answers_dir / "alice.json"), "--json"])


def test_a_board_shows_what_another_notebook_saved(seed_case, answers_dir):
    """When the file changed behind it, the board's dropdowns follow the file after any save or check."""
    board = TaggingBoard(seed_case, "alice")
    board.dropdowns[("K01", "topic")].value = "economy_energy"
    other = AnswerStore(seed_case, "alice")
    other.set_tag("K01", "topic", "global_order")
    board.check()
    assert "global_order" == board.dropdowns[("K01", "topic")].value
    assert "global_order" == load_answers(answers_dir / "alice.json", seed_case).tags["K01"]["topic"]


def test_the_store_refuses_an_invalid_tag(seed_case, answers_dir):
    """set_tag checks claim, dimension and value by the answers file's own rule before anything reaches the file."""
    import pytest

    from kit.errors import KitError

    store = AnswerStore(seed_case, "alice")
    with pytest.raises(KitError, match="tags.K01.topic: 'iran' is not a topic; expected one of: "):
        store.set_tag("K01", "topic", "iran")
    assert not (answers_dir / "alice.json").exists()
