"""Precision and recall of the reference editor's proposals (kit.case.proposals) against a case's reference.

    .venv/bin/python benchmarks/bench_proposals.py [--case ID]

Links: a proposed pair is right when the reference links it (required or optional); recall is
counted against the required links and against all of them. Voice and coverage: a proposal is right
when the reference accepts its value (the value or an alternative); precision over the claims given
a proposal, recall over all claims. Each is printed beside a naive baseline from the same run
(links: every pair of claims under the same section heading; voice: `narrator` for every claim;
coverage: from the baseline's links). Thresholds were chosen on the seed case, so its figures are
an upper bound for a new case.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.case.load import load_case  # noqa: E402
from kit.case.proposals import LINK_THRESHOLD, propose_coverage, propose_links, propose_voice  # noqa: E402


def prf(proposed: set, right: set, everything: int) -> tuple[float, float]:
    precision = len(proposed & right) / len(proposed) if proposed else 0.0
    return precision, len(proposed & right) / everything if everything else 0.0


def accepted(case, dimension: str) -> dict[str, set[str]]:
    ref = case.reference[case.reference["dimension"] == dimension]
    return {r.claim_id: {r.value, *r.alternatives} for r in ref.itertuples()}


def tag_scores(proposals: dict[str, str], truth: dict[str, set[str]]) -> tuple[float, float]:
    right = sum(1 for cid, v in proposals.items() if v in truth.get(cid, set()))
    return (right / len(proposals) if proposals else 0.0), right / len(truth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default=None)
    case = load_case(parser.parse_args().case)
    links_all = {(r.a, r.b) for r in case.links.itertuples()}
    links_required = {(r.a, r.b) for r in case.links.itertuples() if not r.optional}

    started = time.perf_counter()
    proposed = propose_links(case)
    voice = propose_voice(case)
    coverage = propose_coverage(case, [(p.a, p.b) for p in proposed])
    seconds = time.perf_counter() - started

    first = case.sides[0].id
    claims = case.claims
    baseline_links = {(a, b) for a, ra in claims[claims["side"] == first].iterrows()
                      for b, rb in claims[claims["side"] != first].iterrows() if ra["section"] == rb["section"]}
    baseline_cov = propose_coverage(case, baseline_links)

    pairs = {(p.a, p.b) for p in proposed}
    print(f"case {case.id}: {len(claims)} claims, {len(links_required)} required links (+{len(links_all) - len(links_required)} optional)")
    print(f"proposals computed in {seconds:.2f} s (TF-IDF threshold {LINK_THRESHOLD})")
    print()
    print(f"{'':<34}{'proposed':>9}{'precision':>11}{'recall req.':>13}{'recall all':>12}")
    for name, got in (("links, TF-IDF (kit.case.proposals)", pairs), ("links, baseline: same section", baseline_links)):
        p, r = prf(got, links_all, len(links_required))
        r_req = len(got & links_required) / len(links_required)
        r_all = len(got & links_all) / len(links_all)
        print(f"{name:<34}{len(got):>9}{p:>11.2f}{r_req:>13.2f}{r_all:>12.2f}")
    print()
    print(f"{'':<34}{'proposed':>9}{'precision':>11}{'recall':>13}")
    truth_voice, truth_cov = accepted(case, "voice"), accepted(case, "coverage")
    rows = (("voice, subject rule", {k: v.value for k, v in voice.items()}, truth_voice),
            ("voice, baseline: all narrator", {cid: "narrator" for cid in claims.index}, truth_voice),
            ("coverage, from proposed links", {k: v.value for k, v in coverage.items()}, truth_cov),
            ("coverage, from baseline links", {k: v.value for k, v in baseline_cov.items()}, truth_cov))
    for name, got, truth in rows:
        p, r = tag_scores(got, truth)
        print(f"{name:<34}{len(got):>9}{p:>11.2f}{r:>13.2f}")
    wrong = [f"{cid} {v.value} (ref {'/'.join(sorted(truth_voice[cid]))})" for cid, v in voice.items() if v.value not in truth_voice[cid]]
    print()
    print("voice proposals the reference does not accept: " + (", ".join(wrong) or "none"))
    print("links proposed that the reference does not draw: " + (", ".join(f"{a}–{b}" for a, b in sorted(pairs - links_all)) or "none"))
    print("required links not proposed: " + (", ".join(f"{a}–{b}" for a, b in sorted(links_required - pairs)) or "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
