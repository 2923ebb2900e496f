"""Read a source into readouts -> sections -> sentence-level claims with exact offsets.

Two shapes are read:

- the seed's: a title line per readout (a line with no ``": "``), then ``Section: text`` lines;
- Markdown: ``# Readout title``, then ``## Section`` followed by paragraphs, or ``- Section: text``
  bullets.

Sentences come from sentencex, a maintained rule-based segmenter: on the seed it agrees with pysbd
(26 claims; "U.S.-Iran", "e.g.," and quotes closing after a comma kept whole), but sentencex is
still released (pysbd last shipped in 2021), covers ~300 languages for future cases, and returns
the text losslessly, so offsets into the source are exact. One rule on top: a "sentence" that
starts in lower case continues the one before ("5 mln. rubles"), since no sentence starts so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Body:
    """A section's text: ``source[start:start + len(text)] == text``."""

    section: str
    start: int
    text: str


@dataclass
class Readout:
    title: str
    line: int
    bodies: list[Body] = field(default_factory=list)


class SourceShapeError(ValueError):
    """The source does not have the expected shape; the message says which line and why."""


def _lines(source: str):
    offset = 0
    for number, line in enumerate(source.split("\n"), start=1):
        yield number, offset, line
        offset += len(line) + 1


def is_markdown(source: str) -> bool:
    """Markdown when the first non-blank line is a ``# Title`` heading."""
    first = next((line for line in source.split("\n") if line.strip()), "")
    return first.startswith("# ")


def _read_plain(source: str) -> list[Readout]:
    readouts: list[Readout] = []
    for number, start, line in _lines(source):
        if not line.strip():
            continue
        if SECTION_SEPARATOR not in line:
            readouts.append(Readout(line.strip(), number))
            continue
        if not readouts:
            raise SourceShapeError(f"line {number}: section before any readout title; start with a title line")
        section, body = line.split(SECTION_SEPARATOR, 1)
        readouts[-1].bodies.append(Body(section.strip(), start + len(section) + len(SECTION_SEPARATOR), body))
    return readouts


_BULLET = re.compile(r"^[-*] +([^:\n]+?):(?: +(.*))?$")


def _read_markdown(source: str) -> list[Readout]:
    readouts: list[Readout] = []
    section: str | None = None
    for number, start, line in _lines(source):
        if line.startswith("# "):
            readouts.append(Readout(line[2:].strip(), number))
            section = None
        elif not line.strip():
            continue
        elif not readouts:
            raise SourceShapeError(f"line {number}: text before the first '# Readout title'; start with one")
        elif line.startswith("## "):
            section = line[3:].strip()
        elif bullet := _BULLET.match(line):
            if (bullet.group(2) or "").strip():
                readouts[-1].bodies.append(Body(bullet.group(1).strip(), start + bullet.start(2), bullet.group(2)))
        elif section is None:
            raise SourceShapeError(f"line {number}: text outside a section; put it under '## Section' or write '- Section: text'")
        else:
            indent = len(line) - len(line.lstrip())
            readouts[-1].bodies.append(Body(section, start + indent, line.strip()))
    return readouts


def read_readouts(source: str) -> list[Readout]:
    """The readouts of a source, in either shape, each with its sections' bodies and offsets."""
    return _read_markdown(source) if is_markdown(source) else _read_plain(source)


def sentences(body: str, language: str = "en") -> list[tuple[int, str]]:
    """(offset, sentence) pairs for ``body``, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in sentencex.segment(language, body):
        at = body.index(piece, cursor)
        cursor = at + len(piece)
        text = piece.strip()
        if not text:
            continue
        start = at + len(piece) - len(piece.lstrip())
        if spans and text[0].islower():
            spans[-1] = (spans[-1][0], start + len(text))
        else:
            spans.append((start, start + len(text)))
    return [(s, body[s:e]) for s, e in spans]


def segment(source: str, sides: list[Side], language: str = "en") -> list[Claim]:
    """Split ``source`` into claims, IDs numbered per side in reading order (``K01``, ``K02``…).

    The n-th readout belongs to ``sides[n]``. Every claim satisfies
    ``source[claim.start:claim.end] == claim.text``.
    """
    readouts = read_readouts(source)
    if len(readouts) != len(sides):
        where = f" (the extra one is on line {readouts[len(sides)].line})" if len(readouts) > len(sides) else ""
        raise SourceShapeError(f"found {len(readouts)} readout title(s){where} but the case has {len(sides)} sides; "
                               f"give each readout one title line and write sections as 'Section: text'")
    claims: list[Claim] = []
    for side, readout in zip(sides, readouts):
        number = 0
        for body in readout.bodies:
            for offset, text in sentences(body.text, language):
                number += 1
                start = body.start + offset
                claims.append(Claim(f"{side.prefix}{number:02d}", side.id, body.section, start, start + len(text), text))
    return claims
