"""The case as data: its taxonomy and labels, its story, its answer key, loading and validating a
case folder (``load``), making a new one (``sources``, ``new``), writing its reference
(``write_reference``, with ``proposals`` to start from), and its originals (``originals``, ``trace``).

``from kit.case import load_case`` is the way in; the rest of the kit imports the modules themselves.
"""

from .load import Case, CaseNotReady, SideInfo, load_case, require_reference

__all__ = ["Case", "CaseNotReady", "SideInfo", "load_case", "require_reference"]
