"""A real JupyterHub classroom on loopback, for tests/hub/test_classroom.py.

Pieces, each started by this module and stopped by its own PID (process group) in ``Classroom.close``:

- real Unix users (``useradd``; homes in a temp folder, mode 0700), removed again at the end;
- the course: a bare clone of this repository served by ``git daemon`` on loopback (a remote,
  as GitHub would be: ``git clone`` of a local path owned by another user is refused by git's
  "dubious ownership" check);
- JupyterHub (PyPI) with configurable-http-proxy (npm), the shared-password authenticator and the
  LocalProcessSpawner: each learner's server runs as that Unix user, in that user's home;
- a learner "browser": a requests session that logs in, follows the nbgitpuller link, and talks to
  the kernel over the same websocket JupyterLab uses, answering the widgets' comm messages the way
  the front end does (a dropdown change is a comm ``update`` of its ``index``).
"""

from __future__ import annotations

import asyncio
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHP_VERSION = "5.0.1"  # 5.1+ needs Node >= 20.19 (commander 15 is ESM-only); 5.0.1 runs on Debian 12's Node 18
CHP_PREFIX = Path(sys.prefix) / "share" / "readout-kit-chp"
USER_MARK = "readout-kit classroom test"  # GECOS of the users this harness creates (and may remove)
PASSWORD = secrets.token_urlsafe(12)


# -- small helpers ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited ({proc.returncode}) before listening on {port}"
                               + (f"; log:\n{log.read_text()[-3000:]}" if log and log.exists() else ""))
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout:.0f} s")


def stop_group(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM ``proc`` (it leads its own process group); SIGKILL the group if it does not stop."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything left in its group
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait(10)


def kill_pid_group(pid: int, must_contain: str) -> bool:
    """Stop a process we started indirectly (proxy, user servers) by PID, if it is still ours."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    if must_contain not in cmdline:
        return False  # the PID was reused by something else: leave it alone
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(os.getpgid(pid), sig) if os.getpgid(pid) == pid else os.kill(pid, sig)
        except ProcessLookupError:
            return True
        for _ in range(50):
            if not Path(f"/proc/{pid}").exists():
                return True
            time.sleep(0.1)
    return True


def hub_unavailable() -> str | None:
    """Why the classroom cannot run here, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root (it creates Unix users and the hub spawns servers as them)"
    for tool in ("useradd", "userdel", "git", "pkill"):
        if shutil.which(tool) is None:
            return f"no {tool} on PATH"
    if not world_runnable(Path(sys.executable)) and base_python() is None:
        return f"{sys.executable} is not runnable by other users and there is no python3 that is"
    if find_chp() is None and (shutil.which("npm") is None or shutil.which("node") is None):
        return "no configurable-http-proxy and no node/npm to install it (apt-get install -y nodejs npm)"
    return None


# -- the hub's Python environment --------------------------------------------------------------
HUB_PINS = ["jupyterhub==6.1.1", "nbgitpuller==1.3.0"]  # the versions this test proves (docs say the same)


def world_runnable(path: Path) -> bool:
    """Can any user run this? Every folder on the real path searchable by others, the file too."""
    real = path.resolve()
    if not real.exists() or not real.stat().st_mode & stat.S_IXOTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in real.parents)


def base_python() -> Path | None:
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists() and world_runnable(Path(candidate)):
            return Path(candidate)
    return None


def _has(bin_dir: Path, *modules: str) -> bool:
    code = "import " + ", ".join(modules)
    return subprocess.run([str(bin_dir / "python"), "-c", code], capture_output=True).returncode == 0


def ensure_hub_env() -> Path:
    """The bin/ folder of a Python environment every learner can run, with the kit, JupyterHub and
    nbgitpuller — the hub's environment, as on a real server (TLJH: /opt/tljh/user).

    The test's own venv if other users can run its Python (a CI machine's /usr/bin/python3); else
    (a pyenv Python under /root, mode 0700) a venv made from the system python3, kept in the test
    venv's share/ (git-ignored) and rebuilt when pyproject.toml changes. The kit goes in editable
    when other users can read this checkout; from a checkout inside a folder only root may enter
    (mode 0700) it is installed as a copy, refreshed on every run, since learners could not import it.
    """
    if world_runnable(Path(sys.executable)) and all(world_runnable(p) for p in [REPO / "kit" / "__init__.py"]):
        if not _has(VENV_BIN, "jupyterhub", "nbgitpuller"):
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *HUB_PINS], check=True, timeout=900)
        return VENV_BIN
    editable = world_runnable(REPO / "kit" / "__init__.py")
    env = Path(os.environ.get("READOUT_KIT_HUB_ENV") or Path(sys.prefix) / "share" / "readout-kit-hub-env")
    key = hashlib.sha256((REPO / "pyproject.toml").read_bytes() + " ".join(HUB_PINS).encode()
                         + (b" editable " + str(REPO).encode() if editable else b" copy")).hexdigest()
    stamp = env / ".readout-kit-installed"
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    if stamp.exists() and stamp.read_text() == key and _has(env / "bin", "kit", "jupyterhub", "nbgitpuller"):
        if not editable:  # this checkout's kit, not the one copied in on an earlier run
            subprocess.run([*pip, "--no-deps", "--force-reinstall", str(REPO)], check=True, timeout=600, cwd=env)
            _readable(env)
        return env / "bin"
    python = base_python()
    assert python is not None, "no python3 that other users can run"
    if env.exists():
        shutil.rmtree(env)
    subprocess.run([str(python), "-m", "venv", str(env)], check=True, timeout=300)
    # uv, where the Makefile installed it beside the test venv's Python: the same pins in seconds from
    # its cache, instead of a minute of pip (copies, not links into root's private cache).
    uv = Path(sys.executable).parent / "uv"
    if uv.exists():
        install = [str(uv), "pip", "install", "--quiet", "--link-mode", "copy", "--python", str(env / "bin" / "python")]
    else:
        subprocess.run([*pip, "--upgrade", "pip"], check=True, timeout=600)
        install = pip
    subprocess.run([*install, *(["-e"] if editable else []), str(REPO), *HUB_PINS], check=True, timeout=1800, cwd=env)
    _readable(env)
    stamp.write_text(key)
    return env / "bin"


def _readable(env: Path) -> None:
    for path in [env, *env.rglob("*")]:  # readable by all, whatever root's umask was
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod(mode | stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0))


def find_chp() -> Path | None:
    for candidate in (os.environ.get("READOUT_KIT_CHP"), CHP_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy",
                      shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def ensure_chp() -> Path:
    """configurable-http-proxy from the npm registry, installed once into the venv (git-ignored)."""
    found = find_chp()
    if found:
        return found
    subprocess.run(["npm", "install", "--prefix", str(CHP_PREFIX), "--no-audit", "--no-fund", "--loglevel=error",
                    f"configurable-http-proxy@{CHP_VERSION}"], check=True, timeout=300)
    found = find_chp()
    assert found, f"npm installed configurable-http-proxy but it is not in {CHP_PREFIX}"
    return found


# -- Unix users ------------------------------------------------------------------------------
class Users:
    """Real Unix users with homes under ``homes`` (mode 0700); removed again by ``remove``."""

    def __init__(self, homes: Path):
        self.homes = homes
        self.created: list[str] = []

    def add(self, name: str) -> pwd.struct_passwd:
        try:
            existing = pwd.getpwnam(name)
        except KeyError:
            existing = None
        if existing is not None:
            if existing.pw_gecos != USER_MARK:
                raise RuntimeError(f"a user {name!r} already exists and was not made by this test; not touching it")
            subprocess.run(["userdel", name], check=False, capture_output=True)  # a leftover of a crashed run
        home = self.homes / name
        # HOME_MODE=0700: Debian's default (umask 022) makes homes world-readable, and then any
        # learner could read any other's answers. The docs tell admins to do the same.
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", "--user-group",
                        "--comment", USER_MARK, "-K", "HOME_MODE=0700", name], check=True, capture_output=True)
        self.created.append(name)
        return pwd.getpwnam(name)

    def remove(self) -> None:
        for name in reversed(self.created):
            subprocess.run(["pkill", "-KILL", "-u", name], check=False, capture_output=True)  # only that user's processes
            subprocess.run(["userdel", name], check=False, capture_output=True)
        self.created.clear()


def run_as(user: str, args: list[str], cwd: Path | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run a command as another Unix user (its own uid, primary group, home), as `su` would."""
    pw = pwd.getpwnam(user)
    env = {"HOME": pw.pw_dir, "USER": user, "LOGNAME": user, "PATH": "/usr/local/bin:/usr/bin:/bin",
           "LANG": "C.UTF-8"}
    return subprocess.run(args, cwd=cwd or pw.pw_dir, env=env, user=pw.pw_uid, group=pw.pw_gid,
                          extra_groups=[g.gr_gid for g in grp.getgrall() if user in g.gr_mem],
                          check=check, capture_output=True, text=True, timeout=120, **kwargs)


# -- the course remote -----------------------------------------------------------------------
class CourseRemote:
    """A bare clone of this repository, owned by the instructor, served read-only by git daemon."""

    def __init__(self, base: Path, owner: str):
        self.base = base
        self.bare = base / "readout-kit"  # no ".git": nbgitpuller names the learner's folder after it
        self.owner = owner
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"git://127.0.0.1:{self.port}/readout-kit"

    def start(self) -> None:
        self.base.mkdir(mode=0o755)
        subprocess.run(["git", "clone", "--quiet", "--bare", "--branch", "main", str(REPO), str(self.bare)], check=True)
        pw = pwd.getpwnam(self.owner)
        for path in [self.base, *self.base.rglob("*")]:
            os.lchown(path, pw.pw_uid, pw.pw_gid)
        log = self.base.parent / "git-daemon.log"
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={self.base}", "--listen=127.0.0.1",
                 f"--port={self.port}", str(self.base)],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True, user=pw.pw_uid, group=pw.pw_gid,
                # cwd: a folder the daemon's user may enter. Inherited from a checkout inside a folder
                # only root may enter (mode 0700), git daemon dies with "failed to stat …".
                cwd=self.base, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": pw.pw_dir})
        wait_for_port(self.port, 15, self.proc, log)

    def stop(self) -> None:
        if self.proc is not None:
            stop_group(self.proc, 10)


# -- the hub ---------------------------------------------------------------------------------
CONFIG = '''\
# JupyterHub configuration written by tests/hub/hub_harness.py (one classroom test run).
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.db_url = "sqlite:///{db}"
c.JupyterHub.cookie_secret_file = {cookie!r}
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = {users!r}
# LocalProcessSpawner (the default): each server runs as the Unix user of the same name, in their home.
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {environment!r}
# The test's own handle on the hub: stop servers and read their PIDs at teardown.
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": {service_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "classroom-test", "services": ["classroom-test"],
                            "scopes": ["admin:users", "admin:servers", "admin:server_state", "list:users"]}}]
'''


class Hub:
    def __init__(self, folder: Path, chp: Path, users: list[str], environment: dict[str, str], bin_dir: Path,
                 extra_config: str = ""):
        self.folder, self.bin_dir, self.extra_config = folder, bin_dir, extra_config  # extra: appended to the config
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.service_token = secrets.token_hex(24)
        self.chp, self.users, self.environment = chp, users, environment
        self.proc: subprocess.Popen | None = None
        self.log = folder / "jupyterhub.log"
        self.server_pids: dict[str, int] = {}

    def start(self, timeout: float = 90) -> float:
        self.folder.mkdir(mode=0o700)
        (self.folder / "jupyterhub_config.py").write_text(CONFIG.format(
            port=self.port, hub_port=self.hub_port, api_port=self.api_port, chp=str(self.chp),
            proxy_pid=str(self.folder / "proxy.pid"), db=self.folder / "jupyterhub.sqlite",
            cookie=str(self.folder / "cookie_secret"), password=PASSWORD, users=set(self.users),
            singleuser=str(self.bin_dir / "jupyterhub-singleuser"), environment=self.environment,
            service_token=self.service_token) + self.extra_config)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("READOUT_KIT_", "JUPYTER", "PYTEST"))}
        env["PATH"] = f"{self.bin_dir}:{env.get('PATH', '/usr/bin:/bin')}"
        started = time.monotonic()
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen([str(self.bin_dir / "jupyterhub"), "-f", str(self.folder / "jupyterhub_config.py")],
                                         cwd=self.folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        import requests

        deadline = started + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({self.proc.returncode}); log:\n{self.log.read_text()[-4000:]}")
            try:
                if requests.get(f"{self.base}/hub/api/", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyterhub not up after {timeout:.0f} s; log:\n{self.log.read_text()[-4000:]}")
            time.sleep(0.2)

    def api(self, method: str, path: str, **kwargs):
        import requests

        return requests.request(method, f"{self.base}/hub/api{path}", timeout=30,
                                headers={"Authorization": f"token {self.service_token}"}, **kwargs)

    def record_server_pids(self) -> None:
        """Remember each running user server's PID (from the spawner's state) for teardown."""
        try:
            for user in self.api("GET", "/users", params={"include_stopped_servers": "0"}).json():
                state = (user.get("servers") or {}).get("", {}).get("state") or {}
                if state.get("pid"):
                    self.server_pids[user["name"]] = int(state["pid"])
        except Exception:  # noqa: BLE001 - best effort; teardown also stops servers through the API
            pass

    def stop(self) -> None:
        self.record_server_pids()
        try:  # keep the hub's log for a post-mortem (artifacts/ is git-ignored)
            (REPO / "artifacts").mkdir(exist_ok=True)
            shutil.copy(self.log, REPO / "artifacts" / "hub-classroom.log")
        except OSError:
            pass
        if self.proc is not None and self.proc.poll() is None:
            for name in self.users:
                try:
                    self.api("DELETE", f"/users/{name}/server")
                except Exception:  # noqa: BLE001
                    pass
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and any(
                    kill_check(pid) for pid in self.server_pids.values()):
                time.sleep(0.2)
        if self.proc is not None:
            stop_group(self.proc, 30)
        for pid in self.server_pids.values():
            kill_pid_group(pid, "jupyterhub-singleuser")
        pid_file = self.folder / "proxy.pid"
        if pid_file.exists():
            try:
                kill_pid_group(int(pid_file.read_text().strip()), "configurable-http-proxy")
            except ValueError:
                pass


def kill_check(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


# -- a learner's browser ---------------------------------------------------------------------
class Browser:
    """What a learner's browser does against the hub, with requests (cookies, XSRF) and a websocket."""

    def __init__(self, hub: Hub, user: str):
        import requests

        self.hub, self.user = hub, user
        self.session = requests.Session()
        self.prefix = f"/user/{user}"

    def url(self, path: str) -> str:
        return f"{self.hub.base}{path}"

    def follow(self, link: str, timeout: float = 180):
        """Open ``link`` like a click: log in if the hub asks, wait out a pending spawn; the final page."""
        deadline = time.monotonic() + timeout
        resp = self.session.get(self.url(link), timeout=120)
        while True:
            path = urllib.parse.urlparse(resp.url).path
            if path.startswith("/hub/login"):
                xsrf = re.search(r'name="_xsrf" value="([^"]+)"', resp.text)
                resp = self.session.post(resp.url, timeout=120, data={
                    "username": self.user, "password": PASSWORD, **({"_xsrf": xsrf.group(1)} if xsrf else {})})
                if urllib.parse.urlparse(resp.url).path.startswith("/hub/login"):
                    raise RuntimeError(f"login refused for {self.user}: {resp.status_code}")
                continue
            if path.startswith(self.prefix + "/") and resp.status_code == 200:
                return resp
            if resp.status_code >= 500:
                raise RuntimeError(f"{resp.url}: {resp.status_code}; hub log:\n{self.hub.log.read_text()[-4000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{link} did not reach {self.prefix} in {timeout:.0f} s (at {resp.url}, {resp.status_code})")
            time.sleep(0.5)  # the spawn-pending page: a browser waits on its progress stream, then reloads
            resp = self.session.get(self.url(link), timeout=120)

    def git_pull(self, repo: str, branch: str, targetpath: str) -> list[dict]:
        """What the nbgitpuller status page's script does: read the pull's event stream to the end."""
        query = urllib.parse.urlencode({"repo": repo, "branch": branch, "targetpath": targetpath})
        events = []
        with self.session.get(self.url(f"{self.prefix}/git-pull/api?{query}"), stream=True, timeout=300) as resp:
            resp.raise_for_status()
            for line in resp.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    events.append(event)
                    if event.get("phase") in ("finished", "error"):
                        break
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"nbgitpuller failed for {self.user}: {events[-1] if events else 'no events'}")
        return events

    def _xsrf(self) -> dict[str, str]:
        token = self.session.cookies.get("_xsrf", path=self.prefix + "/") or self.session.cookies.get("_xsrf")
        return {"X-XSRFToken": token} if token else {}

    def api(self, method: str, path: str, **kwargs):
        resp = self.session.request(method, self.url(f"{self.prefix}/api{path}"), timeout=60,
                                    headers=self._xsrf() if method != "GET" else {}, **kwargs)
        return resp

    def open_notebook(self, path: str) -> "Kernel":
        """Like JupyterLab opening a notebook: a session (and its kernel), then the kernel websocket."""
        resp = self.api("POST", "/sessions", json={"path": path, "name": Path(path).name, "type": "notebook",
                                                    "kernel": {"name": "python3"}})
        resp.raise_for_status()
        kernel_id = resp.json()["kernel"]["id"]
        return Kernel(self, kernel_id, resp.json()["id"])


def _decode_ws(raw: str | bytes) -> dict:
    if isinstance(raw, str):
        return json.loads(raw)
    # jupyter_server's legacy binary frame: count, offsets, then JSON and buffers (widgets with buffers)
    n = struct.unpack("!I", raw[:4])[0]
    offsets = struct.unpack(f"!{n}I", raw[4:4 + 4 * n])
    end = offsets[1] if n > 1 else len(raw)
    return json.loads(raw[offsets[0]:end].decode())


class Kernel:
    """A kernel over its websocket, speaking the Jupyter messaging protocol as JupyterLab does."""

    def __init__(self, browser: Browser, kernel_id: str, session_id: str):
        from tornado.httpclient import HTTPClientError, HTTPRequest
        from tornado.websocket import websocket_connect

        self.browser, self.kernel_id, self.session_id = browser, kernel_id, session_id
        self.client_session = uuid.uuid4().hex
        self.loop = asyncio.new_event_loop()
        self.comms: dict[str, dict] = {}  # comm_id -> widget state, from comm_open messages
        self.outputs: list[dict] = []
        http = browser.url(f"{browser.prefix}/api/kernels/{kernel_id}/channels?session_id={self.client_session}")
        cookie = browser.session.prepare_request(__import__("requests").Request("GET", http)).headers.get("Cookie", "")
        # 120 s and two retries, as JupyterLab keeps retrying a kernel connection: while a whole class
        # starts at once the server may take longer than tornado's default 20 s to answer.
        request = HTTPRequest(http.replace("http://", "ws://", 1), headers={"Cookie": cookie, **browser._xsrf()},
                              connect_timeout=120, request_timeout=120)

        async def connect():
            for attempt in range(3):
                try:
                    return await websocket_connect(request, max_message_size=64 * 1024 * 1024)
                except (TimeoutError, OSError, HTTPClientError):
                    if attempt == 2:
                        raise
                    await asyncio.sleep(2 * (attempt + 1))

        self.ws = self.loop.run_until_complete(connect())

    def _message(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "username": self.browser.user, "session": self.client_session,
                           "msg_type": msg_type, "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}

    async def _roundtrip(self, msg: dict, timeout: float) -> dict:
        await self.ws.write_message(json.dumps(msg))
        msg_id = msg["header"]["msg_id"]
        result = {"stdout": "", "stderr": "", "error": None, "data": [], "reply": None}
        idle = False
        deadline = time.monotonic() + timeout
        while not (idle and result["reply"] is not None):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"kernel did not finish {msg['header']['msg_type']} in {timeout:.0f} s: {result}")
            raw = await asyncio.wait_for(self.ws.read_message(), remaining)
            if raw is None:
                raise RuntimeError("kernel websocket closed")
            reply = _decode_ws(raw)
            kind = reply.get("msg_type") or reply["header"]["msg_type"]
            content = reply.get("content", {})
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.comms[content["comm_id"]] = dict(content["data"]["state"])
            elif kind == "comm_msg" and content.get("comm_id") in self.comms:
                state = content.get("data", {}).get("state")
                if state:
                    self.comms[content["comm_id"]].update(state)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "stream":
                result[content["name"]] += content["text"]
            elif kind == "error":
                result["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind in ("execute_result", "display_data"):
                result["data"].append(content.get("data", {}))
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif reply.get("channel") == "shell" or kind.endswith("_reply"):
                result["reply"] = content
        return result

    def execute(self, code: str, timeout: float = 120) -> dict:
        result = self.loop.run_until_complete(self._roundtrip(self._message("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
            "stop_on_error": True}), timeout))
        if result["error"]:
            raise AssertionError(f"kernel error: {result['error']}\n{result['stderr']}")
        return result

    def widget(self, dom_class: str) -> tuple[str, dict]:
        found = [(cid, s) for cid, s in self.comms.items() if dom_class in s.get("_dom_classes", [])]
        assert len(found) == 1, f"{len(found)} widgets with class {dom_class}"
        return found[0]

    def choose(self, dom_class: str, label: str, timeout: float = 30) -> None:
        """What the browser sends when the learner picks ``label`` in a dropdown: a comm update of index."""
        comm_id, state = self.widget(dom_class)
        index = state["_options_labels"].index(label)
        msg = self._message("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"index": index},
                                                                        "buffer_paths": []}})
        self.loop.run_until_complete(self._roundtrip_comm(msg, timeout))

    async def _roundtrip_comm(self, msg: dict, timeout: float) -> None:
        # A comm_msg has no reply: the kernel is done with it when it goes idle under this parent.
        await self.ws.write_message(json.dumps(msg))
        msg_id = msg["header"]["msg_id"]
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.read_message(), max(0.1, deadline - time.monotonic()))
            if raw is None:
                raise RuntimeError("kernel websocket closed")
            reply = _decode_ws(raw)
            content = reply.get("content", {})
            kind = reply.get("msg_type") or reply["header"]["msg_type"]
            if kind == "comm_msg" and content.get("comm_id") in self.comms and content.get("data", {}).get("state"):
                self.comms[content["comm_id"]].update(content["data"]["state"])
            if reply.get("parent_header", {}).get("msg_id") == msg_id and kind == "status" \
                    and content.get("execution_state") == "idle":
                return

    def restart(self) -> None:
        """Kernel > Restart, as in JupyterLab; widget state starts afresh."""
        self.close()
        resp = self.browser.api("POST", f"/kernels/{self.kernel_id}/restart")
        resp.raise_for_status()
        self.__init__(self.browser, self.kernel_id, self.session_id)

    def close(self) -> None:
        if self.loop.is_closed():
            return
        try:
            self.ws.close()
            self.loop.run_until_complete(asyncio.sleep(0.05))  # let the close frame go out
        finally:
            self.loop.close()

    def shutdown(self) -> None:
        self.close()
        self.browser.api("DELETE", f"/sessions/{self.session_id}")


def notebook_code(nb: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def make_base() -> Path:
    """A temp folder other users can traverse (mkdtemp makes it 0700)."""
    base = Path(tempfile.mkdtemp(prefix="readout-kit-hub-"))
    base.chmod(0o755)
    return base
