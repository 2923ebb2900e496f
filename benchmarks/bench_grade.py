"""Benchmark: `kit grade`'s core on 10,000 synthetic answers files, against two baselines.

(a) a bare loop that only reads and json-parses the same files — the floor for any grader of files;
(b) executing one small notebook per submission with nbclient, as notebook graders do (a few runs,
    reported per submission).

Goals (issue 3): within 3× of (a); at least 1,000× faster per submission than (b).
Issue 16: (c) the same comparison with both run as commands, process start and imports included —
``kit grade FOLDER`` against a bare read-and-parse script, CPU time of the child processes — and
(d) what ``import kit`` and ``import kit.cli`` cost, and whether they import pandas.
(c) runs the commands in this process's environment: with PYTHONDONTWRITEBYTECODE set and no
``__pycache__`` beside the sources (as in a CI container or a fresh uv install), every run compiles
kit and PyYAML before grading. (c') runs them again with bytecode cached, as on a machine where an
earlier run wrote it: in a temporary PYTHONPYCACHEPREFIX, filled by one run of each command first,
so nothing is written beside the sources.
Run:  .venv/bin/python benchmarks/bench_grade.py [--files 10000] [--notebooks 3]
Prints its figures; it is not a timed test. (a) is compared in CPU time of this process
(``time.process_time``), best of a few alternating rounds: on a shared machine, wall time mostly
measures the neighbours. (b) is wall time, since a notebook runs in a separate kernel process —
and it is what an instructor waits for; kit grade's wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.case.load import load_case  # noqa: E402  (after the path tweak, so it runs from a checkout)
from kit.judge.grading import grade_files  # noqa: E402
from kit.judge.synthetic import synthetic_class, write_class  # noqa: E402


def timed(func) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds) for one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    func()
    return time.process_time() - cpu, time.perf_counter() - wall


def bare_loop(files: list[Path]) -> None:
    for path in files:
        json.loads(path.read_bytes())


BARE_SCRIPT = ("import json, pathlib, sys\n"
               "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.json')): json.loads(p.read_bytes())")


def child_cpu(argv: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of one command run to completion, process start included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def as_commands(folder: Path, case_id: str, rounds: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Best CPU seconds of (bare read-and-parse script, ``kit grade``), alternating rounds."""
    bare = graded = float("inf")
    for _ in range(rounds):
        bare = min(bare, child_cpu([sys.executable, "-c", BARE_SCRIPT, str(folder)], env))
        graded = min(graded, child_cpu([sys.executable, "-m", "kit", "grade", str(folder), "--case", case_id,
                                        "--out", str(folder.parent / "grades.csv")], env))
    return bare, graded


def bytecode_cached() -> bool:
    """Would ``import kit`` in a child read kit's bytecode rather than compile its sources?"""
    import importlib.util

    import kit.cli

    return Path(importlib.util.cache_from_source(kit.cli.__file__)).exists()


def with_bytecode_env(cache: Path) -> dict[str, str]:
    """An environment whose Python reads and writes bytecode in ``cache`` (nothing beside the sources)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def import_costs(rounds: int) -> dict[str, tuple[float, bool]]:
    """CPU seconds of a bare interpreter and of ``import kit`` / ``import kit.cli`` (best of rounds),
    each with whether pandas was imported."""
    costs = {}
    for name, code in (("python -c pass", "import sys"), ("import kit", "import sys, kit"),
                       ("import kit.cli", "import sys, kit.cli")):
        argv = [sys.executable, "-c", f"{code}; sys.exit(3 if 'pandas' in sys.modules else 0)"]
        best, pandas = float("inf"), False
        for _ in range(rounds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            pandas = subprocess.run(argv).returncode == 3
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        costs[name] = (best, pandas)
    return costs


def notebook_per_submission(folder: Path, submissions: list[Path]) -> float:
    """Seconds per submission to execute a small grading notebook with nbclient (kernel start included)."""
    import nbformat
    from nbclient import NotebookClient

    per = []
    for path in submissions:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(f"import json\nanswers = json.load(open({str(path)!r}))"),
                    nbformat.v4.new_code_cell("tags = answers['tags']\nscore = sum(len(d) for d in tags.values())\nscore")]
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
        per.append(time.perf_counter() - start)
    return sum(per) / len(per)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--notebooks", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    case = load_case()
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = write_class(synthetic_class(case, args.files, seed=2026), folder / "class")
        print(f"wrote {len(files):,} synthetic answers files in {time.perf_counter() - start:.1f} s "
              f"({sum(p.stat().st_size for p in files) / len(files) / 1024:.1f} KiB each on average)")

        bare_loop(files)  # warm the page cache and the imports alike for both contenders
        grade_files(case, files[:100])
        # Rounds alternate between the two, so a burst of load elsewhere hits both alike.
        bare = graded = bare_wall = graded_wall = float("inf")
        for _ in range(args.rounds):
            cpu, wall = timed(lambda: bare_loop(files))
            bare, bare_wall = min(bare, cpu), min(bare_wall, wall)
            cpu, wall = timed(lambda: grade_files(case, files))
            graded, graded_wall = min(graded, cpu), min(graded_wall, wall)
        n = len(files)
        print(f"(a) bare read + json.loads:  CPU {bare:6.2f} s ({1e6 * bare / n:6.1f} µs/file); wall {bare_wall:6.2f} s")
        print(f"    kit grade core (load, validate, score, duplicates):\n"
              f"                              CPU {graded:6.2f} s ({1e6 * graded / n:6.1f} µs/file); wall {graded_wall:6.2f} s")
        print(f"    ratio grade / bare (CPU):   {graded / bare:5.2f}×   (goal: ≤ 3×); wall ratio {graded_wall / bare_wall:.2f}×")

        bare_cmd, grade_cmd = as_commands(folder / "class", case.id, args.rounds)
        compiled = "kit's bytecode cached" if bytecode_cached() else (
            "kit and PyYAML compiled from source every run: no bytecode cached"
            + (", PYTHONDONTWRITEBYTECODE set" if sys.dont_write_bytecode else ""))
        print(f"(c) as commands, process start included (CPU of the child, best of {args.rounds}; {compiled}):\n"
              f"    bare read-and-parse script: {bare_cmd:6.2f} s;  kit grade: {grade_cmd:6.2f} s\n"
              f"    ratio grade / bare (CPU, commands): {grade_cmd / bare_cmd:5.2f}×   (goal: ≤ 3×)")
        env = with_bytecode_env(folder / "pycache")
        as_commands(folder / "class", case.id, 1, env)  # one run of each writes the bytecode
        bare_cmd, grade_cmd = as_commands(folder / "class", case.id, args.rounds, env)
        print(f"(c') the same with bytecode cached (as after a first run):\n"
              f"    bare read-and-parse script: {bare_cmd:6.2f} s;  kit grade: {grade_cmd:6.2f} s\n"
              f"    ratio grade / bare (CPU, commands): {grade_cmd / bare_cmd:5.2f}×   (goal: ≤ 3×)")
        print("(d) import cost (CPU, best of rounds):")
        for name, (cpu, pandas) in import_costs(args.rounds).items():
            print(f"    {name:16s} {cpu:5.2f} s   pandas imported: {'yes' if pandas else 'no'}")

        if args.notebooks:
            per_notebook = notebook_per_submission(folder, files[: args.notebooks])
            per_grade = graded_wall / n
            print(f"(b) nbclient, one notebook per submission: {per_notebook:.2f} s per submission "
                  f"(mean of {args.notebooks})")
            print(f"    kit grade per submission:    {1e6 * per_grade:7.1f} µs (wall)")
            print(f"    speed-up per submission:     {per_notebook / per_grade:,.0f}×   (goal: ≥ 1,000×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
