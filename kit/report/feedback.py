"""Feedback to hand back: one self-contained HTML page per learner, from a graded batch.

Each page holds the learner's score and its parts, every wrong tag with the reference's value and
reason, the links they missed or typed wrong, what they left untagged, and their exercise results.
It has no script and no outside link, so it opens from an LMS, an e-mail or a hub folder as it is.

Files: ``OUT/<learner>/feedback-<case>.html`` — a folder per learner, as a hub's hand-back folder
(copy ``OUT/<learner>/`` into the learner's own) or an LMS's per-student feedback upload takes them.

Rendered with Jinja2 and autoescaping on (the maintained choice for HTML from templates; it is
installed with Jupyter): every string a learner wrote (their name, brief bullets) and every string
of the case is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..io.atomic import atomic_write
from ..case.load import Case
from ..errors import KitError, problem
from ..judge.grading import Batch, Graded
from ..case.labels import dimension_label, match_label, value_label
from ..paths import safe_name

_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feedback for {{ learner }} — {{ case.title or case.id }}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}.claim{color:#444;font-style:italic}.score{font-size:1.3rem}.ok{color:#1a5e20}.no{color:#8a1c1c}
</style></head><body>
<h1>Feedback for {{ learner }}</h1>
<p>{{ case.title or case.id }} (case <code>{{ case.id }}</code>){% if handed_in %}, handed in {{ handed_in }}{% if late %} — <strong>late</strong>{% endif %}{% endif %}.</p>
<p class="score"><strong>Score: {{ pct(s.overall) }}</strong></p>
<p>80% tags ({{ pct(s.tags) }} right), 15% links ({{ s.links.found }} of {{ s.links.required }} found, F1 {{ "%.2f"|format(s.links.f1) }}),
5% link match types ({{ pct(s.links.match_accuracy) }} right).</p>
<table><caption>Tags right, by dimension</caption><tr><th scope="col">dimension</th><th scope="col">right</th><th scope="col">tagged</th></tr>
{% for d in s.dimensions.values() %}<tr><td>{{ dim(d.dimension) }}</td><td>{{ d.right }} of {{ d.total }}</td><td>{{ d.tagged }}</td></tr>
{% endfor %}</table>
<h2>Wrong tags ({{ wrong|length }})</h2>
{% if wrong %}<table><tr><th scope="col">claim</th><th scope="col">dimension</th><th scope="col">you said</th><th scope="col">expected</th><th scope="col">why</th></tr>
{% for r in wrong %}<tr><td><b>{{ r.claim_id }}</b><br><span class="claim">{{ texts[r.claim_id] }}</span></td><td>{{ dim(r.dimension) }}</td>
<td class="no">✗ {{ val(r.dimension, r.given) }}</td><td>{{ val(r.dimension, r.expected) }}{% if r.accepted|length > 1 %} (also accepted: {{ also(r) }}){% endif %}</td><td>{{ r.rationale }}</td></tr>
{% endfor %}</table>{% else %}<p class="ok">✓ No wrong tags.</p>{% endif %}
{% if untagged %}<p>Not tagged yet: {{ untagged|join(", ") }}.</p>{% endif %}
<h2>Links</h2>
{% if missed or mistyped or extra %}<table><tr><th scope="col">pair</th><th scope="col">what happened</th><th scope="col">why</th></tr>
{% for i in missed %}<tr><td><b>{{ i.a }}–{{ i.b }}</b></td><td class="no">✗ missed: the reference links them as {{ match(i.expected) }}</td><td>{{ i.rationale }}</td></tr>
{% endfor %}{% for i in mistyped %}<tr><td><b>{{ i.a }}–{{ i.b }}</b></td><td class="no">✗ you said {{ match(i.given) }}; expected {{ match(i.expected) }}</td><td>{{ i.rationale }}</td></tr>
{% endfor %}{% for i in extra %}<tr><td><b>{{ i.a }}–{{ i.b }}</b></td><td class="no">✗ extra: the reference does not link these claims</td><td></td></tr>
{% endfor %}</table>{% else %}<p class="ok">✓ Every link found, with the right match type.</p>{% endif %}
{% if exercises %}<h2>Exercises</h2>
<table><tr><th scope="col">exercise</th><th scope="col">right</th><th scope="col">to look at again</th></tr>
{% for e in exercises %}<tr><td>{{ e.title }}</td><td>{{ e.result.right }} of {{ e.result.total }}</td>
<td>{% for r in e.result.items if not r.correct %}<p><b>{{ r.title or r.id }}</b>: {% if r.given %}you said {{ e.given(r.id, r.given) }}{% else %}not answered{% endif %} — {{ r.explanation }}</p>{% endfor %}
{% for p in e.result.problems %}<p>{{ p }}</p>{% endfor %}</td></tr>
{% endfor %}</table>{% endif %}
</body></html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False)


@dataclass(frozen=True)
class _Exercise:
    title: str
    result: Any
    labels: dict[str, dict[str, str]]  # question -> value -> the label the learner saw

    def given(self, item_id: str, value: Any) -> str:
        if isinstance(value, dict):  # a briefing bullet
            return str(value.get("text", ""))
        return self.labels.get(item_id, {}).get(value, str(value))


def _exercises(case: Case, files: dict[str, Path]) -> tuple[list[_Exercise], list[str]]:
    from ..judge.exercises import check, load_exercise, load_exercise_answers

    shown, problems = [], []
    for ex_id, path in sorted(files.items()):
        try:
            exercise = load_exercise(ex_id, case)
            _, answers = load_exercise_answers(path, exercise)
        except KitError as err:
            problems.extend(err.problems)
            continue
        labels = {i.id: {value: label for label, value in i.choices} for i in exercise.items}
        shown.append(_Exercise(exercise.title, check(exercise, answers), labels))
    return shown, problems


def render_feedback(case: Case, graded: Graded, batch: Batch | None = None) -> str:
    """One learner's feedback page (see the module docstring)."""
    s = graded.score
    found = batch.handins.get(graded.learner) if batch is not None else None
    exercises, _ = _exercises(case, batch.exercise_files.get(graded.learner, {})) if batch is not None else ([], [])
    untagged: dict[str, int] = {}
    for r in s.untagged():
        untagged[r.claim_id] = untagged.get(r.claim_id, 0) + 1
    items = s.links.items
    return _ENV.from_string(_TEMPLATE).render(
        learner=graded.learner, case=case, s=s, wrong=s.wrong(), texts=dict(zip(case.claims.index, case.claims["text"])),
        untagged=list(untagged), missed=[i for i in items if i.status == "missed"],
        mistyped=[i for i in items if i.status != "missed" and i.status != "extra" and i.match_correct is False],
        extra=[i for i in items if i.status == "extra"], exercises=exercises,
        handed_in=found.handed_in.strftime("%Y-%m-%d %H:%M UTC") if found is not None and found.handed_in else "",
        late=bool(found is not None and found.late),
        pct=lambda x: f"{100 * x:.0f}%", dim=dimension_label, match=match_label,
        val=lambda d, v: value_label(case, d, v),
        also=lambda r: ", ".join(value_label(case, r.dimension, v) for v in r.accepted if v != r.expected))


def feedback_path(out: Path, learner: str, case: Case) -> Path:
    return out / (safe_name(learner) or "learner") / f"feedback-{case.id}.html"


def write_feedback(case: Case, batch: Batch, out: str | Path) -> tuple[list[Path], list[str]]:
    """Write every graded learner's page under ``out``; returns the files and one line per problem."""
    out = Path(out)
    written, problems = [], []
    for graded in batch.graded:
        path = feedback_path(out, graded.learner, case)
        try:
            atomic_write(path, render_feedback(case, graded, batch).encode("utf-8"))
        except OSError as err:
            problems.append(problem(path, None, f"cannot write: {err.strerror}"))
            continue
        written.append(path)
    for files in batch.exercise_files.values():
        problems.extend(_exercises(case, files)[1])
    return written, problems
