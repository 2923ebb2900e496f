"""A case's originals: where they are published (case.yml ``originals:``) and the copies fetched.

The repository ships no copy of a published text. ``kit originals fetch`` fetches each original on
the user's machine (kit.io.webpage) and keeps it in the case folder's git-ignored ``originals/``:
``<side>.txt`` is the extracted main text, ``<side>.json`` its provenance (URL, publisher,
language, licence, page title, retrieval time, sha256 of the bytes served). A second original of
the same side is ``<side>-2``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..io.atomic import atomic_write
from .load import Case
from ..errors import KitError, problem
from ..io.files import read_yaml
from .trace import Original as TraceOriginal
from .trace import Traced, trace

if TYPE_CHECKING:  # kit.io.webpage imports trafilatura: only `kit originals fetch` needs it
    from ..io.webpage import Page

FOLDER = "originals"
FIELDS = ("side", "url", "publisher", "language", "licence")


@dataclass(frozen=True)
class Original:
    """Where one side's original is published, and under what licence (case.yml ``originals:``)."""

    side: str
    url: str
    publisher: str
    language: str
    licence: str


@dataclass(frozen=True)
class Fetched:
    """An original as fetched on this machine: its listing, the page's title and main text."""

    original: Original
    title: str
    text: str
    retrieved: str
    sha256: str
    path: Path  # the .txt file holding ``text``


def originals_of(folder: Path) -> list[Original]:
    """The originals listed in ``folder/case.yml`` (none listed: an empty list); bad entries raise
    KitError, one line each naming the file and field."""
    path = folder / "case.yml"
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise KitError(problem(path, None, "expected a mapping with id, title, date, sides, source"))
    listed = raw.get("originals") or []
    if not isinstance(listed, list):
        raise KitError(problem(path, "originals", "expected a list of {side, url, publisher, language, licence}"))
    sides = [str(s.get("id")) for s in raw.get("sides") or [] if isinstance(s, dict)]
    problems: list[str] = []
    found: list[Original] = []
    for i, entry in enumerate(listed):
        where = f"originals[{i}]"
        if not isinstance(entry, dict):
            problems.append(problem(path, where, "expected {side, url, publisher, language, licence}"))
            continue
        missing = [k for k in FIELDS if not str(entry.get(k) or "").strip()]
        if missing:
            problems.append(problem(path, where, f"missing {', '.join(missing)}; write each (licence: "
                                                 "'unknown' if the page states none)"))
            continue
        values = {k: str(entry[k]).strip() for k in FIELDS}
        if values["side"] not in sides:
            problems.append(problem(path, f"{where}.side", f"'{values['side']}' is not a side of this case; "
                                                           f"expected one of: {', '.join(sides)}"))
        if not values["url"].startswith(("http://", "https://")):
            problems.append(problem(path, f"{where}.url", "give the page's address, starting with https://"))
        found.append(Original(**values))
    if problems:
        raise KitError(*problems)
    return found


def _stems(originals: Iterable[Original]) -> list[str]:
    """``<side>`` for a side's first original, ``<side>-2``, ``<side>-3`` … for further ones."""
    seen: dict[str, int] = {}
    stems = []
    for o in originals:
        seen[o.side] = seen.get(o.side, 0) + 1
        stems.append(o.side if seen[o.side] == 1 else f"{o.side}-{seen[o.side]}")
    return stems


def fetch_originals(folder: Path, *, fetch: Callable[[str], Page] | None = None) -> list[Fetched]:
    """Fetch every original of the case in ``folder`` and keep it under ``folder/originals/``.

    All are fetched before any is written, so a failure leaves the earlier copies as they were.
    """
    originals = originals_of(folder)
    if not originals:
        raise KitError(problem(folder / "case.yml", "originals", "none listed; add the published "
                               "readouts as {side, url, publisher, language, licence}"))
    if fetch is None:
        from ..io.webpage import fetch_page

        fetch = fetch_page
    pages = [fetch(o.url) for o in originals]
    out = folder / FOLDER
    out.mkdir(exist_ok=True)
    done = []
    for original, page, stem in zip(originals, pages, _stems(originals)):
        text_path = out / f"{stem}.txt"
        atomic_write(text_path, (page.text + "\n").encode("utf-8"))
        meta = {**asdict(original), "title": page.title, "retrieved": page.retrieved,
                "sha256": page.sha256, "text_file": text_path.name}
        atomic_write(out / f"{stem}.json", (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        done.append(Fetched(original, page.title, page.text, page.retrieved, page.sha256, text_path))
    return done


def load_fetched(folder: Path) -> list[Fetched]:
    """The originals of the case in ``folder`` fetched so far on this machine, in case.yml order
    (an original not fetched yet is left out; see :func:`missing`)."""
    originals = originals_of(folder)
    fetched = []
    for original, stem in zip(originals, _stems(originals)):
        meta_path = folder / FOLDER / f"{stem}.json"
        text_path = folder / FOLDER / f"{stem}.txt"
        if not (meta_path.is_file() and text_path.is_file()):
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            text = text_path.read_text(encoding="utf-8").rstrip("\n")
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise KitError(problem(meta_path, None, f"unreadable ({err.__class__.__name__}); "
                                   "run `kit originals fetch` again")) from None
        if not isinstance(meta, dict) or meta.get("url") != original.url:
            # case.yml now names another page: the copy on disk is not this original
            continue
        fetched.append(Fetched(original, str(meta.get("title") or ""), text, str(meta.get("retrieved") or ""),
                               str(meta.get("sha256") or ""), text_path))
    return fetched


def missing(folder: Path) -> list[Original]:
    """The listed originals not fetched yet on this machine."""
    have = {f.original for f in load_fetched(folder)}
    return [o for o in originals_of(folder) if o not in have]


def fetch_hint(case_id: str) -> str:
    """The one line that tells a reader how to get the originals onto their machine."""
    return f"kit originals fetch --case {case_id}"


def trace_case(case: Case, folder: Path | None = None) -> list[Traced]:
    """Trace every claim of ``case`` against its originals fetched on this machine.

    Every side needs at least one original fetched in the case's language (the trace compares
    wording); otherwise one line says which and how to fetch.
    """
    folder = folder or paths.case_dir(case.id)
    listed = originals_of(folder)
    if not listed:
        raise KitError(problem(folder / "case.yml", "originals", "none listed, so there is nothing to "
                               "trace against; add the published readouts as {side, url, publisher, "
                               "language, licence}"))
    language = _case_language(folder)
    fetched = [f for f in load_fetched(folder) if f.original.language == language]
    problems = []
    for side in case.sides:
        if not any(f.original.side == side.id for f in fetched):
            other = [o for o in listed if o.side == side.id and o.language != language]
            why = (f"its original is in '{other[0].language}' and the claims are in '{language}'; "
                   f"list an original in '{language}'" if other else
                   f"not fetched on this machine; run `{fetch_hint(case.id)}`")
            problems.append(f"{case.id}: {side.label} original: {why}")
    if problems:
        raise KitError(*problems)
    claims = [(str(cid), str(row.side), str(row.text)) for cid, row in case.claims.iterrows()]
    return trace(claims, [TraceOriginal(f.original.side, f.text, f.original.url) for f in fetched], language)


def _case_language(folder: Path) -> str:
    raw = read_yaml(folder / "case.yml")
    return str(raw.get("language") or "en") if isinstance(raw, dict) else "en"


CHECK_FILE = "originals_check.yml"


def checked_points(folder: Path) -> list[dict[str, Any]]:
    """The case author's points on what the source keeps, drops, adds and reshapes of the originals
    (``originals_check.yml``, ``points:``); none written: []."""
    path = folder / CHECK_FILE
    if not path.is_file():
        return []
    raw = read_yaml(path)
    points = raw.get("points") if isinstance(raw, dict) else None
    if not isinstance(points, list):
        raise KitError(problem(path, "points", "expected a list of {kind, claims, side, url, paragraph, text}"))
    for i, p in enumerate(points):
        if not isinstance(p, dict) or not all(str(p.get(k) or "").strip() for k in ("kind", "text")):
            raise KitError(problem(path, f"points[{i}]", "needs kind (keeps, drops, adds or reshapes) and text"))
    return points


# -- for the lesson "back to the originals": what is known of the originals, as tables ----------

#: what a writer of a source can do with an original, in the lesson's words, by trace status
MOVES = {"found": "kept (close wording)", "paraphrased": "reworded", "other_side": "carried across from the other side",
         "not_found": "added, or taken from elsewhere"}


def listing(case: Case, folder: Path | None = None) -> list[str]:
    """One line per listed original: side, publisher, language, licence, address."""
    labels = {s.id: s.label for s in case.sides}
    return [f"{labels.get(o.side, o.side)}: {o.publisher} ({o.language}; licence: {o.licence}) {o.url}"
            for o in originals_of(folder or paths.case_dir(case.id))]


def fetch_status(case: Case, folder: Path | None = None) -> str:
    """Whether the originals are on this machine, and the one line that fetches them if not."""
    folder = folder or paths.case_dir(case.id)
    listed = originals_of(folder)
    if not listed:
        return "This case lists no originals (case.yml, originals:); nothing to fetch."
    have = load_fetched(folder)
    if len(have) == len(listed):
        return f"All {len(listed)} originals are fetched on this machine ({', '.join(f.retrieved for f in have)})."
    return (f"{len(listed) - len(have)} of {len(listed)} originals are not on this machine. To fetch them "
            f"(needs the network; the text stays on your machine): {fetch_hint(case.id)}")


def author_points(case: Case, folder: Path | None = None):
    """The case author's points against the originals (originals_check.yml) as a table."""
    import pandas as pd

    labels = {s.id: s.label for s in case.sides}
    rows = [{"what": p["kind"], "side": labels.get(str(p.get("side")), str(p.get("side", ""))),
             "claims": ", ".join(str(c) for c in p.get("claims") or []) or "—",
             "where": f"{p.get('url', '')} ¶{p.get('paragraph', '?')}", "basis": str(p.get("basis", "")),
             "note": " ".join(str(p["text"]).split())}
            for p in checked_points(folder or paths.case_dir(case.id))]
    return pd.DataFrame(rows, columns=["what", "side", "claims", "where", "basis", "note"])


def beside(case: Case, folder: Path | None = None):
    """Each claim beside its passage in the originals (kit trace), or None when they are not fetched."""
    import pandas as pd

    try:
        traced = trace_case(case, folder)
    except KitError:
        return None
    labels = {s.id: s.label for s in case.sides}
    rows = [{"claim": t.claim_id, "side": labels.get(t.side, t.side), "claim text": str(case.claims.at[t.claim_id, "text"]),
             "what the source did": MOVES[t.status], "similarity": t.similarity,
             "original passage": f"[{labels.get(t.passage.side, t.passage.side)}] {t.passage.text}" if t.passage else "—"}
            for t in traced]
    return pd.DataFrame(rows)


def problems_of(case: Case, folder: Path | None = None) -> list[str]:
    """What `kit validate` reports about a case's originals: bad ``originals:`` entries, and points
    in originals_check.yml that cite no claim of the case (one line each)."""
    folder = folder or paths.case_dir(case.id)
    try:
        originals_of(folder)
        points = checked_points(folder)
    except KitError as err:
        return list(err.problems)
    return [problem(folder / CHECK_FILE, f"points[{i}].claims", f"'{c}' is not a claim of this case")
            for i, p in enumerate(points) for c in (p.get("claims") or []) if str(c) not in case.claims.index]
