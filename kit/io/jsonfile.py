"""Read a JSON file someone else wrote, safely: bounded, plain data only, one-line errors.

Nothing is evaluated: JSON parsing builds dicts, lists, strings and numbers only. Refused, each
with one line naming the file: a file over the size limit (never read in full), a folder, bytes
that are not UTF-8, NaN/Infinity (not JSON), a key given twice in one object (parsers disagree
on which copy wins), and nesting too deep to parse. A UTF-8 byte-order mark is accepted.
"""

from __future__ import annotations

import json
import os
import reprlib
import stat
from pathlib import Path
from typing import Any

import msgspec

from ..errors import KitError, problem

# Values and keys from outside go into error lines: keep them short, one line, printable.
_repr = reprlib.Repr()  # Python 3.11's Repr takes no keyword arguments
_repr.maxstring, _repr.maxother, _repr.maxlevel, _repr.maxdict, _repr.maxlist = 60, 60, 2, 3, 3
short = _repr.repr


def key(name: object) -> str:
    """A JSON key as it may appear in a field name: printable and short, else its escaped repr."""
    return name if isinstance(name, str) and name.isprintable() and len(name) <= 40 else short(name)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class _DuplicateKey(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Refuse a key given twice in one object: parsers disagree on which one wins (Python keeps the
    last, others the first), so such a file could grade differently from what another tool shows."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


# NaN and Infinity are not JSON; duplicate keys are ambiguous.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=_object)
_PLAIN = json.JSONDecoder(parse_constant=_refuse_constant)  # the same, keeping the last of a duplicated key
# msgspec's JSON decoder, untyped: it builds the same dicts, lists, strings, numbers, booleans and None
# as _PLAIN, a third faster (compiled, no Python call per object). It is stricter (it refuses 1e400,
# a lone surrogate escape such as "\ud800", NaN), and whatever it refuses goes to the decoders above.
# tests/test_fuzz_answers.py checks that on what it accepts it gives what _PLAIN gives, type for type.
_FAST = msgspec.json.Decoder()


def loads(text: str) -> Any:
    """``text`` parsed, or ValueError (or RecursionError) for anything refused: NaN, Infinity, a key
    given twice in one object, anything not JSON.

    The careful decoder (:data:`_DECODER`) calls a Python function for every object, which costs a
    third of parsing a typical answers file. So the document is parsed plainly first — by msgspec
    (:data:`_FAST`), or by :data:`_PLAIN` when msgspec refuses it — and kept when
    :func:`_no_duplicate_keys` proves no key was given twice; otherwise (a duplicate, an error, or a
    document the proof does not cover) it is parsed again carefully, which decides and words every
    refusal exactly as before.
    """
    try:
        data = _FAST.decode(text)
    except (ValueError, RecursionError):  # msgspec's DecodeError and a string it cannot encode are ValueErrors
        try:
            data = _PLAIN.decode(text)
        except (ValueError, RecursionError):
            return _DECODER.decode(text)
    return data if _no_duplicate_keys(text, data) else _DECODER.decode(text)


def _no_duplicate_keys(text: str, data: Any) -> bool:
    """True only if no object of the valid JSON ``text`` gives a key twice; ``data`` is ``text``
    parsed by :data:`_FAST` or :data:`_PLAIN` (each keeps one of each duplicated key).

    Why it holds. In valid JSON a colon outside a string separates a key from its value, so
    ``text.count(":")`` = the key-value pairs written + the colons written inside strings. Parsing
    keeps every pair and every string, except that of a key given twice one pair is kept (the other
    pair, and the pairs and strings inside its value, are gone); a string keeps its colons unless one
    is written as the escape ``\\u003a``. So, with no such escape, the pairs and the colons in the
    strings of ``data`` add up to ``text.count(":")`` when no key was given twice and to less when one
    was. :func:`_pairs_and_colons` counts at most those (all of them in an answers file), so its
    count reaching ``text.count(":")`` proves there is no duplicate. tests/test_fuzz_answers.py checks it.
    """
    if "\\" in text and "\\u003" in text:  # a colon may be escaped (or another character: no matter)
        return False
    try:
        return _pairs_and_colons(data) == text.count(":")
    except RecursionError:  # nested deeper than the count goes: the careful decoder decides
        return False


def _pairs_and_colons(value: Any) -> int:
    """At most the key-value pairs of the objects in ``value`` plus the colons in its strings, and
    exactly that for an answers file, counted cheaply: in objects of objects and in lists of objects
    (the tags, the links) it counts the inner objects' pairs in one pass and not the colons in their
    strings, which an answers file has none of (if some other file has, the count falls short and
    the careful decoder decides)."""
    kind = type(value)
    if kind is str:
        return value.count(":")
    if kind is dict:
        count, items = len(value) + "".join(value).count(":"), value.values()
    elif kind is list:
        count, items = 0, value
    else:  # a number, true, false or null
        return 0
    try:
        return count + sum(map(len, map(dict.values, items)))  # all objects? (dict.values refuses the rest)
    except TypeError:
        return count + sum(map(_pairs_and_colons, items))


def read_json(path: Path, max_bytes: int, what: str) -> Any:
    """The parsed JSON of ``path`` (``what`` names the kind of file in messages, e.g. "answers")."""
    try:
        with path.open("rb") as handle:
            # Never more than the limit (+1 to notice going over): a huge file is refused unread.
            # Sized by the file, not the limit: read(n) allocates n bytes up front.
            # A pipe or device (`kit check <(…)`, /dev/stdin) has no size: read up to the limit.
            info = os.fstat(handle.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else max_bytes
            raw = handle.read(min(size, max_bytes) + 1)
    except FileNotFoundError:
        raise KitError(problem(path, None, "file not found; check the path")) from None
    except IsADirectoryError:
        raise KitError(problem(path, None, f"is a folder; give an {what} .json file")) from None
    except OSError as err:
        raise KitError(problem(path, None, f"cannot read: {err.strerror}")) from None
    if len(raw) > max_bytes:
        raise KitError(problem(path, None, f"over the {max_bytes:,}-byte limit; hand in the {what} file the kit saved"))
    try:
        # utf-8-sig: Windows editors may add a byte-order mark; it is harmless, so accept it.
        return loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise KitError(problem(path, None, "not UTF-8 text; hand in the .json file the kit saved")) from None
    except _DuplicateKey as err:
        raise KitError(problem(path, None, f"the key {short(err.args[0])} appears twice in one object; "
                                           "keep one (hand in the .json file the kit saved)")) from None
    except (ValueError, RecursionError) as err:
        raise KitError(problem(path, None, f"not valid JSON ({str(err).splitlines()[0][:80]}); "
                                           "hand in the .json file the kit saved")) from None
