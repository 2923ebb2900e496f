"""Names vulture (dead-code finder, run by tests/test_lint.py on kit/) cannot see being used, each with
where it is used. A name that is really dead is deleted, not listed here."""

# ruff: noqa
# fmt: off
_ = object()

# Python calls these itself: the module __getattr__, the import protocol, IPython's traceback hook,
# a descriptor's __get__ signature.
__getattr__; _.create_module; _.exec_module; _._render_traceback_; objtype
# Jinja2 templates (kit/briefing/templates, kit/report/templates) read these attributes.
_.basis_line; _.cited; flag; cite; commonest_wrong
# Lessons and apps (notebooks/build_lessons.py, apps/briefing.ipynb) call these.
BriefingApp; listing; fetch_status; author_points; beside; md
# ipywidgets traits and reprlib.Repr settings, set to be read by those libraries.
_.widget; _.outputs; _.disabled; _.display; _.maxdict; _.maxlevel; _.maxlist; _.maxother; _.maxstring
# The board's public "what is on screen" view, used by tests and the keyboard help.
_.visible
# Library entry points kept for callers outside the CLI (tests, benchmarks, an instructor's own script).
grade_paths; grades_csv; save_exercise_answers
