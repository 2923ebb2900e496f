"""The learner's boards, from core ipywidgets only (they render in JupyterLab, Notebook 7, VS Code
and Voilà). They gather input, call the core (answers, scoring) and show the result."""

from ..answers.store import AnswerStore, learner_name
from .link_board import LinkBoard
from .readout_view import ReadoutView
from .reference_editor import ReferenceEditor
from .exercise_board import ExerciseBoard
from .tagging_board import TaggingBoard

__all__ = ["AnswerStore", "ExerciseBoard", "LinkBoard", "ReadoutView", "ReferenceEditor", "TaggingBoard", "learner_name"]
