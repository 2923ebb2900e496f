"""Trace each claim back to the originals: where its wording is, and on which side.

Pure: takes the claims and the originals' texts, returns one :class:`Traced` per claim; it reads no
file and fetches nothing (kit.case.originals does that).

A claim is compared with every passage of every original: each sentence, and each pair of
adjacent sentences in a paragraph (a summary often folds two sentences into one). The score is
rapidfuzz's ``token_set_ratio`` on lower-cased words with punctuation removed: word order does not
matter, and a claim whose words are all in a longer sentence scores high. rapidfuzz was chosen over
scikit-learn's TF-IDF because it is one small compiled library with no dependencies, and its score
of a pair does not change when another original is added to the corpus, so a trace is stable.

Labels, from the best passage of the claim's own side and of the other sides:

- ``found``: close wording in its own side's original (score >= FOUND);
- ``paraphrased``: the same substance in other words, as far as shared words show it
  (PARAPHRASED <= score < FOUND);
- ``other_side``: below PARAPHRASED in its own side's original, at least PARAPHRASED in another
  side's: the summarizer carried it across;
- ``not_found``: below PARAPHRASED everywhere: the summarizer's addition, from elsewhere, or a
  paraphrase in wholly other words, which word overlap cannot see. Read the original to tell.

The thresholds were set on the seed case's claims against the paragraphs of its originals that
could be read (republished copies, not whole): sentences the summary keeps almost as they are
scored 91–100, reworded ones 66–84, and sentences on other matters of the same call up to about
61. They are a first calibration; re-check them on a fully fetched pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import sentencex
from rapidfuzz import fuzz, utils

FOUND = 85.0
PARAPHRASED = 65.0


@dataclass(frozen=True)
class Original:
    """One original's text as fetched: which side published it, where."""

    side: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class Passage:
    """A span of one original: ``text == original.text[start:end]``."""

    side: str
    start: int
    end: int
    text: str
    url: str = ""


@dataclass(frozen=True)
class Traced:
    """One claim's trace: its status, the similarity (0–1) of the passage shown, and that passage
    (None when the claim is not found on any side)."""

    claim_id: str
    status: str
    side: str
    similarity: float
    passage: Passage | None

    def to_dict(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "status": self.status, "side": self.side,
                "similarity": self.similarity,
                "passage": None if self.passage is None else asdict(self.passage)}


def _sentences(paragraph: str, offset: int, language: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for piece in sentencex.segment(language, paragraph):
        piece = piece.strip()
        if not piece:
            continue
        at = paragraph.find(piece, cursor)
        if at < 0:  # the segmenter normalised something: fall back to the whole paragraph
            return [(offset, offset + len(paragraph))]
        spans.append((offset + at, offset + at + len(piece)))
        cursor = at + len(piece)
    return spans


def passages(original: Original, language: str = "en") -> list[Passage]:
    """Every sentence of ``original`` and every pair of adjacent sentences within a paragraph."""
    found: list[Passage] = []
    offset = 0
    for line in original.text.split("\n"):
        lead = len(line) - len(line.lstrip())
        paragraph = line.strip()
        if paragraph:
            spans = _sentences(paragraph, offset + lead, language)
            windows = spans + [(a[0], b[1]) for a, b in zip(spans, spans[1:])]
            found += [Passage(original.side, s, e, original.text[s:e], original.url) for s, e in windows]
        offset += len(line) + 1
    return found


def similarity(a: str, b: str) -> float:
    """0–100: how far the words of ``a`` and ``b`` coincide, ignoring case, punctuation and order."""
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def _best(text: str, candidates: list[Passage]) -> tuple[float, Passage | None]:
    best, where = 0.0, None
    for p in candidates:
        score = similarity(text, p.text)
        # ties go to the shorter passage: the sentence rather than the pair that contains it
        if score > best or (score == best and where is not None and len(p.text) < len(where.text)):
            best, where = score, p
    return best, where


def trace(claims: Iterable[tuple[str, str, str]], originals: Iterable[Original],
          language: str = "en") -> list[Traced]:
    """Label each ``(claim_id, side, text)`` against ``originals`` (see the module's docstring)."""
    by_side: dict[str, list[Passage]] = {}
    for original in originals:
        by_side.setdefault(original.side, []).extend(passages(original, language))
    result = []
    for claim_id, side, text in claims:
        own_score, own = _best(text, by_side.get(side, []))
        others = [p for s, ps in by_side.items() if s != side for p in ps]
        other_score, other = _best(text, others)
        if own is not None and own_score >= FOUND:
            status, score, passage = "found", own_score, own
        elif own is not None and own_score >= PARAPHRASED:
            status, score, passage = "paraphrased", own_score, own
        elif other is not None and other_score >= PARAPHRASED:
            status, score, passage = "other_side", other_score, other
        else:
            status, score, passage = "not_found", max(own_score, other_score), None
        result.append(Traced(claim_id, status, side, round(score / 100, 3), passage))
    return result
