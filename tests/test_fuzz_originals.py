"""Property tests for what the originals and brief code parse from outside: web pages, case.yml
`originals:` entries, judgement bullets. Whatever comes in, a result or one KitError line."""

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.briefing.judgements import parse_judgements
from kit.errors import KitError
from kit.case.originals import originals_of
from kit.io.webpage import extract

TEXT = st.text(max_size=300)
SCALAR = st.one_of(st.none(), st.integers(), st.booleans(), TEXT)
ENTRY = st.one_of(SCALAR, st.dictionaries(st.sampled_from(["side", "url", "publisher", "language", "licence", "x"]),
                                          SCALAR, max_size=6))


@settings(max_examples=60, deadline=None)
@given(st.one_of(TEXT, st.binary(max_size=400), TEXT.map(lambda t: f"<html><body><nav>{t}</nav><p>{t}</p></body></html>")))
def test_extract_never_raises(page):
    """Any bytes or markup give a (title, text) pair of strings."""
    title, text = extract(page)
    assert isinstance(title, str) and isinstance(text, str)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(SCALAR, st.lists(ENTRY, max_size=4)))
def test_originals_entries_load_or_fail_in_one_line_each(tmp_path, listed):
    """Any `originals:` value: a list of Originals, or KitError lines naming case.yml."""
    (tmp_path / "case.yml").write_text(yaml.safe_dump(
        {"id": "x", "sides": [{"id": "a", "label": "A", "prefix": "A"}, {"id": "b", "label": "B", "prefix": "B"}],
         "source": "s.txt", "originals": listed}), encoding="utf-8")
    try:
        found = originals_of(tmp_path)
    except KitError as err:
        assert err.problems and all("case.yml" in p and "\n" not in p for p in err.problems)
    else:
        assert all(o.side in ("a", "b") and o.url.startswith(("http://", "https://")) for o in found)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_any_bullets_parse(seed_case, text):
    """Any text parses into judgements; the checker then says what is wrong, it never raises."""
    from kit.briefing import check_judgements
    from kit.briefing.build import _view

    judgements = parse_judgements(seed_case, text, "someone")
    assert isinstance(check_judgements(seed_case, judgements, _view(seed_case).coverage_of), list)
