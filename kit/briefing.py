"""The briefing pack: what a senior reader takes in at a glance, every point traced to the text.

Pure: :func:`build_brief` turns a case (its reference answer) or a learner's answers into a
:class:`Brief`; it reads no file and draws nothing. :mod:`kit.briefing_render` turns a Brief into
Markdown or HTML.

Quoting rule: a :class:`Quote` is always a slice of a claim's own text (which is itself verbatim
from the seed) — whole, or cut at word boundaries with the cut marked. The briefer's own words go
in headlines and are never put in quotation marks. A claim is quoted in full the first
time the brief shows it and only by its opening words after that, so the page stays short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .case import Case

SECTION_TITLES = {
    "bottom_line": "Bottom line",
    "converge": "Where the readouts converge",
    "diverge": "Where they diverge, or only one side speaks",
    "attribution": "Attribution and wording",
    "summary_adds": "What the summary itself adds",
    "verify_watch": "Verify in the originals; watch next",
}
SECTION_KEYS = tuple(SECTION_TITLES)

# Which reference teaching notes (reference.yml `notes`, by theme) belong in which section.
NOTE_SECTIONS = {
    "one_side_only": "diverge", "vague_against_specific": "diverge",
    "attribution_shifts": "attribution", "call_or_meeting": "attribution",
    "the_summarizers_voice": "summary_adds", "stock_phrases": "summary_adds",
    "not_independent": "verify_watch",
}
SHORT = 50  # characters of a claim's opening words when it is quoted again
NOTE_SENTENCES = 2  # of each teaching note
MAX_SHORT = 2  # opening-words quotes under one point; the rest are cited by ID
MATCH_ORDER = ("matched", "partial", "reframed", "attribution_shifted", "contradicted")
VOICE_WORDS = {"xi": "Xi alone", "putin": "Putin alone", "both_leaders": "both leaders",
               "aide": "an aide", "narrator": "no one named"}


@dataclass(frozen=True)
class Quote:
    """A verbatim slice ``text == claim_text[start:start + len(text)]`` of one claim."""

    claim_id: str
    side: str  # the side's label, e.g. "Kremlin"
    text: str
    cut_before: bool = False  # the quote starts inside the claim
    cut_after: bool = False  # the quote stops before the claim's end


@dataclass(frozen=True)
class Point:
    headline: str  # the briefer's words, never in quotation marks
    claims: tuple[str, ...]  # every claim the point rests on
    quotes: tuple[Quote, ...]
    paired: bool = False  # quotes are (side A, side B) pairs, shown side by side


@dataclass(frozen=True)
class Note:
    """One of the reference's teaching notes, reused as commentary."""

    title: str
    text: str
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    points: tuple[Point, ...]
    notes: tuple[Note, ...] = ()
    intro: str = ""


@dataclass(frozen=True)
class Brief:
    case_id: str
    title: str
    date: str
    basis: str  # "reference" or "answers"
    learner: str | None  # whose answers, when basis == "answers"
    provenance: str
    sections: tuple[Section, ...]
    sides: tuple[str, ...] = ()  # side labels, in the case's order

    @property
    def basis_line(self) -> str:
        if self.basis == "answers":
            return f"Built from {self.learner}'s answers, not the reference."
        return "Built from the kit's reference answer for this case."

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def cited(self) -> set[str]:
        """Every claim ID the brief cites (points, quotes and notes)."""
        ids = {c for s in self.sections for p in s.points for c in p.claims}
        ids |= {q.claim_id for s in self.sections for p in s.points for q in p.quotes}
        return ids | {c for s in self.sections for n in s.notes for c in n.claims}


# -- what the brief is built from: the reference's tags and links, or a learner's ----------------

@dataclass
class _View:
    case: Case
    tags: dict[str, dict[str, str]]
    links: list[tuple[str, str, str]]  # (a, b, match), a on the case's first side

    def tag(self, claim_id: str, dim: str) -> str | None:
        return self.tags.get(claim_id, {}).get(dim)

    def side(self, claim_id: str) -> str:
        return str(self.case.claims.at[claim_id, "side"])

    def label(self, claim_id: str) -> str:
        return self.case.side_label(self.side(claim_id))

    def text(self, claim_id: str) -> str:
        return str(self.case.claims.at[claim_id, "text"])


def _view(case: Case, answers: Any = None) -> _View:
    answers = getattr(answers, "answers", answers)  # a board's AnswerStore holds Answers
    if answers is None:
        tags: dict[str, dict[str, str]] = {}
        for row in case.reference.itertuples():
            tags.setdefault(row.claim_id, {})[row.dimension] = row.value
        required = case.links[~case.links["optional"]]
        links = [(r.a, r.b, r.match) for r in required.itertuples()]
        return _View(case, tags, links)
    known = set(case.claims.index)
    tags = {cid: dict(dims) for cid, dims in answers.tags.items() if cid in known}
    links = [(k.a, k.b, k.match) for k in answers.links if k.a in known and k.b in known]
    return _View(case, tags, links)


# How a topic reads inside a sentence; any other value reads as its name with spaces.
TOPIC_WORDS = {"economy_energy": "the economy and energy", "united_states": "the United States",
               "global_order": "the global order", "regional_crises": "regional crises",
               "protocol_and_greetings": "greetings and protocol"}


def _topic(value: str | None) -> str:
    return TOPIC_WORDS.get(value or "", (value or "untagged").replace("_", " "))


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _claim_order(case: Case, ids: Iterable[str]) -> list[str]:
    position = {cid: i for i, cid in enumerate(case.claims.index)}
    return sorted(set(ids), key=position.__getitem__)


# -- tables (also shown by the briefing app) ---------------------------------------------------

def convergence_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """The linked pairs, both wordings side by side: a, a_text, match, b, b_text (matched first)."""
    v = _view(case, answers)
    rows = [{"a": a, v.label(a): v.text(a), "match": m, "b": b, v.label(b): v.text(b)}
            for a, b, m in _sorted_links(v.links) if m != "contradicted"]
    first, second = (s.label for s in case.sides[:2])
    return pd.DataFrame(rows, columns=["a", first, "match", "b", second])


def divergence_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """What only one side says, and any contradicted pair: claim, side, topic, text."""
    v = _view(case, answers)
    rows = [{"claim": a, "side": f"{v.label(a)} / {v.label(b)}", "topic": _topic(v.tag(a, "topic")),
             "text": f"{v.text(a)}  ⟷  {v.text(b)}"} for a, b, m in v.links if m == "contradicted"]
    for cid in case.claims.index:
        coverage = v.tag(cid, "coverage")
        if coverage and coverage != "both":
            rows.append({"claim": cid, "side": f"{v.label(cid)} only", "topic": _topic(v.tag(cid, "topic")),
                         "text": v.text(cid)})
    return pd.DataFrame(rows, columns=["claim", "side", "topic", "text"])


def _sorted_links(links: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    rank = {m: i for i, m in enumerate(MATCH_ORDER)}
    return sorted(links, key=lambda link: (rank.get(link[2], len(rank)), link[0], link[1]))


# -- building ----------------------------------------------------------------------------------

class _Builder:
    def __init__(self, view: _View):
        self.v = view
        self.quoted: set[str] = set()

    def quote(self, claim_id: str, short: bool = False) -> Quote:
        """The whole claim the first time it is shown (unless ``short``); its opening words after."""
        text = self.v.text(claim_id)
        if not short and claim_id not in self.quoted:
            self.quoted.add(claim_id)
            return Quote(claim_id, self.v.label(claim_id), text)
        return Quote(claim_id, self.v.label(claim_id), *_opening(text, SHORT))

    def phrase(self, claim_id: str, phrase: str) -> Quote:
        text = self.v.text(claim_id)
        start = text.index(phrase)  # raises if not verbatim: a bug, never shown to a user
        return Quote(claim_id, self.v.label(claim_id), phrase, start > 0, start + len(phrase) < len(text))


def _opening(text: str, limit: int) -> tuple[str, bool, bool]:
    """The claim's first words up to ``limit`` characters, cut at a word boundary."""
    if len(text) <= limit:
        return text, False, False
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:(“\"")
    return cut, False, True


def _sentences(text: str, count: int) -> str:
    """The first ``count`` sentences of a note (the brief has one page; the notes are for teaching)."""
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z])", text)
    return " ".join(parts[:count]) + (" […]" if len(parts) > count else "")


def _notes(case: Case, section: str, answers_mode: bool) -> tuple[Note, ...]:
    if answers_mode:  # the notes explain the reference; a learner's brief stands on its own tags
        return ()
    return tuple(Note(str(n["title"]), _sentences(" ".join(str(n["text"]).split()), NOTE_SENTENCES),
                      tuple(str(c) for c in n.get("claims") or ()))
                 for n in case.notes if NOTE_SECTIONS.get(str(n.get("theme"))) == section)


def build_brief(case: Case, answers: Any = None) -> Brief:
    """The briefing pack for ``case``: from its reference answer, or from a learner's ``answers``."""
    v = _view(case, answers)
    answers_mode = answers is not None
    b = _Builder(v)
    # Sections are built in reading order after the bottom line, so "quoted in full once" holds.
    bottom = _bottom_line(b)
    built = [_converge(b), _diverge(b), _attribution(b), _summary_adds(b), _verify_watch(b)]
    sections = [Section("bottom_line", SECTION_TITLES["bottom_line"], bottom)]
    for key, points, intro in built:
        sections.append(Section(key, SECTION_TITLES[key], points, _notes(case, key, answers_mode), intro))
    learner = getattr(getattr(answers, "answers", answers), "learner", None)
    return Brief(case.id, case.title, case.date, "answers" if answers_mode else "reference",
                 learner, case.provenance, tuple(sections), tuple(s.label for s in case.sides))


def _one_side_topics(v: _View) -> dict[str, list[str]]:
    """side -> claims (tagged <side>_only) on topics the other side never mentions at all."""
    topics_by_side: dict[str, set[str]] = {}
    for cid in v.case.claims.index:
        topics_by_side.setdefault(v.side(cid), set()).add(v.tag(cid, "topic") or "")
    out: dict[str, list[str]] = {}
    for cid in v.case.claims.index:
        side, topic = v.side(cid), v.tag(cid, "topic")
        others = set().union(*(t for s, t in topics_by_side.items() if s != side))
        if topic and topic not in others and v.tag(cid, "coverage") not in (None, "both"):
            out.setdefault(side, []).append(cid)
    return out


def _bottom_line(b: _Builder) -> tuple[Point, ...]:
    v = b.v
    points = []
    links = _sorted_links(v.links)
    agreeing = [link for link in links if link[2] != "contradicted"]
    contradicted = [link for link in links if link[2] == "contradicted"]
    if agreeing:
        kinds = ", ".join(f"{sum(1 for link in agreeing if link[2] == m)} {m.replace('_', ' ')}"
                          for m in MATCH_ORDER if any(link[2] == m for link in agreeing))
        a, bb, _ = agreeing[0]
        tail = (f"; they contradict each other on {len(contradicted)}" if contradicted
                else "; they never contradict each other")
        identical = _identical_pairs(v)
        if identical:
            tail += (f"; {_n(len(identical), 'is the same sentence', 'are the same sentences')} word for word "
                     "on both sides, which may be the summarizer's doing rather than the governments'")
        points.append(Point(f"The two readouts share {_n(len(agreeing), 'point', 'points')} ({kinds}){tail}.",
                            tuple(_claim_order(v.case, [c for link in links for c in link[:2]])),
                            (b.quote(a, short=True), b.quote(bb, short=True)), paired=True))
    for side, ids in _one_side_topics(v).items():
        topics = sorted({_topic(v.tag(c, "topic")) for c in ids})
        label = v.case.side_label(side)
        points.append(Point(f"Only the {label} readout speaks of {', '.join(topics)}.", tuple(ids),
                            tuple(b.quote(c, short=True) for c in ids[:2])))
    shifted = [link for link in links if link[2] == "attribution_shifted"]
    if shifted:
        a, bb, _ = shifted[0]
        points.append(Point(f"In {len(shifted)} of the {len(links)} shared points the speaker changes between "
                            "the readouts.", tuple(_claim_order(v.case, [c for link in shifted for c in link[:2]])),
                            (b.quote(a, short=True), b.quote(bb, short=True)), paired=True))
    own = [c for c in v.case.claims.index if v.tag(c, "claim_type") == "meta" or v.tag(c, "voice") == "narrator"]
    if own:
        meta = [c for c in own if v.tag(c, "claim_type") == "meta"] or own
        points.append(Point(f"{len(own)} of {len(v.case.claims)} sentences name no speaker or are the text's own "
                            "verdict: check who is speaking in the original readouts before quoting either side.",
                            tuple(own), (b.quote(meta[0], short=True),)))
    return tuple(points)


def _converge(b: _Builder) -> tuple[str, tuple[Point, ...], str]:
    v = b.v
    points = []
    for a, bb, m in _sorted_links(v.links):
        if m == "contradicted":
            continue
        topic = _topic(v.tag(a, "topic"))
        points.append(Point(f"{topic[0].upper()}{topic[1:]}: {m.replace('_', ' ')}.",
                            (a, bb), (b.quote(a), b.quote(bb)), paired=True))
    intro = "" if points else "No linked pairs: nothing is marked as said by both sides."
    return "converge", tuple(points), intro


def _diverge(b: _Builder) -> tuple[str, tuple[Point, ...], str]:
    v = b.v
    points = []
    for a, bb, _m in v.links:
        if _m == "contradicted":
            points.append(Point("The two sides say things that cannot both be true.", (a, bb),
                                (b.quote(a), b.quote(bb)), paired=True))
    groups: dict[tuple[str, str], list[str]] = {}
    for cid in v.case.claims.index:
        coverage = v.tag(cid, "coverage")
        if coverage and coverage != "both":
            groups.setdefault((v.side(cid), v.tag(cid, "topic") or ""), []).append(cid)
    exclusive = {c for ids in _one_side_topics(v).values() for c in ids}
    for (side, topic), ids in groups.items():
        alone = ", a topic the other side never mentions" if all(c in exclusive for c in ids) else ""
        points.append(Point(f"Only the {v.case.side_label(side)} readout: {_topic(topic)}{alone}.", tuple(ids),
                            tuple(b.quote(c) for c in ids)))
    untagged = [c for c in v.case.claims.index if not v.tag(c, "coverage")]
    intro = (f"{len(untagged)} claim(s) have no coverage tag and are left out here: {', '.join(untagged)}."
             if untagged else "")
    return "diverge", tuple(points), intro


def _attribution(b: _Builder) -> tuple[str, tuple[Point, ...], str]:
    v = b.v
    points = []
    for a, bb, m in _sorted_links(v.links):
        if m not in ("attribution_shifted", "reframed", "partial"):
            continue
        va, vb = v.tag(a, "voice"), v.tag(bb, "voice")
        who = (f"{v.label(a)} gives it to {VOICE_WORDS.get(va or '', va or 'untagged')}, "
               f"{v.label(bb)} to {VOICE_WORDS.get(vb or '', vb or 'untagged')}" if va != vb
               else f"same speaker on both sides ({VOICE_WORDS.get(va or '', va or 'untagged')})")
        points.append(Point(f"{m.replace('_', ' ').capitalize()}: {who}.", (a, bb),
                            (b.quote(a, short=True), b.quote(bb, short=True)), paired=True))
    intro = "" if points else "No pair is marked as attribution shifted, reframed or partial."
    return "attribution", tuple(points), intro


def _identical_pairs(v: _View) -> list[tuple[str, str]]:
    first = [c for c in v.case.claims.index if v.side(c) == v.case.sides[0].id]
    return [(a, c) for a in first for c in v.case.claims.index
            if v.side(c) != v.side(a) and v.text(c) == v.text(a)]


def _summary_adds(b: _Builder) -> tuple[str, tuple[Point, ...], str]:
    v = b.v
    points = []
    meta = [c for c in v.case.claims.index if v.tag(c, "claim_type") == "meta"]
    if meta:
        points.append(Point("The summary's own verdict, not something anyone in the call is reported to have said.",
                            tuple(meta), tuple(b.quote(c) for c in meta)))
    for side in v.case.sides:
        narrated = [c for c in v.case.claims.index
                    if v.side(c) == side.id and v.tag(c, "voice") == "narrator" and c not in meta]
        if narrated:
            points.append(Point(f"{side.label}'s readout: no speaker named (passive or subjectless) — the summary does "
                                "not say who said these.", tuple(narrated), tuple(b.quote(c) for c in narrated[:MAX_SHORT])))
    for a, c in _identical_pairs(v):
        points.append(Point("The same English sentence, word for word, on both sides: one summarizer's wording, "
                            "not necessarily either government's.", (a, c), (b.quote(a), b.quote(c)), paired=True))
    return "summary_adds", tuple(points), ""


def _provenance(text: str) -> str:
    """The provenance's first sentence and the one naming the originals: what to check, where."""
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z])", " ".join(text.split()))
    keep = [p for i, p in enumerate(parts) if i == 0 or "original" in p.lower()]
    return " ".join(keep) if keep and keep[0] else ""


_QUOTED = re.compile(r"“([^”]+)”")


def _verify_watch(b: _Builder) -> tuple[str, tuple[Point, ...], str]:
    v = b.v
    points = []
    shifted = [(a, c) for a, c, m in _sorted_links(v.links) if m == "attribution_shifted"]
    narrated = [c for c in v.case.claims.index if v.tag(c, "voice") == "narrator"]
    if shifted or narrated:
        ids = _claim_order(v.case, [c for pair in shifted for c in pair] + narrated)
        points.append(Point("Verify who said it: find the speaker in each original where the summaries "
                            "disagree on it or name no one.", tuple(ids),
                            tuple(b.quote(c, short=True) for c in ids[:MAX_SHORT])))
    quoted = [(c, m.group(1).rstrip(",;. ")) for c in v.case.claims.index for m in _QUOTED.finditer(v.text(c))]
    if quoted:
        points.append(Point("Verify the words the summary puts in quotation marks: are they in the originals, "
                            "and in these words?", tuple(_claim_order(v.case, [c for c, _ in quoted])),
                            tuple(b.phrase(c, p) for c, p in quoted)))
    plans = [c for c in v.case.claims.index if v.tag(c, "claim_type") == "plan"]
    if plans:
        points.append(Point("Watch: the plans announced — dates, venues, whether they happen.", tuple(plans),
                            tuple(b.quote(c, short=True) for c in plans)))
    commitments = [c for c in v.case.claims.index if v.tag(c, "claim_type") == "commitment"]
    if commitments:
        points.append(Point("Watch: the commitments — test them against what the two sides do next.",
                            tuple(commitments), tuple(b.quote(c, short=True) for c in commitments[:MAX_SHORT])))
    intro = _provenance(v.case.provenance)
    return "verify_watch", tuple(points), intro
