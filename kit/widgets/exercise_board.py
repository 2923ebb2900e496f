"""ExerciseBoard: one auto-checked exercise from exercises/specs/<id>.yml, autosaved.

Answers are saved at every change to ``answers/exercises/<learner>.<exercise>.json`` —
``<learner>.<case>.<exercise>.json`` for a case other than the default, as for the tagging board —
atomically; an unreadable file is kept aside. Check calls :func:`kit.judge.exercises.check`.

CSS classes (stable, for browser tests; ``K02`` stands for an item ID):

=========================  ======================================================
``rk-exercise``            the whole board; also ``rk-exercise-<exercise id>``
``rk-notice``              one-line notice (unreadable answers file moved aside)
``rk-ex-item-K02``         one question's card
``rk-ex-K02``              its Dropdown (``select`` inside)
``rk-ex-feedback-K02``     its feedback after Check (``rk-right``/``rk-wrong``/``rk-hint``)
``rk-ex-brief``            the briefing's Textarea (briefing exercise only)
``rk-ex-feedback``         the briefing's feedback (briefing exercise only)
``rk-ex-check``            Check button
``rk-ex-score``            "7 of 10 right"
=========================  ======================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from ..case.load import Case
from ..charts.palette import BORDER
from ..case.exercises import Exercise, load_exercise
from ..judge.exercises import ExerciseResult, check, parse_bullets
from ..answers.store import ExerciseStore, shows_answer
from ._common import SR_ONLY, UNSET, esc
from .keyboard import KeyboardGuard


def format_bullets(bullets: list[dict[str, Any]]) -> str:
    """The inverse of :func:`kit.judge.exercises.parse_bullets`, to show saved bullets again."""
    lines = []
    for b in bullets:
        ids = f" [{', '.join(b.get('claims', []))}]" if b.get("claims") else ""
        lines.append(f"{b['stance']}: {b['text']}{ids}" if b.get("stance") else f"{b.get('text', '')}{ids}")
    return "\n".join(lines)


def _html(text: str) -> str:
    return esc(text).replace("\n", "<br>")


class ExerciseBoard(w.VBox):
    """Answer, check, read the feedback; hints first in self-study mode."""

    def __init__(self, exercise: str | Exercise, learner: str | None = None, *, self_study: bool = True,
                 folder: str | Path | None = None, case: Case | None = None) -> None:
        self.exercise = ex = exercise if isinstance(exercise, Exercise) else load_exercise(exercise, case)
        self.store = ExerciseStore(ex, learner, folder)  # file name, loading, saving, failures: kit.answers.store
        self.learner, self.path = self.store.learner, self.store.path
        self.self_study = self_study
        self._wrong_checks: dict[str, int] = {}
        saved = self.store.load()
        self.notice = w.HTML(esc(self.store.notice)).add_class("rk-notice")

        self.dropdowns: dict[str, w.Dropdown] = {}
        self.feedbacks: dict[str, w.HTML] = {}
        cards = []
        for item in ex.items:
            # Named "K02 answer" for assistive technology; on screen the prompt above says which item.
            dd = w.Dropdown(options=[("— choose —", UNSET), *item.choices], value=saved.get(item.id, UNSET) if isinstance(saved, dict) else UNSET,
                            description=f'<span style="{SR_ONLY}">{esc(item.id)} </span>answer',
                            description_allow_html=True, style={"description_width": "60px"},
                            layout=w.Layout(width="95%")).add_class(f"rk-ex-{item.id}")
            dd.observe(self._save, "value")
            self.dropdowns[item.id] = dd
            self.feedbacks[item.id] = w.HTML().add_class("rk-feedback").add_class(f"rk-ex-feedback-{item.id}")
            cards.append(w.VBox([w.HTML(f"<b>{esc(item.heading)}</b> — {_html(item.prompt)}"), dd, self.feedbacks[item.id]],
                                layout=w.Layout(border=f"1px solid {BORDER}", padding="6px",
                                                margin="4px 0"))
                         .add_class("rk-ex-item").add_class(f"rk-ex-item-{item.id}"))
        self.brief = None
        self.brief_feedback = w.HTML().add_class("rk-ex-feedback")
        if ex.kind == "briefing":
            self.brief = w.Textarea(value=format_bullets(saved) if isinstance(saved, list) else "",
                                    description="Your brief", style={"description_width": "80px"},
                                    placeholder=(ex.example.splitlines() or ["both: your point [claim IDs]"])[0],
                                    layout=w.Layout(width="95%", height="160px")).add_class("rk-ex-brief")
            self.brief.observe(self._save, "value")
            cards = [self.brief, self.brief_feedback]
        self.check_button = w.Button(description="Check", icon="check", button_style="primary").add_class("rk-ex-check")
        self.score = w.HTML().add_class("rk-ex-score").add_class("rk-live")  # a live region (keyboard.py)
        self.check_button.on_click(self.check)
        super().__init__([KeyboardGuard(), w.HTML(f"<h2>{esc(ex.title)}</h2><p>{_html(ex.intro)}</p>"), self.notice,
                          w.HTML(f"<small>Saved as you go to <code>{esc(self.path)}</code></small>"),
                          *cards, w.HBox([self.check_button, self.score])])
        self.add_class("rk-exercise").add_class(f"rk-exercise-{ex.id}")

    def answers(self) -> dict | list:
        if self.brief is not None:
            return parse_bullets(self.brief.value)
        return {k: dd.value for k, dd in self.dropdowns.items() if dd.value}

    def _save(self, _: Any = None) -> None:
        self.store.save(self.answers())
        self.notice.value = esc(self.store.notice)

    def check(self, _: Any = None) -> ExerciseResult:
        result = check(self.exercise, self.answers())
        if self.brief is not None:
            lines = [f'<div class="{"rk-right" if r.correct else "rk-wrong"}">{"✓" if r.correct else "✗"} '
                     f'<b>{esc(r.id)}</b> “{esc(r.given.get("text", ""))}”: {esc(r.explanation)}</div>' for r in result.items]
            lines += [f'<div class="rk-wrong">✗ {esc(p)}</div>' for p in result.problems]
            self.brief_feedback.value = "".join(lines)
        else:
            for r in result.items:
                self.feedbacks[r.id].value = self._feedback(r)
        self.score.value = f"<b>{result.right} of {result.total} right</b>"
        self.result = result
        return result

    def _feedback(self, r: Any) -> str:
        hint = esc(r.hint or self.exercise.hint)
        accepted = " or ".join(f"<code>{esc(self._label(r.id, v))}</code>" for v in r.accepted)
        if r.correct:
            return f'<div class="rk-right">✓ Right. {_html(r.explanation)}</div>'
        if not r.given:
            return f'<div class="rk-hint">? Not answered yet.{" <i>Hint:</i> " + hint if hint else ""}</div>'
        self._wrong_checks[r.id] = self._wrong_checks.get(r.id, 0) + 1
        if not shows_answer(self.self_study, self._wrong_checks[r.id]):
            return f'<div class="rk-wrong">✗ Not yet.{" <i>Hint:</i> " + hint if hint else ""} Check again to see the answer.</div>'
        return f'<div class="rk-wrong">✗ Expected {accepted}. {_html(r.explanation)}</div>'

    def _label(self, item_id: str, value: str) -> str:
        labels = dict((v, lab) for lab, v in self.exercise.item(item_id).choices)
        label = labels.get(value, value)
        return label if len(label) <= 40 else label[:39] + "…"
