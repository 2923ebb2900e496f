"""Answers in and out: the answers file and its one validator (``parse``), the autosaving store
every board uses (``store``), the reference as an answers file (``reference_answers``) and handing
in (``submit``).

The names below are what the module ``kit.answers`` offered before it became this package, so
earlier notebooks keep working; the rest of the kit imports ``kit.answers.parse`` itself.
"""

from .parse import (FORMAT, MAX_BYTES, MAX_LEARNER, VERSION, Answers, Link, answers_bytes, check_header,
                    link_problem, load_answers, parse_answers, read_answers_json, save_answers, tag_problem)

__all__ = ["FORMAT", "MAX_BYTES", "MAX_LEARNER", "VERSION", "Answers", "Link", "answers_bytes", "check_header",
           "link_problem", "load_answers", "parse_answers", "read_answers_json", "save_answers", "tag_problem"]
