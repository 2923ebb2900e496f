"""Create a new case from a source: copy it into seeds/, segment it, write a case to fill in.

Three ways in, one core (:func:`create_case_from_text`): a text file (copied byte for byte), text a
teacher pastes (``kit new-case - --id ID``, written as seeds/<id>.txt), or two published pages
(:func:`create_case_from_urls`: fetched with kit.io.webpage, their main text kept verbatim).

The result is data only — case.yml, claims.csv and a reference.yml skeleton with every claim
present and every tag empty — so `kit validate --case ID` lists exactly what is left to do.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, cast
from urllib.parse import urlsplit

import yaml

from .. import paths
from ..io.atomic import atomic_write
from .load import PLACEHOLDER_MARK, SOURCE_KINDS, placeholder_leader
from ..errors import KitError, problem
from ..io.files import read_text
from .sources import Readout, Side, SourceShapeError, iso_date, read_readouts, segment, source_shape
from .taxonomy import CORE_DIMENSIONS

if TYPE_CHECKING:
    from ..io.webpage import Page

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_SIDE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
# Words that say what a title is, not whose readout it is.
_TITLE_WORDS = {"key", "points", "from", "summary", "of", "readout", "the", "official", "excerpts",
                "and", "s", "a", "an", "on", "statement", "press", "release", "call", "meeting", "briefing",
                "president", "presidential", "prime", "minister", "ministry", "foreign", "office", "phone",
                "telephone", "conversation", "talks", "with", "held", "holds", "by", "for", "in", "at", "to",
                "video", "virtual", "remarks", "transcript", "joint", "chairman", "secretary", "general", "mr", "ms"}


def sides_from_titles(titles: list[str]) -> list[str]:
    """A side ID per readout title: its first word that is not a word about readouts."""
    sides: list[str] = []
    for title in titles:
        words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in _TITLE_WORDS]
        sides.append(words[0] if words else f"side{len(sides) + 1}")
    return sides


def prefixes(sides: list[str]) -> list[str]:
    """Claim ID prefixes from side names: the first letter, or more letters until they differ."""
    for length in range(1, max(len(s) for s in sides) + 1):
        candidate = [s[:length].upper() for s in sides]
        if len(set(candidate)) == len(candidate):
            return candidate
    raise KitError(problem("--sides", None, f"sides {', '.join(sides)} cannot be told apart; give distinct names"))


def _claims_csv(claims) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "side", "section", "start", "end", "text"])
    for c in claims:
        writer.writerow([c.id, c.side, c.section, c.start, c.end, c.text])
    return out.getvalue()


def _reference_skeleton(case_id: str, claims) -> str:
    lines = [f"# Reference answer for {case_id}. Fill in every value and rationale (and alternatives",
             "# where a claim is honestly ambiguous), link every `both` claim, then run",
             f"#   kit validate --case {case_id}",
             "# until it passes. The course's default case (data/course.yml) has a finished one to compare.",
             f"case: {case_id}", "tags:"]
    for c in claims:
        flat = " ".join(c.text.split())  # a hard-wrapped claim's line break would end the comment
        lines.append(f"  {c.id}:  # {c.section}: {flat[:70]}{'…' if len(flat) > 70 else ''}")
        lines += [f"    {dim}: {{value: null, rationale: null}}" for dim in CORE_DIMENSIONS]
    lines += ["links: []", "notes: []", ""]
    return "\n".join(lines)


@dataclass
class NewCase:
    """What `kit new-case` wrote, and what a person should look at before tagging."""

    folder: Path
    claims: int
    shape: str  # "labelled", "markdown" or "pasted" (kit.case.sources.source_shape)
    titles: list[tuple[str, str]] = field(default_factory=list)  # (side, the title of its readout)
    date: str | None = None  # YYYY-MM-DD, when the date lines under the titles agree on one
    asides: list[tuple[str, int, str]] = field(default_factory=list)  # (side, line, text): in the seed, not claims


def check_sides_against_titles(sides: list[str], titles: list[str]) -> None:
    """``--sides`` must give one side per readout title found, in reading order. (Which title is whose
    is not guessed: real titles name the other side as often as their own, "… Call with President X
    of Y"; new-case prints each side beside its title for a person to see.)"""
    if len(sides) != len(titles):
        found = "; ".join(f"{i + 1}. {t!r}" for i, t in enumerate(titles))
        raise KitError(problem("--sides", None, f"{len(sides)} side(s) given ({', '.join(sides)}) but the source has "
                                                f"{len(titles)} readout title(s): {found}"))


def _case_date(readouts: list[Readout]) -> str | None:
    """The date the title's date lines agree on (YYYY-MM-DD), else None for the instructor to write."""
    dates = {iso_date(r.date) for r in readouts if r.date}
    dates.discard(None)
    return dates.pop() if len(dates) == 1 else None


def create_case(source: Path | str, case_id: str, sides: list[str] | None = None, *,
                source_kind: str = "other") -> NewCase:
    """Write data/cases/<case_id>/ from the file ``source`` (copied byte for byte into seeds/), or
    from pasted text when ``source`` is ``"-"`` (read from standard input). Refuses to overwrite."""
    if str(source) == "-":
        text = sys.stdin.read()
        return create_case_from_text(text, case_id, sides, source_kind=source_kind, where="<pasted text>")
    source = Path(source)
    return create_case_from_text(read_text(source), case_id, sides, source_kind=source_kind, where=str(source),
                                 copy_from=source)


def _check_id(case_id: str) -> Path:
    if not _ID.match(case_id):
        raise KitError(problem("--id", None, f"{case_id!r}: use lower-case letters, digits and hyphens, e.g. north-south-2026-03-01"))
    folder = paths.case_dir(case_id)
    if folder.exists():
        raise KitError(problem(folder, None, "already exists; pick another --id or remove the folder"))
    return folder


def create_case_from_text(text: str, case_id: str, sides: list[str] | None = None, *, source_kind: str = "other",
                          where: str = "<text>", copy_from: Path | None = None, provenance: str | None = None,
                          originals: list[dict[str, Any]] | None = None) -> NewCase:
    """The core of new-case: segment ``text`` and write the case. The seed is ``copy_from`` copied
    byte for byte, or else ``text`` written as seeds/<case_id>.txt."""
    folder = _check_id(case_id)
    if source_kind not in SOURCE_KINDS:
        raise KitError(problem("--source-kind", None, f"{source_kind!r}; expected one of: {', '.join(SOURCE_KINDS)}"))
    if not text.strip():
        raise KitError(problem(where, None, "empty; paste or write the two readouts, each under its own title line"))
    try:
        readouts = read_readouts(text)
    except SourceShapeError as err:
        raise KitError(problem(where, None, str(err))) from None
    titles = [r.title for r in readouts]
    if len(readouts) < 2:
        raise KitError(problem(where, None, f"found {len(readouts)} readout title(s); a case needs two readouts, "
                                            "each under its own title line (in pasted text, put '* * *' between them)"))
    if sides:
        check_sides_against_titles(sides, titles)
    side_ids = sides or sides_from_titles(titles)
    bad = [s for s in side_ids if not _SIDE.match(s)]
    if bad or len(set(side_ids)) != len(side_ids):
        raise KitError(problem("--sides", None, f"{', '.join(side_ids)}: give distinct lower-case names such as north,south"))
    side_prefixes = prefixes(side_ids)
    try:
        claims = segment(text, [Side(s, p) for s, p in zip(side_ids, side_prefixes)])
    except SourceShapeError as err:
        raise KitError(problem(where, None, str(err))) from None
    empty = [s for s in side_ids if not any(c.side == s for c in claims)]
    if empty:
        raise KitError(problem(where, None, f"no claims for {', '.join(empty)}: under each title write paragraphs of "
                                            "sentences, or sections as 'Section: text' lines (or, in Markdown, "
                                            "'## Section' and paragraphs)"))
    seeds = paths.project_root() / "seeds"
    seed = seeds / (copy_from.name if copy_from is not None else f"{case_id}.txt")
    data = copy_from.read_bytes() if copy_from is not None else text.encode("utf-8")
    if copy_from is None or copy_from.resolve() != seed.resolve():
        if seed.exists() and seed.read_bytes() != data:
            other = "choose another --id" if copy_from is None else "rename your source file"
            raise KitError(problem(seed, None, "already exists with different text; delete it if it came from an "
                                               f"earlier attempt of new-case, or {other}"))
        seeds.mkdir(exist_ok=True)
        atomic_write(seed, data)  # byte for byte: seeds are never edited
    meta = {"id": case_id, "title": None, "date": _case_date(readouts), "language": "en",
            "source": f"seeds/{seed.name}", "source_kind": source_kind,
            "sides": [{"id": s, "label": s.replace("_", " ").title(), "prefix": p, "readout": r.title,
                       "leader": placeholder_leader(s, s.replace("_", " ").title())}
                      for s, p, r in zip(side_ids, side_prefixes, readouts)],
            "provenance": provenance or f"{PLACEHOLDER_MARK}: who wrote this text, is it the official readouts or a "
                                        "summary, where are the originals?"}
    if originals:  # one per readout, in reading order: the shape `kit originals fetch` reads
        meta["originals"] = [{"side": s, **o} for s, o in zip(side_ids, originals)]
    folder.mkdir(parents=True)
    atomic_write(folder / "case.yml", yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100).encode("utf-8"))
    atomic_write(folder / "claims.csv", _claims_csv(claims).encode("utf-8"))
    atomic_write(folder / "reference.yml", _reference_skeleton(case_id, claims).encode("utf-8"))
    asides = [(s, line, aside) for s, r in zip(side_ids, readouts) for line, aside in r.asides]
    return NewCase(folder, len(claims), source_shape(text), list(zip(side_ids, titles)), cast("str | None", meta["date"]), asides)


SEPARATOR_LINE = "* * *"


def seed_from_pages(pages: list[Page]) -> tuple[str, list[str]]:
    """One seed from fetched pages: each page's title line, then its main text verbatim, the pages
    parted by a ``* * *`` line (the pasted shape). Returns the text and the title lines used."""
    titles = []
    for page in pages:
        title = " ".join(page.title.split()).rstrip(".!?…") or page.url
        titles.append(title)
    # A page whose main text opens with its title (the article's own heading) gives it once.
    parts = [page.text if page.text.split("\n", 1)[0].strip() == title else f"{title}\n\n{page.text}"
             for title, page in zip(titles, pages)]
    return f"\n\n{SEPARATOR_LINE}\n\n".join(parts) + "\n", titles


def create_case_from_urls(urls: list[str], case_id: str, sides: list[str] | None = None, *,
                          source_kind: str = "official", fetch: Callable[[str], Page] | None = None) -> NewCase:
    """`kit new-case --url URL --url URL`: fetch two published readouts on this machine (kit.io.webpage:
    trafilatura's main text), keep the text verbatim as seeds/<case_id>.txt and each page's URL,
    title, retrieval time and sha256 in case.yml (``originals:``, which `kit originals fetch` reads)."""
    if len(urls) != 2:
        raise KitError(problem("--url", None, f"{len(urls)} page(s) given; give two, one per readout, in reading order: "
                                              "--url URL --url URL"))
    _check_id(case_id)  # before any download
    if fetch is None:
        from ..io.webpage import fetch_page

        fetch = fetch_page
    pages = [fetch(url) for url in urls]
    text, titles = seed_from_pages(pages)
    try:
        found = [r.title for r in read_readouts(text)]
    except SourceShapeError as err:
        raise KitError(problem("--url", None, f"the pages' text does not read as two readouts ({err}); paste it "
                                              "instead: kit new-case - --id ID")) from None
    if found != titles:
        raise KitError(problem("--url", None, f"the pages' text reads as {len(found)} readout(s) ({'; '.join(found)}), "
                                              "not the two pages; paste it instead (kit new-case - --id ID) and "
                                              "part the readouts with a '* * *' line"))
    day = pages[0].retrieved[:10]
    listed = "; ".join(f"“{t}” ({p.url}), retrieved {p.retrieved}" for t, p in zip(titles, pages))
    provenance = (f"Two published pages fetched with `kit new-case --url` on {day}: {listed}. The seed holds each "
                  "page's title and its main text as extracted by trafilatura, verbatim; menus, share buttons "
                  "and footers were left out by the extractor.")
    originals = [{"url": p.url, "publisher": urlsplit(p.url).hostname or p.url, "language": "en", "licence": "unknown",
                  "title": t, "retrieved": p.retrieved, "sha256": p.sha256} for t, p in zip(titles, pages)]
    return create_case_from_text(text, case_id, sides, source_kind=source_kind, where="--url pages",
                                 provenance=provenance, originals=originals)
