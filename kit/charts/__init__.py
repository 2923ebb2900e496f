"""One charts module for lessons, the class report and the briefing app (plotly, imported lazily).

Data preparation is pure and returns DataFrames (:mod:`.tables`, the ``*_table`` functions); the
charts (:mod:`.figures`) are thin layers over them, all coloured from one palette (:mod:`.palette`);
:func:`export` writes them to PNG/SVG/PDF for slides.
"""

from .export import export, export_problem
from .figures import agreement_chart, alignment_chart, case_charts, class_confusion_chart, confusion_chart, coverage_chart, difficulty_chart, emphasis_chart, score_spread_chart
from .palette import side_colour, value_colour
from .tables import UNTAGGED, alignment_layout_table, alignment_table, class_confusion_table, confusion_table, coverage_table, difficulty_table, emphasis_table, link_table, reading_order, standalone_table, tag_table

__all__ = [
    "UNTAGGED", "agreement_chart", "alignment_chart", "alignment_layout_table", "alignment_table", "case_charts",
    "class_confusion_chart", "class_confusion_table", "confusion_chart", "confusion_table", "coverage_chart",
    "coverage_table", "difficulty_chart", "difficulty_table", "emphasis_chart", "emphasis_table", "export",
    "export_problem", "link_table", "reading_order", "score_spread_chart", "side_colour", "standalone_table",
    "tag_table", "value_colour",
]
