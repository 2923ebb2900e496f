"""Benchmark the learner's kit; prints figures, asserts nothing (timings vary by machine).

    python benchmarks/bench_widgets.py

Targets (issue 4): ``import kit`` adds little beyond pandas + ipywidgets and never imports plotly;
a TaggingBoard for 100 claims is ready in < 0.5 s; Check click -> feedback in < 50 ms.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT_PROBE = """
import sys, time
t0 = time.perf_counter(); import pandas, ipywidgets; t1 = time.perf_counter()
import kit; t2 = time.perf_counter()
import kit.widgets; t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, 'plotly' in sys.modules)
"""


def import_cost(runs: int = 5) -> None:
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True, cwd=ROOT)
        base, kit_, widgets, plotly = out.stdout.split()
        rows.append((float(base), float(kit_), float(widgets), plotly == "True"))
    med = [statistics.median(r[i] for r in rows) for i in range(3)]
    print(f"import pandas+ipywidgets     {med[0] * 1000:7.1f} ms (median of {runs} fresh interpreters)")
    print(f"  + import kit               {med[1] * 1000:7.1f} ms")
    print(f"  + import kit.widgets       {med[2] * 1000:7.1f} ms")
    print(f"  plotly imported by then?   {'yes' if any(r[3] for r in rows) else 'no'}")


def synthetic_course(folder: Path, per_side: int) -> None:
    """A course folder with a case of ``2 * per_side`` claims, fully tagged, with a link per pair."""
    (folder / "data" / "cases" / "bench").mkdir(parents=True)
    (folder / "seeds").mkdir()
    shutil.copy(ROOT / "data" / "taxonomy.yml", folder / "data" / "taxonomy.yml")
    lines = []
    for side in ("Kremlin", "China"):
        lines.append(f"{side} readout")
        for s in range(per_side // 5):
            lines.append(f"Section {s + 1}: " + " ".join(f"{side} sentence {s}-{i} says something." for i in range(5)))
    seed = "\n".join(lines) + "\n"
    (folder / "seeds" / "bench.txt").write_text(seed, encoding="utf-8")
    sys.path.insert(0, str(ROOT))
    from kit.case.sources import Side, segment

    claims = segment(seed, [Side("kremlin", "K"), Side("china", "C")])
    (folder / "data" / "cases" / "bench" / "case.yml").write_text(
        "id: bench\ntitle: Benchmark\ndate: '2026-01-01'\nsource: seeds/bench.txt\nsides:\n"
        "  - {id: kremlin, label: Kremlin, prefix: K}\n  - {id: china, label: China, prefix: C}\n", encoding="utf-8")
    csv = ["id,side,section,start,end,text", *(f"{c.id},{c.side},{c.section},{c.start},{c.end},{c.text}" for c in claims)]
    (folder / "data" / "cases" / "bench" / "claims.csv").write_text("\n".join(csv) + "\n", encoding="utf-8")
    ref = ["tags:"]
    for c in claims:
        ref += [f"  {c.id}:", "    topic: {value: bilateral_relations, rationale: Synthetic.}",
                "    claim_type: {value: assessment, rationale: Synthetic.}",
                "    voice: {value: narrator, rationale: Synthetic.}", "    coverage: {value: both, rationale: Synthetic.}"]
    ref.append("links:")
    ref += [f"  - {{a: K{i:02d}, b: C{i:02d}, match: matched, rationale: Synthetic.}}" for i in range(1, per_side + 1)]
    (folder / "data" / "cases" / "bench" / "reference.yml").write_text("\n".join(ref) + "\n", encoding="utf-8")


def board_timings(per_side: int = 50, runs: int = 5, clicks: int = 20) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        synthetic_course(course, per_side)
        os.environ["READOUT_KIT_ROOT"] = str(course)
        os.environ["READOUT_KIT_ANSWERS_DIR"] = str(Path(tmp) / "answers")
        from kit.case.load import load_case
        from kit.widgets import TaggingBoard

        t = time.perf_counter()
        case = load_case("bench")
        load = time.perf_counter() - t
        builds = []
        for run in range(runs):
            t = time.perf_counter()
            board = TaggingBoard(case, f"bench{run}")
            builds.append(time.perf_counter() - t)
        for i, cid in enumerate(case.claims.index):  # a realistic half-tagged board
            if i % 2:
                for dim in case.dimensions:
                    board.dropdowns[(cid, dim)].value = case.values(dim)[i % len(case.values(dim))]
        t = time.perf_counter()
        board.check_button.click()
        first = time.perf_counter() - t
        times = []
        for _ in range(clicks):
            t = time.perf_counter()
            board.check_button.click()
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        board.dropdowns[(case.claims.index[0], "topic")].value = "economy_energy"
        save = time.perf_counter() - t
        n = len(case.claims)
        print(f"load_case ({n} claims)        {load * 1000:7.1f} ms")
        print(f"TaggingBoard ({n} claims)     {statistics.median(builds) * 1000:7.1f} ms median, "
              f"{max(builds) * 1000:.1f} ms worst of {runs} (first {builds[0] * 1000:.1f} ms)   target < 500 ms")
        print(f"Check click -> feedback       {statistics.median(times) * 1000:7.1f} ms median, "
              f"{max(times) * 1000:.1f} ms worst of {clicks}; first click {first * 1000:.1f} ms   target < 50 ms")
        print(f"one tag change -> saved       {save * 1000:7.1f} ms (atomic write + fsync)")


if __name__ == "__main__":
    import_cost()
    board_timings()
