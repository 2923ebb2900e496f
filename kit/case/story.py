"""A case's own story: what lessons, exercises and tag help say about one particular case.

Every sentence about a case comes from its data. A case may tell its story in
``data/cases/<id>/story.yml`` (every key optional, Markdown text; read by :mod:`kit.case.story_file`):

``event``            what happened and who told it (lessons 00 and 01 open with it)
``source_note``      what kind of text the learner reads and what to watch for (lesson 00)
``who_wrote``        who wrote what we are reading, in more depth (lesson 01)
``reading_prompt``   the "before you go on" task after reading both sides (lesson 01)
``worked_example``   the claim ID lesson 02 works through (its reasons come from the reference)
``wording_note``     what to look for in the wording (lesson 05)
``originals_note``   where to check before trusting the source (lesson 05)
``names``            words that give a side away beyond its label and leader (countries,
                     adjectives, capitals, aides), masked in "who said it"
``exercises``        per exercise ID, the case's own questions (see kit/case/exercises.py)

Where a case says nothing, the functions below write a generic text from its data: its sides,
labels and leaders, ``source_kind``, date, claims and reference. Nothing here names a case.
The functions are pure and return Markdown; :func:`md` wraps one for display in a notebook.
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import TYPE_CHECKING, Any


from .story_file import KEYS, TEXT_KEYS, Story, load_story  # noqa: F401  (kit.story offered them; story.yml is read there)

if TYPE_CHECKING:
    from .load import Case

# What each kind of source is, in a phrase and as the noun for "the text we read".
SOURCE_PHRASE = {
    "summary": "a third party's summary of both readouts",
    "official": "the two official readouts themselves, as each side published them",
    "transcript": "a transcript of the conversation",
    "other": "a text about the call whose kind the case does not record",
}
SOURCE_NOUN = {"summary": "the summary", "official": "each readout", "transcript": "the transcript", "other": "the source"}


# -- small pieces ------------------------------------------------------------------------------

def nice_date(iso: str) -> str:
    """``2026-02-04`` -> ``4 February 2026``; anything else as given."""
    try:
        d = _date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d:%B %Y}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def leaders(case: Case) -> list[str]:
    return [s.leader_name for s in case.sides if s.leader_name]


def side_names(case: Case) -> list[str]:
    """Every word that names a side: labels, IDs, leaders (and each part of their names), story names."""
    words = set(case.story.names)
    for s in case.sides:
        words |= {s.label, s.id, s.id.replace("_", " "), s.leader_id}
        if s.leader_name:
            words |= {s.leader_name, *(part for part in re.split(r"[\s'’]+", s.leader_name) if len(part) > 2)}
    return sorted((w for w in words if w), key=len, reverse=True)


def id_range(case: Case, side_id: str) -> str:
    ids = list(case.claims.index[case.claims["side"] == side_id])
    return f"`{ids[0]}`…`{ids[-1]}`" if ids else "no claims yet"


def twins(case: Case) -> list[tuple[str, str]]:
    """Pairs (first side's claim, other side's claim) with the very same text."""
    texts, first = case.claims["text"], case.sides[0].id
    return [(a, b) for a in texts.index for b in texts.index
            if case.claims.at[a, "side"] == first and case.claims.at[b, "side"] != first and texts[a] == texts[b]]


# -- the texts ---------------------------------------------------------------------------------

def event(case: Case) -> str:
    if "event" in case.story.texts:
        return case.story.texts["event"]
    who = leaders(case)
    when = f"On {nice_date(case.date)}" if case.date else "On the day of this case"
    met = f"{when}, {_and(who)} spoke." if who else f"{when}, the leaders of the two sides spoke."
    told = "; ".join(f"the **{s.label}** side: {s.readout or 'its own readout'}" for s in case.sides)
    return f"Our case: **{case.title or case.id}**.\n\n{met} Afterwards each side told the world what was said — {told}."


def source_note(case: Case) -> str:
    if "source_note" in case.story.texts:
        return case.story.texts["source_note"]
    a, b = (s.label for s in case.sides[:2])
    kind = case.source_kind
    if kind == "summary":
        return (f"What we have is not the two official texts. It is {SOURCE_PHRASE[kind]} — with its own headings "
                f"and its own words around what it quotes. Keep asking: is this the {a} side speaking, the {b} side, "
                "or the summarizer?")
    if kind == "official":
        return (f"What we read are {SOURCE_PHRASE[kind]}. No one stands between you and the two texts — but each is "
                f"one government's chosen account, written for its audience. Keep asking: why does the {a} side put "
                f"it this way, and the {b} side that way? What does each leave out?")
    if kind == "transcript":
        return (f"What we read is {SOURCE_PHRASE[kind]}. Ask who made it, who translated it, and what was left out "
                "before it was published.")
    return ("This case does not record what kind of text its source is. Read the provenance below: is it the two "
            "official readouts, or someone's account of them? Keep asking whose words you are reading.")


def who_wrote(case: Case) -> str:
    if "who_wrote" in case.story.texts:
        return case.story.texts["who_wrote"]
    readouts = "; ".join(f"{s.label}: {s.readout}" for s in case.sides if s.readout)
    readouts = f" ({readouts})" if readouts else ""
    if case.source_kind == "summary":
        return ("Careful: we are **not** reading the two official readouts, but one third party's *summary* of both"
                f"{readouts}. The summarizer chose the headings, what to quote and what to paraphrase, and may add "
                "context or verdicts of their own. For every sentence, ask: does it report a side, or speak for the "
                "summarizer?")
    if case.source_kind == "official":
        return ("Each readout was written by its government's officials after the call and published under its name"
                f"{readouts}. What one side leaves out is as much a choice as what it says; and where you read a "
                "translation, a word may be the translator's rather than the government's.")
    if case.source_kind == "transcript":
        return ("A transcript records words as spoken — but someone chose where it starts and ends, and any "
                f"translation is someone's reading{readouts}.")
    return source_note(case)


def reading_intro(case: Case) -> str:
    ranges = "; ".join(f"{id_range(case, s.id)} for the {s.label} side" for s in case.sides)
    return (f"Each sentence of {SOURCE_NOUN.get(case.source_kind, 'the source')} is a **claim** with a stable ID: "
            f"{ranges}. Read both columns section by section.")


def reading_prompt(case: Case) -> str:
    if "reading_prompt" in case.story.texts:
        return case.story.texts["reading_prompt"]
    a, b = (s.label for s in case.sides[:2])
    same = ("one sentence that appears on both sides word for word" if twins(case)
            else "one matter both sides mention, in different words")
    return (f"**Before you go on:** write down two things the {a} side mentions that the {b} side does not, "
            f"and {same}. Why might that be?")


def worked_example_id(case: Case) -> str:
    """The case's own choice, else the first claim whose every tag is clear-cut (no alternatives), else the first claim."""
    if case.story.worked_example:
        return case.story.worked_example
    ref = case.reference
    for claim_id in case.claims.index:
        rows = ref[ref["claim_id"] == claim_id]
        if len(rows) and not any(len(a) for a in rows["alternatives"]) and all(rows["rationale"].str.len() > 0):
            return str(claim_id)
    return str(case.claims.index[0]) if len(case.claims) else ""


def worked_example(case: Case) -> str:
    claim_id = worked_example_id(case)
    if not claim_id:
        return "This case has no claims yet."
    lines = [f"`{claim_id}` reads: *“{case.claims.at[claim_id, 'text']}”*", ""]
    rows = case.reference[case.reference["claim_id"] == claim_id].set_index("dimension")
    for dim in case.dimensions:
        if dim in rows.index:
            row = rows.loc[dim]
            also = f" (also accepted: {', '.join(f'`{a}`' for a in row['alternatives'])})" if len(row["alternatives"]) else ""
            lines.append(f"* **{case.taxonomy.dimensions[dim].title}** — `{row['value']}`{also}: {row['rationale']}")
    return "\n".join(lines)


def link_howto(case: Case) -> str:
    a, b = case.sides[0].label, case.sides[1].label
    return (f"Pick a claim from the {a} side, then its counterpart on the {b} side, choose the match type and click "
            "**Link them**. A claim may have more than one counterpart. Links are saved with your tags.")


def contradictions(case: Case) -> str:
    n = int((case.links["match"] == "contradicted").sum()) if len(case.links) else 0
    if n:
        return f"The reference finds {n} contradiction{'s' if n > 1 else ''} here: read {'them' if n > 1 else 'it'} closely."
    where = {"summary": "in this summary the two halves never contradict each other — whether the original readouts do "
                        "is a question for the originals",
             "official": "the two readouts never contradict each other: they differ by what they choose, not by what "
                         "they deny"}.get(case.source_kind, "the reference finds no contradiction between the two sides")
    return f"Note the zero in the table: {where}."


def wording_note(case: Case) -> str:
    if "wording_note" in case.story.texts:
        return case.story.texts["wording_note"]
    if case.notes:
        titles = [str(n["title"]) for n in case.notes if isinstance(n, dict) and n.get("title")]
        return f"**Wording** — the reference's teaching notes point at: {_and([t.lower() for t in titles])}."
    return ("**Wording** — this case has no teaching notes yet. Look for stock phrases, vague wording set against "
            "specific wording, and who is made the subject of each sentence.")


def originals_note(case: Case) -> str:
    if "originals_note" in case.story.texts:
        return case.story.texts["originals_note"]
    where = "; ".join(f"{s.label}: {s.readout}" for s in case.sides if s.readout)
    where = f" The originals: {where}." if where else ""
    if case.source_kind == "summary":
        return (f"Remember lesson 1: the summary is one author's work. Before writing “both sides agree”, check the "
                f"originals.{where}")
    if case.source_kind == "official":
        return ("Remember lesson 1: each readout is one government's chosen account. “Both sides say it” means both "
                f"chose to say it, not that it happened as told.{where}")
    return f"Remember lesson 1: ask who wrote the text before writing “both sides agree”.{where}"


TEXTS = {"event": event, "source_note": source_note, "who_wrote": who_wrote, "reading_intro": reading_intro,
         "reading_prompt": reading_prompt, "worked_example": worked_example, "link_howto": link_howto,
         "contradictions": contradictions, "wording_note": wording_note, "originals_note": originals_note}


def text(case: Case, key: str) -> str:
    """One piece of the case's story, as Markdown."""
    if key not in TEXTS:
        raise KeyError(f"{key!r} is not a story text; expected one of: {', '.join(TEXTS)}")
    return TEXTS[key](case)


def md(case: Case, key: str) -> Any:
    """:func:`text` ready to display in a notebook (IPython's Markdown)."""
    from IPython.display import Markdown

    return Markdown(text(case, key))
