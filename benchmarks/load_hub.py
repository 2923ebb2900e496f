"""Load run: a whole class on a real JupyterHub at once (issue 14 item 7). A script, not a timed test.

A real JupyterHub on the loopback address (tests/hub/hub_harness.py: configurable-http-proxy, the
LocalProcessSpawner, real Unix users with private homes, the course served by git daemon). Every
learner is a separate Unix user; all follow the course link at the same moment (a barrier), log in,
get a server spawned and the course cloned by nbgitpuller, open the tagging notebook, run it to the
board, pick tags in its dropdowns (each pick autosaved) and hand in with `kit submit`. Then the
instructor's `kit grade` grades the hand-in folder.

Prints: p50/p95/max time from the link to a ready board, failures (must be 0), memory per learner
(PSS of the learner's processes, from /proc/<pid>/smaps_rollup: the single-user server and its
kernel, shared pages split fairly), the hub's and proxy's memory, and the grading of the class.

Run as root (it creates and removes Unix users):
    .venv/bin/python benchmarks/load_hub.py [--learners 30] [--picks 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pwd
import shutil
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hub"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub_harness import (Browser, CourseRemote, Hub, Kernel, Users, ensure_chp, ensure_hub_env,  # noqa: E402
                         hub_unavailable, make_base)
from test_classroom import CASE, INSTRUCTOR, NOTEBOOK, nbgitpuller_link, open_board, reference_tags  # noqa: E402

# A class starts at once: give spawns room (the defaults, 60 s / 30 s, are for one user at a time).
EXTRA_CONFIG = """
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.concurrent_spawn_limit = 200
"""


class PatientKernel(Kernel):
    def execute(self, code: str, timeout: float = 900) -> dict:
        return super().execute(code, timeout)


class PatientBrowser(Browser):
    """A learner's browser that waits as long as a class start takes (the harness's are set for one user)."""

    def follow(self, link: str, timeout: float = 900):
        return super().follow(link, timeout)

    def open_notebook(self, path: str) -> Kernel:
        kernel = super().open_notebook(path)
        kernel.__class__ = PatientKernel
        return kernel


def pss_by_uid() -> dict[int, int]:
    """Proportional set size (bytes) of every process, summed per user ID."""
    totals: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            uid = entry.stat().st_uid
            text = (entry / "smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                totals[uid] = totals.get(uid, 0) + int(line.split()[1]) * 1024
                break
    return totals


def pss_of_tree(pid: int, uid: int = 0) -> int:
    """PSS (bytes) of a process and its descendants that run as ``uid`` (the hub's own: root's; the
    LocalProcessSpawner's learner servers are the hub's children too, but counted per learner)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            if Path(f"/proc/{p}").stat().st_uid != uid:
                continue
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def pct(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--picks", type=int, default=8, help="dropdown picks per learner (each autosaved)")
    args = parser.parse_args()
    reason = hub_unavailable()
    if reason:
        print(f"cannot run: {reason}")
        return 2
    learners = [f"learner{i:02d}" for i in range(1, args.learners + 1)]
    chp, bin_dir = ensure_chp(), ensure_hub_env()
    base = make_base()
    (base / "homes").mkdir(mode=0o755)
    users = Users(base / "homes")
    course = hub = None
    results: dict[str, dict] = {}
    failures: list[str] = []
    try:
        t = time.monotonic()
        for name in [INSTRUCTOR, *learners]:
            users.add(name)
        print(f"{len(learners) + 1} Unix users created in {time.monotonic() - t:.1f} s")
        teacher = pwd.getpwnam(INSTRUCTOR)
        handin = base / "handin"
        handin.mkdir()
        os.chown(handin, 0, teacher.pw_gid)
        handin.chmod(0o3773)
        course = CourseRemote(base / "course", INSTRUCTOR)
        course.start()
        hub = Hub(base / "hub", chp, [INSTRUCTOR, *learners],
                  {"READOUT_KIT_ROOT": "~/readout-kit", "READOUT_KIT_HANDIN_DIR": str(handin)}, bin_dir, EXTRA_CONFIG)
        print(f"hub up in {hub.start():.1f} s")
        link = nbgitpuller_link(course.url, f"lab/tree/{NOTEBOOK}")
        plan = list(reference_tags(args.picks).items())[: args.picks]
        barrier = threading.Barrier(len(learners))
        boards_ready = threading.Barrier(len(learners) + 1)  # the main thread measures memory then
        handed_in = threading.Event()
        finished = threading.Semaphore(0)  # one release per learner: handed in, or failed

        def learner(name: str) -> None:
            record = results.setdefault(name, {})
            kernel = None
            try:
                browser = PatientBrowser(hub, name)
                barrier.wait()
                kernel, seconds, phases = open_board(browser, link, course.url)
                asyncio.set_event_loop(kernel.loop)  # the kernel's websocket closes on this thread's loop
                record["ready"], record["phases"] = seconds, phases
            except Exception as err:  # noqa: BLE001 - a load run counts failures, it does not stop at one
                failures.append(f"{name}: to the board: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
                record["trace"] = traceback.format_exc()
            try:
                boards_ready.wait(timeout=1800)
            except threading.BrokenBarrierError:
                pass
            if kernel is None:
                finished.release()
                return
            try:
                started = time.monotonic()
                for (claim_id, dim), value in plan:
                    kernel.choose(f"rk-tag-{claim_id}-{dim}", value)
                record["picks"] = time.monotonic() - started
                started = time.monotonic()
                out = kernel.execute("import subprocess, sys; r = subprocess.run([sys.executable, '-m', 'kit', 'submit'], "
                                     "capture_output=True, text=True); print(r.returncode); print(r.stdout + r.stderr)")["stdout"]
                if not out.startswith("0\nhanded in "):
                    raise RuntimeError(out.strip()[:200])
                record["submit"] = time.monotonic() - started
            except Exception as err:  # noqa: BLE001
                failures.append(f"{name}: tag + hand in: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
            finally:
                finished.release()
                handed_in.wait(timeout=600)  # every kernel stays open until the whole class handed in
                kernel.close()

        threads = [threading.Thread(target=learner, args=(n,), name=n) for n in learners]
        wall = time.monotonic()
        for th in threads:
            th.start()
        boards_ready.wait(timeout=1800)
        all_ready = time.monotonic() - wall
        hub.record_server_pids()
        by_uid = pss_by_uid()
        per_learner = [by_uid.get(pwd.getpwnam(n).pw_uid, 0) for n in learners if "ready" in results.get(n, {})]
        hub_pss = pss_of_tree(hub.proc.pid) if hub.proc else 0
        for _ in learners:
            finished.acquire(timeout=1800)
        handed_in.set()
        for th in threads:
            th.join(timeout=120)
        # The instructor grades the hand-in folder (as root here: the same kit, the same files).
        started = time.monotonic()
        import subprocess

        course_copy = Path(pwd.getpwnam(learners[0]).pw_dir) / "readout-kit"  # any pulled copy holds the case
        graded = subprocess.run([str(bin_dir / "python"), "-m", "kit", "grade", str(handin), "--case", CASE,
                                 "--out", str(base / "grades.csv")], capture_output=True, text=True, cwd=base,
                                env={**{k: v for k, v in os.environ.items() if not k.startswith("READOUT_KIT_")},
                                     "READOUT_KIT_ROOT": str(course_copy)})
        grade_seconds = time.monotonic() - started
        after = {}
        for command, out in (("class", base / "class.html"), ("feedback", base / "feedback")):
            started = time.monotonic()
            done = subprocess.run([str(bin_dir / "python"), "-m", "kit", command, str(handin), "--case", CASE, "--out", str(out)],
                                  capture_output=True, text=True, cwd=base,
                                  env={**{k: v for k, v in os.environ.items() if not k.startswith("READOUT_KIT_")},
                                       "READOUT_KIT_ROOT": str(course_copy)})
            after[command] = (done.returncode, time.monotonic() - started, done.stdout.strip() or done.stderr.strip()[-300:])
        ready = sorted(r["ready"] for r in results.values() if "ready" in r)
        submitted = [r["submit"] for r in results.values() if "submit" in r]
        picks = [r["picks"] for r in results.values() if "picks" in r]
        handins = sorted(handin.glob(f"*/{CASE}/latest.json"))
        print()
        print(f"Load run: {len(learners)} learners, each a Unix user, following the course link at once "
              f"({os.cpu_count()} CPU cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB)")
        if ready:
            print(f"  link -> ready tagging board: p50 {pct(ready, 50):.1f} s, p95 {pct(ready, 95):.1f} s, "
                  f"max {ready[-1]:.1f} s, min {ready[0]:.1f} s; whole class ready after {all_ready:.1f} s")
        if picks:
            print(f"  {args.picks} dropdown picks (each autosaved): p50 {statistics.median(picks):.1f} s, max {max(picks):.1f} s")
        if submitted:
            print(f"  kit submit: p50 {statistics.median(submitted):.1f} s, max {max(submitted):.1f} s")
        print(f"  failures: {len(failures)}")
        for line in failures:
            print(f"    {line}")
        if per_learner:
            mib = [b / 2**20 for b in per_learner]
            print(f"  memory per learner (server + kernel, PSS): median {statistics.median(mib):.0f} MiB, "
                  f"max {max(mib):.0f} MiB, class total {sum(mib) / 1024:.2f} GiB; hub + proxy {hub_pss / 2**20:.0f} MiB")
        print(f"  hand-ins: {len(handins)} of {len(learners)}; kit grade of the folder: exit {graded.returncode}, "
              f"{grade_seconds:.1f} s ({graded.stdout.strip()})")
        if graded.returncode:
            print(graded.stderr[-2000:])
        for command, (code, seconds, said) in after.items():
            print(f"  kit {command}: exit {code}, {seconds:.1f} s ({said})")
        if (base / "class.html").exists():
            print(f"  class report: {(base / 'class.html').stat().st_size / 1e6:.2f} MB")
        slowest = max((r for r in results.values() if "ready" in r), key=lambda r: r["ready"], default=None)
        if slowest:
            print(f"  slowest learner's phases: {slowest['phases']}")
        for name, record in results.items():
            if "trace" in record:
                print(f"--- {name}\n{record['trace'][-3000:]}")
                break
        return 0 if not failures and len(handins) == len(learners) else 1
    finally:
        if hub is not None:
            hub.stop()
        if course is not None:
            course.stop()
        users.remove()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
