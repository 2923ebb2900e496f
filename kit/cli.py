"""The ``kit`` command: a thin edge over the core. Exit 0 success, 1 bad input, 2 usage error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import paths
from .answers.parse import load_answers
from .case.load import SOURCE_KINDS, Case, load_case
from .errors import KitError
from .judge.grading import LATE_CHOICES, LMS_CHOICES, Batch, collect, grade_files, write_grades
from .answers.reference_answers import reference_answers
from .judge.scoring import Score, score
from .judge.synthetic import synthetic_class, write_class

# check / grade / class: thin views over kit.judge.scoring, kit.judge.grading and kit.report.class_report.


def _count(n: int, noun: str) -> str:
    """``1 link``, ``2 links``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cmd_validate(case: Case, args: argparse.Namespace) -> int:
    """Loaded with strict=False, so a draft case lists everything left to do (and nothing else fails)."""
    for line in case.warnings:
        print(f"note: {line}", file=sys.stderr)
    if case.problems:
        for line in case.problems:
            print(f"error: {line}", file=sys.stderr)
        print(f"{case.id}: not valid yet — {len(case.problems)} thing(s) left, listed above. Its {len(case.claims)} "
              f"claims can be reviewed now: kit claims --case {case.id}")
        return 1
    from .briefing.judgements import case_problems
    from .case.originals import problems_of

    extra = problems_of(case) + case_problems(case)  # originals:, originals_check.yml, brief.yml
    if extra:
        raise KitError(*extra)
    print(f"{case.id}: valid — {len(case.claims)} claims, every one verbatim in {case.source_path.name}, "
          f"tagged on {len(case.dimensions)} dimensions, {_count(int((~case.links['optional']).sum()), 'link')} "
          f"(+{int(case.links['optional'].sum())} optional).")
    return 0


def _cmd_claims(case: Case, args: argparse.Namespace) -> int:
    """Works on a draft case (loaded with strict=False): reviewing the segmentation comes before tagging."""
    if case.problems:
        print(f"note: {case.id} is a draft ({len(case.problems)} thing(s) left; kit validate --case {case.id} lists them)",
              file=sys.stderr)
    import pandas as pd  # here, not at the top: commands that need no table never pay for pandas

    frame = case.claims.reset_index()
    if args.format == "json":
        records = frame.to_dict(orient="records")
        for record in records:  # a draft's unusable offsets are null, not a crash
            for key in ("start", "end"):
                record[key] = None if record[key] is None or record[key] is pd.NA else int(record[key])
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    else:
        for row in frame.itertuples():
            print(f"{row.id:<4} {row.side:<8} {row.section[:28]:<28}  {' '.join(row.text.split())}")  # a hard wrap, one row
    return 0


def _cmd_reference(case: Case, args: argparse.Namespace) -> int:
    print(json.dumps(reference_answers(case), ensure_ascii=False, indent=1))
    return 0


def _check_report(s: Score) -> str:
    """The readable ``kit check`` report: overall, per dimension, wrong tags with reasons, links."""
    total = len(s.dimensions) * next(iter(s.dimensions.values())).total if s.dimensions else 0
    so_far = ("nothing tagged yet" if s.right_so_far is None else
              f"{100 * s.right_so_far:.0f}% of the {s.tags_given} tags you gave")
    lines = [f"{s.learner} — {s.case}: overall score {100 * s.overall:.0f}% "
             f"(80% tags {100 * s.tags:.0f}% of all {total}, untagged count as wrong; "
             f"15% links F1 {s.links.f1:.2f}, 5% link match types {100 * s.links.match_accuracy:.0f}%)",
             f"Right so far: {so_far}.",
             "", f"{'dimension':<12} {'right':>7} {'tagged':>7} {'accuracy':>9} {'kappa':>6}",
             f"{'':<12} {'(of all)':>7} {'':>7} {'(of all)':>9} {'(tagged)':>6}"]
    for d in s.dimensions.values():
        kappa = "—" if d.kappa is None else f"{d.kappa:.2f}"
        lines.append(f"{d.dimension:<12} {d.right:>3}/{d.total:<3} {d.tagged:>7} {100 * d.accuracy:>8.0f}% {kappa:>6}")
    wrong = s.wrong()
    lines += ["", f"Wrong tags ({len(wrong)}):" if wrong else "No wrong tags."]
    for r in wrong:
        also = [v for v in r.accepted if v != r.expected]
        lines.append(f"  {r.claim_id} {r.dimension}: you said {r.given}; expected {r.expected}"
                     + (f" (also accepted: {', '.join(also)})" if also else ""))
        lines.append(f"      why: {r.rationale}")
    untagged: dict[str, list[str]] = {}
    for r in s.untagged():
        untagged.setdefault(r.claim_id, []).append(r.dimension)
    if untagged:
        everything = len(s.dimensions)
        lines.append("Not tagged yet: " + ", ".join(
            f"{c} ({'all' if len(dims) == everything else ', '.join(dims)})" for c, dims in untagged.items()))
    links = s.links
    lines += ["", f"Links: {links.found} of {links.required} found; precision {links.precision:.2f}, "
                  f"recall {links.recall:.2f}, F1 {links.f1:.2f}; match type right on "
                  f"{round(links.match_accuracy * links.found)} of {links.found}"]
    for item in links.items:
        pair = f"{item.a}–{item.b}"
        if item.status == "missed":
            lines.append(f"  missed {pair} ({item.expected}): {item.rationale}")
        elif item.status == "extra":
            lines.append(f"  extra {pair}: the reference does not link these claims")
        elif item.match_correct is False:
            lines.append(f"  {pair}: you said {item.given}; expected {item.expected}: {item.rationale}")
    return "\n".join(lines)


def case_of_file(path: str | Path, data: Any = None) -> Case:
    """The case an answers file (tagging or exercise) names, for commands run without --case (issue 12
    item 7); the default case when the file names none (its header check then says what is wrong).
    ``data``: the file's JSON, if the caller has read it already."""
    from .judge.grading import _CASE_ID
    from .io.jsonfile import read_json, short

    path = Path(path)
    if data is None:
        data = read_json(path, 1024 * 1024, "answers")
    named = data.get("case") if isinstance(data, dict) else None
    if named is None:
        return load_case()
    if not isinstance(named, str) or not _CASE_ID.match(named) or not paths.case_dir(named).is_dir():
        raise KitError(f"{path}: case: {short(named)} is not a case of this course (data/cases/); "
                       "pass --case ID to use another")
    return load_case(named)


def _exercise_report(result: object, learner: str, case: Case) -> str:
    from .judge.exercises import ExerciseResult

    assert isinstance(result, ExerciseResult)
    lines = [f"{learner} — exercise {result.exercise} ({case.id}): {result.right} of {result.total} right"]
    for r in result.items:
        given = r.given.get("text", "") if isinstance(r.given, dict) else r.given
        mark = "right" if r.correct else ("not answered" if not given else "wrong")
        lines.append(f"  {r.title or r.id}: {mark}" + (f" (you said {given}; accepted: {', '.join(r.accepted)})"
                                              if given and not r.correct and r.accepted else ""))
        if not r.correct:
            lines.append(f"      why: {r.explanation}")
    lines += [f"  {p}" for p in result.problems]
    return "\n".join(lines)


def _cmd_check_exercise(case: Case, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .judge.exercises import check_file
    from .answers.exercise_answers import load_exercise_answers
    from .case.exercises import load_exercise

    result = check_file(args.file, case)
    learner, _ = load_exercise_answers(args.file, load_exercise(result.exercise, case))
    if args.json:
        print(json.dumps({"case": case.id, "learner": learner, **asdict(result), "score": round(result.score, 4)},
                         ensure_ascii=False, indent=1, default=str))
    else:
        print(_exercise_report(result, learner, case))
    return 0


def _cmd_check(case: Case | None, args: argparse.Namespace) -> int:
    from .answers.exercise_answers import is_exercise_file
    from .answers.parse import MAX_BYTES, parse_answers
    from .io.jsonfile import read_json

    data = read_json(Path(args.file), MAX_BYTES, "answers")  # read once (a pipe can be read only once)
    if case is None:
        case = case_of_file(args.file, data)
    if is_exercise_file(data):
        return _cmd_check_exercise(case, args)
    result = score(case, parse_answers(data, case, Path(args.file), fresh=True))  # what load_answers does, on the JSON in hand
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(_check_report(result))
    return 0


def _report_batch(batch: Batch) -> int:
    for line in batch.failed:
        print(f"error: {line}", file=sys.stderr)
    for dup in batch.duplicates:
        print(f"warning: duplicate learner {dup.message()}", file=sys.stderr)
    if batch.failed:
        print(f"{len(batch.failed)} problem(s) above: those paths were skipped; every other file was graded.", file=sys.stderr)
    return 1 if batch.failed else 0


def _grade(case: Case | None, args: argparse.Namespace) -> tuple[Case, Batch]:
    """Grade the paths for one case: ``--case``, or the case the files name (never two at once)."""
    due = getattr(args, "due", None)
    files, problems = collect(args.paths, due, getattr(args, "late", "on-time"))
    batch = grade_files(case, files, progress=sys.stderr.isatty() and len(files) >= 200)
    batch.failed[:0] = problems
    if not batch.graded and not batch.exercises:  # write nothing: an earlier gradebook or report stays as it was
        for line in batch.failed:
            print(f"error: {line}", file=sys.stderr)
        raise KitError(f"nothing was graded from {', '.join(map(str, args.paths))}; nothing was written "
                       f"({args.out} is untouched)")
    graded_case = case or batch.case
    if graded_case is None:  # nothing named a case: the default, so the output still has its columns
        try:
            graded_case = load_case()
        except KitError:
            _report_batch(batch)
            raise KitError("no answers file could be graded, so no case to grade against; pass --case ID") from None
    for line in batch.notes:
        print(f"note: {line}", file=sys.stderr)
    return graded_case, batch


def _cmd_grade(case: Case | None, args: argparse.Namespace) -> int:
    from .judge.grading import lms_rows
    from .judge.roster import load_roster

    roster = load_roster(args.roster) if args.roster else None
    case, batch = _grade(case, args)
    out = write_grades(case, batch, args.out, args.lms, roster)
    print(f"graded {len(batch.graded)} learner(s) of {case.id} -> {out}" + (f" ({args.lms} gradebook CSV)" if args.lms else ""))
    for line in lms_rows(batch, args.lms, roster).left_out:
        print(f"note: {line}", file=sys.stderr)
    if args.lms:
        if roster is None:
            print(f"note: no --roster: the {args.lms} file identifies learners by the kit's learner name (letters, digits, "
                  "'.', '_', '-'); if your LMS logins differ (e-mail addresses…), pass --roster roster.csv", file=sys.stderr)
    return _report_batch(batch)


def _cmd_class(case: Case | None, args: argparse.Namespace) -> int:
    from .report.class_report import write_report  # numpy and krippendorff: only for the class report

    case, batch = _grade(case, args)
    out = write_report(case, batch, args.out)
    print(f"class report for {len(batch.graded)} learner(s) of {case.id} -> {out}")
    return _report_batch(batch)


def _cmd_feedback(case: Case | None, args: argparse.Namespace) -> int:
    from .report.feedback import write_feedback

    case, batch = _grade(case, args)
    written, problems = write_feedback(case, batch, args.out)
    print(f"feedback for {len(written)} learner(s) of {case.id} -> {Path(args.out) / '<learner>' / f'feedback-{case.id}.html'}")
    batch.failed.extend(problems)
    return _report_batch(batch)


def _cmd_brief(case: Case | None, args: argparse.Namespace) -> int:
    from .briefing.inputs import brief_for
    from .briefing.render import write_brief

    if case is None:
        case = case_of_file(args.answers) if args.answers else load_case()
    answers = load_answers(args.answers, case) if args.answers else None
    brief = brief_for(case, answers, args.judgements)
    if brief.problems:  # a judgement its citations do not support: say so, write nothing
        raise KitError(*(f"{args.judgements or 'brief.yml'}: {p}" for p in brief.problems))
    try:
        out = write_brief(brief, args.out, annex=args.annex)
    except OSError as err:
        raise KitError(f"{args.out}: cannot write: {err.strerror}; choose another --out path") from None
    source = f"the answers of {answers.learner!r}" if answers else "the reference"
    print(f"brief from {source}{' with the annex' if args.annex else ''} -> {out}")
    return 0


def _cmd_charts(case: Case, args: argparse.Namespace) -> int:
    from .charts import case_charts, export

    charts = case_charts(case, load_answers(args.answers, case) if args.answers else None)
    written = export(list(charts.values()), [Path(args.out) / f"{case.id}-{name}.{args.format}" for name in charts])
    print(f"{len(written)} chart(s) -> " + ", ".join(str(p) for p in written))
    return 0


def _cmd_submit(case: Case, args: argparse.Namespace) -> int:
    from .answers.submit import submit  # hand-in: kit/answers/submit.py; folder layout and permissions documented there

    print(submit(case, args.learner, args.to).message())
    return 0


def _cmd_new_case(case: Case | None, args: argparse.Namespace) -> int:
    from .case.new import create_case  # sentence splitting and YAML writing: only for a new case

    sides = [s.strip() for s in args.sides.split(",")] if args.sides else None
    if args.url and args.source is not None:
        raise KitError("new-case: give a SOURCE file or two --url pages, not both")
    if args.url:
        from .case.new import create_case_from_urls

        made = create_case_from_urls(args.url, args.id, sides, source_kind=args.source_kind or "official")
    elif args.source is None:
        raise KitError("new-case: give a SOURCE file (or - to paste the text), or --url URL --url URL")
    else:
        made = create_case(args.source, args.id, sides, source_kind=args.source_kind or "other")
    print(f"{made.folder}: wrote case.yml, claims.csv ({made.claims} claims, read as {made.shape} text) "
          "and a reference.yml to fill in.")
    if made.date:
        print(f"  date: {made.date} (from the date lines under the titles)")
    for side, title in made.titles:
        print(f"  {side}: {title}")
    if made.asides:
        print(f"Not claims ({len(made.asides)} aside(s), kept in the seed; check none is a sentence that belongs in a claim):")
        for side, line, text in made.asides:
            print(f"  {side} line {line}: {text[:90]}")
    print(f"Next: review the claims (`kit claims --case {args.id}`), fill in case.yml and reference.yml, "
          f"then run `kit validate --case {args.id}` until it passes.")
    return 0


def _cmd_practice(case: Case, args: argparse.Namespace) -> int:
    """A made-up class to rehearse grading and the debrief on, before the real one hands in."""
    written = write_class(synthetic_class(case, args.learners, seed=args.seed), args.out)
    print(f"wrote {len(written)} practice answers files -> {args.out} (made up: learner-0001 …)")
    return 0


def _cmd_originals(case: Case, args: argparse.Namespace) -> int:
    """Fetch the case's published originals onto this machine (never into git), or list them."""
    from .case.originals import fetch_hint, fetch_originals, load_fetched, originals_of

    folder = paths.case_dir(case.id)
    if args.action == "fetch":
        for f in fetch_originals(folder):
            print(f"{f.original.side}: {f.title or f.original.url} ({len(f.text):,} characters, "
                  f"{f.original.licence}) -> {f.path}")
        return 0
    fetched = {f.original: f for f in load_fetched(folder)}
    listed = originals_of(folder)
    for o in listed:
        found = fetched.get(o)
        state = f"fetched {found.retrieved}, sha256 {found.sha256[:12]}…" if found else "not fetched"
        print(f"{o.side}: {o.publisher}, {o.language}, {o.licence}: {o.url} ({state})")
    if not listed:
        print(f"{case.id}: no originals listed in case.yml")
    elif len(fetched) < len(listed):
        print(f"fetch them with: {fetch_hint(case.id)}")
    return 0


def _cmd_trace(case: Case, args: argparse.Namespace) -> int:
    """Each claim's passage in the originals: found, paraphrased, other_side or not_found."""
    from .case.originals import trace_case

    traced = trace_case(case)
    if args.format == "json":
        print(json.dumps([t.to_dict() for t in traced], ensure_ascii=False, indent=1))
        return 0
    for t in traced:
        where = f"{t.passage.side} {t.passage.start}:{t.passage.end}  {t.passage.text[:90]}" if t.passage else "—"
        print(f"{t.claim_id:<5} {t.status:<12} {100 * t.similarity:>4.0f}%  {where}")
    counts = {s: sum(t.status == s for t in traced) for s in ("found", "paraphrased", "other_side", "not_found")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()) + " (by shared wording: read the passage to judge)")
    return 0


def _class_size(text: str) -> int:
    n = int(text) if text.isdigit() else 0
    if not 1 <= n <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of learners from 1 to 10,000")
    return n


def _due(text: str) -> datetime:
    """``2026-12-01T23:59`` (UTC unless an offset is given, e.g. ``+01:00``)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give the deadline as 2026-12-01T23:59 (UTC) "
                                         "or with an offset, 2026-12-01T23:59+01:00") from None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def add_due(p: argparse.ArgumentParser) -> None:
    p.add_argument("--due", type=_due, metavar="WHEN", help="the deadline, e.g. 2026-12-01T23:59 (UTC unless an "
                   "offset is given): attempts handed in after it are late, and the last on-time attempt is graded")
    p.add_argument("--late", choices=LATE_CHOICES, default="on-time",
                   help="with --due: grade the last on-time attempt (default) or the latest, flagged late")


def _brief_out(value: str) -> Path:
    """``kit brief --out``'s type (kit.briefing.render.out_path), imported only when used."""
    from .briefing.render import out_path

    return out_path(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="Readout Kit: compare two readouts of one event.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[Case, argparse.Namespace], int], help_: str, *,
                case_from_files: bool = False, draft: bool = False) -> argparse.ArgumentParser:
        """``case_from_files``: --case defaults to the case the answers files name (issue 12 item 7).
        ``draft``: the command also works on a case whose reference is unfinished."""
        p = sub.add_parser(name, help=help_, description=help_)
        if case_from_files:
            p.add_argument("--case", default=None, help="case ID under data/cases/ (default: the case the answers "
                                                        "file names, else the course's default case, data/course.yml)")
        else:
            p.add_argument("--case", default=None, help="case ID under data/cases/ (default: the course's default "
                                                        "case, data/course.yml)")
        p.set_defaults(func=func, strict=not draft, needs_case=not case_from_files)
        return p

    command("validate", _cmd_validate, "check a case: claims verbatim, IDs unique, reference complete, links valid; "
                                       "a draft lists what is left", draft=True)
    command("claims", _cmd_claims, "list the claims (a draft case's too)", draft=True).add_argument(
        "--format", choices=["table", "csv", "json"], default="table")
    command("reference", _cmd_reference, "print the reference answer as an answers file").add_argument("--format", choices=["json"], default="json")
    check = command("check", _cmd_check, "score one answers file (tagging or exercise): overall, per dimension, "
                    "each wrong tag with the reason, links", case_from_files=True)
    check.add_argument("file", metavar="FILE", help="a learner's answers .json file, or an exercise answers file")
    check.add_argument("--json", action="store_true", help="print the score as JSON (for scripts)")
    grade = command("grade", _cmd_grade, "grade a class, one case at a time: one CSV row per learner; bad files are "
                    "reported and skipped", case_from_files=True)
    grade.add_argument("paths", nargs="+", metavar="PATH", help="answers files, hand-in folders, or folders of them (*.json)")
    grade.add_argument("--out", required=True, help="the CSV file to write, e.g. grades.csv")
    grade.add_argument("--lms", choices=LMS_CHOICES, help="write the gradebook-import columns of Canvas or Moodle")
    grade.add_argument("--roster", metavar="CSV", help="map hub names to LMS identities: a CSV with a learner column and any "
                                                       "of lms_id, sis_user_id, sis_login_id, email, username")
    add_due(grade)
    klass = command("class", _cmd_class, "class debrief as one HTML page: agreement, hardest claims, most-confused values",
                    case_from_files=True)
    klass.add_argument("paths", nargs="+", metavar="PATH", help="answers files, hand-in folders, or folders of them (*.json)")
    klass.add_argument("--out", required=True, help="the HTML file to write, e.g. report.html")
    add_due(klass)
    feedback = command("feedback", _cmd_feedback, "one self-contained feedback page per learner, to hand back: score, "
                       "each wrong tag with the reason, missed links, exercises", case_from_files=True)
    feedback.add_argument("paths", nargs="+", metavar="PATH", help="answers files, hand-in folders, or folders of them (*.json)")
    feedback.add_argument("--out", required=True, metavar="DIR", help="the folder to write OUT/<learner>/feedback-<case>.html into")
    add_due(feedback)
    handin = command("submit", _cmd_submit, "hand in your answers file to the class's hand-in folder, keeping earlier attempts")
    handin.add_argument("--learner", help="whose answers (default: $JUPYTERHUB_USER, else your login name)")
    handin.add_argument("--to", metavar="FOLDER", help="the class's hand-in folder (default: $READOUT_KIT_HANDIN_DIR)")
    new = sub.add_parser("new-case", help="segment another pair of readouts into a new case to fill in",
                         description="Segment SOURCE (pasted text, the seed's 'Section: text' shape, or Markdown), "
                                     "or two published pages (--url URL --url URL), into data/cases/ID/ with a "
                                     "reference skeleton.")
    new.add_argument("source", nargs="?", help="the source text file, or - to read pasted text from standard input: "
                                               "a title line per readout, then paragraphs (or 'Section: text' lines, or Markdown)")
    new.add_argument("--url", action="append", metavar="URL", help="a published readout page; give it twice, in reading order")
    new.add_argument("--id", required=True, help="the new case's ID, e.g. north-south-2026-03-01")
    new.add_argument("--sides", help="side IDs in reading order, e.g. north,south (default: from the titles)")
    new.add_argument("--source-kind", choices=SOURCE_KINDS, help="what the text is: the official readouts, a third "
                                                                 "party's summary, a transcript, or other (default: "
                                                                 "official with --url, else other)")
    new.set_defaults(func=_cmd_new_case, case=None)
    brief = command("brief", _cmd_brief, "one-page brief (HTML or Markdown): bottom line, deliverables, converge, "
                    "diverge, voices, confidence, what to verify", case_from_files=True)
    brief.add_argument("--answers", metavar="FILE", help="build it from a learner's answers file instead of the reference")
    brief.add_argument("--out", required=True, type=_brief_out, help="brief.html or brief.md (the suffix picks the format)")
    brief.add_argument("--annex", action="store_true", help="add the evidence (every cited claim, verbatim) after a page break")
    brief.add_argument("--judgements", metavar="FILE", help="your key judgements: the briefing exercise's answers file, "
                       "or a text file of bullets 'stance: text [IDs]' (default: the case author's)")
    charts = command("charts", _cmd_charts, "write the case's charts (coverage, alignment, emphasis) as images for slides")
    charts.add_argument("--out", required=True, metavar="DIR", help="the folder to write them to")
    charts.add_argument("--format", choices=["png", "svg", "pdf"], default="png")
    charts.add_argument("--answers", metavar="FILE", help="chart a learner's answers file instead of the reference")
    originals = command("originals", _cmd_originals, "fetch the case's published originals onto this machine (kept out of git), or list them")
    originals.add_argument("action", choices=["fetch", "list"], help="fetch: download and extract the main text; list: what is listed and fetched")
    trace = command("trace", _cmd_trace, "trace each claim to the originals: found, paraphrased, other_side, not_found")
    trace.add_argument("--format", choices=["table", "json"], default="table")
    practice = command("practice-class", _cmd_practice, "write a made-up class of answers files to rehearse grading and the debrief")
    practice.add_argument("--learners", type=_class_size, default=30, help="how many learners, 1 to 10,000 (default 30)")
    practice.add_argument("--seed", type=int, default=0, help="the same seed gives the same class")
    practice.add_argument("--out", required=True, metavar="DIR", help="the folder to write them to")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on usage errors
    try:
        if args.case == "":
            raise KitError("--case: empty; give a case ID under data/cases/ (or leave --case out)")
        needs_case = args.case is not None or getattr(args, "needs_case", False)
        case = load_case(args.case, strict=args.strict) if needs_case else None
        return int(args.func(case, args))
    except KitError as err:
        for line in err.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `kit claims | head`
        return 0
