"""ReferenceEditor: the tagging board's instructor mode — fill in a case's reference with widgets.

For each claim and dimension: the value, the other defensible values (``alternatives``) and the
reason learners will read. Below, the links between claims both sides share. Every change is saved
at once to the case's reference.yml (atomically, through :mod:`kit.case.write_reference`), and the
status line shows what ``kit validate`` still asks for. A new case from ``kit new-case`` opens
with every decision empty.

Proposals (kit.case.proposals): the *Propose* button offers links between the sides, a voice from each
sentence's subject and a coverage from the links, each with Accept and Reject; only an accepted
proposal changes a decision (and so the file). Proposals are offered only where the decision is
still empty, and never saved as such.

CSS classes (stable, for browser tests): ``rk-reference-editor``, ``rk-ref-status``,
``rk-ref-K01-topic`` (value Dropdown), ``rk-ref-K01-topic-alternatives`` (TagsInput),
``rk-ref-K01-topic-rationale`` (Textarea), ``rk-ref-link-add``, ``rk-ref-link-<i>``,
``rk-ref-propose`` (Button), ``rk-prop-K01-voice`` / ``rk-prop-K01-coverage`` and
``rk-prop-link-K01-C05`` (a proposal's row, holding Accept and Reject buttons).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import paths
from ..case.load import Case, load_case
from ..charts.palette import BORDER, OK_TEXT
from ..errors import KitError
from ..case.proposals import LinkProposal, TagProposal, propose_coverage, propose_links, propose_voice
from ..case.write_reference import read_draft, reference_document, save_reference
from ._common import SR_ONLY, UNSET, esc, options


class ReferenceEditor(w.VBox):
    """Fill in ``data/cases/<case_id>/reference.yml``; saved on every change."""

    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        self.path = paths.case_dir(case_id) / "reference.yml"
        self.case: Case = load_case(case_id, strict=False)
        draft = read_draft(self.path)
        self._notes = draft["notes"]
        self.status = w.HTML().add_class("rk-ref-status")
        self.controls: dict[tuple[str, str], tuple[w.Dropdown, w.TagsInput, w.Textarea]] = {}
        self.proposal_rows: dict[str, w.VBox] = {}
        cards = [self._card(str(cid), claim, draft["tags"].get(str(cid), {})) for cid, claim in self.case.claims.iterrows()]
        self.links_box = w.VBox()
        self.link_rows: list[dict[str, Any]] = []
        for link in draft["links"]:
            self._add_link_row(link)
        first, second = (self.case.claims[self.case.claims["side"] == s.id].index.tolist() for s in self.case.sides[:2])
        self.new_a = w.Dropdown(options=first, description=f"new link: {self.case.sides[0].label} claim",
                                style={"description_width": "initial"})
        self.new_b = w.Dropdown(options=second, description=f"to {self.case.sides[1].label} claim",
                                style={"description_width": "initial"})
        self.add_button = w.Button(description="Add link", icon="link").add_class("rk-ref-link-add")
        self.add_button.on_click(lambda _: self._add_link_row({"a": self.new_a.value, "b": self.new_b.value}, save=True))
        self.propose_button = w.Button(description="Propose links, voices, coverage", icon="lightbulb-o",
                                       tooltip="Suggestions from text similarity and each sentence's subject; "
                                               "nothing is written until you accept one",
                                       layout=w.Layout(width="280px")).add_class("rk-ref-propose")
        self.propose_button.on_click(self.propose)
        self.proposal_note = w.HTML()
        self.link_proposals_box = w.VBox()
        self.link_proposals: list[LinkProposal] = []
        self.tag_proposals: dict[tuple[str, str], TagProposal] = {}
        self._rejected: set[tuple[str, ...]] = set()
        super().__init__([w.HTML(f"<b>Reference for {esc(case_id)}</b> — saved as you go to <code>{esc(self.path)}</code>"),
                          self.status, w.HBox([self.propose_button, self.proposal_note]), w.VBox(cards),
                          w.HTML("<b>Links</b> (claims both sides share)"), self.links_box,
                          w.HBox([self.new_a, self.new_b, self.add_button]), self.link_proposals_box])
        self.add_class("rk-reference-editor")
        self._refresh_status()

    # -- building ------------------------------------------------------------------------------
    def _card(self, claim_id: str, claim: Any, given: dict[str, Any]) -> w.VBox:
        rows = [w.HTML(f'<div role="heading" aria-level="4"><b>{esc(claim_id)}</b> · {esc(self.case.side_label(claim["side"]))} · '
                       f"<i>{esc(claim['section'])}</i></div>{esc(claim['text'])}")]
        for dim in self.case.dimensions:
            raw_spec = given.get(dim)
            spec: dict[str, Any] = raw_spec if isinstance(raw_spec, dict) else {}
            values = self.case.values(dim)
            value = spec.get("value") if spec.get("value") in values else UNSET
            title = self.case.taxonomy.dimensions[dim].title
            # Each control is named "K07 topic", "K07 topic also accept", "K07 topic why" for assistive
            # technology; on screen the card's heading already says which claim.
            hidden = f'<span style="{SR_ONLY}">{esc(claim_id)} {esc(title)} </span>'
            dd = w.Dropdown(options=options(self.case.taxonomy.dimensions[dim]), value=value,
                            description=f'<span style="{SR_ONLY}">{esc(claim_id)} </span>{esc(title)}',
                            description_allow_html=True,
                            layout=w.Layout(width="270px")).add_class(f"rk-ref-{claim_id}-{dim}")
            alts = w.TagsInput(value=[a for a in spec.get("alternatives") or [] if a in values],
                               allowed_tags=values, allow_duplicates=False,
                               description=f"{hidden}also accept", description_allow_html=True,
                               style={"description_width": "initial"}, layout=w.Layout(width="300px")).add_class(f"rk-ref-{claim_id}-{dim}-alternatives")
            why = w.Textarea(value=spec.get("rationale") or "", placeholder=f"Why {title.lower()}? (learners read this)",
                             description=f"{hidden}why", description_allow_html=True,
                             style={"description_width": "initial"}, layout=w.Layout(width="420px", height="48px")).add_class(f"rk-ref-{claim_id}-{dim}-rationale")
            for control in (dd, alts, why):
                control.observe(self._save, "value")
            self.controls[(claim_id, dim)] = (dd, alts, why)
            rows.append(w.HBox([dd, alts, why]))
        self.proposal_rows[claim_id] = w.VBox()
        rows.append(self.proposal_rows[claim_id])
        return w.VBox(rows, layout=w.Layout(border=f"1px solid {BORDER}", padding="6px", margin="4px 0"))

    def _add_link_row(self, link: dict[str, Any], save: bool = False) -> None:
        matches = list(self.case.taxonomy.link_match.values)
        pair = f"{link.get('a')}–{link.get('b')}"
        hidden = f'<span style="{SR_ONLY}">{esc(pair)} </span>'  # "K10–C11 match" etc. for assistive technology
        row = {"a": link.get("a"), "b": link.get("b"),
               "match": w.Dropdown(options=[("— match —", UNSET), *((m, m) for m in matches)],
                                   value=link.get("match") if link.get("match") in matches else UNSET,
                                   description=f"{hidden}match", description_allow_html=True),
               "alternatives": w.TagsInput(value=[m for m in link.get("alternatives") or [] if m in matches],
                                           allowed_tags=matches, allow_duplicates=False,
                                           description=f"{hidden}also accept", description_allow_html=True),
               "optional": w.Checkbox(value=bool(link.get("optional")), description=f"{hidden}optional",
                                      description_allow_html=True, indent=False),
               "rationale": w.Textarea(value=link.get("rationale") or "", placeholder="Why are these the same claim?",
                                       description=f"{hidden}why", description_allow_html=True),
               "remove": w.Button(description=f"Remove {pair}", icon="trash", layout=w.Layout(width="170px"))}
        for key in ("match", "alternatives", "optional", "rationale"):
            row[key].observe(self._save, "value")
        row["remove"].on_click(lambda _, r=row: self._remove_link(r))
        row["box"] = w.HBox([w.HTML(f"<b>{esc(row['a'])} – {esc(row['b'])}</b>"), row["match"], row["alternatives"],
                             row["optional"], row["rationale"], row["remove"]]).add_class(f"rk-ref-link-{len(self.link_rows)}")
        self.link_rows.append(row)
        self.links_box.children = [r["box"] for r in self.link_rows]
        if save:
            self._save()

    def _remove_link(self, row: dict[str, Any]) -> None:
        self.link_rows.remove(row)
        self.links_box.children = [r["box"] for r in self.link_rows]
        self._save()
        if self.link_proposals or self.tag_proposals:
            self._show_proposals()

    # -- proposals (kit.case.proposals computes them; this only shows them and applies a click) -----------
    def propose(self, _: Any = None) -> None:
        """Compute proposals and show those where a decision is still empty."""
        self.proposal_note.value = "<i>computing…</i>"
        self.link_proposals = propose_links(self.case)
        voices = propose_voice(self.case)
        self.tag_proposals = {(cid, "voice"): p for cid, p in voices.items()}
        self._show_proposals()

    def _drawn(self) -> set[tuple[str, str]]:
        return {(r["a"], r["b"]) for r in self.link_rows}

    def _pending_links(self) -> list[LinkProposal]:
        drawn = self._drawn()
        return [p for p in self.link_proposals if (p.a, p.b) not in drawn and ("link", p.a, p.b) not in self._rejected]

    def _show_proposals(self) -> None:
        pending = self._pending_links()
        coverage = propose_coverage(self.case, [*self._drawn(), *((p.a, p.b) for p in pending)])
        self.tag_proposals.update({(cid, "coverage"): p for cid, p in coverage.items()})
        shown = 0
        for claim_id, box in self.proposal_rows.items():
            rows = []
            for dim in ("voice", "coverage"):
                proposal = self.tag_proposals.get((claim_id, dim))
                if proposal is None or self.controls[(claim_id, dim)][0].value or (dim, claim_id) in self._rejected:
                    continue
                rows.append(self._proposal_row(f"rk-prop-{claim_id}-{dim}", f"{claim_id} {dim}",
                                               f"Proposed {dim}: <b>{esc(proposal.value)}</b> — {esc(proposal.reason)}",
                                               lambda _, p=proposal: self._accept_tag(p),
                                               lambda _, p=proposal: self._reject((p.dimension, p.claim_id))))
            box.children = rows
            shown += len(rows)
        self.link_proposals_box.children = ([w.HTML("<b>Proposed links</b> (shared wording; a reframed claim in other "
                                                    "words is not found — look for those yourself)")] if pending else []) + [
            self._proposal_row(f"rk-prop-link-{p.a}-{p.b}", f"link {p.a}–{p.b}", f"<b>{esc(p.a)} – {esc(p.b)}</b> — {esc(p.reason)}",
                               lambda _, p=p: self._accept_link(p), lambda _, p=p: self._reject(("link", p.a, p.b)))
            for p in pending]
        self.proposal_note.value = (f"{len(pending)} link(s) and {shown} tag(s) proposed; accept or reject each. "
                                    "Nothing is saved until you accept." if pending or shown else "No proposals left.")

    @staticmethod
    def _proposal_row(css: str, what: str, text: str, accept: Any, reject: Any) -> w.HBox:
        """``what`` ("K07 voice", "link K10–C11") makes each button's name unique: "Accept K07 voice"."""
        yes = w.Button(description=f"Accept {what}", icon="check", button_style="success",
                       layout=w.Layout(width="auto"), tooltip="Use this value (saved at once)")
        no = w.Button(description=f"Reject {what}", icon="times", layout=w.Layout(width="auto"),
                      tooltip="Dismiss this proposal")
        yes.on_click(accept)
        no.on_click(reject)
        return w.HBox([yes, no, w.HTML(text)]).add_class(css)

    def _accept_tag(self, proposal: TagProposal) -> None:
        self.controls[(proposal.claim_id, proposal.dimension)][0].value = proposal.value  # saves, via observe
        self._show_proposals()

    def _accept_link(self, proposal: LinkProposal) -> None:
        self._add_link_row({"a": proposal.a, "b": proposal.b}, save=True)
        self._show_proposals()

    def _reject(self, key: tuple[str, ...]) -> None:
        self._rejected.add(key)
        self._show_proposals()

    # -- the core ------------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        tags: dict[str, dict[str, Any]] = {}
        for (claim_id, dim), (dd, alts, why) in self.controls.items():
            tags.setdefault(claim_id, {})[dim] = {"value": dd.value or None, "alternatives": list(alts.value),
                                                  "rationale": why.value}
        links = [{"a": r["a"], "b": r["b"], "match": r["match"].value or None, "alternatives": list(r["alternatives"].value),
                  "optional": r["optional"].value, "rationale": r["rationale"].value} for r in self.link_rows]
        return reference_document(self.case_id, [str(c) for c in self.case.claims.index], tags, links, self._notes)

    def _save(self, change: Any = None) -> None:
        save_reference(self.path, self.document())
        self._refresh_status()
        if self.tag_proposals:  # a decision made by hand retires its proposal
            self._show_proposals()

    def _refresh_status(self) -> None:
        try:
            problems = load_case(self.case_id, strict=False).problems
        except KitError as err:
            problems = err.problems
        if not problems:
            self.status.value = f"<span style='color:{OK_TEXT}'>✓ The case is valid: learners can use it.</span>"
        else:
            shown = "".join(f"<li>{esc(p.split(': ', 1)[-1])}</li>" for p in problems[:5])
            self.status.value = (f"<b>{len(problems)} thing(s) left</b> before <code>kit validate</code> passes"
                                 f"{' — the first five' if len(problems) > 5 else ''}:<ul>{shown}</ul>")
