"""Driving a notebook in JupyterLab 4 or Notebook 7 the way a learner does: menus, dialogs, widgets.

Waits are on conditions, never fixed sleeps. Selectors and races: see the comments at each wait.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from dataclasses import dataclass
from typing import Callable

from playwright.sync_api import Page, expect

from browser_harness import JupyterServer

OPEN_TIMEOUT = 60_000  # ms: notebook DOM + kernel on a cold server (seen: ~6-8 s)
RUN_TIMEOUT = 120_000  # ms: run all cells of one lesson

# What a learner sees when the front end could not render a widget or a figure.
FALLBACK_REPR = re.compile(r"^(?:[A-Z]\w*Box|Dropdown|Button|HTML|Output|Tab|Accordion)\(|^Figure\(\{")


@dataclass(frozen=True)
class Frontend:
    name: str  # test id
    url_prefix: str  # the notebook's URL is url_prefix + its path under the server root
    ready: tuple[str, ...]  # selectors that all show once the kernel is connected and idle

    def open(self, page: Page, server: JupyterServer, path: str) -> "NotebookPage":
        # ?reset: JupyterLab would otherwise restore the last test's tabs from its saved workspace.
        page.goto(server.url(self.url_prefix + path).replace("?", "?reset&", 1))
        return self._shown(page, server, path)

    def open_in_page(self, page: Page, server: JupyterServer, path: str) -> "NotebookPage":
        """JupyterLab only: open the notebook in the JupyterLab page already loaded, as a learner opens the
        next lesson (File > Open from Path…), without reloading the application. No other notebook open."""
        assert self is LAB, "Notebook 7 opens each notebook in a page of its own"
        expect(page.locator(".jp-NotebookPanel")).to_have_count(0)
        page.locator("#jp-MainMenu").get_by_text("File", exact=True).click()
        page.locator(".lm-Menu-item[data-command='filebrowser:open-path']").click()
        dialog = page.locator(".jp-Dialog")
        dialog.locator("input").fill(path)
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        expect(dialog).to_have_count(0)
        return self._shown(page, server, path)

    def _shown(self, page: Page, server: JupyterServer, path: str) -> "NotebookPage":
        """The notebook just opened, once its cells show (the only notebook open) and its kernel is ready."""
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=OPEN_TIMEOUT)
        expect(page.locator(".jp-NotebookPanel")).to_have_count(1)  # only this notebook is open
        nb = NotebookPage(page, server, path, self)
        nb.wait_kernel_ready()
        return nb


# The code cells that hold code, in order (the cells a Run All executes), as a JavaScript expression.
CODE_CELLS_JS = "[...document.querySelectorAll('.jp-CodeCell')].filter(c => c.querySelector('.cm-content')?.textContent.trim())"

# JupyterLab: the execution indicator says "idle" before the kernel exists and a run-all issued then
# is dropped; the status bar text only says "| Idle" once the kernel has answered.
LAB = Frontend("lab", "lab/tree/", ("#jp-main-statusbar >> text=/\\| Idle$/",))
# Notebook 7 has no status bar. Its kernel button reads "No Kernel" until the session has a kernel;
# with that and the indicator idle, plus the server's own word (see wait_kernel_ready), it is ready.
NOTEBOOK7 = Frontend("notebook7", "notebooks/", (".jp-Toolbar-kernelName:not(:has-text('No Kernel'))",
                                                 ".jp-Notebook-ExecutionIndicator[data-status='idle']"))
FRONTENDS = [LAB, NOTEBOOK7]


class NotebookPage:
    def __init__(self, page: Page, server: JupyterServer, path: str, frontend: Frontend):
        self.page, self.server, self.path, self.frontend = page, server, path, frontend

    # -- kernel ------------------------------------------------------------------------------
    def session(self) -> dict | None:
        with urllib.request.urlopen(self.server.url("api/sessions"), timeout=5) as resp:
            sessions = json.load(resp)
        return next((s for s in sessions if s.get("path") == self.path), None)

    def wait_kernel_ready(self, timeout: float = OPEN_TIMEOUT / 1000) -> None:
        """The page shows the kernel idle AND the server sees this page's websocket on an idle kernel."""
        for selector in self.frontend.ready:
            self.page.locator(selector).first.wait_for(timeout=timeout * 1000)
        deadline = time.monotonic() + timeout
        while True:
            kernel = (self.session() or {}).get("kernel") or {}
            if kernel.get("connections", 0) >= 1 and kernel.get("execution_state") == "idle":
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.path}: kernel never ready in {self.frontend.name}: {kernel}")
            self.page.wait_for_timeout(100)  # polling the server, not waiting for the page

    def close_and_shut_down(self) -> None:
        """File > Close and Shut Down Notebook (accepting the dialog): the tab closes, its kernel stops."""
        self.menu("File", "filemenu:close-and-cleanup")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        expect(self.page.locator(".jp-NotebookPanel")).to_have_count(0)

    def close_tab(self) -> None:
        """JupyterLab: File > Close Tab (discarding unsaved changes, if asked): the tab closes, its session
        and kernel stay, as when a learner closes a tab."""
        self.menu("File", "application:close")
        self.page.wait_for_function("() => document.querySelector('.jp-Dialog') || !document.querySelector('.jp-NotebookPanel')")
        dialog = self.page.locator(".jp-Dialog")
        if dialog.count():  # "Save your work": Cancel, Discard, Save
            dialog.get_by_role("button", name="Discard").click()
        expect(self.page.locator(".jp-NotebookPanel")).to_have_count(0)

    def menu(self, menu: str, command: str) -> None:
        self.page.locator("#jp-MainMenu").get_by_text(menu, exact=True).click()
        self.page.locator(f".lm-Menu-item[data-command='{command}']").click()

    # -- running -----------------------------------------------------------------------------
    def prompts(self) -> list[str]:
        return self.page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()

    def clear_outputs(self) -> None:
        self.menu("Edit", "editmenu:clear-all")
        self._wait_prompts_blank()

    def _wait_prompts_blank(self) -> None:
        self.page.wait_for_function(
            """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                     .every(p => !/\\[[0-9*]+\\]/.test(p.textContent))""", timeout=RUN_TIMEOUT)

    def run_all(self, first: int = 1) -> None:
        """Clear outputs, Run > Run All Cells, wait until every code cell ran once, in order, counted from
        ``first`` ([1], [2], … on a new kernel) or an error output appeared; then until the kernel is idle."""
        self.clear_outputs()
        self.menu("Run", "runmenu:run-all")
        self._wait_run_finished(first)

    def code_cells(self) -> int:
        """How many code cells hold code (the cells a Run All executes)."""
        return self.page.evaluate(f"() => {CODE_CELLS_JS}.length")

    def restart_and_run_all(self) -> None:
        """Kernel > Restart Kernel and Clear Outputs (accepting the dialog), then Run All."""
        self.menu("Kernel", "kernelmenu:restart-and-clear")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        expect(dialog).to_have_count(0)
        self._wait_prompts_blank()
        self.wait_kernel_ready()
        self.menu("Run", "runmenu:run-all")
        self._wait_run_finished()

    def _wait_run_finished(self, first: int = 1) -> None:
        self.page.wait_for_function(
            f"""(first) => {{
                 if (document.querySelector("[data-mime-type='application/vnd.jupyter.stderr']")) return true;
                 const code = {CODE_CELLS_JS};
                 return code.every((c, i) => c.querySelector('.jp-InputPrompt').textContent.trim() === `[${{i + first}}]:`);
               }}""", arg=first, timeout=RUN_TIMEOUT)
        self.wait_kernel_ready()

    # -- checking ----------------------------------------------------------------------------
    def assert_clean_outputs(self) -> dict[str, int]:
        """No error, traceback or stderr output; every widget and plotly output rendered.

        Returns how many widget and plotly outputs there were."""
        page = self.page
        problems = []
        for out in page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all():
            problems.append(f"error/stderr output:\n{out.inner_text()[:2000]}")
        for needle in ("Traceback (most recent call last)", "Error displaying widget"):
            if page.get_by_text(needle).count():
                problems.append(f"page shows {needle!r}")
        for out in page.locator(".jp-OutputArea-output[data-mime-type='text/plain']").all():
            text = out.inner_text().strip()
            if FALLBACK_REPR.match(text):
                problems.append(f"a widget or figure was shown as text (front end did not render it): {text[:200]}")
        assert not problems, f"{self.path} in {self.frontend.name}:\n" + "\n".join(problems)

        # Neither the widget nor the plotly renderer tags its output with data-mime-type.
        widgets = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)")
        plots = page.locator(".jp-OutputArea-output.jp-RenderedPlotly")
        for i in range(plots.count()):
            plots.nth(i).scroll_into_view_if_needed()
            expect(plots.nth(i).locator(".main-svg").first).to_be_visible(timeout=30_000)
        return {"widgets": widgets.count(), "plotly": plots.count()}


THEME_SETTINGS = "lab/api/settings/@jupyterlab/apputils-extension:themes"


def wait_theme(page, theme: str) -> None:
    """The page shows ``theme``: JupyterLab names it on <body> once its stylesheet is loaded."""
    light = "false" if "Dark" in theme else "true"
    page.wait_for_function(f"document.body.dataset.jpThemeLight === '{light}' && "
                           f"document.body.dataset.jpThemeName === '{theme}'")


def choose_theme(page, theme: str) -> None:
    """Settings > Theme > ``theme`` in JupyterLab's menu bar, then wait until it is applied."""
    page.locator("#jp-MainMenu").get_by_text("Settings", exact=True).click()
    page.locator(".lm-Menu-item[data-type='submenu']", has_text="Theme").first.hover()
    page.get_by_role("menuitem", name=theme, exact=True).click()
    wait_theme(page, theme)


def reset_theme(server: JupyterServer) -> None:
    """Forget the theme JupyterLab saved in the server's user settings: the next page opens in light."""
    req = urllib.request.Request(server.url(THEME_SETTINGS), data=json.dumps({"raw": "{}"}).encode(),
                                 method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).close()


class ConsoleWatch:
    """Collects browser console errors and page errors; ``problems()`` leaves out the allow-list."""

    def __init__(self, page: Page, allow: list[tuple[re.Pattern, str]]):
        self.allow = allow
        self.seen: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.seen.append(
            f"console error: {msg.text} (at {msg.location.get('url', '?')})"))
        # A console "Failed to load resource" does not name the URL; record the failed responses too.
        page.on("response", lambda resp: resp.status >= 400 and self.seen.append(
            f"HTTP {resp.status} {resp.request.method} {resp.url.split('?')[0]}"))
        page.on("pageerror", lambda err: self.seen.append(f"page error: {err}\n    {(err.stack or '').splitlines()[1:2]}"))

    def problems(self) -> list[str]:
        return [m for m in self.seen if not any(p.search(m) for p, _reason in self.allow)]


def wait_for(predicate: Callable[[], object], timeout: float, what: str, poll: float = 0.1) -> object:
    """Poll a condition outside the page (e.g. a file on disk) until it holds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)
