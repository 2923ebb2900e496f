"""The full fuzzing campaign behind SECURITY.md's figures (the test suite runs a few hundred examples).

Run:  .venv/bin/python benchmarks/fuzz.py [--answers 10000] [--cases 1000]
Generates hostile answers files (through load → check → grade) and hostile case files (through
`kit validate`) with Hypothesis, using the properties in tests/test_fuzz_*.py, and prints how many
files were tried, graded, refused, and how many crashed (any exception other than a one-line
refusal fails the property and ends the run with Hypothesis's minimal example).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000, help="hostile answers files to generate")
    parser.add_argument("--cases", type=int, default=1_000, help="hostile cases (three files each) to validate")
    args = parser.parse_args()
    os.environ["READOUT_KIT_FUZZ_EXAMPLES"] = str(args.answers)
    os.environ["READOUT_KIT_FUZZ_CASE_EXAMPLES"] = str(args.cases)
    # tests/ first: its conftest.py (SEED_CASE), not the one at the top of the repo (xdist scheduling)
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
    import test_fuzz_answers as fa  # noqa: E402  (after the environment is set: it reads the example count)
    import test_fuzz_case as fc  # noqa: E402

    crashes = 0
    start = time.perf_counter()
    try:
        fa.test_hostile_answers_files_graded_or_refused_in_one_line()
    except Exception as err:  # a crash: Hypothesis has shrunk it to a minimal example
        crashes += 1
        print(f"CRASH (answers): {type(err).__name__}: {err}")
    tried = sum(fa.OUTCOMES.values())
    print(f"answers files: {tried:,} tried in {time.perf_counter() - start:.0f} s — "
          f"{fa.OUTCOMES['graded']:,} graded, {fa.OUTCOMES['refused']:,} refused in one line, {crashes} crashed")

    start, case_crashes = time.perf_counter(), 0
    counted = {"n": 0}
    inner = fc.validate

    def counting(files):
        counted["n"] += 1
        return inner(files)

    fc.validate = counting
    try:
        fc.test_hostile_case_files_exit_0_or_1_with_lines()
    except Exception as err:
        case_crashes += 1
        print(f"CRASH (case): {type(err).__name__}: {err}")
    print(f"hostile cases: {counted['n']:,} tried through `kit validate` in {time.perf_counter() - start:.0f} s — "
          f"{case_crashes} crashed (every run exited 0 or 1 with error: lines)")
    return 1 if crashes or case_crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
