"""The case as data: its taxonomy and labels, its story, its answer key, loading and validating a
case folder (``load``), making a new one (``sources``, ``new``), writing its reference
(``write_reference``, with ``proposals`` to start from), and its originals (``originals``, ``trace``).

``from kit.case import load_case`` is the way in. The names below are what the module ``kit.case``
offered before it became this package, so earlier notebooks keep working; the rest of the kit
imports ``kit.case.load`` itself.
"""

from .load import (CLAIM_COLUMNS, LEADER_PLACEHOLDER_SUFFIX, LINK_COLUMNS, PLACEHOLDER_MARK, REFERENCE_COLUMNS,
                   SOURCE_KINDS, Case, CaseNotReady, SideInfo, Table, coverage_side_problems, load_case,
                   placeholder_leader, placeholder_leaders, placeholder_problems, records, require_reference)

__all__ = ["CLAIM_COLUMNS", "LEADER_PLACEHOLDER_SUFFIX", "LINK_COLUMNS", "PLACEHOLDER_MARK", "REFERENCE_COLUMNS",
           "SOURCE_KINDS", "Case", "CaseNotReady", "SideInfo", "Table", "coverage_side_problems", "load_case",
           "placeholder_leader", "placeholder_leaders", "placeholder_problems", "records", "require_reference"]
