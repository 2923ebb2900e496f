"""Read a source in the seed's shape into readouts -> sections -> sentence-level claims.

The shape: a title line per readout (a line with no ``": "``), then one ``Section: text`` line per
section. Sentences come from sentencex, a maintained rule-based segmenter: on the seed it agrees
with pysbd (26 claims, "U.S.-Iran", "e.g.," and quotes closing after a comma all kept whole), but
sentencex is still released (pysbd last shipped in 2021), covers ~300 languages for future cases,
and returns the text losslessly, so offsets into the source are exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import sentencex

SECTION_SEPARATOR = ": "


@dataclass(frozen=True)
class Claim:
    id: str
    side: str
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Side:
    id: str
    prefix: str


class SourceShapeError(ValueError):
    """The source does not have the expected shape; the message says which line and why."""


def segment(source: str, sides: list[Side], language: str = "en") -> list[Claim]:
    """Split ``source`` into claims, IDs numbered per side in reading order (``K01``, ``K02``…).

    The n-th title line starts the readout of ``sides[n]``. Every claim satisfies
    ``source[claim.start:claim.end] == claim.text``.
    """
    claims: list[Claim] = []
    readout = -1
    numbers = [0] * len(sides)
    offset = 0
    for line_no, line in enumerate(source.split("\n"), start=1):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        if SECTION_SEPARATOR not in line:
            readout += 1
            if readout >= len(sides):
                raise SourceShapeError(
                    f"line {line_no}: title line number {readout + 1} but the case has {len(sides)} sides; "
                    f"give each readout one title line and write sections as 'Section: text'"
                )
            continue
        if readout < 0:
            raise SourceShapeError(f"line {line_no}: section before any readout title; start with a title line")
        section, body = line.split(SECTION_SEPARATOR, 1)
        body_start = line_start + len(section) + len(SECTION_SEPARATOR)
        cursor = 0
        for sentence in sentencex.segment(language, body):
            at = body.index(sentence, cursor)
            cursor = at + len(sentence)
            text = sentence.strip()
            if not text:
                continue
            start = body_start + at + (len(sentence) - len(sentence.lstrip()))
            numbers[readout] += 1
            side = sides[readout]
            claims.append(Claim(f"{side.prefix}{numbers[readout]:02d}", side.id, section.strip(), start, start + len(text), text))
    if readout + 1 != len(sides):
        raise SourceShapeError(f"found {readout + 1} readout title line(s) but the case has {len(sides)} sides")
    return claims
