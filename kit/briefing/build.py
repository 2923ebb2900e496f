"""The brief: a one-page note a senior reader takes in at a glance, every point traced to the text.

Pure: :func:`build_brief` turns a case (its reference answer, or a learner's answers), the key
judgements a person wrote, and the trace of the claims in the originals (if fetched) into a
:class:`Brief`; it reads no file and draws nothing. :mod:`kit.briefing.render` lays it out.

Order: bottom line (the judgements), deliverables, where the sides converge, where they diverge or
only one side speaks, who is made to speak, the source and how far to trust it, what to verify and
watch. The annex holds the evidence: every cited claim quoted in full, verbatim.

What the kit writes itself is structure and fact, never a judgement: counts, tags, match types,
dates as they stand in a claim. Every name comes from the case (side labels, leaders' names, the
kind of source); "summary" is said only of a case whose source is one. Shared matters are counted,
not link rows: claims joined by links form one matter. A link that rests on a claim tagged
``meta`` (the text's own verdict, not a side's) is not counted as the two sides agreeing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..case.load import Case
from ..case.labels import value_label
from .judgements import Judgement, check_judgements

SECTION_TITLES = {
    "bottom_line": "Bottom line",
    "deliverables": "Deliverables: what was agreed",
    "converge": "Where the two sides converge",
    "diverge": "Where they diverge, or only one side speaks",
    "voices": "Who is made to speak",
    "source": "Source and confidence",
    "verify_watch": "What to verify, what to watch",
}
SECTION_KEYS = tuple(SECTION_TITLES)
CONVERGE = ("matched", "partial")
DIVERGE = ("reframed", "attribution_shifted", "contradicted")
MATCH_ORDER = CONVERGE + DIVERGE
# The shared voice values, in words; a leader's voice reads as the leader's name from the case.
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WHEN = re.compile(
    rf"\b(?:(?:in|by|before|after|during|until) )?(?:the )?(?:(?:first|second) half|end|start|beginning|spring|"
    rf"summer|autumn|winter) of (?:\d{{4}}|the year|this year|next year)\b"
    rf"|\b(?:later|earlier) (?:in|this) (?:the )?year\b|\bnext (?:year|month|week)\b"
    rf"|\b(?:\d{{1,2}} )?(?:{_MONTHS})(?: \d{{1,2}})?(?:,? \d{{4}})?\b|\b(?:19|20)\d{{2}}\b")


@dataclass(frozen=True)
class Quote:
    """A claim quoted whole: ``text`` is the claim's text, itself verbatim from the source."""

    claim_id: str
    side: str  # the side's label
    text: str


@dataclass(frozen=True)
class Point:
    """One line of the brief: the kit's or a person's words (never in quotation marks), the claims
    it rests on, and at most one verbatim quote shown beside it."""

    text: str
    claims: tuple[str, ...]
    quote: Quote | None = None
    label: str = ""  # a short bold lead-in: a side, a topic, "Confidence"
    flag: str = ""  # "problem" for a judgement the check refused
    cite: bool = True  # False when the text already names its claims


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    points: tuple[Point, ...]
    intro: str = ""


@dataclass(frozen=True)
class AnnexGroup:
    title: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Brief:
    case_id: str
    title: str
    date: str
    basis: str  # "reference" or "answers"
    learner: str | None
    sections: tuple[Section, ...]
    annex: tuple[AnnexGroup, ...]
    notes: tuple[tuple[str, str], ...] = ()  # the case author's notes (title, text), whole
    sides: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # judgements the kit could not support, one line each

    @property
    def basis_line(self) -> str:
        if self.basis == "answers":
            return f"Built from {self.learner}'s answers, not the reference."
        return "Built from the kit's reference answer for this case."

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def cited(self) -> set[str]:
        """Every claim ID the brief cites."""
        ids = {c for s in self.sections for p in s.points for c in p.claims}
        return ids | {q.claim_id for g in self.annex for q in g.quotes}


# -- what the brief is built from: the reference's tags and links, or a learner's ----------------

@dataclass
class _View:
    case: Case
    tags: dict[str, dict[str, str]]
    links: list[tuple[str, str, str]]
    accepted_coverage: dict[str, tuple[str, ...]] = field(default_factory=dict)
    answers_mode: bool = False

    def tag(self, claim_id: str, dim: str) -> str:
        return self.tags.get(claim_id, {}).get(dim) or ""

    def side(self, claim_id: str) -> str:
        return str(self.case.claims.at[claim_id, "side"])

    def label(self, claim_id: str) -> str:
        return self.case.side_label(self.side(claim_id))

    def text(self, claim_id: str) -> str:
        return str(self.case.claims.at[claim_id, "text"])

    def quote(self, claim_id: str) -> Quote:
        return Quote(claim_id, self.label(claim_id), self.text(claim_id))

    def coverage_of(self, claim_id: str) -> tuple[str, ...]:
        return self.accepted_coverage.get(claim_id) or ((self.tag(claim_id, "coverage"),) if self.tag(claim_id, "coverage") else ())


def _view(case: Case, answers: Any = None) -> _View:
    answers = getattr(answers, "answers", answers)  # a board's AnswerStore holds Answers
    if answers is None:
        key = case.key  # the reference as the answer key holds it (links: first side's claim first)
        tags = {claim_id: dict(dims) for claim_id, dims in key.exact.items()}
        accepted = {claim_id: decision.accepted for (claim_id, dim), decision in key.tags.items() if dim == "coverage"}
        return _View(case, tags, [(a, b, decision.value) for (a, b), decision in key.required.items()], accepted)
    known = set(case.claims.index)
    tags = {cid: dict(dims) for cid, dims in answers.tags.items() if cid in known}
    links = [(k.a, k.b, k.match) for k in answers.links if k.a in known and k.b in known]
    return _View(case, tags, links, answers_mode=True)


def _order(case: Case, ids: Iterable[str]) -> list[str]:
    position = {cid: i for i, cid in enumerate(case.claims.index)}
    return sorted(set(ids), key=position.__getitem__)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _topic(case: Case, value: str) -> str:
    """A topic in words: the taxonomy's label if it has one, else the value's name, capitalised."""
    if not value:
        return "Untagged"
    words = value_label(case, "topic", value)
    return words[:1].upper() + words[1:]


def _voice(case: Case, value: str) -> str:
    return value_label(case, "voice", value) if value else "untagged"


def _side_word(case: Case) -> str:
    """What one side's text is called: a half of a summary, or a readout."""
    return "side" if case.source_kind == "summary" else "readout"


def _list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- shared matters ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Matter:
    """Claims joined by links (a connected group): one thing both sides speak of."""

    claims: tuple[str, ...]
    links: tuple[tuple[str, str, str], ...]

    @property
    def matches(self) -> tuple[str, ...]:
        found = {m for _, _, m in self.links}
        return tuple(m for m in MATCH_ORDER if m in found) + tuple(sorted(found - set(MATCH_ORDER)))

    @property
    def converges(self) -> bool:
        return all(m in CONVERGE for _, _, m in self.links)


def shared_matters(case: Case, links: Sequence[tuple[str, str, str]]) -> list[Matter]:
    """Connected groups of linked claims, in the case's claim order."""
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.setdefault(c, c) != c:
            c = parent[c]
        return c

    for a, b, _ in links:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for c in parent:
        groups.setdefault(root(c), []).append(c)
    matters = [Matter(tuple(_order(case, ids)), tuple(link for link in links if root(link[0]) == r))
               for r, ids in groups.items()]
    position = {cid: i for i, cid in enumerate(case.claims.index)}
    return sorted(matters, key=lambda m: position[m.claims[0]])


def _counted_links(v: _View) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(links that count as the two sides speaking of one thing, links resting on a meta claim)."""
    meta = {c for c in v.case.claims.index if v.tag(c, "claim_type") == "meta"}
    counted = [link for link in v.links if not ({link[0], link[1]} & meta)]
    return counted, [link for link in v.links if {link[0], link[1]} & meta]


def _identical(v: _View) -> list[tuple[str, str]]:
    first = [c for c in v.case.claims.index if v.side(c) == v.case.sides[0].id]
    return [(a, c) for a in first for c in v.case.claims.index if v.side(c) != v.side(a) and v.text(c) == v.text(a)]


def _pair(ids: Sequence[str]) -> str:
    return "–".join(ids)


# -- tables (also shown by the briefing app) ---------------------------------------------------

def convergence_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """The linked pairs, both wordings side by side: a, <first side>, match, b, <second side>."""
    v = _view(case, answers)
    rank = {m: i for i, m in enumerate(MATCH_ORDER)}
    links = sorted((link for link in v.links if link[2] != "contradicted"), key=lambda k: (rank.get(k[2], 9), k[0]))
    rows = [{"a": a, v.label(a): v.text(a), "match": m, "b": b, v.label(b): v.text(b)} for a, b, m in links]
    first, second = (s.label for s in case.sides[:2])
    return pd.DataFrame(rows, columns=["a", first, "match", "b", second])


def divergence_table(case: Case, answers: Any = None) -> pd.DataFrame:
    """What only one side says, and any contradicted pair: claim, side, topic, text."""
    v = _view(case, answers)
    rows = [{"claim": a, "side": f"{v.label(a)} / {v.label(b)}", "topic": _topic(case, v.tag(a, "topic")),
             "text": f"{v.text(a)}  ⟷  {v.text(b)}"} for a, b, m in v.links if m == "contradicted"]
    for cid in case.claims.index:
        coverage = v.tag(cid, "coverage")
        if coverage and coverage != "both":
            rows.append({"claim": cid, "side": f"{v.label(cid)} only", "topic": _topic(case, v.tag(cid, "topic")),
                         "text": v.text(cid)})
    return pd.DataFrame(rows, columns=["claim", "side", "topic", "text"])


# -- the sections ---------------------------------------------------------------------------------

def _bottom_line(v: _View, judgements: Sequence[Judgement], problems: Sequence[str]) -> Section:
    refused = {int(m.group(1)) for p in problems if (m := re.match(r"judgement (\d+) ", p))}
    points = tuple(Point(j.text, tuple(c for c in j.claims if c in v.case.claims.index),
                         label="" if j.author == "case author" else j.author,
                         flag="problem" if n in refused else "")
                   for n, j in enumerate(judgements, start=1))
    if judgements:
        intro = ""
    elif v.answers_mode:
        intro = ("No key judgements of yours yet, and the kit does not invent them: write two to four in the "
                 "briefing exercise, or as 'stance: text [IDs]' lines (kit brief --judgements FILE).")
    else:
        intro = ("No key judgements written for this case yet: the kit does not invent them. The case author "
                 "writes two to four in the case's brief.yml; a briefer writes them in the briefing exercise "
                 "(kit brief --judgements FILE).")
    return Section("bottom_line", SECTION_TITLES["bottom_line"], points, intro)


def _when(text: str) -> str:
    found = [m.group(0) for m in _WHEN.finditer(text)]
    return "; ".join(dict.fromkeys(found)) if found else ""


def _deliverables(v: _View, matters: list[Matter]) -> Section:
    """Plans (any side) and commitments both sides report: what was agreed, with any date given."""
    contradicted = {c for m in matters if "contradicted" in m.matches for c in m.claims}

    def deliverable(c: str) -> bool:  # a matter the two sides contradict each other on is not agreed
        kind = v.tag(c, "claim_type")
        return c not in contradicted and (kind == "plan" or (kind == "commitment" and any(c in m.claims for m in matters)))

    seen: set[str] = set()
    points = []
    for cid in (c for c in v.case.claims.index if deliverable(c)):
        if cid in seen:
            continue
        matter = next((m for m in matters if cid in m.claims), None)
        ids = list(matter.claims) if matter else [cid]
        seen |= set(ids)
        sides = {v.side(c) for c in ids}
        who = "both sides" if len(sides) > 1 else f"{v.label(cid)} {_side_word(v.case)} only"
        when = _when(" ".join(v.text(c) for c in ids))
        shown = min((c for c in ids if deliverable(c)), key=lambda c: len(v.text(c)))
        points.append(Point(f"({v.tag(cid, 'claim_type')}; {who}; {('when: ' + when) if when else 'no date given'})",
                            tuple(ids), v.quote(shown)))
    intro = "" if points else "Nothing tagged as a plan, and no commitment both sides report: no deliverable."
    return Section("deliverables", SECTION_TITLES["deliverables"], tuple(points), intro)


def deliverable_claims(brief_section: Section) -> set[str]:
    return {c for p in brief_section.points for c in p.claims}


def _converge(v: _View, matters: list[Matter], deliverable: set[str]) -> Section:
    """Shared matters whose links are all matched or partial; those already under Deliverables
    are named on one line."""
    points, above = [], []
    for m in matters:
        if not m.converges:
            continue
        topic = _topic(v.case, v.tag(m.claims[0], "topic"))
        matches = "/".join(x.replace("_", " ") for x in m.matches)
        if set(m.claims) & deliverable:
            above.append((m.claims, f"{topic}, {matches} ({_pair(m.claims)})"))
        else:
            points.append(Point(matches, m.claims, v.quote(min(m.claims, key=lambda c: len(v.text(c)))), label=topic))
    if above:
        points.append(Point("; ".join(text for _, text in above) + ".", tuple(c for ids, _ in above for c in ids),
                            label="Under Deliverables", cite=False))
    n = len([m for m in matters if m.converges])
    intro = (f"{_n(n, 'shared matter', 'shared matters')} of {len(matters)} where the two sides say the same, "
             "in full or in part." if points else "No shared matter is marked matched or partial.")
    return Section("converge", SECTION_TITLES["converge"], tuple(points), intro)


def _diverge(v: _View, matters: list[Matter]) -> Section:
    case = v.case
    points = []
    for m in matters:
        if m.converges:
            continue
        topic = _topic(case, v.tag(m.claims[0], "topic"))
        kinds = [x for x in m.matches if x in DIVERGE]
        facts = []
        if "attribution_shifted" in kinds:
            by_side: dict[str, list[str]] = {}
            for c in m.claims:
                by_side.setdefault(v.label(c), []).append(_voice(case, v.tag(c, "voice")))
            facts.append("; ".join(f"{label}: {_list(sorted(set(voices)))}" for label, voices in by_side.items()))
        text = "/".join(k.replace("_", " ") for k in kinds) + (f" ({facts[0]})" if facts else "")
        points.append(Point(text, m.claims, label=topic))
    for side in case.sides:
        own = [c for c in case.claims.index if v.side(c) == side.id and v.tag(c, "coverage") == f"{side.id}_only"
               and v.tag(c, "claim_type") != "meta"]
        if not own:
            continue
        by_topic: dict[str, list[str]] = {}
        for c in own:
            by_topic.setdefault(_topic(case, v.tag(c, "topic")), []).append(c)
        agenda = "; ".join(f"{t} ({', '.join(ids)})" for t, ids in by_topic.items())
        points.append(Point(agenda + ".", tuple(own), label=f"Only the {side.label} {_side_word(case)}", cite=False))
    untagged = [c for c in case.claims.index if not v.tag(c, "coverage")]
    intro = f"Not tagged for coverage, so left out: {', '.join(untagged)}." if untagged else ""
    if not points and not intro:
        intro = "Nothing is marked as said by one side only, and no shared matter diverges."
    return Section("diverge", SECTION_TITLES["diverge"], tuple(points), intro)


def _voices(v: _View) -> Section:
    case = v.case
    points = []
    for side in case.sides:
        ids = [c for c in case.claims.index if v.side(c) == side.id]
        counts: dict[str, int] = {}
        for c in ids:
            counts[_voice(case, v.tag(c, "voice"))] = counts.get(_voice(case, v.tag(c, "voice")), 0) + 1
        text = ", ".join(f"{who} {n}" for who, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        points.append(Point(f"{_n(len(ids), 'claim', 'claims')}: {text}.", (), label=side.label))
    return Section("voices", SECTION_TITLES["voices"], tuple(points))


def _source(v: _View, dropped: list[tuple[str, str, str]], trace: Sequence[Any] | None,
            originals: Sequence[Any], checked: int) -> Section:
    case = v.case
    points = []
    kind = {"summary": "A third party's summary of both readouts, not the readouts themselves.",
            "official": "The official readouts themselves, as each side published them.",
            "transcript": "A transcript of what was said.",
            }.get(case.source_kind, "The case does not say what kind of text its source is.")
    readouts = [f"{s.label}: {s.readout}" for s in case.sides if s.readout]
    points.append(Point(kind + (" " + "; ".join(readouts) + "." if readouts else ""), (), label="Source"))
    twins = _identical(v)
    if twins:
        who = "likely the summarizer's wording" if case.source_kind == "summary" \
            else "check whether one text copied the other"
        points.append(Point(f"{_n(len(twins), 'sentence', 'sentences')} word for word the same on both sides: {who}.",
                            tuple(c for pair in twins for c in pair), label="Identical"))
    meta = [c for c in case.claims.index if v.tag(c, "claim_type") == "meta"]
    if meta:
        whose = "the summary's own verdict" if case.source_kind == "summary" else "the text's own characterisation"
        extra = (f"; links resting on {'it' if len(meta) == 1 else 'them'} "
                 f"({', '.join(_pair(link[:2]) for link in dropped)}) are not counted as agreement") if dropped else ""
        points.append(Point(f"{', '.join(meta)} {'is' if len(meta) == 1 else 'are'} {whose}, no side's{extra}.",
                            tuple(meta), label="Own verdict", cite=False))
    points.append(Point(_confidence(case, trace, originals, checked), (), label="Confidence"))
    return Section("source", SECTION_TITLES["source"], tuple(points))


def _confidence(case: Case, trace: Sequence[Any] | None, originals: Sequence[Any], checked: int) -> str:
    if trace:
        counts = {s: sum(t.status == s for t in trace) for s in ("found", "paraphrased", "other_side", "not_found")}
        close = counts["found"] + counts["paraphrased"]
        level = "moderate" if case.source_kind == "summary" else "higher"
        return (f"{level.capitalize()}: traced on this machine, {close} of {len(trace)} claims close to their own "
                f"side's original, {counts['other_side']} only in the other side's, {counts['not_found']} in neither "
                "(by shared words: read them).")
    fetch = (f" Fetch and trace them: kit originals fetch --case {case.id}; kit trace --case {case.id}."
             if originals else "")
    if case.source_kind == "summary":
        author = (f" The case author compared it with copies of the originals ({_n(checked, 'point', 'points')} in the "
                  "case data), but the originals are not traced on this machine." if checked else
                  " The originals are unchecked.")
        return "Low: one third party wrote both halves." + author + fetch
    if case.source_kind == "official":
        return ("Higher for what each government chose to say (its own text); not for what was said in the room."
                + fetch)
    return "Unstated: check the source's provenance before relying on it." + fetch


_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def _verify_watch(v: _View, trace: Sequence[Any] | None, deliverable: set[str]) -> Section:
    case = v.case
    counted, _ = _counted_links(v)
    shifted = [c for a, b, m in counted if m == "attribution_shifted" for c in (a, b)]
    unnamed = [c for c in case.claims.index if v.tag(c, "voice") == "narrator" and v.tag(c, "claim_type") != "meta"]
    checks = [("who said it, where the sides differ or name no one", _order(case, shifted + unnamed)),
              ("the words in quotation marks, in the originals",
               _order(case, [c for c in case.claims.index if _QUOTED.search(v.text(c))]))]
    if trace:
        checks.append(("what has no close wording in its own side's original (kit trace)",
                       [t.claim_id for t in trace if t.status in ("other_side", "not_found")]))
    checks = [(what, ids) for what, ids in checks if ids]
    points = []
    if checks:
        points.append(Point("; ".join(f"{what} ({', '.join(ids)})" for what, ids in checks) + ".",
                            tuple(dict.fromkeys(c for _, ids in checks for c in ids)), label="Verify", cite=False))
    else:
        points.append(Point("each quotation against the published text before citing it.", (), label="Verify"))
    dated = _order(case, deliverable)
    if dated:
        points.append(Point("whether the deliverables happen, on the dates given.", tuple(dated), label="Watch"))
    return Section("verify_watch", SECTION_TITLES["verify_watch"], tuple(points))


def build_brief(case: Case, answers: Any = None, judgements: Sequence[Judgement] = (),
                trace: Sequence[Any] | None = None, originals: Sequence[Any] = (), checked: int = 0) -> Brief:
    """The brief for ``case``: from its reference answer, or from a learner's ``answers``.

    ``judgements``: the bottom line, written by a person (kit.briefing.judgements); those the kit
    cannot support are kept, flagged, and their problems listed in ``Brief.problems``.
    ``trace``: kit.case.trace results when the originals are fetched; ``originals``: the case's listed
    originals; ``checked``: how many points the case author noted against the originals.
    """
    v = _view(case, answers)
    problems = check_judgements(case, list(judgements), v.coverage_of)
    counted, dropped = _counted_links(v)
    matters = shared_matters(case, counted)
    deliverables = _deliverables(v, matters)
    sections = (_bottom_line(v, judgements, problems), deliverables,
                _converge(v, matters, deliverable_claims(deliverables)),
                _diverge(v, matters), _voices(v), _source(v, dropped, trace, originals, checked),
                _verify_watch(v, trace, deliverable_claims(deliverables)))
    shown_sections = tuple(s for s in sections if s.points or s.intro)
    annex = []
    shown: set[str] = set()
    for s in shown_sections:
        ids = [c for p in s.points for c in p.claims if c not in shown]
        ids = list(dict.fromkeys(ids))
        shown |= set(ids)
        if ids:
            annex.append(AnnexGroup(s.title, tuple(v.quote(c) for c in ids)))
    rest = [c for c in case.claims.index if c not in shown]
    if rest:
        annex.append(AnnexGroup("Not cited above", tuple(v.quote(c) for c in rest)))
    notes = () if answers is not None else tuple(
        (str(n["title"]), " ".join(str(n["text"]).split())) for n in case.notes)
    learner = getattr(getattr(answers, "answers", answers), "learner", None)
    return Brief(case.id, case.title, case.date, "answers" if answers is not None else "reference", learner,
                 shown_sections, tuple(annex), notes, tuple(s.label for s in case.sides), tuple(problems))
