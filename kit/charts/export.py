"""Static export for slides: PNG, SVG or PDF, written offline by kaleido with the machine's Chromium.

Each image gets a text alternative beside it (``chart.png`` → ``chart.png.txt``): its sentence
title and what it plots, value by value (:func:`alt_text`), for a slide's alt text or a reader who
cannot see the image.

Optional at runtime: without kaleido, or without a Chromium/Chrome for it to drive, :func:`export`
raises :class:`~kit.errors.KitError` saying what to install.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KitError
from ..io.atomic import atomic_write

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

FORMATS = ("png", "svg", "pdf")
NEED_KALEIDO = "static chart export needs kaleido: pip install 'kaleido>=1.5,<2' (or the kit's [export] extra)"
NEED_CHROMIUM = ("static chart export needs Chromium or Chrome for kaleido: apt-get install chromium "
                 "(or set BROWSER_PATH to a Chrome executable)")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _plain(text: object) -> str:
    return html.unescape(re.sub(r"<br\s*/?>", " — ", re.sub(r"<(?!br)[^>]+>", "", str(text or "")))).strip()


def alt_text(fig: Figure) -> str:
    """A text alternative for a chart: its title, its axes, and every value it shows (bars per
    category, heatmap cells that are not zero, how many points or lines a scatter draws)."""
    layout = fig.layout
    lines = [_plain(layout.title.text)]
    axes = [f"{axis}: {_plain(getattr(layout, axis).title.text)}" for axis in ("xaxis", "yaxis")
            if getattr(layout, axis).title.text]
    if axes:
        lines.append("Axes — " + "; ".join(axes) + ".")
    share = ".0%" in (layout.xaxis.tickformat, layout.yaxis.tickformat)
    fmt = (lambda v: f"{v:.0%}") if share else (lambda v: f"{v:g}")
    for trace in fig.data:
        name = _plain(trace.name) if trace.name else ""
        if trace.type == "bar":
            cats, vals = (trace.y, trace.x) if trace.orientation == "h" else (trace.x, trace.y)
            pairs = [f"{_plain(c)} {fmt(v)}" if isinstance(v, (int, float)) else f"{_plain(c)} {v}"
                     for c, v in zip(cats or (), vals or ()) if v]
            lines.append(f"{name or 'Bars'}: " + (", ".join(pairs) if pairs else "none") + ".")
        elif trace.type == "heatmap":
            cells = [f"{_plain(y)} / {_plain(x)}: {z}" for y, row in zip(trace.y, trace.z)
                     for x, z in zip(trace.x, row) if z]
            lines.append("Cells (row / column: count): " + (", ".join(cells) if cells else "all zero") + ".")
        elif trace.type == "histogram":
            lines.append(f"{name or 'Histogram'} of {len(trace.x or ())} values.")
        elif trace.type == "scatter" and trace.mode == "lines":
            lines.append(f"{name}: {sum(1 for v in (trace.x or ()) if v is None)} line(s).")
        elif trace.type == "scatter":
            lines.append(f"{name or 'Points'}: {', '.join(map(str, trace.text or ())) or len(trace.x or ())}.")
    return "\n".join(line for line in lines if line) + "\n"


def export_problem() -> str | None:
    """Why :func:`export` cannot work here (one line), or None if kaleido and a browser are found."""
    if importlib.util.find_spec("kaleido") is None:
        return NEED_KALEIDO
    browser = os.environ.get("BROWSER_PATH")
    if (browser and Path(browser).is_file()) or any(shutil.which(b) for b in BROWSERS):
        return None
    return NEED_CHROMIUM


def export(figs: Figure | Sequence[Figure], paths: str | Path | Sequence[str | Path], *,
           width: int | None = None, height: int | None = None, scale: float = 1) -> list[Path]:
    """Write each figure to its path; the suffix picks the format (.png, .svg or .pdf); beside each,
    its text alternative (``<path>.txt``).

    One call for many figures: kaleido starts Chromium once (5 figures in ~5 s instead of ~20 s).
    ``width``/``height`` default to each figure's own layout size (else 1000 × 600); ``scale`` 2
    doubles a PNG's pixels for a sharp slide.
    """
    figs = [figs] if not isinstance(figs, Sequence) else list(figs)
    targets = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if len(figs) != len(targets):
        raise KitError(f"export: {len(figs)} figure(s) but {len(targets)} path(s); give one path per figure")
    for target in targets:
        if target.suffix.lower().lstrip(".") not in FORMATS:
            raise KitError(f"{target}: cannot export to {target.suffix or 'a file without a suffix'}; "
                           f"end the name in one of: {', '.join('.' + f for f in FORMATS)}")
    if importlib.util.find_spec("kaleido") is None:
        raise KitError(NEED_KALEIDO)
    import plotly.io as pio

    widths = [width or f.layout.width or 1000 for f in figs]
    heights = [height or f.layout.height or 600 for f in figs]
    try:
        # kaleido writes into a private folder; each image then replaces its target atomically, so
        # a slide deck never links a half-written chart.
        with tempfile.TemporaryDirectory(prefix="kit-export-") as tmp:
            staged = [Path(tmp) / f"{i}{t.suffix.lower()}" for i, t in enumerate(targets)]
            pio.write_images(figs, staged, width=widths, height=heights, scale=scale)
            for fig, target, image in zip(figs, targets, staged):
                for path, payload in ((target, image.read_bytes()),
                                      (target.with_name(target.name + ".txt"), alt_text(fig).encode("utf-8"))):
                    try:
                        atomic_write(path, payload)
                    except OSError as err:  # name the file asked for, not a temporary one
                        raise KitError(f"{path}: cannot write: {err.strerror}") from None
    except OSError as err:
        raise KitError(f"{getattr(err, 'filename', None) or targets[0]}: cannot write: {err.strerror}") from None
    except RuntimeError as err:
        if "Chrome" in str(err) or "chrom" in str(err).lower():
            raise KitError(NEED_CHROMIUM) from None
        raise
    return targets
