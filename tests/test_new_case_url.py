"""`kit new-case --url URL --url URL` against a real HTTP server on 127.0.0.1 serving two
publisher-like pages written for these tests (menus, share buttons, related stories, footers)."""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.case.load import load_case
from kit.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_two_pages_become_a_case_in_one_step(pages_site, empty_course, capsys):
    """The main text of each page lands verbatim in seeds/, without menus, share buttons or footers;
    case.yml keeps each URL, page title and retrieval time, and says the source is official."""
    urls = [f"{pages_site}/northland_call.html", f"{pages_site}/southland_call.html"]
    assert 0 == main(["new-case", "--url", urls[0], "--url", urls[1], "--id", "web-case", "--sides", "northland,southland"])
    out = capsys.readouterr().out
    seed = (empty_course / "seeds" / "web-case.txt").read_text(encoding="utf-8")
    for kept in ("Foreign Minister Ada Okafor spoke today with President Amar of Southland about the tariff agreement",
                 'He called it "a historic step for both our peoples."'):
        assert kept in seed
    for furniture in ("Share on X", "Print this page", "Related stories", "Treaty Square", "Telegram", "Tags:",
                      "All materials may be reproduced", "Embassies and Consulates"):
        assert furniture not in seed
    meta = yaml.safe_load((empty_course / "data" / "cases" / "web-case" / "case.yml").read_text(encoding="utf-8"))
    assert ("official", "2026-03-03") == (meta["source_kind"], meta["date"])
    assert [("northland", urls[0], "Readout of Foreign Minister Okafor's Call with President Amar of Southland"),
            ("southland", urls[1], "President Amar Holds Phone Call with Northland Foreign Minister")] == \
        [(o["side"], o["url"], o["title"]) for o in meta["originals"]]
    assert all(o["retrieved"].endswith("Z") and len(o["sha256"]) == 64 for o in meta["originals"])
    assert urls[0] in meta["provenance"] and "trafilatura" in meta["provenance"]
    # the shape `kit originals fetch` reads: side, url, publisher, language, licence
    assert all(o["publisher"] == "127.0.0.1" and o["language"] == "en" and o["licence"] == "unknown" for o in meta["originals"])
    case = load_case("web-case", strict=False)
    assert 12 == len(case.claims)
    assert "They agreed to meet in Port Amar in May." == case.claims.loc["N06", "text"]
    assert "The sides agreed to continue contacts at various levels." == case.claims.loc["S06", "text"]
    for cid, row in case.claims.iterrows():
        assert seed[row["start"]:row["end"]] == row["text"], cid
    assert "read as pasted text" in out


def test_one_url_is_refused_before_any_download(empty_course, capsys):
    """A case needs two pages: one --url is refused in one line, and nothing is written."""
    assert 1 == main(["new-case", "--url", "http://127.0.0.1:9/never", "--id", "one-page"])
    assert "error: --url: 1 page(s) given; give two, one per readout, in reading order" in capsys.readouterr().err
    assert not (empty_course / "data" / "cases" / "one-page").exists()


def test_an_unreachable_page_is_one_line(pages_site, empty_course, capsys):
    """A page the server does not have is one line naming it; no case folder is left behind."""
    assert 1 == main(["new-case", "--url", f"{pages_site}/northland_call.html", "--url", f"{pages_site}/gone.html", "--id", "gone"])
    err = capsys.readouterr().err.strip().splitlines()
    assert [f"error: {pages_site}/gone.html: the server answered 404 File not found; check the address"] == err
    assert not (empty_course / "data" / "cases" / "gone").exists()


def test_a_file_and_urls_together_are_refused(empty_course, capsys):
    """SOURCE and --url are two ways in; both at once is a usage mistake said in one line."""
    assert 1 == main(["new-case", "x.txt", "--url", "http://a", "--url", "http://b", "--id", "both-ways"])
    assert "give a SOURCE file or two --url pages, not both" in capsys.readouterr().err
