"""Processes for the browser suite: a real Jupyter server and a headless Chromium.

Each is started with ``start_new_session=True`` (so it leads its own process group) and stopped by
its own PID: terminate, wait, and kill the group only if it does not stop in time. Nothing here
writes into the repository or the user's home: every Jupyter/IPython/XDG folder is a temp folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("READOUT_KIT_CHROMIUM", "/usr/bin/chromium"))
# Known-working flags on these machines: Debian's Chromium, headless, offline, no first-run noise.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The "get notified about Jupyter news?" toast covers the lower right corner; only this removes it.
SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate ``proc`` and wait; on timeout kill its whole process group (it leads one)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for a child process, with every config/data/cache folder under ``home``."""
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "jupyter/config"), ("JUPYTER_DATA_DIR", "jupyter/data"),
                     ("JUPYTER_RUNTIME_DIR", "jupyter/runtime"), ("IPYTHONDIR", "ipython"),
                     ("XDG_CONFIG_HOME", "xdg/config"), ("XDG_CACHE_HOME", "xdg/cache"),
                     ("XDG_DATA_HOME", "xdg/data")]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences a debugger warning in every kernel
    return env


class JupyterServer:
    """``jupyter lab`` on a free loopback port with a random token, serving ``root_dir``.

    The same server serves JupyterLab (/lab) and Notebook 7 (/tree, /notebooks).
    """

    def __init__(self, root_dir: Path, home: Path, env: dict[str, str] | None = None,
                 overrides: dict[str, dict] | None = None):
        self.root_dir, self.home = root_dir, home
        self.overrides = {**SETTINGS_OVERRIDES, **(overrides or {})}
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**isolated_env(home), **(env or {})}
        self.log_path = home / "jupyter-server.log"
        self.proc: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def start(self, timeout: float = 90) -> None:
        settings = self.home / "lab-settings"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "overrides.json").write_text(json.dumps(self.overrides))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={self.port}",
               "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", "--allow-root",
               f"--ServerApp.root_dir={self.root_dir}",
               f"--LabApp.app_settings_dir={settings}",
               f"--JupyterNotebookApp.app_settings_dir={settings}"]
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, env=self.env, cwd=self.root_dir, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"jupyter server did not answer in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def stop(self) -> list[int]:
        """Stop the server (which shuts its kernels down); kill, by PID, any kernel left behind."""
        if self.proc is not None:
            stop_process(self.proc)
        return kill_leftover_kernels(Path(self.env["JUPYTER_RUNTIME_DIR"]))


def kill_leftover_kernels(runtime_dir: Path) -> list[int]:
    """Kernels are launched in their own sessions with ``-f RUNTIME_DIR/kernel-….json``; find any that
    outlived the server by that argument and kill them by PID. Returns the PIDs killed."""
    killed = []
    marker = str(runtime_dir).encode()
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (proc_dir / "cmdline").read_bytes():
                os.kill(int(proc_dir.name), signal.SIGKILL)
                killed.append(int(proc_dir.name))
        except (OSError, ValueError):
            continue
    return killed


class Chromium:
    """Debian's Chromium, headless, with a DevTools port Playwright connects to over CDP.

    We launch it ourselves (rather than ``playwright.chromium.launch``) so that we hold its PID.
    """

    def __init__(self, home: Path, executable: Path = CHROMIUM):
        self.executable, self.home = executable, home
        self.profile = home / "chromium-profile"
        self.log_path = home / "chromium.log"
        self.proc: subprocess.Popen | None = None
        self.cdp_url = ""

    def start(self, timeout: float = 30) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)
        self.profile.mkdir(parents=True)
        cmd = [str(self.executable), *CHROMIUM_FLAGS, "--remote-debugging-address=127.0.0.1",
               "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
               "--window-size=1400,1000", "about:blank"]
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, env=isolated_env(self.home), stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.proc.returncode}:\n{self.log_path.read_text(errors='replace')[-3000:]}")
            lines = port_file.read_text().splitlines() if port_file.exists() else []
            if lines and lines[0].isdigit():
                self.cdp_url = f"http://127.0.0.1:{lines[0]}"
                return
            time.sleep(0.1)
        raise RuntimeError(f"chromium opened no DevTools port in {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
