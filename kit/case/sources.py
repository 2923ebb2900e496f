"""Read a source into readouts -> sections -> sentence-level claims with exact offsets.

Three shapes are read:

- the seed's (*labelled*): a title line per readout (a line with no ``": "``), then ``Section: text``
  lines;
- Markdown: ``# Readout title``, then ``## Section`` followed by paragraphs, or ``- Section: text``
  bullets;
- *pasted* text, as a teacher copies it from two web pages: a title line per readout, perhaps a date
  line under it, then paragraphs with no labels (each paragraph is a section, "Paragraph 1"…).
  Paragraphs are separated by blank lines or by line breaks after a finished sentence; a line
  break inside a sentence (a hard wrap) continues the paragraph. Separator lines (``* * *``,
  ``---``, ``###``) end a readout; lines that are not prose — ``(Photo: …)``, ``Share``, a
  subheading — are *asides*, kept in the seed but never claims, and listed so a person can check.
  A source is pasted when some line without a label reads as a sentence (ends in ``.``, ``!``,
  ``?``), which no title of the labelled shape does.

Both plain shapes accept a date line under a title and separator lines between readouts.

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
    date: str = ""  # the date line under the title, as written ("4 February 2026")
    asides: list[tuple[int, str]] = field(default_factory=list)  # (line, text): kept in the seed, not claims


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


_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
           "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    r"^\W*(?:[A-Za-z]+:\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})[-/](?P<m3>\d{1,2})[-/](?P<d3>\d{1,2})"  # 2026-02-04, 2026/02/04
    r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4}))"  # 04.02.2026: day first, as where dots are used
    r"(?![\w-])[^.!?]{0,30}\.?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,}|(?:~\s*){3,}|(?:#\s*){3,}|(?:•\s*){3,})$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*\s*$")
_BRACKETED = re.compile(r"^\s*[(\[].*[)\]]\.?\s*$")
_LABEL = re.compile(r"^([^:]{1,60}): ")
_MONTH_NUMBER = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def is_date_line(line: str) -> bool:
    return bool(_DATE.match(line.strip())) and len(line.strip()) <= 60


def iso_date(line: str) -> str | None:
    """``"4 February 2026"`` (and the other shapes of a date line) as ``"2026-02-04"``; None if not one."""
    m = _DATE.match(line.strip())
    if not m:
        return None
    if m["y3"]:
        year, month, day = int(m["y3"]), int(m["m3"]), int(m["d3"])
    elif m["y4"]:
        year, month, day = int(m["y4"]), int(m["m4"]), int(m["d4"])
    else:
        year, day = int(m["y1"] or m["y2"]), int(m["d1"] or m["d2"])
        month = _MONTH_NUMBER[(m["m1"] or m["m2"]).lower()[:3]]
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line)) and bool(line.strip())


def _is_prose(line: str) -> bool:
    """A line that reads as (the end of) a sentence: it ends in . ! ? (a closing quote may follow)."""
    return bool(_SENTENCE_END.search(line)) and not is_date_line(line) and not _BRACKETED.match(line)


def is_pasted(source: str) -> bool:
    """Pasted text: some unlabelled line reads as a sentence, or a "label" is too long to be one."""
    for line in source.split("\n"):
        if not line.strip() or is_separator(line) or is_date_line(line):
            continue
        label = _LABEL.match(line)
        if SECTION_SEPARATOR not in line and _is_prose(line):
            return True
        if SECTION_SEPARATOR in line and not label:
            return True
    return False


def _read_plain(source: str) -> list[Readout]:
    readouts: list[Readout] = []
    previous = ""
    for number, start, line in _lines(source):
        if not line.strip() or is_separator(line):
            previous = "" if is_separator(line) else previous
            continue
        if previous == "title" and is_date_line(line):
            readouts[-1].date = line.strip()
            previous = "date"
            continue
        if SECTION_SEPARATOR not in line:
            readouts.append(Readout(line.strip(), number))
            previous = "title"
            continue
        previous = "section"
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


def _titles_by_date(lines: list[tuple[int, int, str]]) -> set[int]:
    """For text with no separator: the line numbers of titles found by their date lines. A title is
    the first of the non-prose lines just above a date line ("Readout of …", "Briefing Room",
    "Statements and Releases", "March 3, 2026"). With two or more, they are the titles, and any
    other non-prose line is a subheading or page furniture (an aside)."""
    content = [(n, line) for n, _, line in lines if line.strip()]
    found = set()
    for k, (_, line) in enumerate(content):
        if not is_date_line(line):
            continue
        first = None
        j = k - 1
        while j >= 0 and not _is_prose(content[j][1]) and not is_date_line(content[j][1]) \
                and not is_separator(content[j][1]) and not _BRACKETED.match(content[j][1]):
            first = content[j][0]
            j -= 1
        if first is not None:
            found.add(first)
    return found if len(found) >= 2 else set()


def _read_pasted(source: str) -> list[Readout]:
    lines = list(_lines(source))
    has_separators = any(is_separator(line) for _, _, line in lines)
    dated_titles = set() if has_separators else _titles_by_date(lines)
    readouts: list[Readout] = []
    expect_title = True  # at the start, and after a separator
    after_title = False
    paragraph: list[int] | None = None  # [start, end] of the open paragraph in the source
    number_in_readout = 0

    def close() -> None:
        nonlocal paragraph, number_in_readout
        if paragraph is not None:
            number_in_readout += 1
            start, end = paragraph
            readouts[-1].bodies.append(Body(f"Paragraph {number_in_readout}", start, source[start:end]))
        paragraph = None

    def new_readout(number: int, line: str) -> None:
        nonlocal number_in_readout, after_title, expect_title
        close()
        readouts.append(Readout(line.strip(), number))
        number_in_readout, after_title, expect_title = 0, True, False

    for index, (number, start, line) in enumerate(lines):
        text = line.strip()
        if not text:
            close()
            continue
        if is_separator(line):
            close()
            expect_title, after_title = True, False
            continue
        begin = start + len(line) - len(line.lstrip())
        end = begin + len(text)
        if paragraph is not None and not _SENTENCE_END.search(source[paragraph[0]:paragraph[1]]):
            paragraph[1] = end  # a hard wrap inside a sentence: the paragraph goes on
            continue
        close()
        if after_title and is_date_line(line) and not readouts[-1].date:
            readouts[-1].date = text
            continue
        prose = _is_prose(line)
        if _BRACKETED.match(line):
            if not readouts:
                raise SourceShapeError(f"line {number}: an aside before any readout title; start with the first readout's title line")
            readouts[-1].asides.append((number, text))
            continue
        following = lines[index + 1][2] if index + 1 < len(lines) else ""
        if (not prose and readouts and not expect_title and number not in dated_titles and len(text) >= 60
                and following.strip() and not is_separator(following) and not is_date_line(following)):
            # the first line of a hard-wrapped paragraph: the sentence goes on below (60+ characters,
            # as wrapped text runs; a subheading is shorter)
            prose = True
        if not prose:
            starts_readout = (number in dated_titles if dated_titles else (expect_title or not has_separators))
            if starts_readout or not readouts:
                new_readout(number, line)
            else:
                readouts[-1].asides.append((number, text))
            continue
        if not readouts:
            raise SourceShapeError(f"line {number}: text before any readout title; start with the first readout's "
                                   "title line (a line that is not a sentence)")
        after_title = expect_title = False
        paragraph = [begin, end]
    close()
    # A "readout" with a title and nothing under it, after one that has text, is page furniture
    # (a footer after a rule: "© Publisher. All rights reserved"): an aside of the readout before.
    kept: list[Readout] = []
    for readout in readouts:
        if kept and kept[-1].bodies and not readout.bodies:
            kept[-1].asides += [(readout.line, readout.title), *readout.asides]
        else:
            kept.append(readout)
    return kept


def source_shape(source: str) -> str:
    """``"markdown"``, ``"labelled"`` (the seed's ``Section: text`` lines) or ``"pasted"``."""
    if is_markdown(source):
        return "markdown"
    return "pasted" if is_pasted(source) else "labelled"


def read_readouts(source: str) -> list[Readout]:
    """The readouts of a source, in any shape, each with its sections' bodies and offsets."""
    shape = source_shape(source)
    return {"markdown": _read_markdown, "labelled": _read_plain, "pasted": _read_pasted}[shape](source)


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
        fix = ("put a line '* * *' between the two readouts, each starting with its title line (a subheading "
               "inside a readout is then an aside)" if source_shape(source) == "pasted"
               else "give each readout one title line and write sections as 'Section: text'")
        raise SourceShapeError(f"found {len(readouts)} readout title(s){where} but the case has {len(sides)} sides; {fix}")
    claims: list[Claim] = []
    for side, readout in zip(sides, readouts):
        number = 0
        for body in readout.bodies:
            for offset, text in sentences(body.text, language):
                number += 1
                start = body.start + offset
                claims.append(Claim(f"{side.prefix}{number:02d}", side.id, body.section, start, start + len(text), text))
    return claims
