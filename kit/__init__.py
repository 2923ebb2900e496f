"""Readout Kit: compare two readouts of one diplomatic event — tag, link, check, grade, brief."""

from .answers import Answers, load_answers, save_answers
from .case import Case, load_case
from .errors import KitError

__all__ = ["Answers", "Case", "KitError", "load_answers", "load_case", "save_answers"]
__version__ = "0.1.0"
