"""The briefing pack (kit.briefing, kit.briefing_render, `kit brief`): every section, every point cited
and quoted verbatim, safe and self-contained HTML, clearly labelled when built from a learner's answers."""

import html
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.answers import Answers, Link
from kit.briefing import SECTION_KEYS, SECTION_TITLES, build_brief, convergence_table, divergence_table
from kit.briefing_render import to_html, to_markdown
from kit.cli import main
from kit.reference import reference_answers

HOSTILE = "<script>alert(1)</script>"


# -- helpers: read the quotations back out of what was rendered ----------------------------------

MD_QUOTE = re.compile(r"^\s*- (?P<id>[A-Z]+\d+) \((?P<side>[^)]+)\): “(?P<q>.*)”$", re.M)
HTML_QUOTE = re.compile(r'<q class="verbatim" data-claim="(?P<id>[^"]+)">(?P<q>.*?)</q>', re.S)
CUT_HTML = '<span class="cut">…</span>'


def md_quotes(text: str) -> list[tuple[str, str, bool, bool]]:
    """(claim ID, quoted text, cut before, cut after) for every quote line of the Markdown."""
    out = []
    for m in MD_QUOTE.finditer(text):
        q = m["q"]
        before, after = q.startswith("… "), q.endswith(" …")
        out.append((m["id"], q[2 if before else 0:len(q) - 2 if after else len(q)], before, after))
    return out


def html_quotes(page: str) -> list[tuple[str, str, bool, bool]]:
    out = []
    for m in HTML_QUOTE.finditer(page):
        q = m["q"]
        before, after = q.startswith(CUT_HTML), q.endswith(CUT_HTML)
        q = q.removeprefix(CUT_HTML).removesuffix(CUT_HTML)
        assert "<" not in q, f"markup inside a quotation: {q!r}"
        out.append((html.unescape(m["id"]), html.unescape(q), before, after))
    return out


def assert_verbatim(case, quotes) -> None:
    """Each quote is a slice of its claim's text (so of the seed); an uncut end is the claim's own end."""
    assert quotes
    for claim_id, text, before, after in quotes:
        assert claim_id in case.claims.index
        claim = case.claims.at[claim_id, "text"]
        assert text and text in claim and text in case.source, f"{claim_id}: not verbatim: {text!r}"
        assert before or claim.startswith(text), f"{claim_id}: cut at the start but not marked: {text!r}"
        assert after or claim.endswith(text), f"{claim_id}: cut at the end but not marked: {text!r}"


def quoted_fragments(text: str):
    """Passages in "…" or “…” outside the quote lines (the reference's notes quote the seed too).
    Split at ellipses; an elided quote may change the case of its first letter."""
    for quote in re.findall(r'"([^"]+)"', text) + re.findall(r"“([^”]+)”", text):
        for fragment in re.split(r"\s*…\s*", quote):
            fragment = fragment.strip(" ,.")
            if len(fragment) > 2:
                yield fragment


def assert_fragments_in_seed(case, text: str) -> None:
    source = case.source
    missing = [f for f in quoted_fragments(text)
               if f not in source and f[0].swapcase() + f[1:] not in source]
    assert [] == missing


def answers_from_reference(case, learner="alice", drop_tags=()) -> Answers:
    ref = reference_answers(case)
    tags = {cid: dims for cid, dims in ref["tags"].items() if cid not in drop_tags}
    return Answers(case.id, learner, tags, [Link(l["a"], l["b"], l["match"]) for l in ref["links"]])


@pytest.fixture(scope="module")
def brief(seed_case):
    return build_brief(seed_case)


@pytest.fixture(scope="module")
def markdown(brief):
    return to_markdown(brief)


@pytest.fixture(scope="module")
def page(brief):
    return to_html(brief)


# -- content -----------------------------------------------------------------------------------

def test_brief_has_every_section_in_order(brief, markdown, page):
    """Bottom line first, then converge, diverge, attribution, what the summary adds, verify/watch —
    in the data, the Markdown and the HTML."""
    assert list(SECTION_KEYS) == [s.key for s in brief.sections]
    assert "bottom_line" == SECTION_KEYS[0]
    positions = [markdown.index(f"\n## {SECTION_TITLES[k]}\n") for k in SECTION_KEYS]
    assert sorted(positions) == positions
    for key in SECTION_KEYS:
        assert f'<section id="{key}"><h2>{html.escape(SECTION_TITLES[key])}</h2>' in page
    assert all(s.points for s in brief.sections), "every section has at least one point for the seed case"


def test_every_point_cites_claims_and_quotes_one_of_them(brief):
    """No unsupported point: each cites claim IDs and quotes at least one claim it cites."""
    for section in brief.sections:
        for point in section.points:
            assert point.claims, point.headline
            assert point.quotes, point.headline
            assert {q.claim_id for q in point.quotes} <= set(point.claims), point.headline


def test_brief_cites_only_existing_claims(seed_case, brief, markdown, page):
    """Every claim ID in the brief — data, Markdown, HTML — is a claim of the case."""
    known = set(seed_case.claims.index)
    assert brief.cited() <= known
    for text in (markdown, page):
        cited = set(re.findall(r"\b[KC]\d{2,}\b", text))
        assert cited and cited <= known, cited - known


def test_seed_case_brief_covers_what_matters(brief):
    """The seed's headline facts: the shared points, what only one side says, the shifts, C13's verdict."""
    converge = {p.claims for p in brief.section("converge").points}
    assert {("K10", "C11"), ("K01", "C05"), ("K04", "C07")} <= converge
    alone = {c for p in brief.section("diverge").points for c in p.claims}
    assert {"K07", "K08", "C02", "C08"} <= alone
    shifted = [p for p in brief.section("attribution").points if p.headline.startswith("Attribution shifted")]
    assert {("K01", "C05"), ("K04", "C07"), ("K12", "C13")} == {p.claims for p in shifted}
    assert any(p.claims == ("C13",) for p in brief.section("summary_adds").points)
    themes = {n.title for s in brief.sections for n in s.notes}
    assert {"What only one side says", "Who is said to have said it", "The summarizer's own words",
            "Signs the two summaries are not independent"} <= themes


def test_markdown_quotations_are_verbatim(seed_case, markdown):
    """Every quote line in the Markdown is seed text, cuts marked with …; other quoted passages too."""
    quotes = md_quotes(markdown)
    assert len(quotes) >= len(seed_case.claims)
    assert_verbatim(seed_case, quotes)
    assert_fragments_in_seed(seed_case, MD_QUOTE.sub("", markdown))


def test_html_quotations_are_verbatim(seed_case, page, markdown):
    """Every <q class="verbatim"> is seed text, and the HTML quotes exactly what the Markdown quotes."""
    quotes = html_quotes(page)
    assert_verbatim(seed_case, quotes)
    assert md_quotes(markdown) == quotes
    body = html.unescape(re.sub(r"<[^>]+>", " ", HTML_QUOTE.sub("", page.split("<body>", 1)[1])))
    assert_fragments_in_seed(seed_case, body)


def test_each_claim_is_quoted_in_full_at_least_once(seed_case, markdown):
    """A reader can see every claim's whole sentence somewhere in the brief."""
    whole = {cid for cid, _text, before, after in md_quotes(markdown) if not (before or after)}
    assert set(seed_case.claims.index) == whole


def test_tables_for_the_app(seed_case):
    """The convergence table pairs both wordings; the divergence table lists the one-side claims."""
    conv = convergence_table(seed_case)
    assert ["a", "Kremlin", "match", "b", "China"] == list(conv.columns)
    assert 7 == len(conv)
    assert "matched" == conv.iloc[0]["match"]
    div = divergence_table(seed_case)
    assert {"K02", "K03", "K07", "K08", "K09", "K11"} == set(div.loc[div["side"] == "Kremlin only", "claim"])


def test_brief_builds_for_another_case(tiny_case):
    """Nothing is specific to the seed: a four-claim case gets every section, quoted verbatim."""
    brief = build_brief(tiny_case)
    assert list(SECTION_KEYS) == [s.key for s in brief.sections]
    assert_verbatim(tiny_case, md_quotes(to_markdown(brief)))
    assert_verbatim(tiny_case, html_quotes(to_html(brief)))


# -- built from a learner's answers --------------------------------------------------------------

def test_brief_from_answers_is_labelled(seed_case):
    """Built from answers, the brief says whose, and that it is not the reference; notes are left out."""
    brief = build_brief(seed_case, answers_from_reference(seed_case, "alice"))
    assert "answers" == brief.basis
    label = "Built from alice's answers, not the reference."
    assert label in to_markdown(brief)
    assert f'<p class="basis answers">{html.escape(label)}</p>' in to_html(brief)
    assert not any(s.notes for s in brief.sections)
    assert "reference" not in build_brief(seed_case).basis_line.replace("reference answer", "")


def test_partial_answers_say_what_is_left_out(seed_case):
    """Untagged claims are named, not guessed; the brief still builds and quotes verbatim."""
    answers = answers_from_reference(seed_case, drop_tags=("K08", "C02"))
    brief = build_brief(seed_case, answers)
    assert "K08, C02" in brief.section("diverge").intro
    assert_verbatim(seed_case, md_quotes(to_markdown(brief)))


def test_hostile_learner_name_is_escaped(seed_case):
    """A learner called <script>alert(1)</script> is text in the HTML and literal in the Markdown."""
    brief = build_brief(seed_case, answers_from_reference(seed_case, HOSTILE))
    page = to_html(brief)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#x27;s answers" in page
    assert "\\<script\\>alert(1)\\</script\\>'s answers" in to_markdown(brief)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_learner_name_stays_text(seed_case, name):
    """Whatever the name, it adds no element or attribute to the HTML."""
    page = to_html(build_brief(seed_case, answers_from_reference(seed_case, name)))
    basis = re.search(r'<p class="basis answers">(.*?)</p>', page, re.S)
    assert basis and "<" not in basis[1] and ">" not in basis[1] and '"' not in basis[1]
    assert f"Built from {name}'s answers" == html.unescape(basis[1]).split(", not the reference")[0]


# -- self-contained HTML -------------------------------------------------------------------------

def test_html_loads_nothing_from_the_network(page):
    """No script, no stylesheet link, no src, no URL anywhere: the page works offline."""
    lowered = page.lower()
    for banned in ("<script", "<link", "<img", "<iframe", " src=", "@import", "url(", "http://", "https://"):
        assert banned not in lowered, banned
    assert "<style>" in page and "@page" in page and "size: A4" in page


# -- the command line ----------------------------------------------------------------------------

def test_cli_writes_both_formats(tmp_path, capsys):
    """`kit brief --out X.html` and `--out X.md` write the brief in the format the suffix names."""
    assert 0 == main(["brief", "--out", str(tmp_path / "brief.html")])
    assert 0 == main(["brief", "--out", str(tmp_path / "brief.md")])
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    text = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    assert text.startswith("# Briefing: ") and "<" not in text.split("\n", 1)[0]
    assert "from the reference" in capsys.readouterr().out


def test_cli_brief_from_answers(tmp_path, seed_case, capsys):
    """--answers builds the brief from that file, labelled with the learner's name."""
    data = reference_answers(seed_case) | {"learner": "bob"}
    (tmp_path / "bob.json").write_text(json.dumps(data), encoding="utf-8")
    assert 0 == main(["brief", "--answers", str(tmp_path / "bob.json"), "--out", str(tmp_path / "b.md")])
    assert "Built from bob's answers, not the reference." in (tmp_path / "b.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": "readout-kit/answers", "version": 9})])
def test_cli_bad_answers_file_is_one_line_exit_1(tmp_path, capsys, content):
    """A bad answers file: exit 1, one line naming the file, no traceback, no brief written."""
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert 1 == main(["brief", "--answers", str(bad), "--out", str(tmp_path / "b.html")])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and err[0].startswith(f"error: {bad}")
    assert not (tmp_path / "b.html").exists()


def test_cli_unknown_suffix_is_a_usage_error(tmp_path, capsys):
    """--out brief.pdf: exit 2 with the usage line and what to use instead."""
    with pytest.raises(SystemExit) as exc:
        main(["brief", "--out", str(tmp_path / "brief.pdf")])
    assert 2 == exc.value.code
    assert "use a .html or .md file name" in capsys.readouterr().err


def test_cli_unwritable_out_is_one_line(tmp_path, capsys):
    """An --out path that cannot be written: exit 1, one line."""
    (tmp_path / "file").write_text("x")
    assert 1 == main(["brief", "--out", str(tmp_path / "file" / "brief.html")])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and "cannot write" in err[0]
