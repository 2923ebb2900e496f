"""Benchmark: the class report's size for a class of 30 and of 300 (kit practice-class / kit.judge.synthetic),
against the same page with plotly.js embedded once per chart.

The page inlines plotly.js once in <head> and each chart as data only, so its size barely grows with the
class; the baseline (plotly.js in every chart, what ``plotly.io.to_html(include_plotlyjs=True)`` per chart
gives) is computed from the same page: its size plus plotly.js once more for every chart after the first.
Run:  .venv/bin/python benchmarks/bench_class_report.py [--learners 30 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plotly.offline import get_plotlyjs  # noqa: E402

from kit.case.load import load_case  # noqa: E402  (after the path tweak, so it runs from a checkout)
from kit.report.class_report import write_report  # noqa: E402
from kit.judge.grading import grade_paths  # noqa: E402
from kit.judge.synthetic import synthetic_class, write_class  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[30, 300])
    args = parser.parse_args()
    case = load_case()
    plotly_js = len(get_plotlyjs().encode("utf-8"))
    print(f"case {case.id}: {len(case.claims)} claims; plotly.js {plotly_js / 1e6:.2f} MB")
    print(f"{'learners':>8} {'page MB':>8} {'charts':>6} {'plotly.js':>9} {'rest MB':>8} {'per-chart MB':>12} {'ratio':>6} {'seconds':>8}")
    for n in args.learners:
        with tempfile.TemporaryDirectory() as tmp:
            write_class(synthetic_class(case, n, seed=1), Path(tmp) / "in")
            started = time.perf_counter()
            out = write_report(case, grade_paths(case, [Path(tmp) / "in"]), Path(tmp) / "report.html")
            seconds = time.perf_counter() - started
            page = out.read_text(encoding="utf-8")
        size = len(page.encode("utf-8"))
        charts = page.count("Plotly.newPlot(")
        baseline = size + (charts - 1) * plotly_js
        print(f"{n:>8} {size / 1e6:>8.2f} {charts:>6} {page.count(get_plotlyjs()):>9} {(size - plotly_js) / 1e6:>8.2f} "
              f"{baseline / 1e6:>12.2f} {baseline / size:>5.1f}x {seconds:>8.1f}")


if __name__ == "__main__":
    main()
