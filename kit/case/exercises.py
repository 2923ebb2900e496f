"""Exercises for any case, as data: a spec says what kind of exercise it is, the case gives the questions.

Specs (``exercises/specs/*.yml``) are generic: kind, title, intro, how many questions. They name no
case and no claim; ``{side_a}``, ``{side_b}``, ``{sides}``, ``{stances}`` and ``{example}`` in a
title or intro are filled from the case. A case may choose its own questions in its story
(``data/cases/<id>/story.yml``, ``exercises: {<exercise id>: {items, intro, hint, questions,
example}}``); where it says nothing they are drawn from its claims and reference. Expected answers
always come from the case — the side a claim is on, the reference's tags and links, identical
sentences across the two sides — so an exercise can never drift from the reference. Tag answers
are judged by :func:`kit.judge.scoring.score`.

Kinds of exercise (``kind:`` in the spec):

``side``        who said it: a claim's text with every side's and leader's name masked and its ID
                hidden until answered (the item title is "Sentence N"); answer a side ID
``tag``         one dimension (``dimension:``) for each chosen claim; answer a taxonomy value
``counterpart`` for each claim, the other side's claim that says the same, or ``none``
``summarizer``  where the source is a summary (``source_kind: summary``): ``meta`` (is this the
                summary's own verdict?), ``phrase`` (whose word is it?), ``twins`` (which pair
                shows one author wrote both?). A spec with ``only_for: summary`` and
                ``otherwise: framing`` gives way, for any other source, to:
``framing``     how each side frames a shared matter (the reference's reframed, shifted and
                partial links) and the case's own loaded-word questions (``phrase``, answer
                ``loaded`` or ``neutral``)
``briefing``    bullets, each with a stance (``both`` or ``<side>_only``) and the claim IDs it cites
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import KitError, problem
from ..io.files import read_yaml
from .load import Case

KINDS = ("side", "tag", "counterpart", "summarizer", "framing", "briefing")
NONE = "none"
SUMMARIZER, READOUT = "summarizer", "readout"
LOADED, NEUTRAL = "loaded", "neutral"
CASE_KEYS = ("items", "title", "intro", "hint", "questions", "example")  # what a case's story may set per exercise


@dataclass(frozen=True)
class Item:
    """One question: what to show, what may be answered, what is accepted, and why."""

    id: str
    prompt: str
    choices: tuple[tuple[str, str], ...]  # (label, value)
    accepted: tuple[str, ...]
    explanation: str
    hint: str = ""
    title: str = ""  # what the learner sees above the question; never an internal key
    claim: str = ""  # who said it: the claim behind an opaque ID (answers files before 2026-11-30 used it as the key)

    @property
    def heading(self) -> str:
        return self.title or self.id


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    kind: str
    intro: str
    case: Case
    items: tuple[Item, ...]
    hint: str = ""
    min_bullets: int = 0
    require_stances: tuple[str, ...] = ()
    dimension: str = ""  # for kind "tag"
    example: str = ""  # briefing: a brief that passes, one bullet a line
    spec: str = ""  # the spec asked for, when another stands in for it (spot_the_summarizer -> framing)

    def item(self, item_id: str) -> Item:
        """The item with this ID (or, for who-said-it, this claim)."""
        return next(i for i in self.items if item_id == i.id or (i.claim and item_id == i.claim))


# -- specs -------------------------------------------------------------------------------------

def specs_dir() -> Path:
    return paths.project_root() / "exercises" / "specs"


def spec_ids() -> list[str]:
    return sorted(p.stem for p in specs_dir().glob("*.yml"))


def _claim_list(spec: dict, case: Case, path: Path) -> list[str]:
    items = spec.get("items", "all")
    if items == "all":
        return list(case.claims.index)
    if not isinstance(items, list) or not items:
        raise KitError(problem(path, "items", "expected a list of claim IDs or 'all'"))
    for cid in items:
        if str(cid) not in case.claims.index:
            raise KitError(problem(path, "items", f"'{cid}' is not a claim of case {case.id}"))
    return [str(c) for c in items]


def _ref(case: Case, claim_id: str, dim: str) -> tuple[str, tuple[str, ...], str]:
    return case.key.tags[(claim_id, dim)]  # (value, accepted values, rationale): the case's answer key


def _mask(text: str, words: list[str]) -> str:
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", "▢", text, flags=re.IGNORECASE)
    return re.sub(r"▢(?:[-–]▢)+", "▢", text)


def _twins(case: Case) -> list[tuple[str, str]]:
    from ..case.story import twins

    return twins(case)


def _coverage(case: Case, claim_id: str) -> str:
    return _ref(case, claim_id, "coverage")[0]


def _interleaved(case: Case) -> list[str]:
    """Claims alternating between the sides (first of each, second of each…), so a sample is balanced."""
    by_side = [list(case.claims.index[case.claims["side"] == s.id]) for s in case.sides]
    return [c for row in zip(*(ids + [""] * (max(map(len, by_side)) - len(ids)) for ids in by_side)) for c in row if c]


def _sample(case: Case, count: int, dim: str | None = None) -> list[str]:
    """``count`` claims, balanced across sides; for a dimension, one per reference value first (variety)."""
    order = _interleaved(case)
    if dim is None:
        return order[:count]
    picked, seen = [], set()
    for cid in order:
        value = _ref(case, cid, dim)[0]
        if value not in seen:
            picked.append(cid)
            seen.add(value)
    picked += [c for c in order if c not in picked]
    chosen = set(picked[:count])
    return [c for c in order if c in chosen]


def _example_brief(case: Case) -> str:
    """A brief that passes, from the reference: the first required link, and one claim only each side makes."""
    lines = []
    required = case.links[~case.links["optional"]]
    if len(required):
        a, b = required.iloc[0]["a"], required.iloc[0]["b"]
        lines.append(f"both: {case.claims.at[a, 'text']} [{a}, {b}]")
    for side in case.sides:
        alone = [c for c in case.claims.index if case.claims.at[c, "side"] == side.id and _coverage(case, c) == f"{side.id}_only"]
        if alone:
            lines.append(f"{side.id}_only: {case.claims.at[alone[0], 'text']} [{alone[0]}]")
    return "\n".join(lines)


def _fill(text: str, case: Case, spec: dict) -> str:
    """A spec's title or intro with ``{side_a}``, ``{side_b}``, ``{sides}``, ``{stances}``, ``{example}`` from the case."""
    labels = [s.label for s in case.sides]
    stances = case.values("coverage")
    example = (str(spec.get("example") or "").strip().splitlines() or [""])[0]
    values = {"side_a": labels[0], "side_b": labels[1], "sides": " or ".join(labels),
              "stances": ", ".join(stances[:-1]) + f" or {stances[-1]}", "example": example}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m[1], m[0]), text)


def _for_case(spec: dict, case: Case, path: Path) -> dict:
    """The spec with this case's own choices (story.yml ``exercises:``) and, where it says nothing, questions drawn from it."""
    spec = dict(spec)
    own = case.story.exercises.get(str(spec["id"]), {})
    story_path = paths.case_dir(case.id) / "story.yml"
    for k in own:
        if k not in CASE_KEYS:
            raise KitError(problem(story_path, f"exercises.{spec['id']}.{k}", f"not an exercise setting; expected one of: {', '.join(CASE_KEYS)}"))
    spec.update(own)
    count = int(spec.get("count", 8))
    kind = spec["kind"]
    if "items" not in spec:
        if kind == "side":
            spec["items"] = _sample(case, count)
        elif kind == "tag":
            spec["items"] = _sample(case, count, str(spec.get("dimension")))
        elif kind == "counterpart":
            spec["items"] = [c for c in case.claims.index if case.claims.at[c, "side"] == case.sides[0].id][:count]
    if kind == "summarizer" and "questions" not in spec:
        metas = [c for c in case.claims.index if "meta" in _ref(case, c, "claim_type")[1]]
        others = [c for c in _interleaved(case) if c not in metas][:max(len(metas), 2)]
        spec["questions"] = [{"type": "meta", "claim": c} for c in _interleaved(case) if c in metas or c in others]
        if _twins(case):
            spec["questions"].append({"type": "twins"})
    if kind == "briefing":
        if spec.get("require_stances") == "all":
            spec["require_stances"] = case.values("coverage")
        if not str(spec.get("example") or "").strip():
            spec["example"] = _example_brief(case)
    for k in ("title", "intro", "hint"):
        spec[k] = _fill(str(spec.get(k) or "").strip(), case, spec)
    return spec


def _side_items(spec: dict, case: Case, path: Path) -> list[Item]:
    from ..case.story import side_names

    labels = {s.id: s.label for s in case.sides}
    choices = tuple((s.label, s.id) for s in case.sides)
    texts = dict(zip(case.claims.index, case.claims["text"]))
    mask = [*side_names(case), *(str(w) for w in spec.get("mask", []))]
    items = []
    for n, cid in enumerate(_claim_list(spec, case, path), start=1):
        side, section = case.claims.at[cid, "side"], case.claims.at[cid, "section"]
        twins = [o for o, t in texts.items() if t == texts[cid] and case.claims.at[o, "side"] != side]
        accepted = (side, *(case.claims.at[o, "side"] for o in twins))
        why = f"It is {cid}, in the {labels[side]} readout (section “{section}”)."
        if twins:
            why += f" The very same sentence is {', '.join(twins)} on the other side — either answer is right; no one could tell."
        # The ID must not give the side away (a claim ID's prefix would): a stable digest of case and claim.
        opaque = "sentence-" + hashlib.sha256(f"{case.id}:{cid}".encode()).hexdigest()[:8]
        items.append(Item(opaque, _mask(texts[cid], mask), choices, tuple(dict.fromkeys(accepted)), why,
                          str(spec.get("hint", "")), title=f"Sentence {n}", claim=cid))
    return items


def _tag_items(spec: dict, case: Case, path: Path) -> list[Item]:
    dim = spec.get("dimension")
    if dim not in case.dimensions:
        raise KitError(problem(path, "dimension", f"{dim!r} is not a dimension; expected one of: {', '.join(case.dimensions)}"))
    dimension = case.taxonomy.dimensions[dim]
    choices = tuple((v, v) for v in dimension.values)
    items = []
    for cid in _claim_list(spec, case, path):
        _, accepted, why = _ref(case, cid, dim)
        items.append(Item(cid, case.claims.at[cid, "text"], choices, accepted, why, dimension.question,
                          title=f"{cid} · {dimension.title}"))
    return items


def _counterpart_items(spec: dict, case: Case, path: Path) -> list[Item]:
    items = []
    for cid in _claim_list(spec, case, path):
        side = case.claims.at[cid, "side"]
        others = case.claims[case.claims["side"] != side]
        choices = (("none — only this side says it", NONE),
                   *((f"{o} — {t}", str(o)) for o, t in others["text"].items()))
        links = case.links[(case.links["a"] == cid) | (case.links["b"] == cid)]
        required = [r for r in links.itertuples() if not r.optional]
        partners = [(r.b if r.a == cid else r.a) for r in links.itertuples()]
        accepted = tuple(partners) if required else (NONE, *partners)
        _, _, coverage_why = _ref(case, cid, "coverage")
        link_whys = " ".join(f"{r.a}–{r.b} ({r.match}{', optional' if r.optional else ''}): {r.rationale}" for r in links.itertuples())
        items.append(Item(cid, case.claims.at[cid, "text"], choices, accepted,
                          f"{coverage_why} {link_whys}".strip(), case.taxonomy.dimensions["coverage"].question,
                          title=f"{cid} · Counterpart"))
    return items


def _phrase_item(q: dict, case: Case, path: Path, where: str, answers: tuple[str, str],
                 whose: tuple[tuple[str, str], ...], n: int, question: str) -> Item:
    cid, phrase, answer = str(q.get("claim")), str(q.get("phrase", "")), q.get("answer")
    if cid not in case.claims.index or phrase not in case.claims.at[cid, "text"]:
        raise KitError(problem(path, f"{where}.phrase", f"{phrase!r} is not in claim {cid}; quote the claim's words exactly"))
    if answer not in answers or not q.get("why"):
        raise KitError(problem(path, where, f"needs answer: {'|'.join(answers)} and a 'why' for learners"))
    return Item(f"phrase-{cid}-{re.sub(r'[^a-z0-9]+', '_', phrase.lower()).strip('_')}",
                f"{cid}: {case.claims.at[cid, 'text']}\n\n{question.format(phrase=phrase)}",
                whose, (answer,), str(q["why"]), str(q.get("hint", "")), title=f"Question {n}")


def _summarizer_items(spec: dict, case: Case, path: Path) -> list[Item]:
    questions = spec.get("questions")
    if not isinstance(questions, list) or not questions:
        raise KitError(problem(path, "questions", "expected a list of {type: meta|phrase|twins, …}"))
    whose = (("the summarizer's", SUMMARIZER), ("the readout's (a side's own)", READOUT))
    items = []
    for n, q in enumerate(questions, start=1):
        where = f"questions[{n - 1}]"
        kind = q.get("type") if isinstance(q, dict) else None
        if kind == "meta":
            cid = str(q.get("claim"))
            if cid not in case.claims.index:
                raise KitError(problem(path, f"{where}.claim", f"'{cid}' is not a claim of case {case.id}"))
            value, accepted, why = _ref(case, cid, "claim_type")
            answer = tuple(dict.fromkeys(SUMMARIZER if v == "meta" else READOUT for v in accepted))
            also = [str(a) for a in (q.get("also") or [])]
            if any(a not in (SUMMARIZER, READOUT) for a in also) or (also and not q.get("why")):
                raise KitError(problem(path, f"{where}.also", f"a list of {SUMMARIZER}|{READOUT}, with a 'why' saying what makes both fair"))
            answer = tuple(dict.fromkeys([*answer, *also]))
            items.append(Item(f"meta-{cid}", f"{cid}: {case.claims.at[cid, 'text']}\n\nWhose characterisation is this?",
                              whose, answer, str(q.get("why") or why), case.taxonomy.dimensions["claim_type"].values["meta"].definition,
                              title=f"Question {n}"))
        elif kind == "phrase":
            items.append(_phrase_item(q, case, path, where, (SUMMARIZER, READOUT), whose, n, "Whose word is “{phrase}”?"))
        elif kind == "twins":
            texts = case.claims["text"]
            twins = _twins(case)
            offered = [str(p) for p in q.get("offer", [])]
            pairs = [*offered, *(f"{a}-{b}" for a, b in twins if f"{a}-{b}" not in offered)]
            for pair in pairs:
                if not re.fullmatch(r"[^-\s]+-[^-\s]+", pair) or any(c not in case.claims.index for c in pair.split("-")):
                    raise KitError(problem(path, f"{where}.offer", f"{pair!r} is not a pair of claim IDs such as K10-C11"))
            if not twins:
                raise KitError(problem(path, where, "this case has no identical sentences across sides; drop the question"))
            choices = tuple((f"{p.replace('-', ' and ')}: “{texts[p.split('-')[0]]}” / “{texts[p.split('-')[1]]}”", p)
                            for p in sorted(pairs))
            why = " ".join(f"{a} and {b} are the same English sentence, word for word: two governments writing in "
                           f"different languages would not produce that — one summarizer did." for a, b in twins)
            items.append(Item("twins", str(q.get("prompt", "Which pair best shows that one person wrote both halves of the summary?")),
                              choices, tuple(f"{a}-{b}" for a, b in twins), why, str(q.get("hint", "")), title=f"Question {n}"))
        else:
            raise KitError(problem(path, f"{where}.type", "expected meta, phrase or twins"))
    return items


def _framing_items(spec: dict, case: Case, path: Path) -> list[Item]:
    """The case's loaded-word questions, then one per shared matter told differently (its reference's required
    links other than ``matched``, in reference order)."""
    whose = (("loaded — it carries a judgement or a side's framing", LOADED), ("neutral — plain description", NEUTRAL))
    items: list[Item] = []
    for i, q in enumerate(spec.get("questions") or []):
        where = f"exercises.{spec['id']}.questions[{i}]"
        if not isinstance(q, dict) or q.get("type", "phrase") != "phrase":
            raise KitError(problem(path, where, "expected {type: phrase, claim, phrase, answer: loaded|neutral, why}"))
        items.append(_phrase_item(q, case, path, where, (LOADED, NEUTRAL), whose, len(items) + 1, "Is “{phrase}” loaded wording?"))
    framed = case.links[~case.links["optional"] & case.links["match"].isin(["contradicted", "reframed", "attribution_shifted", "partial"])]
    labels = {s.id: s.label for s in case.sides}
    choices = tuple((f"{v.name} — {v.definition}", v.name) for v in case.taxonomy.link_match.values.values())
    for link in framed.head(int(spec.get("count", 8))).itertuples():
        a, b = link.a, link.b
        prompt = (f"{labels[case.claims.at[a, 'side']]} ({a}): {case.claims.at[a, 'text']}\n"
                  f"{labels[case.claims.at[b, 'side']]} ({b}): {case.claims.at[b, 'text']}\n\nHow does the second side frame it?")
        items.append(Item(f"frame-{a}-{b}", prompt, choices, (link.match, *link.alternatives), link.rationale,
                          case.taxonomy.link_match.question, title=f"Question {len(items) + 1}"))
    if not items:
        raise KitError(problem(path, "questions", f"case {case.id} has no framing questions yet: its reference links no "
                                                  "claims as told differently; add loaded-word questions in its story.yml"))
    return items


def _read_spec(exercise: str | Path) -> tuple[Path, dict]:
    path = Path(exercise) if isinstance(exercise, Path) or str(exercise).endswith(".yml") else specs_dir() / f"{exercise}.yml"
    if not path.exists():
        raise KitError(problem(path, None, f"no such exercise; known: {', '.join(spec_ids()) or 'none'}"))
    spec = read_yaml(path)
    if not isinstance(spec, dict) or not spec.get("id") or not spec.get("title"):
        raise KitError(problem(path, None, "an exercise spec needs id, title, kind and intro"))
    if spec.get("kind") not in KINDS:
        raise KitError(problem(path, "kind", f"{spec.get('kind')!r} is not a kind of exercise; expected one of: {', '.join(KINDS)}"))
    return path, spec


def load_exercise(exercise: str | Path, case: Case | None = None) -> Exercise:
    """Build an exercise from its spec (an ID under exercises/specs/ or a path) and a case (default: the default case).

    A spec ``only_for`` one kind of source gives way to its ``otherwise`` spec for a case of another kind.
    """
    path, spec = _read_spec(exercise)
    if case is None:
        from ..case.load import load_case

        case = load_case()
    asked = ""
    if spec.get("only_for") and spec["only_for"] != case.source_kind:
        if not spec.get("otherwise"):
            raise KitError(problem(path, "otherwise", f"only for a {spec['only_for']} source; name the exercise that takes its place"))
        asked = str(spec["id"])
        path, spec = _read_spec(str(spec["otherwise"]))
    spec = _for_case(spec, case, path)
    kind = spec["kind"]
    builders = {"side": _side_items, "tag": _tag_items, "counterpart": _counterpart_items,
                "summarizer": _summarizer_items, "framing": _framing_items, "briefing": lambda *_: []}
    stances = tuple(str(s) for s in spec.get("require_stances", []))
    for stance in stances:
        if stance not in case.values("coverage"):
            raise KitError(problem(path, "require_stances", f"{stance!r} is not a coverage value; expected one of: {', '.join(case.values('coverage'))}"))
    return Exercise(str(spec["id"]), str(spec["title"]), kind, str(spec.get("intro", "")).strip(), case,
                    tuple(builders[kind](spec, case, path)), str(spec.get("hint", "")),
                    int(spec.get("min_bullets", 0)), stances, str(spec.get("dimension", "")) if kind == "tag" else "",
                    str(spec.get("example", "")).strip(), asked)
