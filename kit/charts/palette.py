"""One colour per side and per value, defined here once, so every chart agrees and all are colour-blind safe.

Colour means identity only (a side, a topic, a match type); a measure (a score, agreement) is drawn
in grey, and counts in a heatmap use a single-hue sequential scale.

Sources:
    Sides and match types: Okabe & Ito, "Color Universal Design" (2008), https://jfly.uni-koeln.de/color/
    — eight colours told apart under the common colour-vision deficiencies.
    Topics (nine values): Paul Tol's "muted" qualitative scheme, https://personal.sron.nl/~pault/
    (SRON technical note SRON/EPS/TN/09-002) — nine colours, plus pale grey for missing data.
"""

from __future__ import annotations

from ..case.load import Case

OKABE_ITO = {"orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "black": "#000000"}
SIDES = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])  # the case's first side, its second
MATCH = {"matched": OKABE_ITO["bluish_green"], "partial": OKABE_ITO["sky_blue"], "reframed": OKABE_ITO["orange"],
         "attribution_shifted": OKABE_ITO["reddish_purple"], "contradicted": OKABE_ITO["black"]}
TOL_MUTED = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
# Past nine values (a taxonomy for any pair has more topics than one case uses): Tol's "light" scheme.
TOL_LIGHT = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00")
MISSING = "#DDDDDD"  # Tol's pale grey for missing data: untagged claims
MEASURE = ("#444444", "#AAAAAA")  # greys for measures that are not a side or a value
HEAT = "Blues"  # single-hue sequential scale for counts (reads the same under any colour-vision deficiency)
# Status lines of the boards and the briefing app, always with a sign and a word as well (never
# colour alone); each at least 4.5:1 on white.
OK_TEXT, PROBLEM_TEXT, CHECK_TEXT = "#1A7F37", "#AA0000", "#8A3B00"
BORDER = "var(--jp-border-color1, #CCCCCC)"  # a card's frame, in the notebook theme's own colour


def side_colour(case: Case, side: str) -> str:
    """The colour of a side, given its ID or its label: by its place in the case (first side blue)."""
    for i, info in enumerate(case.sides):
        if side in (info.id, info.label):
            return SIDES[i % len(SIDES)]
    return MISSING


def value_colour(case: Case, dimension: str, value: str) -> str:
    """The colour of a taxonomy value (``dimension`` ``"match"`` for link match types).

    Topics (and any other dimension) take Tol's muted colours in taxonomy order; a coverage of
    ``<side>_only`` takes that side's colour; an unknown value or "(untagged)" is pale grey.
    """
    if dimension == "match":
        names = list(case.taxonomy.link_match.values)
        if value in MATCH:
            return MATCH[value]
        spare = [c for c in OKABE_ITO.values() if c not in (*MATCH.values(), *SIDES)]
        return spare[names.index(value) % len(spare)] if value in names else MISSING
    if dimension == "coverage" and value.endswith("_only"):
        return side_colour(case, value[: -len("_only")])
    # Values the case's reference uses come first, so its own topics get the nine muted colours.
    used = set(case.reference.loc[case.reference["dimension"] == dimension, "value"])
    values = sorted(case.values(dimension), key=lambda v: v not in used)
    colours = (*TOL_MUTED, *TOL_LIGHT)
    return colours[values.index(value) % len(colours)] if value in values else MISSING



def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#RRGGBB``."""
    def channel(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``: text set explicitly on a coloured
    chip keeps its contrast whatever the theme's own text colour is."""
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#FFFFFF") else "#FFFFFF"


DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def match_dash(case: Case, match: str) -> str:
    """A line style per link match type, so the alignment chart's lines differ by more than colour."""
    names = list(case.taxonomy.link_match.values)
    return DASHES[names.index(match) % len(DASHES)] if match in names else "solid"
