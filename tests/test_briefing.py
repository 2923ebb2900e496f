"""The brief (kit.briefing: build, judgements, render; `kit brief`): a one-page note in a fixed order,
every cited claim existing and quoted verbatim in the annex, judgements written by people and
checked by the kit, names and wording from the case, hedged while the originals are unchecked."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import paths
from kit.answers.parse import Answers, Link
from kit.briefing import SECTION_KEYS, build_brief, case_judgements, check_judgements, convergence_table, divergence_table, parse_judgements, to_html, to_markdown
from kit.briefing.build import _view
from kit.briefing.render import BODY_PT
from kit.cli import main
from kit.answers.reference_answers import reference_answers
from kit.case.trace import Traced

HOSTILE = "<script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")
HTML_QUOTE = re.compile(r'<q class="verbatim" data-claim="(?P<id>[^"]+)">(?P<q>.*?)</q>', re.S)
MD_ANNEX = re.compile(r"^- (?P<id>[A-Z]+\d+) \((?P<side>[^)]+)\): “(?P<q>.*)”$", re.M)


def answers_from_reference(case, learner="alice", drop_tags=(), links=None) -> Answers:
    ref = reference_answers(case)
    tags = {cid: dims for cid, dims in ref["tags"].items() if cid not in drop_tags}
    given_links = links if links is not None else [(k["a"], k["b"], k["match"]) for k in ref["links"]]
    return Answers(case.id, learner, tags, [Link(a, b, m) for a, b, m in given_links])


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))


def main_page(page: str) -> str:
    return page.split('<aside class="annex"', 1)[0]


@pytest.fixture(scope="module")
def brief(seed_case):
    return build_brief(seed_case, judgements=case_judgements(seed_case))


# -- order and content ---------------------------------------------------------------------------

def test_sections_come_in_the_analysts_order(brief):
    """Bottom line, deliverables, converge, diverge, voices, source and confidence, verify/watch."""
    assert ["bottom_line", "deliverables", "converge", "diverge", "voices", "source", "verify_watch"] == \
        [s.key for s in brief.sections]
    assert list(SECTION_KEYS) == [s.key for s in brief.sections]


def test_no_section_is_empty(brief, tiny_case):
    """Every section shown has a point or a sentence saying why there is none, for any case."""
    for b in (brief, build_brief(tiny_case)):
        for section in b.sections:
            assert section.points or section.intro, section.key


def test_every_cited_claim_exists_and_the_annex_quotes_it_verbatim(seed_case, brief):
    """Each ID the brief cites is a claim, and the annex quotes every one once, whole, as the source has it."""
    page = to_html(brief, annex=True)
    annex = page.split('<aside class="annex"', 1)[1]
    quoted = [(m["id"], html.unescape(m["q"])) for m in HTML_QUOTE.finditer(annex)]
    assert brief.cited() <= set(seed_case.claims.index)
    assert sorted(seed_case.claims.index) == sorted(cid for cid, _ in quoted)
    for cid, text in quoted:
        assert seed_case.claims.at[cid, "text"] == text
        assert text in seed_case.source
    cited_on_page = set(re.findall(r"\b[KC]\d{2}\b", visible_text(main_page(page))))
    assert cited_on_page and cited_on_page <= set(seed_case.claims.index)


def test_main_page_quotes_are_whole_claims(seed_case, brief):
    """A quotation on the page is a claim's whole text: never cut, never reworded."""
    for m in HTML_QUOTE.finditer(main_page(to_html(brief))):
        assert seed_case.claims.at[m["id"], "text"] == html.unescape(m["q"])


def test_shared_matters_are_counted_not_link_rows(seed_case, brief):
    """Links that join the same claims count once, and links resting on the text's own verdict
    (a meta claim) are not counted as the two sides agreeing."""
    v = _view(seed_case)
    meta = {c for c in seed_case.claims.index if v.tag(c, "claim_type") == "meta"}
    assert {"C13"} == meta
    assert "3 shared matters of 5" in brief.section("converge").intro
    answers = answers_from_reference(seed_case, links=[
        ("K05", "C09", "partial"), ("K05", "C09", "matched"), ("K09", "C09", "reframed"),
        ("K12", "C13", "attribution_shifted"), ("K13", "C13", "reframed")])
    b = build_brief(seed_case, answers)
    matters = [p for p in b.section("diverge").points if "C09" in p.claims]
    assert [("K05", "K09", "C09")] == [p.claims for p in matters]  # three link rows, one matter
    assert matters[0].text.startswith("reframed")
    every = {c for s in ("converge", "diverge") for p in b.section(s).points for c in p.claims}
    assert not (every & meta), "a link to the summary's own verdict counted as agreement"
    source = " ".join(p.text for p in b.section("source").points)
    assert "K12–C13, K13–C13" in source


def test_converge_holds_matched_and_partial_diverge_the_rest(seed_case):
    """As lesson 05 files them: matched/partial converge; reframed, attribution shifted and
    contradicted diverge, beside what one side alone says."""
    answers = answers_from_reference(seed_case, links=[("K10", "C11", "matched"), ("K05", "C09", "partial"),
                                                       ("K01", "C05", "reframed"), ("K04", "C07", "contradicted"),
                                                       ("K06", "C12", "attribution_shifted")])
    b = build_brief(seed_case, answers)
    converge = {c for p in b.section("converge").points for c in p.claims}
    diverge = {p.claims: p.text for p in b.section("diverge").points}
    assert {"K05", "C09", "K10", "C11"} == converge
    assert diverge[("K01", "C05")].startswith("reframed")
    assert diverge[("K04", "C07")].startswith("contradicted")
    assert diverge[("K06", "C12")].startswith("attribution shifted")


def test_each_sides_own_agenda_is_listed_even_on_shared_topics(seed_case, brief):
    """Every claim only one side makes is on that side's agenda line, whether or not the other
    side speaks of the same topic (the 'global order' of K09 though China has C07/C08)."""
    v = _view(seed_case)
    for side in seed_case.sides:
        line = next(p for p in brief.section("diverge").points if p.label == f"Only the {side.label} side")
        expected = [c for c in seed_case.claims.index if v.tag(c, "coverage") == f"{side.id}_only"
                    and v.tag(c, "claim_type") != "meta"]
        assert expected == list(line.claims)
    assert "Global order (K09)" in next(p.text for p in brief.section("diverge").points if "K09" in p.claims)


def test_deliverables_carry_their_dates(brief):
    """What was agreed, with the date the claim gives, or 'no date given'."""
    lines = {p.claims: p.text for p in brief.section("deliverables").points}
    assert "when: in the first half of 2026" in lines[("K10", "C11")]
    assert "when: later in the year" in lines[("K11",)]
    assert "no date given" in lines[("K06", "C12")]


def test_voice_lines_are_facts_per_side(seed_case, brief):
    """One line per side: its claims counted by who the text makes speak, leaders named from the case."""
    lines = {p.label: p.text for p in brief.section("voices").points}
    assert {"Kremlin", "China"} == set(lines)
    assert lines["China"].startswith("13 claims: Xi Jinping 8")
    counts = [int(n) for n in re.findall(r" (\d+)(?=[,.])", lines["Kremlin"])]
    assert 13 == sum(counts)



def test_topics_read_as_the_taxonomy_labels_them(seed_case, brief):
    """Where the sides diverge, topics read as the taxonomy's labels ("Economy and energy", "United
    States"), not as value names made into words ("Economy energy", "United states")."""
    page = to_markdown(brief)
    diverge = "\n".join(p.text for p in brief.section("diverge").points)
    for label in ("Economy and energy", "United States"):
        assert label in diverge, label
    for raw in ("Economy energy", "United states", "economy_energy"):
        assert raw not in page, raw

# -- confidence: hedged until traced ---------------------------------------------------------------

def test_confidence_is_low_while_the_originals_are_unchecked(seed_case):
    """A summary with no trace: low confidence, and how to fetch the originals when they are listed."""
    b = build_brief(seed_case, originals=[type("O", (), {"publisher": "kremlin.ru"})()])
    line = next(p.text for p in b.section("source").points if p.label == "Confidence")
    assert line.startswith("Low: one third party wrote both halves.")
    assert "kit originals fetch --case xi-putin-2026-02-04" in line


def test_confidence_rises_once_traced(seed_case):
    """With a trace, the confidence line says what share of the claims the originals bear out."""
    trace = [Traced(c, "found" if i % 2 else "not_found", str(seed_case.claims.at[c, "side"]), 0.9, None)
             for i, c in enumerate(seed_case.claims.index)]
    b = build_brief(seed_case, trace=trace)
    line = next(p.text for p in b.section("source").points if p.label == "Confidence")
    assert line.startswith("Moderate: traced on this machine, 13 of 26 claims close to their own side's original")
    verify = next(p for p in b.section("verify_watch").points if "kit trace" in p.text)
    assert set(trace[i].claim_id for i in range(0, 26, 2)) <= set(verify.claims)


# -- any case: every name from the case ------------------------------------------------------------

SEED_WORDS = ("Xi", "Putin", "Kremlin", "China", "Ushakov", "Lichun", "summary", "summarizer", "K13", "kremlin.ru")


def test_brief_for_another_case_says_nothing_of_the_seed(fictional_course):
    """A fictional official-readouts case: no word of the seed's story, no 'summary', its own labels."""
    from kit.case.load import load_case

    case = load_case("fictional-northland-southland")
    b = build_brief(case)
    for text in (to_markdown(b, annex=True), visible_text(to_html(b, annex=True))):
        for word in SEED_WORDS:
            if word not in case.source and word not in case.title:
                assert not re.search(rf"\b{re.escape(word)}\b", text), word
    labels = {p.label for p in b.section("diverge").points}
    assert any(label.startswith("Only the ") and label.endswith(" readout") for label in labels), labels


# -- judgements: from people, checked by the kit ----------------------------------------------------

def test_the_seed_case_has_two_to_four_supported_judgements(seed_case, brief):
    """The case author's bottom line: 2–4 judgements, each citing existing claims its coverage supports."""
    judgements = case_judgements(seed_case)
    assert 2 <= len(judgements) <= 4
    assert [] == list(brief.problems)
    assert [j.text for j in judgements] == [p.text for p in brief.section("bottom_line").points]


def test_a_brief_with_no_judgements_says_so_and_invents_none(tiny_case):
    """No judgement written: the bottom line says where to write them; the kit writes none."""
    b = build_brief(tiny_case)
    bottom = b.section("bottom_line")
    assert () == bottom.points and "does not invent them" in bottom.intro


@pytest.mark.parametrize("line, problem", [
    ("both: They agree on the visit [K10, C99]", "no such claim: C99"),
    ("both: Both sides see turbulence [K04]", "cites claims of one side only"),
    ("both: Both sides talk of Iran [K08, C06]", "only one side says K08"),
    ("kremlin_only: The Kremlin alone names the visit [K10]", "the other side says K10 too"),
    ("china_only: Greetings [C02, K02]", "K02 is the other side's"),
    ("A point with no evidence", "cites no claim"),
    ("Both sides speak of Iran [K08, C09]", "only one side says K08"),  # stance read from the wording
    ("Only the Kremlin names the visit [K10]", "the other side says K10 too"),
])
def test_judgement_checks(seed_case, line, problem):
    """An unsupported judgement gets one line per problem, naming the judgement and what is wrong."""
    judgements = parse_judgements(seed_case, line, "bob")
    problems = check_judgements(seed_case, judgements, _view(seed_case).coverage_of)
    assert problems and all(p.startswith("judgement 1 (bob): ") for p in problems)
    assert any(problem in p for p in problems), problems


def test_more_than_four_judgements_is_refused(seed_case):
    """A bottom line holds two to four."""
    text = "\n".join(f"both: The visit, again {i} [K10, C11]" for i in range(5))
    problems = check_judgements(seed_case, parse_judgements(seed_case, text, "bob"), _view(seed_case).coverage_of)
    assert ["5 judgements: a bottom line holds two to four; keep the ones that matter most"] == problems


def test_cli_takes_the_briefers_judgements_and_refuses_unsupported_ones(tmp_path, capsys):
    """--judgements FILE puts the briefer's bullets in the bottom line; an unsupported one is exit 1,
    one line each, and no brief is written."""
    good = tmp_path / "mine.txt"
    good.write_text("both: The visit is the one firm deliverable [K10, C11]\n"
                    "kremlin_only: Moscow alone puts Washington on the table [K07]\n", encoding="utf-8")
    assert 0 == main(["brief", "--judgements", str(good), "--out", str(tmp_path / "b.md")])
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "- **mine:** The visit is the one firm deliverable [K10, C11]" in text
    bad = tmp_path / "bad.txt"
    bad.write_text("both: Both sides talk of Iran [K08, C06]\nboth: Nothing [Z9]\n", encoding="utf-8")
    capsys.readouterr()
    assert 1 == main(["brief", "--judgements", str(bad), "--out", str(tmp_path / "x.html")])
    err = capsys.readouterr().err.strip().splitlines()
    assert 2 == len(err) and all(line.startswith(f"error: {bad}: judgement ") for line in err)
    assert not (tmp_path / "x.html").exists()


def test_cli_reads_the_briefing_exercises_answers_file(tmp_path, seed_case):
    """The bullets saved by the briefing exercise's board are a briefer's judgements."""
    from kit.case.exercises import load_exercise
    from kit.answers.exercise_answers import save_exercise_answers

    path = tmp_path / "carol.briefing.json"
    save_exercise_answers(load_exercise("briefing", seed_case), "carol",
                          [{"stance": "both", "text": "The visit is agreed", "claims": ["K10", "C11"]}], path)
    assert 0 == main(["brief", "--judgements", str(path), "--out", str(tmp_path / "b.md")])
    assert "**carol:** The visit is agreed [K10, C11]" in (tmp_path / "b.md").read_text(encoding="utf-8")


# -- one A4 page, annex after a page break ----------------------------------------------------------

def _pdf_pages(tmp_path: Path, page: str) -> int:
    src = tmp_path / "brief.html"
    src.write_text(page, encoding="utf-8")
    pdf = tmp_path / "brief.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--disable-background-networking", f"--print-to-pdf={pdf}", src.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_body_text_is_at_least_10_pt(brief):
    """The body's font size, and no rule below it sets a smaller size than 9 pt (citations)."""
    page = to_html(brief)
    body = re.search(r"body \{ font: ([\d.]+)pt", page)
    assert body and float(body[1]) >= 10 == BODY_PT
    assert all(float(s) >= 9 for s in re.findall(r"font-size: ([\d.]+)pt", page))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")
def test_brief_prints_on_one_a4_page_and_the_annex_after_it(tmp_path, seed_case):
    """Printed by Chromium to PDF, the brief `kit brief` writes is one A4 page, also once traced (the
    longest confidence and verify lines); with --annex the evidence follows on further pages."""
    from kit.briefing.inputs import brief_for
    from kit.case.originals import originals_of

    real = brief_for(seed_case)
    trace = [Traced(c, ("found", "paraphrased", "other_side", "not_found")[i % 4],
                    str(seed_case.claims.at[c, "side"]), 0.9, None) for i, c in enumerate(seed_case.claims.index)]
    traced = build_brief(seed_case, judgements=case_judgements(seed_case), trace=trace,
                         originals=originals_of(paths.case_dir(seed_case.id)), checked=17)
    assert 1 == _pdf_pages(tmp_path, to_html(real))
    assert 1 == _pdf_pages(tmp_path, to_html(traced))
    assert _pdf_pages(tmp_path, to_html(real, annex=True)) >= 2
    assert ".annex { break-before: page; }" in to_html(real, annex=True)


def test_cli_annex_flag(tmp_path, capsys):
    """`--annex` adds the evidence to HTML and Markdown; without it there is none."""
    assert 0 == main(["brief", "--out", str(tmp_path / "a.md"), "--annex"])
    assert 0 == main(["brief", "--out", str(tmp_path / "b.md")])
    with_annex = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "## Annex: the evidence, verbatim" in with_annex
    assert "Annex" not in (tmp_path / "b.md").read_text(encoding="utf-8").split("\n", 1)[1].replace("--annex", "")
    assert 26 == len(MD_ANNEX.findall(with_annex))


def test_notes_in_the_annex_are_whole(seed_case, brief):
    """The case author's notes are never cut off mid-sentence."""
    text = " ".join(visible_text(to_html(brief, annex=True)).split())
    assert "[…]" not in text and "[…]" not in to_markdown(brief, annex=True)
    for note in seed_case.notes:
        assert " ".join(str(note["text"]).split()) in text


# -- safe, self-contained output -------------------------------------------------------------------

def test_html_loads_nothing_from_the_network(brief):
    """No script, stylesheet link, image, font or URL: the page works offline."""
    lowered = to_html(brief, annex=True).lower()
    for banned in ("<script", "<link", "<img", "<iframe", " src=", "@import", "url(", "http://", "https://",
                   "@font-face"):
        assert banned not in lowered, banned
    assert "size: a4" in lowered


def test_brief_from_answers_is_labelled_and_escaped(seed_case):
    """Built from a learner's answers the brief says whose; a hostile name is text, in HTML and Markdown."""
    b = build_brief(seed_case, answers_from_reference(seed_case, HOSTILE))
    page = to_html(b)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#39;s answers" in page
    assert "\\<script\\>alert(1)\\</script\\>'s answers" in to_markdown(b)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_judgement_text_stays_text(seed_case, text):
    """Whatever a briefer writes, it adds no element to the HTML."""
    line = " ".join(text.splitlines()).replace("[", "(").replace("]", ")")
    b = build_brief(seed_case, judgements=parse_judgements(seed_case, f"both: {line} [K10, C11]", "eve"))
    page = to_html(b)
    assert page.count("<li") == to_html(build_brief(seed_case, judgements=parse_judgements(
        seed_case, "both: x [K10, C11]", "eve"))).count("<li")


def test_partial_answers_say_what_is_left_out(seed_case):
    """Untagged claims are named, not guessed."""
    b = build_brief(seed_case, answers_from_reference(seed_case, drop_tags=("K08", "C02")))
    assert "K08, C02" in b.section("diverge").intro


def test_tables_for_the_app(seed_case):
    """The convergence table pairs both wordings; the divergence table lists the one-side claims."""
    conv = convergence_table(seed_case)
    assert ["a", "Kremlin", "match", "b", "China"] == list(conv.columns)
    assert 5 == len(conv) and "matched" == conv.iloc[0]["match"]
    div = divergence_table(seed_case)
    assert {"K02", "K03", "K07", "K08", "K09", "K11", "K12", "K13"} == set(div.loc[div["side"] == "Kremlin only", "claim"])


# -- the command line ------------------------------------------------------------------------------

def test_cli_writes_both_formats(tmp_path, capsys):
    """`kit brief --out X.html` and `--out X.md` write the brief in the format the suffix names."""
    assert 0 == main(["brief", "--out", str(tmp_path / "brief.html")])
    assert 0 == main(["brief", "--out", str(tmp_path / "brief.md")])
    assert (tmp_path / "brief.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "brief.md").read_text(encoding="utf-8").startswith("# Brief: ")
    assert "from the reference" in capsys.readouterr().out


def test_cli_brief_from_answers(tmp_path, seed_case):
    """--answers builds the brief from that file, labelled with the learner's name."""
    data = reference_answers(seed_case) | {"learner": "bob"}
    (tmp_path / "bob.json").write_text(json.dumps(data), encoding="utf-8")
    assert 0 == main(["brief", "--answers", str(tmp_path / "bob.json"), "--out", str(tmp_path / "b.md")])
    assert "Built from bob's answers, not the reference." in (tmp_path / "b.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": "readout-kit/answers", "version": 9})])
def test_cli_bad_answers_file_is_one_line_exit_1(tmp_path, capsys, content):
    """A bad answers file: exit 1, one line naming the file, no brief written."""
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert 1 == main(["brief", "--answers", str(bad), "--out", str(tmp_path / "b.html")])
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and err[0].startswith(f"error: {bad}")
    assert not (tmp_path / "b.html").exists()


def test_cli_unknown_suffix_is_a_usage_error(tmp_path, capsys):
    """--out brief.pdf: exit 2 with what to use instead."""
    with pytest.raises(SystemExit) as exc:
        main(["brief", "--out", str(tmp_path / "brief.pdf")])
    assert 2 == exc.value.code
    assert "use a .html or .md file name" in capsys.readouterr().err


# -- the app ---------------------------------------------------------------------------------------

def test_app_shows_titles_and_offers_the_learners_own_answers_and_judgements(seed_case, answers_dir, monkeypatch):
    """The picker shows case titles; the learner's saved answers and briefing bullets become choices,
    and choosing them rebuilds the brief from them."""
    from kit.briefing.app import BriefingApp, own_files
    from kit.case.exercises import load_exercise
    from kit.answers.exercise_answers import save_exercise_answers

    monkeypatch.setenv("JUPYTERHUB_USER", "dana")
    answers, judgements = own_files(seed_case.id)
    answers.parent.mkdir(parents=True, exist_ok=True)
    answers.write_text(json.dumps(reference_answers(seed_case) | {"learner": "dana"}), encoding="utf-8")
    save_exercise_answers(load_exercise("briefing", seed_case), "dana",
                          [{"stance": "both", "text": "Both sides talk of Iran", "claims": ["K08", "C06"]}], judgements)
    app = BriefingApp()
    assert (seed_case.title, seed_case.id) == app.picker.options[0]
    assert str(answers) in [v for _, v in app.basis.options]
    app.basis.value = str(answers)
    app.judged.value = str(judgements)
    assert "only one side says K08" in html.unescape(app.status.value)
    assert "kit-download-annex" in app.download.value


def test_app_notebook_imports_the_package():
    """apps/briefing.ipynb uses kit.briefing.app."""
    nb = json.loads((Path(__file__).resolve().parent.parent / "apps" / "briefing.ipynb").read_text(encoding="utf-8"))
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "from kit.briefing.app import BriefingApp" in code


def test_no_module_of_the_old_layout_remains():
    """kit/briefing.py, briefing_render.py and briefing_app.py are one package now."""
    kit = Path(__file__).resolve().parent.parent / "kit"
    assert not any((kit / name).exists() for name in ("briefing.py", "briefing_render.py", "briefing_app.py"))
    assert shutil.which("true")  # the suite's own sanity: subprocesses can run


def test_app_names_nothing_on_the_network(seed_case):
    """Every HTML string the app shows (and the briefs it carries in data: URIs) names no web address,
    font or script."""
    import base64

    from kit.briefing.app import BriefingApp

    app = BriefingApp()
    shown = [c.value for c in app.widget.children if hasattr(c, "value") and isinstance(c.value, str)]
    carried = [base64.b64decode(uri).decode("utf-8") for uri in re.findall(r'base64,([^"]+)"', app.download.value)]
    assert 3 == len(carried)
    for text in shown + carried:
        lowered = text.lower()
        for banned in ("http://", "https://", "<script", "<link", "@font-face", "@import", "url("):
            assert banned not in lowered, banned


def test_brief_for_an_official_readouts_case(official_course):
    """Official readouts, other names: 'readout' not 'summary', leaders by name, the contradicted pair
    under diverge, no empty section, nothing of the seed's story, one page when printed."""
    from kit.briefing.inputs import brief_for
    from kit.case.load import load_case

    case = load_case("valdoria-tessaly-2026-03-12")
    b = brief_for(case)
    text = to_markdown(b, annex=True)
    for word in SEED_WORDS:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    assert all(s.points or s.intro for s in b.sections)
    contradicted = [p for p in b.section("diverge").points if p.text.startswith("contradicted")]
    assert 1 == len(contradicted)
    labels = {p.label for p in b.section("diverge").points}
    assert {f"Only the {s.label} readout" for s in case.sides} & labels
    voices = " ".join(p.text for p in b.section("voices").points)
    assert any(s.leader_name and s.leader_name in voices for s in case.sides)
    confidence = next(p.text for p in b.section("source").points if p.label == "Confidence")
    assert confidence.startswith("Higher for what each government chose to say")


def test_a_contradicted_matter_is_not_a_deliverable(official_course):
    """Commitments the two sides contradict each other on are filed under diverge, not as agreed."""
    from kit.case.load import load_case

    case = load_case("valdoria-tessaly-2026-03-12")
    b = build_brief(case)
    contradicted = next(p.claims for p in b.section("diverge").points if p.text.startswith("contradicted"))
    delivered = {c for p in b.section("deliverables").points for c in p.claims}
    assert not set(contradicted) & delivered


def test_a_brief_from_answers_uses_the_learners_judgements_only(seed_case, tmp_path):
    """From a learner's tags the case author's judgements are left out (they rest on the reference);
    the bottom line asks for the learner's own, and --judgements supplies them."""
    from kit.briefing.inputs import brief_for

    answers = answers_from_reference(seed_case, "bob")
    b = brief_for(seed_case, answers)
    assert () == b.section("bottom_line").points and "No key judgements of yours yet" in b.section("bottom_line").intro
    mine = tmp_path / "mine.txt"
    mine.write_text("both: The visit is agreed [K10, C11]\n", encoding="utf-8")
    assert ["The visit is agreed"] == [p.text for p in brief_for(seed_case, answers, mine).section("bottom_line").points]
