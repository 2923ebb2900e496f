"""Moved to :mod:`kit.store` (the store is core, not a widget); kept so that existing imports work."""

from __future__ import annotations

from ..answers import load_answers, save_answers
from ..store import AnswerStore, ExerciseStore, answers_path, learner_name, move_aside, not_saved, shows_answer

__all__ = ["AnswerStore", "ExerciseStore", "answers_path", "learner_name", "load_answers", "move_aside", "not_saved",
           "save_answers", "shows_answer"]
