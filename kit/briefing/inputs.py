"""What a brief is built from, gathered from files: the judgements (the briefer's, else the case
author's), the case's listed originals, the trace when they are fetched on this machine, and how
many points the case author noted against the originals. The CLI and the app share this."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import paths
from ..case.load import Case
from ..errors import KitError
from .build import Brief, build_brief
from .judgements import case_judgements, load_judgements


def brief_for(case: Case, answers: Any = None, judgements: str | Path | None = None) -> Brief:
    """The brief for ``case`` with everything the case folder and this machine hold."""
    from ..case.originals import checked_points, originals_of, trace_case

    folder = paths.case_dir(case.id)
    # The case author's judgements rest on the reference; a brief from a learner's own tags takes
    # the learner's judgements or none, never judgements its own tags may not support.
    chosen = (load_judgements(case, judgements) if judgements else
              case_judgements(case, folder) if answers is None else [])
    listed = originals_of(folder) if (folder / "case.yml").is_file() else []
    try:
        trace = trace_case(case, folder) if listed else None
    except KitError:  # not fetched here (or not in the claims' language): the brief hedges instead
        trace = None
    return build_brief(case, answers, chosen, trace, listed, len(checked_points(folder)))
