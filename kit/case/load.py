"""Load a case (case.yml, claims.csv, reference.yml), validate it, and offer its tables as DataFrames.

A case is valid when every claim is verbatim in the source at its offsets, IDs are unique, every
claim is tagged on every core dimension with taxonomy values, links join existing claims of
different sides, and a claim's coverage is ``both`` exactly when it is linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import paths
from ..errors import KitError, problem
from ..io.files import read_csv_rows, read_text, read_yaml
from .key import AnswerKey, build_key
from .story_file import Story, load_story
from .taxonomy import CORE_DIMENSIONS, Taxonomy, Value, load_taxonomy, parse_values

if TYPE_CHECKING:
    import pandas as pd

CLAIM_COLUMNS = ["id", "side", "section", "start", "end", "text"]
REFERENCE_COLUMNS = ["claim_id", "dimension", "value", "alternatives", "rationale"]
LINK_COLUMNS = ["a", "b", "match", "alternatives", "rationale", "optional"]


@dataclass(frozen=True)
class Table:
    """One of a case's tables as read and checked: plain rows. pandas is imported only when a
    notebook, chart or brief first asks for the DataFrame (``kit grade`` and ``kit check`` never do)."""

    rows: list[dict[str, Any]]
    columns: list[str]
    index: str | None = None
    integers: tuple[str, ...] = ()  # nullable integer columns (offsets)

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=self.columns)
        for column in self.integers:  # from the checked numbers: pandas cannot cast an out-of-range one
            frame[column] = pd.array([r[column] for r in self.rows], dtype="Int64")
        return frame.set_index(self.index) if self.index else frame


class _TableField:
    """A Case field set with a :class:`Table` (or a DataFrame) and read as a DataFrame, built once."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: Any, objtype: type | None = None) -> pd.DataFrame:
        if obj is None:  # dataclasses ask the class for a default: there is none
            raise AttributeError(self.slot)
        value = obj.__dict__[self.slot]
        if isinstance(value, Table):
            value = obj.__dict__[self.slot] = value.frame()
        return cast("pd.DataFrame", value)

    def __set__(self, obj: Any, value: Table | pd.DataFrame) -> None:
        obj.__dict__[self.slot] = value


def records(value: Table | pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a case table, whether still plain or already a DataFrame (its index as a column)."""
    if isinstance(value, Table):
        return value.rows
    frame = value.reset_index() if value.index.name else value
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


SOURCE_KINDS = ("summary", "official", "transcript", "other")

# What `kit new-case` writes where only the instructor knows the answer; validation names any left.
PLACEHOLDER_MARK = "Fill in"
LEADER_PLACEHOLDER_SUFFIX = "_leader"  # the leader ID new-case writes: <side>_leader


def placeholder_leader(side_id: str, label: str) -> dict[str, str]:
    """The leader `kit new-case` writes for a side until the instructor names the real one."""
    return {"id": f"{side_id}{LEADER_PLACEHOLDER_SUFFIX}", "name": f"{label}'s leader"}


@dataclass(frozen=True)
class SideInfo:
    id: str
    label: str
    prefix: str
    leader_id: str = ""  # the voice value of this side's leader (case.yml sides[].leader.id)
    leader_name: str = ""
    readout: str = ""  # what this side's text is, in a phrase (case.yml sides[].readout)


@dataclass
class Case:
    """One pair of readouts with its claims, its reference answer and the taxonomy it uses."""

    id: str
    title: str
    date: str
    sides: list[SideInfo]
    source_path: Path
    source: str
    provenance: str
    taxonomy: Taxonomy
    claims: pd.DataFrame = _TableField()  # index: claim id; columns side, section, start, end, text
    reference: pd.DataFrame = _TableField()  # one row per (claim_id, dimension): value, alternatives, rationale
    links: pd.DataFrame = _TableField()  # a, b, match, alternatives, rationale, optional
    notes: list[dict[str, Any]] = field(default_factory=list)
    # What kind of text the source is: a third party's "summary" of the readouts, the "official"
    # readouts themselves, a "transcript", or "other" (the default: a case made before the field).
    source_kind: str = "other"
    # The case's own story (story.yml beside case.yml; kit.case.story): the words lessons say about it.
    story: Story = field(default_factory=Story)
    problems: list[str] = field(default_factory=list)  # only ever non-empty with load_case(strict=False)
    # Worth a look but not wrong: new-case's default leaders, which a case made before the check
    # may still use as voice values (it must keep validating). `kit validate` prints them as notes.
    warnings: list[str] = field(default_factory=list)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return CORE_DIMENSIONS

    def records(self, table: str) -> list[dict[str, Any]]:
        """``claims``, ``reference`` or ``links`` as plain rows (no pandas unless already built)."""
        return records(self.__dict__[f"_{table}"])

    @cached_property
    def key(self) -> AnswerKey:
        """The answer key (:mod:`kit.case.key`): the reference in plain Python, built once when the case loads."""
        return build_key(self.id, self.sides[0].id, self.records("claims"), self.records("reference"),
                         self.records("links"), {dim: self.values(dim) for dim in self.dimensions},
                         self.taxonomy.link_match.values)

    def values(self, dimension: str) -> list[str]:
        return self.taxonomy.dimensions[dimension].names()

    def side_label(self, side_id: str) -> str:
        return next(s.label for s in self.sides if s.id == side_id)


def _as_list(raw: object) -> list[str]:
    if raw is None:
        return []
    return [str(v) for v in raw] if isinstance(raw, list) else [str(raw)]


def _read_case_yml(path: Path, problems: list[str]) -> dict[str, Any]:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise KitError(problem(path, None, "expected a mapping with id, title, date, sides, source"))
    for key in ("id", "sides", "source"):
        if not raw.get(key):
            raise KitError(problem(path, key, "missing; every case.yml needs id, title, date, sides and source (README, 'Add your own case', shows the shape)"))
    for key, fix in (("title", "a one-line title for the case"), ("date", "the date of the event, YYYY-MM-DD")):
        if not raw.get(key):
            problems.append(problem(path, key, f"not filled in yet; write {fix}"))
    sides = raw["sides"]
    if not isinstance(sides, list) or len(sides) < 2:
        raise KitError(problem(path, "sides", "needs a list of two sides, each with id, label and prefix"))
    for i, side in enumerate(sides):
        if not isinstance(side, dict) or not all(side.get(k) for k in ("id", "label", "prefix")):
            raise KitError(problem(path, f"sides[{i}]", "needs id, label and prefix (e.g. id: north, label: North, prefix: N)"))
    return raw


def _claims_table(path: Path, source: str, sides: dict[str, SideInfo], problems: list[str]) -> Table:
    rows = read_csv_rows(path, CLAIM_COLUMNS)
    seen: set[str] = set()
    offsets: list[tuple[int | None, int | None]] = []  # per row; None where the offsets are unusable
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['id'] or 'no id'})"
        if not row["id"]:
            problems.append(problem(path, f"{where}: id", "empty; give every claim an ID such as K01"))
        elif row["id"] in seen:
            problems.append(problem(path, f"{where}: id", f"duplicate ID {row['id']}; claim IDs must be unique"))
        seen.add(row["id"])
        if row["side"] not in sides:
            problems.append(problem(path, f"{where}: side", f"'{row['side']}' is not a side of this case; expected one of {', '.join(sides)}"))
        elif not row["id"].startswith(sides[row["side"]].prefix):
            problems.append(problem(path, f"{where}: id", f"a {row['side']} claim's ID starts with {sides[row['side']].prefix}"))
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            problems.append(problem(path, f"{where}: start/end", "not whole numbers; re-run `kit new-case` or fix the offsets"))
            offsets.append((None, None))
            continue
        if not 0 <= start <= end <= len(source):
            problems.append(problem(path, f"{where}: start/end", f"{start}:{end} is not a span of the source (0…{len(source)}); "
                                                                 "re-run `kit new-case` or fix the offsets"))
            offsets.append((None, None))
            continue
        offsets.append((start, end))
        if source[start:end] != row["text"]:
            problems.append(problem(path, f"{where}: text", "not the source's text at start:end; claims must be verbatim from the seed"))
    first: dict[str, dict[str, Any]] = {}
    for row, (checked_start, checked_end) in zip(rows, offsets):
        first.setdefault(row["id"], {**row, "start": checked_start, "end": checked_end})  # the first of a duplicated ID
    return Table(list(first.values()), CLAIM_COLUMNS, index="id", integers=("start", "end"))


def _reference_tables(path: Path, raw: object, claims: Table, taxonomy: Taxonomy,
                      problems: list[str]) -> tuple[Table, Table, list[dict[str, Any]]]:
    side = {r["id"]: r["side"] for r in claims.rows}  # claim -> side: membership and same-side checks
    if not isinstance(raw, dict) or not isinstance(raw.get("tags"), dict):
        raise KitError(problem(path, "tags", "missing; the reference needs 'tags:' (claim -> dimension -> value) and 'links:'"))
    rows = []
    unfilled: set[tuple[str, str]] = set()
    for claim_id, dims in raw["tags"].items():
        claim_id = str(claim_id)
        if claim_id not in side:
            problems.append(problem(path, f"tags.{claim_id}", "no such claim in claims.csv; fix the ID or remove the entry"))
            continue
        if not isinstance(dims, dict):
            problems.append(problem(path, f"tags.{claim_id}", "expected a mapping of dimension -> {value, rationale}"))
            continue
        for dim, spec in dims.items():
            where = f"tags.{claim_id}.{dim}"
            if dim not in taxonomy.dimensions:
                problems.append(problem(path, where, f"unknown dimension; expected one of {', '.join(CORE_DIMENSIONS)}"))
                continue
            if not isinstance(spec, dict):
                problems.append(problem(path, where, "expected {value, rationale, alternatives?}"))
                continue
            allowed = taxonomy.dimensions[dim].values
            if spec.get("value") in (None, ""):
                problems.append(problem(path, where, f"not filled in yet; choose one of: {', '.join(allowed)}, and give a rationale"))
                unfilled.add((claim_id, dim))
                continue
            value, alternatives = str(spec.get("value", "")), _as_list(spec.get("alternatives"))
            for v in [value, *alternatives]:
                if v not in allowed:
                    problems.append(problem(path, where, f"'{v}' is not a {dim}; expected one of: {', '.join(allowed)}"))
            if not str(spec.get("rationale") or "").strip():
                problems.append(problem(path, f"{where}.rationale", "missing; every reference decision needs a reason for learners"))
            rows.append({"claim_id": claim_id, "dimension": dim, "value": value,
                         "alternatives": tuple(alternatives), "rationale": str(spec.get("rationale") or "").strip()})
    reference = Table(rows, REFERENCE_COLUMNS)
    tagged = {(r["claim_id"], r["dimension"]) for r in rows} | unfilled
    for claim_id in side:
        for dim in CORE_DIMENSIONS:
            if (claim_id, dim) not in tagged:
                problems.append(problem(path, f"tags.{claim_id}.{dim}", "missing; tag every claim on every core dimension"))
    link_rows = []
    for i, link in enumerate(raw.get("links") or []):
        where = f"links[{i}]"
        if not isinstance(link, dict):
            problems.append(problem(path, where, "expected {a, b, match, rationale}"))
            continue
        a, b = str(link.get("a", "")), str(link.get("b", ""))
        where = f"links[{i}] ({a}–{b})"
        for end in (a, b):
            if end not in side:
                problems.append(problem(path, where, f"'{end}' is not a claim; links join existing claims"))
        if a in side and b in side and side[a] == side[b]:
            problems.append(problem(path, where, "both ends are on the same side; a link joins the two readouts"))
        match, alternatives = str(link.get("match", "")), _as_list(link.get("alternatives"))
        for v in [match, *alternatives]:
            if v not in taxonomy.link_match.values:
                problems.append(problem(path, f"{where}.match", f"'{v}' is not a match type; expected one of: {', '.join(taxonomy.link_match.values)}"))
        if not str(link.get("rationale") or "").strip():
            problems.append(problem(path, f"{where}.rationale", "missing; every link needs a reason"))
        link_rows.append({"a": a, "b": b, "match": match, "alternatives": tuple(alternatives),
                          "rationale": str(link.get("rationale") or "").strip(), "optional": bool(link.get("optional", False))})
    links = Table(link_rows, LINK_COLUMNS)
    _check_coverage_links(path, reference, links, problems)
    notes = raw.get("notes") or []
    if not isinstance(notes, list):
        problems.append(problem(path, "notes", "expected a list of {theme, title, text, claims}"))
        notes = []
    for i, note in enumerate(notes):
        if not isinstance(note, dict) or not all(note.get(k) for k in ("theme", "title", "text")):
            problems.append(problem(path, f"notes[{i}]", "needs theme, title and text"))
            continue
        for claim_id in _as_list(note.get("claims")):
            if claim_id not in side:
                problems.append(problem(path, f"notes[{i}].claims", f"'{claim_id}' is not a claim of this case"))
    return reference, links, notes


def _check_coverage_links(path: Path, reference: Table, links: Table, problems: list[str]) -> None:
    """``both`` iff linked: a required link for the value, an optional link for an alternative."""
    required = {r[end] for r in links.rows if not r["optional"] for end in ("a", "b")}
    any_link = {r[end] for r in links.rows for end in ("a", "b")}
    for row in reference.rows:
        if row["dimension"] != "coverage":
            continue
        claim_id, value, alternatives = row["claim_id"], row["value"], row["alternatives"]
        if value == "both" and claim_id not in required:
            problems.append(problem(path, f"tags.{claim_id}.coverage", "is 'both' but the claim has no (required) link; add a link or change the coverage"))
        if value != "both" and claim_id in required:
            problems.append(problem(path, f"tags.{claim_id}.coverage", f"is '{value}' but the claim has a required link; make it 'both' or mark the link optional"))
        if value != "both" and "both" in alternatives and claim_id not in any_link:
            problems.append(problem(path, f"tags.{claim_id}.coverage", "accepts 'both' but has no optional link saying to what; add one"))
        if "both" not in (value, *alternatives) and claim_id in any_link:
            problems.append(problem(path, f"tags.{claim_id}.coverage", "does not accept 'both' but the claim is linked; accept 'both' or drop the link"))


def placeholder_problems(path: Path, meta: dict[str, Any]) -> list[str]:
    """What `kit new-case` wrote in case.yml and nobody replaced: "Fill in" text (an error)."""
    problems = []
    for key, value in meta.items():
        if isinstance(value, str) and value.strip().lower().startswith(PLACEHOLDER_MARK.lower()):
            problems.append(problem(path, key, f"still the placeholder {value.strip()[:60]!r}; replace it with the real text"))
    return problems


def placeholder_leaders(path: Path, meta: dict[str, Any]) -> list[str]:
    """new-case's default leaders left in case.yml: worth replacing (learners see them as voices),
    but a case finished with them before this check existed stays valid, so these are warnings."""
    problems = []
    for i, side in enumerate(meta.get("sides") or []):
        leader = side.get("leader") if isinstance(side, dict) else None
        if not isinstance(leader, dict):
            continue
        default = placeholder_leader(str(side.get("id")), "")
        if str(leader.get("id") or "") == default["id"]:
            problems.append(problem(path, f"sides[{i}].leader.id", f"still the placeholder {default['id']!r}; write the leader's "
                                                                     "voice ID, one lower-case word (learners choose it as a voice)"))
        name = str(leader.get("name") or "")
        if name.endswith(("'s leader", "’s leader")):
            problems.append(problem(path, f"sides[{i}].leader.name", f"still the placeholder {name!r}; write the leader's name "
                                                                       "as learners should read it (first and last name)"))
    return problems


def coverage_side_problems(path: Path, reference: Table | pd.DataFrame, claims: Table | pd.DataFrame) -> list[str]:
    """A claim's coverage may be ``both`` or its own side's ``<side>_only``, never the other side's."""
    problems = []
    sides = {r["id"]: r["side"] for r in records(claims)}
    for row in records(reference):
        if row["dimension"] != "coverage" or row["claim_id"] not in sides:
            continue
        side = sides[row["claim_id"]]
        own = f"{side}_only"
        for field_, values in (("", [row["value"]]), (".alternatives", list(row["alternatives"]))):
            for value in values:
                if value.endswith("_only") and value != own:
                    problems.append(problem(path, f"tags.{row['claim_id']}.coverage{field_}",
                                            f"'{value}' on a {side} claim; a {side} claim is 'both' or '{own}'"))
    return problems


def load_case(case: str | Path | None = None, *, strict: bool = True) -> Case:
    """Load and validate a case by ID (a folder under data/cases/) or by folder path.

    Raises KitError listing every problem found, one line each. With ``strict=False`` a case whose
    files can be read is returned even if unfinished, its problems in ``Case.problems`` (for the
    instructor's reference editor); unreadable files still raise.
    """
    from_setting = not case
    if from_setting:
        case = paths.default_case()
        if case is None:
            fix = "set default_case: ID in it" if paths.course_file().exists() else "create it with a line default_case: ID"
            raise KitError(problem(paths.course_file(), "default_case", f"no case named and no default case: "
                                   f"name one (--case ID, load_case(ID)) or {fix}"))
    folder = Path(case) if isinstance(case, Path) else paths.case_dir(str(case))
    if not folder.is_dir():
        known = ", ".join(sorted(p.name for p in (paths.data_dir() / "cases").glob("*") if p.is_dir())) or "none"
        if from_setting:
            raise KitError(problem(paths.course_file(), "default_case", f"{case!r} is no folder under data/cases/; "
                                                                         f"known cases: {known}"))
        raise KitError(problem(folder, None, f"no such case; known cases: {known}"))
    problems: list[str] = []
    meta = _read_case_yml(folder / "case.yml", problems)
    problems += placeholder_problems(folder / "case.yml", meta)
    warnings = placeholder_leaders(folder / "case.yml", meta)
    sides = [SideInfo(str(s["id"]), str(s["label"]), str(s["prefix"]),
                      leader_id=str(s["leader"].get("id") or "") if isinstance(s.get("leader"), dict) else "",
                      leader_name=str(s["leader"].get("name") or "") if isinstance(s.get("leader"), dict) else "",
                      readout=str(s.get("readout") or ""))
             for s in meta["sides"]]
    source_kind = str(meta.get("source_kind") or "other")
    if source_kind not in SOURCE_KINDS:
        problems.append(problem(folder / "case.yml", "source_kind", f"'{source_kind}' is not a kind of source; expected one of: {', '.join(SOURCE_KINDS)}"))
    by_id = {s.id: s for s in sides}
    leaders = {str(s["leader"]["id"]): str(s["leader"].get("name") or s["leader"]["id"])
               for s in meta["sides"] if isinstance(s.get("leader"), dict) and s["leader"].get("id")}
    reference_raw = read_yaml(folder / "reference.yml")
    taxonomy = load_taxonomy(paths.taxonomy_path()).for_case(
        [s.id for s in sides], {s.id: s.label for s in sides}, leaders,
        used=_values_used(reference_raw), own=_own_values(folder / "case.yml", meta.get("values")))
    source_path = paths.project_root() / str(meta["source"])
    source = read_text(source_path)
    claims = _claims_table(folder / "claims.csv", source, by_id, problems)
    reference, links, notes = _reference_tables(folder / "reference.yml", reference_raw, claims, taxonomy, problems)
    taxonomy = taxonomy.with_examples({r["id"]: r["text"] for r in claims.rows}, reference.rows, links.rows)
    story = load_story(folder / "story.yml", {r["id"] for r in claims.rows}, problems)
    problems += coverage_side_problems(folder / "reference.yml", reference, claims)
    if problems and strict:
        raise KitError(*problems)
    loaded = Case(id=str(meta["id"]), title=str(meta.get("title") or ""), date=str(meta.get("date") or ""), sides=sides,
                  source_path=source_path, source=source, provenance=str(meta.get("provenance", "")).strip(),
                  taxonomy=taxonomy, claims=cast("pd.DataFrame", claims), reference=cast("pd.DataFrame", reference),
                  links=cast("pd.DataFrame", links), notes=notes,
                  source_kind=source_kind, story=story, problems=problems, warnings=warnings)
    loaded.key  # noqa: B018  (built once here, at load: every check and score reads it)
    return loaded


def _values_used(raw: object) -> dict[str, set[str]]:
    """Dimension -> the values a reference uses (value and alternatives), read leniently: validation is later."""
    used: dict[str, set[str]] = {}
    tags = raw.get("tags") if isinstance(raw, dict) else None
    for dims in (tags or {}).values() if isinstance(tags, dict) else ():
        for dim, spec in (dims or {}).items() if isinstance(dims, dict) else ():
            if isinstance(spec, dict):
                used.setdefault(str(dim), set()).update([str(spec.get("value")), *_as_list(spec.get("alternatives"))])
    return used


def _own_values(path: Path, raw: object) -> dict[str, dict[str, Value]]:
    """case.yml ``values:`` — dimension -> {value: {definition}}: values of the case's own (kit.case.taxonomy)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise KitError(problem(path, "values", "expected a mapping of dimension -> {value: {definition: …}}"))
    own = {}
    for dim, values in raw.items():
        if dim not in CORE_DIMENSIONS or dim == "coverage":
            raise KitError(problem(path, f"values.{dim}", f"a case may add values to {', '.join(d for d in CORE_DIMENSIONS if d != 'coverage')}"))
        own[str(dim)] = parse_values(path, f"values.{dim}", values)
    return own


class CaseNotReady(KitError):
    """A lesson or exercise needs a finished case; this one is a draft. In a notebook it shows as its
    one line, not a traceback (IPython calls ``_render_traceback_`` when an exception has one)."""

    def _render_traceback_(self) -> list[str]:
        return list(self.problems)


def require_reference(case: Case | str | Path | None = None) -> Case:
    """The case, loaded and finished; else :class:`CaseNotReady` with one line saying what is missing.

    For lessons and exercises, which need every claim's reference answer: a draft case (from
    `kit new-case`, its reference still being filled in) gets one line naming the count, the first
    thing left and where to finish it, instead of a page of problems.
    """
    loaded = case if isinstance(case, Case) else load_case(case, strict=False)
    if not loaded.problems:
        return loaded
    folder = paths.case_dir(loaded.id) if not isinstance(case, Path) else case
    first = loaded.problems[0].removeprefix(f"{folder}/")
    raise CaseNotReady(problem(folder, None, f"the case is not finished, so this lesson cannot use it yet: "
                                             f"{len(loaded.problems)} thing(s) left, the first: {first} — finish the "
                                             f"reference in instructor/fill_in_a_reference.ipynb; "
                                             f"`kit validate --case {loaded.id}` lists them all"))
