"""Benchmark the bounds: a huge answers file is refused unread; a class of 100,000 files is graded
in bounded memory (the batch is streamed: only a small record per learner is kept).

Run:  .venv/bin/python benchmarks/bench_bounds.py [--sizes 10000 100000] [--huge-gib 8]
Prints its figures (SECURITY.md quotes them). Each batch is graded by `kit grade` (kit.cli.main) in
a fresh subprocess, which reports its peak resident memory (getrusage ru_maxrss) before and after
grading; the files are synthetic learners (kit.judge.synthetic), each under its own name.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.answers.parse import MAX_BYTES, load_answers  # noqa: E402  (after the path tweak, so it runs from a checkout)
from kit.case.load import load_case  # noqa: E402
from kit.errors import KitError  # noqa: E402
from kit.judge.synthetic import synthetic_class  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from kit.case import load_case
from kit.cli import main
load_case()  # imports and the case, so the baseline holds everything but the batch
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
code = main(["grade", sys.argv[2], "--out", sys.argv[3]])
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "before_kib": before, "after_kib": after, "seconds": seconds}))
"""


def huge_file(folder: Path, gib: int) -> None:
    """A sparse file of ``gib`` GiB (no disk used): refused in one line, reading at most the limit."""
    case = load_case()
    path = folder / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(gib * 1024**3)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        load_answers(path, case)
        line = "accepted?!"
    except KitError as err:
        line = err.problems[0]
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"one {gib} GiB answers file: refused in {1000 * seconds:.1f} ms, peak Python allocation "
          f"{peak / 1024**2:.1f} MiB (limit {MAX_BYTES / 1024**2:.0f} MiB + 1 byte read)\n    {line}")
    path.unlink()


def write_batch(folder: Path, n: int, pool: list[dict]) -> None:
    """``n`` answers files, each a pool member's answers under a name of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(n))
    for i in range(n):
        doc = pool[i % len(pool)]
        doc["learner"] = f"learner-{i:0{width}d}"
        (folder / f"{doc['learner']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def grade_in_child(folder: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(folder), str(out)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--huge-gib", type=int, default=8)
    args = parser.parse_args()

    case = load_case()
    pool = [a.to_dict() for a in synthetic_class(case, 2_000, seed=2026, untagged=0.05)]
    with tempfile.TemporaryDirectory(prefix="bench-bounds-") as tmp:
        folder = Path(tmp)
        huge_file(folder, args.huge_gib)
        for n in args.sizes:
            batch = folder / f"class-{n}"
            start = time.perf_counter()
            write_batch(batch, n, pool)
            size = sum(p.stat().st_size for p in batch.iterdir())
            print(f"{n:,} answers files ({size / 1024**2:,.0f} MiB on disk) written in {time.perf_counter() - start:.0f} s")
            r = grade_in_child(batch, folder / f"grades-{n}.csv")
            grown = (r["after_kib"] - r["before_kib"]) * 1024
            print(f"    kit grade: exit {r['code']}, {r['seconds']:.1f} s; peak memory {r['after_kib'] / 1024:,.0f} MiB "
                  f"(kit and case loaded: {r['before_kib'] / 1024:,.0f} MiB; the batch added {grown / 1024**2:,.0f} MiB, "
                  f"{grown / n:,.0f} bytes per learner, against {size / n:,.0f} bytes of file)")
            for p in batch.iterdir():
                p.unlink()
            batch.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
