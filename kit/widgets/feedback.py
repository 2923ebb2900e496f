"""Turn a score from :mod:`kit.judge.scoring` into feedback a learner reads. Wording only, no judging.

Self-study policy ("hints first"): a dimension the learner has not tagged gets the taxonomy's
question as a hint, never the answer; a wrong tag gets a hint (the definition of what they chose)
at its first Check and the expected value with the reference's reason from the second on. In class
mode every line shows the expected value and the reason at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..answers.store import shows_answer
from ..case.taxonomy import Taxonomy
from ._common import esc, md_inline


def _expected(item: Any) -> list[str]:
    value = getattr(item, "accepted", None) or getattr(item, "expected", None)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _fmt_expected(item: Any) -> str:
    values = _expected(item)
    return " or ".join(f"<code>{esc(v)}</code>" for v in values) if values else "—"


def line_html(item: Any, taxonomy: Taxonomy, self_study: bool, wrong_checks: int) -> str:
    """One dimension of one claim. ``wrong_checks``: how many Checks found this tag wrong so far."""
    dim = taxonomy.dimensions.get(item.dimension)
    question = md_inline(dim.question) if dim else ""
    name = esc(item.dimension)
    reason = md_inline(getattr(item, "rationale", "") or "")
    given = getattr(item, "given", None)
    expected = getattr(item, "expected", None)
    if item.correct and expected is not None and given != expected:
        # An accepted alternative: say so, and name the reference's own value (as `kit check` does).
        return (f'<div class="rk-right">✓ <b>{name}</b>: <code>{esc(given)}</code> — accepted. The reference\'s own '
                f'value is <code>{esc(expected)}</code>; <code>{esc(given)}</code> is accepted too. <i>Why:</i> {reason}</div>')
    if item.correct:
        return f'<div class="rk-right">✓ <b>{name}</b>: <code>{esc(given)}</code> — right. <i>Why:</i> {reason}</div>'
    if not given:
        if self_study:
            return f'<div class="rk-hint">? <b>{name}</b>: not tagged yet. <i>Hint:</i> {question}</div>'
        return (f'<div class="rk-wrong">✗ <b>{name}</b>: not tagged — expected {_fmt_expected(item)}. '
                f'<i>Why:</i> {reason}</div>')
    if not shows_answer(self_study, wrong_checks):  # hints first (kit.answers.store)
        chosen = dim.values.get(str(given)) if dim else None
        meaning = f" means “{md_inline(chosen.definition)}”" if chosen else ""
        return (f'<div class="rk-wrong">✗ <b>{name}</b>: <code>{esc(given)}</code> is not it yet. '
                f'<i>Hint:</i> <code>{esc(given)}</code>{meaning} — {question} Change it, or Check again to see the answer.</div>')
    return (f'<div class="rk-wrong">✗ <b>{name}</b>: <code>{esc(given)}</code> — expected {_fmt_expected(item)}. '
            f'<i>Why:</i> {reason}</div>')


def claim_html(items: Iterable[Any], taxonomy: Taxonomy, self_study: bool,
               wrong_checks: Mapping[tuple[str, str], int]) -> str:
    return "".join(line_html(i, taxonomy, self_study, wrong_checks.get((i.claim_id, i.dimension), 0)) for i in items)


def percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def summary_html(score: Any) -> str:
    """Two numbers named plainly: right so far (of the tags given), and the overall score (of every
    claim, untagged ones counting as wrong); then each dimension."""
    dims = " · ".join(f"{esc(name)} {percent(getattr(d, 'accuracy', None))}" for name, d in score.dimensions.items())
    given = score.tags_given
    total = sum(d.total for d in score.dimensions.values())
    so_far = (f"<b>Right so far: {percent(score.right_so_far)}</b> of the {given} tags you gave"
              if given else "<b>Right so far:</b> nothing tagged yet")
    return (f'<span class="rk-so-far">{so_far}</span> · '
            f'<span class="rk-overall"><b>Overall score: {percent(score.overall)}</b> of everything '
            f'({total} tags, untagged ones count as wrong, plus links)</span> '
            f'<span class="rk-dims">(by dimension, of all claims: {dims})</span>')


def links_html(links: Any, self_study: bool = True, checks: int = 1) -> tuple[str, str]:
    """(summary, per-link lines) for a :class:`kit.judge.scoring.LinkScore`.

    In self-study mode the links the learner has not drawn are counted at the first Check and named
    (with the reason) from the second on.
    """
    summary = (f"<b>{links.found} of {links.required} links found</b> · precision {percent(links.precision)}"
               f" · recall {percent(links.recall)} · match type right {percent(links.match_accuracy)}")
    lines = []
    missed = 0
    for r in links.items:
        pair = f"<b>{esc(r.a)}</b> ↔ <b>{esc(r.b)}</b>"
        why = f" <i>Why:</i> {md_inline(r.rationale)}" if r.rationale else ""
        accepted = " or ".join(f"<code>{esc(v)}</code>" for v in r.accepted)
        if r.status in ("found", "optional"):
            kind = "a link the reference accepts (optional)" if r.status == "optional" else "right pair"
            if r.match_correct:
                lines.append(f'<div class="rk-right">✓ {pair}: {kind}, <code>{esc(r.given)}</code> is right.{why}</div>')
            else:
                lines.append(f'<div class="rk-wrong">✗ {pair}: {kind}, but <code>{esc(r.given)}</code> — expected {accepted}.{why}</div>')
        elif r.status == "extra":
            lines.append(f'<div class="rk-wrong">✗ {pair}: the reference does not link these two — do they really say the same thing?</div>')
        else:
            missed += 1
            if shows_answer(self_study, checks):
                lines.append(f'<div class="rk-wrong">✗ {pair}: missing — the reference links them as {accepted}.{why}</div>')
    if missed and not shows_answer(self_study, checks):
        lines.append(f'<div class="rk-hint">? {missed} link(s) still to find. <i>Hint:</i> look for claims you tagged '
                     f'<code>both</code> and find what the other readout says about the same thing. Check again to see them.</div>')
    return summary, "".join(lines)
