"""Autosave under faults: a saving process SIGKILLed at random moments never leaves a torn file.

Each round forks a child that saves answers again and again — through :func:`kit.answers.save_answers`
or through the boards' :class:`kit.answers.store.AnswerStore` — telling the parent over a pipe
which change it is about to save and which it has saved; the parent kills it at a random moment.
After every kill the file must load and hold the state before or after the change in flight, and
leftover temporary files must not pile up. ``READOUT_KIT_KILLS`` sets the number of kills (200 by
default; SECURITY.md's figures come from READOUT_KIT_KILLS=2000).
"""

from __future__ import annotations

import os
import random
import signal
import struct
import time
from pathlib import Path

import pytest

from kit.answers.parse import Answers, load_answers, save_answers

KILLS = int(os.environ.get("READOUT_KIT_KILLS", "200"))
RECORD = struct.Struct("<cI")  # b"B", i: about to save change i; b"A", i: change i saved

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() to kill a saver cheaply")


def tags_for(case, i: int) -> dict[str, dict[str, str]]:
    """A distinct, valid set of tags for each i (consecutive states always differ)."""
    rng = random.Random(i)
    tags = {}
    for claim_id in case.claims.index:
        if rng.random() < 0.7:
            tags[claim_id] = {dim: rng.choice(case.values(dim)) for dim in case.dimensions if rng.random() < 0.8}
    tags = {k: v for k, v in tags.items() if v}
    tags["K01"] = {"topic": case.values("topic")[i % len(case.values("topic"))],
                   "claim_type": case.values("claim_type")[(i // 9) % len(case.values("claim_type"))]}
    return tags


def run_child(work, write_fd: int) -> None:
    """In the forked child: do the work, then leave at once (no pytest teardown in the child)."""
    code = 0
    try:
        work(lambda kind, i: os.write(write_fd, RECORD.pack(kind, i)))
    except BaseException:  # noqa: BLE001 — any failure is reported by the exit code, and on stderr
        import traceback

        traceback.print_exc()
        code = 1
    os._exit(code)


def kill_at_random(work, rng: random.Random, longest: float) -> list[tuple[bytes, int]]:
    """Fork a child running ``work``, SIGKILL it after a random delay; return its pipe records."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        run_child(work, write_fd)
    os.close(write_fd)
    time.sleep(rng.uniform(0, longest) if rng.random() < 0.9 else 0)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    data = b""
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    assert os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == 0, "the saver failed before it was killed"
    data = data[: len(data) - len(data) % RECORD.size]
    return [RECORD.unpack_from(data, at) for at in range(0, len(data), RECORD.size)]


def last(records: list[tuple[bytes, int]], kind: bytes) -> int | None:
    found = [i for k, i in records if k == kind]
    return found[-1] if found else None


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_save_answers_killed_at_random_never_torn(tiny_case, tmp_path):
    """SIGKILL during save_answers, many times: the file always loads, holding the last saved state
    or the one being saved; temporary files of killed saves are swept by the next save."""
    path = tmp_path / "answers" / "alice.tiny.json"
    save_answers(Answers("tiny", "alice", tags_for(tiny_case, 0)), path)
    rng, saved, most_leftovers, mid_save = random.Random(8), 0, 0, 0
    for _ in range(KILLS):
        start = saved + 1

        def work(report, start=start):
            i = start
            while True:
                report(b"B", i)
                save_answers(Answers("tiny", "alice", tags_for(tiny_case, i)), path)
                report(b"A", i)
                i += 1

        records = kill_at_random(work, rng, longest=0.012)
        done, begun = last(records, b"A"), last(records, b"B")
        acceptable = {saved if done is None else done} | ({begun} if begun is not None else set())
        tags = load_answers(path, tiny_case).tags  # raises if the file were torn
        matches = [i for i in acceptable if tags_for(tiny_case, i) == tags]
        assert matches, f"the file holds neither state {sorted(acceptable)}"
        saved = matches[0]
        mid_save += begun is not None and begun != done  # killed between 'about to save' and 'saved'
        most_leftovers = max(most_leftovers, len(leftovers(path.parent)))
    save_answers(Answers("tiny", "alice", tags_for(tiny_case, saved + 1)), path)  # the next save sweeps
    assert ([], ["alice.tiny.json"]) == (leftovers(path.parent), sorted(p.name for p in path.parent.iterdir()))
    assert most_leftovers <= 1  # at most the killed save's own file: each save sweeps the ones before
    assert mid_save > KILLS // 4  # most kills landed inside a save, not between saves
    print(f"\nsave_answers: {KILLS} kills, {mid_save} of them mid-save; never torn; at most {most_leftovers} temporary file left between saves")


def test_answer_store_killed_at_random_never_torn(tiny_case, tmp_path):
    """SIGKILL while a board's AnswerStore saves tag after tag: the file always loads and holds the
    tags before or after the change in flight; nothing is moved aside as corrupt."""
    from kit.answers.store import AnswerStore

    folder = tmp_path / "answers"
    claims, dims = list(tiny_case.claims.index), list(tiny_case.dimensions)
    rng, mid_save, rounds = random.Random(3), 0, max(1, KILLS // 2)
    for round_ in range(rounds):
        store_path = AnswerStore(tiny_case, "bob", folder).path
        before = load_answers(store_path, tiny_case).tags if store_path.exists() else {}
        changes = [(claims[(round_ + j) % len(claims)], dims[j % len(dims)],
                    None if j % 7 == 6 else tiny_case.values(dims[j % len(dims)])[(round_ * 31 + j) % len(tiny_case.values(dims[j % len(dims)]))])
                   for j in range(400)]

        def work(report, changes=changes):
            store = AnswerStore(tiny_case, "bob", folder)
            for j, (claim_id, dim, value) in enumerate(changes):
                report(b"B", j)
                store.set_tag(claim_id, dim, value)
                report(b"A", j)

        records = kill_at_random(work, rng, longest=0.012)
        done, begun = last(records, b"A"), last(records, b"B")
        mid_save += begun is not None and begun != done

        def state(n: int) -> dict[str, dict[str, str]]:
            tags = {k: dict(v) for k, v in before.items()}
            for claim_id, dim, value in changes[:n]:
                dims_ = tags.setdefault(claim_id, {})
                if value is None:
                    dims_.pop(dim, None)
                else:
                    dims_[dim] = value
                if not dims_:
                    del tags[claim_id]
            return tags

        completed = 0 if done is None else done + 1
        acceptable = [state(completed)] + ([state(begun + 1)] if begun is not None else [])
        after = load_answers(store_path, tiny_case).tags if store_path.exists() else {}
        assert after in acceptable, f"round {round_}: neither the state before nor after change {begun}"
    assert [] == [p.name for p in folder.iterdir() if ".corrupt-" in p.name]
    print(f"\nAnswerStore: {rounds} kills, {mid_save} of them mid-change; never torn, nothing moved aside")


def test_two_kernels_of_one_learner_saving_at_once(tiny_case, tmp_path):
    """Two processes saving one learner's answers at once (two kernels, two boards): every save is
    whole, the file always loads, neither process fails — the last writer wins."""
    from kit.answers.store import AnswerStore

    folder = tmp_path / "answers"
    AnswerStore(tiny_case, "carol", folder).set_tag("K01", "topic", "bilateral_relations")
    claims, dims = list(tiny_case.claims.index), list(tiny_case.dimensions)

    def kernel(offset: int) -> int:
        pid = os.fork()
        if pid == 0:
            def work(report):
                store = AnswerStore(tiny_case, "carol", folder)
                for j in range(150):
                    dim = dims[(j + offset) % len(dims)]
                    store.set_tag(claims[(j * 3 + offset) % len(claims)], dim, tiny_case.values(dim)[j % len(tiny_case.values(dim))])
                    if j % 10 == 0:
                        save_answers(Answers("tiny", "carol", tags_for(tiny_case, j + offset)), store.path)
            run_child(work, os.open(os.devnull, os.O_WRONLY))
        return pid

    pids = [kernel(0), kernel(1)]
    statuses: dict[int, int] = {}
    while len(statuses) < len(pids):
        load_answers(folder / "carol.tiny.json", tiny_case)  # a reader (the grader) never sees half a file
        for pid in pids:
            if pid not in statuses:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    statuses[pid] = status
    assert all(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 0 for s in statuses.values())
    load_answers(folder / "carol.tiny.json", tiny_case)
    assert [] == leftovers(folder)
    assert [] == [p.name for p in folder.iterdir() if ".corrupt-" in p.name]

