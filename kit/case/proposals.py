"""Proposals for a case's reference: links, a voice, a coverage — help for the instructor, never a
guess in the reference's place. Pure functions of the case; the reference editor shows each with
Accept / Reject, and nothing reaches reference.yml unless a person accepts it.

**Links** between the two sides: cosine similarity of TF-IDF vectors (scikit-learn's
``TfidfVectorizer``), English stop words and the case's own leader and side names left out. TF-IDF
rather than rapidfuzz's string ratios because two readouts of one call share most of their
vocabulary ("cooperation", "strategic", "relations"): inverse document frequency weighs those words
down and the rare shared ones ("multipolarity", "turbulent") up, which a character or token ratio
cannot. On the seed case (``benchmarks/bench_proposals.py``) TF-IDF found more of the reference's
links at a higher precision than rapidfuzz's best scorer at its best threshold. A pair is proposed
when one of its claims is the other's best match and the similarity reaches ``LINK_THRESHOLD``.
String similarity sees shared words, not shared meaning: a reframed claim in other words is missed,
which is why these are proposals.

**Voice** from the sentence's grammatical subject, by a stated rule and no parser (no light,
maintained English parser ships its model on PyPI): the subject is the sentence's opening run of
capitalised words and a few joining words ("Oduya and Salo", "The two leaders", "They"), after any
leading phrase such as "On the afternoon of 4 February, …". A leader's name there gives that
leader; two leaders, or "the leaders", "both sides", "they", give ``both_leaders``; "He"/"She"
continue the voice of the claim before on the same side; an aide's name or role (taken from the
case's own ``readout`` descriptions) gives ``aide``; no person (a passive, "Emphasis on …") gives
``narrator``.

**Coverage** from links: a claim linked (drawn, or proposed and not rejected) is ``both``; any
other is its own side's ``<side>_only``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .load import Case

LINK_THRESHOLD = 0.15  # cosine similarity of TF-IDF vectors; chosen on the seed case, see the benchmark
_WORD = re.compile(r"[\w’'-]+|[“”\"]")
_JOINING = {"and", "the", "two", "both", "of", "leaders", "sides", "presidents", "heads", "&"}
_COLLECTIVE = re.compile(r"^(?:the (?:two|leaders|sides|presidents)|both|they)\b", re.I)
_PRONOUN = re.compile(r"^(?:he|she)\b", re.I)
_LEADING_PHRASE = re.compile(r"^(?:on|in|at|during|as|after|before|following|amid|with|over|under|speaking)\b", re.I)
_ROLES = ("aide", "adviser", "advisor", "spokesperson", "spokesman", "spokeswoman", "assistant")
_TITLES = {"president", "prime", "minister", "mr", "ms", "mrs", "dr", "king", "queen", "chancellor", "premier",
           "chairman", "general", "secretary", "foreign", "his", "her", "excellency"}


@dataclass(frozen=True)
class LinkProposal:
    a: str  # a claim of the case's first side
    b: str  # a claim of the other side
    score: float  # cosine similarity, 0…1
    reason: str


@dataclass(frozen=True)
class TagProposal:
    claim_id: str
    dimension: str  # "voice" or "coverage"
    value: str
    reason: str


# -- links -----------------------------------------------------------------------------------------

def _names(case: Case) -> set[str]:
    words: set[str] = set()
    for side in case.sides:
        words |= {w.lower() for w in re.findall(r"\w+", f"{side.leader_name} {side.label} {side.id}")}
    return words


def similarity(case: Case):  # -> numpy array (first side's claims × other side's claims)
    """TF-IDF cosine similarity of every first-side claim with every other-side claim."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer  # heavy: only when asked

    first = case.claims[case.claims["side"] == case.sides[0].id]
    other = case.claims[case.claims["side"] != case.sides[0].id]
    vectorizer = TfidfVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | _names(case)))
    try:
        vectorizer.fit(list(case.claims["text"]))
    except ValueError:  # nothing but stop words in the whole case: nothing to compare
        import numpy as np

        return first.index.tolist(), other.index.tolist(), np.zeros((len(first), len(other)))
    matrix = (vectorizer.transform(first["text"]) @ vectorizer.transform(other["text"]).T).toarray()
    return first.index.tolist(), other.index.tolist(), matrix


def propose_links(case: Case, threshold: float = LINK_THRESHOLD) -> list[LinkProposal]:
    """Pairs (first side, other side) where one claim is the other's best match and the similarity
    reaches ``threshold``; in reading order of the first side."""
    firsts, others, matrix = similarity(case)
    if not firsts or not others:
        return []
    pairs: dict[tuple[int, int], str] = {}
    for i in range(len(firsts)):
        j = int(matrix[i].argmax())
        if matrix[i, j] >= threshold:
            pairs[(i, j)] = f"{others[j]} is the closest {case.side_label(case.claims.at[others[j], 'side'])} claim to {firsts[i]}"
    for j in range(len(others)):
        i = int(matrix[:, j].argmax())
        if matrix[i, j] >= threshold and (i, j) not in pairs:
            pairs[(i, j)] = f"{firsts[i]} is the closest {case.side_label(case.sides[0].id)} claim to {others[j]}"
    return [LinkProposal(firsts[i], others[j], round(float(matrix[i, j]), 3),
                         f"{why} (shared wording, similarity {matrix[i, j]:.2f})")
            for (i, j), why in sorted(pairs.items())]


# -- voice -----------------------------------------------------------------------------------------

def subject(sentence: str) -> str:
    """The sentence's subject by the module's rule: its opening run of capitalised words and joining
    words, after a leading phrase ("On the afternoon of 4 February 2026, …") if there is one."""
    text = sentence.strip().lstrip("“\"'(")
    if _LEADING_PHRASE.match(text):
        # the subject starts after the comma that is followed by a capitalised word (not "4, 2026,")
        for m in re.finditer(r",\s+(?=[A-Z])", text):
            text = text[m.end():]
            break
    words = []
    for token in _WORD.findall(text):
        if token[0].isupper() or token.lower() in _JOINING:
            words.append(token)
        else:
            break
    return " ".join(words)


def _people(case: Case) -> tuple[dict[str, set[str]], set[str]]:
    """Per leader voice ID, the words of their name; and the words naming an aide, from the
    sides' ``readout`` descriptions ("the presidential aide's briefing")."""
    leaders = {}
    for side in case.sides:
        if side.leader_id and side.leader_id in case.values("voice"):
            leaders[side.leader_id] = {w for w in re.findall(r"\w+", side.leader_name) if w.lower() not in _TITLES and len(w) > 1}
    aides: set[str] = set(_ROLES)
    for side in case.sides:
        for m in re.finditer(rf"\b(?:{'|'.join(_ROLES)})\s+((?:[A-Z][\w-]+\s*)+)", side.readout, re.I):
            aides |= {w for w in re.findall(r"[A-Z][\w-]+", m.group(1))}
    return leaders, aides


def propose_voice(case: Case) -> dict[str, TagProposal]:
    """A voice for every claim whose subject the rule can read (see the module docstring)."""
    leaders, aides = _people(case)
    values = set(case.values("voice"))
    proposals: dict[str, TagProposal] = {}
    last: dict[str, str] = {}  # side -> the single leader the claim before was given
    own = {s.id: s.leader_id for s in case.sides if s.leader_id in leaders}
    names = {s.leader_id: s.leader_name or s.leader_id for s in case.sides}
    for claim_id, claim in case.claims.iterrows():
        subj = subject(claim["text"])
        words = set(re.findall(r"[\w-]+", subj.replace("’s", "").replace("'s", "")))
        named = [voice for voice, name in leaders.items() if words & name]
        value, why = None, ""
        if len(named) >= 2:
            value, why = "both_leaders", f"the subject “{subj}” names both leaders"
        elif named:
            value, why = named[0], f"the subject “{subj}” names {names[named[0]]}"
        elif re.fullmatch(r"(?:The )?(?:[A-Z][a-z]+ )?(?:" + "|".join(t.title() for t in _TITLES) + ")", subj) and own.get(claim["side"]):
            value, why = own[claim["side"]], f"“{subj}”, a title alone, is the {case.side_label(claim['side'])} readout's own leader"
        elif _COLLECTIVE.match(subj):
            value, why = "both_leaders", f"the subject “{subj}” is the two leaders together"
        elif _PRONOUN.match(subj) and claim["side"] in last:
            value, why = last[claim["side"]], f"“{subj}” continues the claim before, whose subject was {names[last[claim['side']]]}"
        elif words & aides or {w.lower() for w in words} & set(_ROLES):
            value, why = "aide", f"the subject “{subj}” is an aide"
        elif subj and not _PRONOUN.match(subj):
            value, why = "narrator", f"no person is the subject (“{subj}”): a passive or subjectless sentence"
        elif not subj:
            value, why = "narrator", "the sentence opens with no subject: a passive or subjectless sentence"
        if value in leaders:
            last[claim["side"]] = value
        elif value is not None:
            last.pop(claim["side"], None)
        if value in values:
            proposals[str(claim_id)] = TagProposal(str(claim_id), "voice", value, why)
    return proposals


# -- coverage --------------------------------------------------------------------------------------

def propose_coverage(case: Case, links: Iterable[tuple[str, str]]) -> dict[str, TagProposal]:
    """``both`` for a claim in ``links`` (drawn or proposed), else its own side's ``<side>_only``."""
    partners: dict[str, list[str]] = {}
    for a, b in links:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    proposals = {}
    for claim_id, claim in case.claims.iterrows():
        cid = str(claim_id)
        if cid in partners:
            proposals[cid] = TagProposal(cid, "coverage", "both", f"linked to {', '.join(sorted(partners[cid]))}")
        else:
            own = f"{claim['side']}_only"
            proposals[cid] = TagProposal(cid, "coverage", own, f"no link to the other readout: only the "
                                                                f"{case.side_label(claim['side'])} text says it")
    return proposals
