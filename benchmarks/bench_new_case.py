"""The machine's share of the time from two published readouts to a case, on a loopback server.

    .venv/bin/python benchmarks/bench_new_case.py

Serves tests/fixtures/pages/ (two publisher-like pages written for the tests) on 127.0.0.1 and, in
a temporary course folder, times: `kit new-case --url URL --url URL` (fetch, extract, segment,
write), `kit claims` on the draft, opening the reference editor, computing the proposals, and the
same case from pasted text (`kit new-case FILE`) as the baseline without fetching. The person's
share — reading the claims, deciding, writing the rationales — is not here (README, "Add your
own case", says what the walkthrough measured).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def timed(label: str, func) -> float:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        result = func()
    seconds = time.perf_counter() - started
    print(f"{label:<64}{seconds:>7.2f} s")
    assert result in (None, 0), f"{label}: failed"
    return seconds


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(ROOT / "tests" / "fixtures" / "pages")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    course = Path(tempfile.mkdtemp(prefix="bench-new-case-"))
    (course / "data").mkdir()
    shutil.copy(ROOT / "data" / "taxonomy.yml", course / "data" / "taxonomy.yml")
    os.environ["READOUT_KIT_ROOT"] = str(course)
    try:
        started = time.perf_counter()
        import kit.io.webpage  # noqa: F401  (trafilatura: paid once per `kit` process)
        from kit.case.load import load_case
        from kit.cli import main as kit

        print(f"{'imports (kit, pandas, trafilatura, sentencex), once per process':<64}{time.perf_counter() - started:>7.2f} s")

        fetched = timed("new-case --url (fetch, extract, segment, write)", lambda: kit([
            "new-case", "--url", f"{site}/northland_call.html", "--url", f"{site}/southland_call.html",
            "--id", "bench-url", "--sides", "northland,southland"]))
        seed = course / "seeds" / "bench-url.txt"
        pasted = timed("new-case FILE, the same text pasted (baseline)", lambda: kit([
            "new-case", str(seed), "--id", "bench-paste", "--sides", "northland,southland"]))
        timed("kit claims on the draft", lambda: kit(["claims", "--case", "bench-url"]))
        timed("kit validate on the draft (lists what is left; exit 1)", lambda: kit(["validate", "--case", "bench-url"]) and None)
        from kit.widgets import ReferenceEditor

        editor = None

        def open_editor():
            nonlocal editor
            editor = ReferenceEditor("bench-url")

        timed("open the reference editor", open_editor)
        timed("propose links, voices, coverage (first: imports scikit-learn)", lambda: editor.propose())
        timed("propose again (warm)", lambda: editor.propose())
        claims = len(load_case("bench-url", strict=False).claims)
        print(f"{claims} claims; fetching costs {fetched - pasted:+.2f} s over the pasted baseline "
              f"({fetched / pasted:.1f}× its time)")
    finally:
        server.shutdown()
        shutil.rmtree(course, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
