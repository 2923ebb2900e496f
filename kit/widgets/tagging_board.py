"""TaggingBoard: a card per claim with a Dropdown per dimension, filters, progress and Check.

Every change is saved at once through :class:`~kit.answers.store.AnswerStore`; Check calls
:func:`kit.judge.scoring.score` and shows its verdicts — the board judges nothing itself.

CSS classes (stable, for browser tests; ``K01`` is a claim ID, ``topic`` a dimension):

=============================  =====================================================
``rk-tagging-board``           the whole board (a VBox)
``rk-notice``                  one-line notice, e.g. an unreadable answers file moved aside
``rk-saved``                   where the answers are saved ("Saved to …/alice.json")
``rk-filter-side``             Dropdown: all sides / one side
``rk-filter-section``          Dropdown: all sections / one section
``rk-filter-untagged``         Checkbox: untagged claims only
``rk-filter-wrong``            Checkbox: only claims with a wrong tag at the last Check (off until a Check)
``rk-progress``                "17 of 26 tagged"
``rk-check``                   the Check button
``rk-summary``                 the score summary after Check (``rk-live``: an ARIA live region, announced);
                               ``a.rk-jump`` links in it lead to the cards with wrong tags
``rk-reset``                   Reset button; it shows ``rk-reset-confirm`` (an HBox) with
``rk-reset-yes``               "Yes, clear my tags" and
``rk-reset-cancel``            "Cancel"
``rk-definitions-heading``     the heading "What the tags mean" above
``rk-definitions``             Accordion, a section per dimension: its values and definitions
``rk-card`` ``rk-card-K01``    a claim's card; its header is a heading (``#<board id>-K01``, the jump target)
``rk-tag-K01-topic``           a claim's Dropdown for one dimension (``select`` inside); its accessible name
                               is "K01 topic" (the ID hidden on screen); hovering its name shows the definitions
``rk-help-K01``                a claim's help line: what the chosen values mean
``rk-feedback-K01``            a claim's feedback after Check (``rk-right``/``rk-wrong``/``rk-hint`` lines)
=============================  =====================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from ..case.load import Case
from ..charts.palette import BORDER
from ..judge.scoring import score
from ..answers.store import AnswerStore
from ._common import LINK, MUTED, SR_ONLY, UNSET, definitions_html, esc, md_inline, options, tooltip
from .keyboard import KeyboardGuard
from .feedback import claim_html, summary_html

ALL = "__all__"
DEFINITIONS_TITLE = "What the tags mean"


class TaggingBoard(w.VBox):
    """Tag every claim of a case; autosaved to ``answers/<learner>.json``."""

    def __init__(self, case: Case | None = None, learner: str | None = None, *,
                 store: AnswerStore | None = None, self_study: bool = True,
                 folder: str | Path | None = None) -> None:
        self.store = store = AnswerStore.for_board(store, case, learner, folder)
        self.case = case = store.case
        self.self_study = self_study
        self._wrong_checks: dict[tuple[str, str], int] = {}
        self._wrong_claims: set[str] = set()  # claims with a wrong tag at the last Check
        self.anchor = f"rk-board-{id(self):x}"  # unique in the page, for links to this board's cards
        self._loading = False

        self.notice = w.HTML(esc(store.notice)).add_class("rk-notice")
        self.saved = w.HTML(f"Your tags are saved as you go to <code>{esc(store.path)}</code>").add_class("rk-saved")
        sides = [(f"{s.label} only", s.id) for s in case.sides]
        self.side_filter = w.Dropdown(options=[("Both readouts", ALL), *sides], value=ALL,
                                      description="Show", layout=w.Layout(width="220px")).add_class("rk-filter-side")
        sections = list(dict.fromkeys(case.claims["section"]))
        self.section_filter = w.Dropdown(options=[("All sections", ALL), *((s, s) for s in sections)], value=ALL,
                                         description="Section", layout=w.Layout(width="320px")).add_class("rk-filter-section")
        self.untagged_filter = w.Checkbox(value=False, description="Untagged only", indent=False,
                                          layout=w.Layout(width="140px")).add_class("rk-filter-untagged")
        self.wrong_filter = w.Checkbox(value=False, description="Only my wrong tags", indent=False, disabled=True,
                                       tooltip="After Check: show only the claims with a wrong tag",
                                       layout=w.Layout(width="170px")).add_class("rk-filter-wrong")
        self.progress = w.HTML().add_class("rk-progress")
        self.check_button = w.Button(description="Check", button_style="primary", icon="check",
                                     tooltip="Compare your tags with the reference answer").add_class("rk-check")
        self.reset_button = w.Button(description="Reset", icon="trash",
                                     tooltip="Clear all your tags (asks first)").add_class("rk-reset")
        self.reset_yes = w.Button(description="Yes, clear my tags", button_style="danger").add_class("rk-reset-yes")
        self.reset_cancel = w.Button(description="Cancel").add_class("rk-reset-cancel")
        self.reset_confirm = w.HBox([w.HTML("Clear every tag on this board? This cannot be undone."),
                                     self.reset_yes, self.reset_cancel],
                                    layout=w.Layout(display="none")).add_class("rk-reset-confirm")
        self.summary = w.HTML().add_class("rk-summary").add_class("rk-live")  # a live region (keyboard.py)
        # The heading lesson 02 names; under it one section per dimension, titled as the taxonomy titles it.
        self.definitions_heading = w.HTML(f'<div role="heading" aria-level="3"><b>{DEFINITIONS_TITLE}</b> '
                                          f'<span style="{MUTED}">— open a dimension to read its values</span></div>'
                                          ).add_class("rk-definitions-heading")
        self.definitions = w.Accordion(children=[w.HTML(definitions_html(case.taxonomy.dimensions[d]))
                                                 for d in case.dimensions],
                                       titles=tuple(case.taxonomy.dimensions[d].title for d in case.dimensions),
                                       selected_index=None).add_class("rk-definitions")

        self.dropdowns: dict[tuple[str, str], w.Dropdown] = {}
        self.helps: dict[str, w.HTML] = {}
        self.feedbacks: dict[str, w.HTML] = {}
        self.cards: dict[str, w.VBox] = {}
        tips = {d: tooltip(case.taxonomy.dimensions[d]) for d in case.dimensions}
        opts = {d: options(case.taxonomy.dimensions[d]) for d in case.dimensions}
        # One Layout and one Style shared by all alike controls: a 100-claim board has ~1,000
        # widgets, and a Layout and a Style per control would nearly triple that (and its build time).
        self._shared = {"dd_layout": w.Layout(width="290px"), "dd_style": DescriptionStyle(description_width="90px"),
                        "html_layout": w.Layout(), "html_style": HTMLStyle(),
                        "row_layout": w.Layout(flex_flow="row wrap"),
                        "card_layout": w.Layout(border=f"1px solid {BORDER}", padding="6px",
                                                margin="4px 0")}
        for claim_id, claim in case.claims.iterrows():
            self.cards[claim_id] = self._card(str(claim_id), claim, tips, opts)
        self.cards_box = w.VBox().add_class("rk-cards")

        self.side_filter.observe(self._filter, "value")
        self.section_filter.observe(self._filter, "value")
        self.untagged_filter.observe(self._filter, "value")
        self.wrong_filter.observe(self._filter, "value")
        self.check_button.on_click(self.check)
        self.reset_button.on_click(lambda _: setattr(self.reset_confirm.layout, "display", "flex"))
        self.reset_cancel.on_click(lambda _: setattr(self.reset_confirm.layout, "display", "none"))
        self.reset_yes.on_click(self._reset)
        store.on_change(self._on_store_change)

        toolbar = w.HBox([self.side_filter, self.section_filter, self.untagged_filter, self.wrong_filter])
        actions = w.HBox([self.check_button, self.progress, self.reset_button],
                         layout=w.Layout(align_items="center"))
        super().__init__([KeyboardGuard(), self.notice, self.saved, self.definitions_heading, self.definitions, toolbar, actions, self.reset_confirm,
                          self.summary, self.cards_box])
        self.add_class("rk-tagging-board")
        self._update_progress()
        self._filter()

    # -- building ------------------------------------------------------------------------------
    def _card(self, claim_id: str, claim: Any, tips: dict[str, str], opts: dict[str, list]) -> w.VBox:
        side = self.case.side_label(claim["side"])
        sh = self._shared
        html = {"layout": sh["html_layout"], "style": sh["html_style"]}
        # A heading per card (screen readers list and jump by headings); its id is where a
        # feedback link in the summary leads.
        header = w.HTML(f'<div role="heading" aria-level="3" id="{self.anchor}-{esc(claim_id)}">'
                        f"<b>{esc(claim_id)}</b> · {esc(side)} · <i>{esc(claim['section'])}</i></div>"
                        f"{esc(claim['text'])}", **html)
        given = self.store.tags(claim_id)
        row = []
        for dim in self.case.dimensions:
            # Accessible name "K07 topic" (26 controls all named "topic" are no use to a screen reader);
            # on screen the card already says K07, so the ID is visually hidden.
            # ipywidgets 8 shows a Dropdown's `tooltip` nowhere once it has a description, so the
            # definitions go in the name's own title (hover the name to read them).
            label = f'<span title="{esc(tips[dim])}"><span style="{SR_ONLY}">{esc(claim_id)} </span>{esc(dim)}</span>'
            dd = w.Dropdown(options=opts[dim], value=given.get(dim, UNSET), description=label,
                            description_allow_html=True, tooltip=tips[dim],
                            style=sh["dd_style"], layout=sh["dd_layout"]).add_class(f"rk-tag-{claim_id}-{dim}")
            dd.observe(self._on_tag, "value")
            dd._rk_key = (claim_id, dim)  # which claim and dimension this control sets
            self.dropdowns[(claim_id, dim)] = dd
            row.append(dd)
        self.helps[claim_id] = w.HTML(self._help(claim_id), **html).add_class(f"rk-help-{claim_id}")
        self.feedbacks[claim_id] = w.HTML(**html).add_class("rk-feedback").add_class(f"rk-feedback-{claim_id}")
        card = w.VBox([header, w.HBox(row, layout=sh["row_layout"]), self.helps[claim_id], self.feedbacks[claim_id]],
                      layout=sh["card_layout"])
        return card.add_class("rk-card").add_class(f"rk-card-{claim_id}")

    def _help(self, claim_id: str) -> str:
        parts = []
        for dim, value in self.store.tags(claim_id).items():
            defn = self.case.taxonomy.dimensions[dim].values[value].definition
            parts.append(f"{esc(dim)} <code>{esc(value)}</code>: {md_inline(defn)}")
        return f'<small style="{MUTED}">{" · ".join(parts)}</small>' if parts else ""

    # -- reacting ------------------------------------------------------------------------------
    def _on_store_change(self) -> None:
        """After a save or a reload (another notebook saved the same file): show what the file holds."""
        self.notice.value = esc(self.store.notice)
        self._loading = True
        try:
            for (claim_id, dim), dd in self.dropdowns.items():
                want = self.store.answers.tags.get(claim_id, {}).get(dim, UNSET)
                if dd.value != want:
                    dd.value = want
                    self.helps[claim_id].value = self._help(claim_id)
        finally:
            self._loading = False
        self._update_progress()

    def _on_tag(self, change: dict) -> None:
        if self._loading:
            return
        claim_id, dim = change["owner"]._rk_key
        self.store.set_tag(claim_id, dim, change["new"] or None)
        self.helps[claim_id].value = self._help(claim_id)
        self._update_progress()

    def tagged(self) -> int:
        dims = self.case.dimensions
        return sum(1 for cid in self.case.claims.index if all(self.store.answers.tags.get(cid, {}).get(d) for d in dims))

    def _update_progress(self) -> None:
        self.progress.value = f"<b>{self.tagged()} of {len(self.case.claims)} tagged</b>"

    def _filter(self, _: Any = None) -> None:
        side, section, untagged = self.side_filter.value, self.section_filter.value, self.untagged_filter.value
        wrong_only = self.wrong_filter.value
        claims = self.case.claims
        shown = []
        for cid, card in self.cards.items():
            if side != ALL and claims.at[cid, "side"] != side:
                continue
            if section != ALL and claims.at[cid, "section"] != section:
                continue
            if untagged and all(self.store.answers.tags.get(cid, {}).get(d) for d in self.case.dimensions):
                continue
            if wrong_only and cid not in self._wrong_claims:
                continue
            shown.append(card)
        self.cards_box.children = shown

    def visible(self) -> list[str]:
        """IDs of the claims whose cards are shown, in order."""
        return [cid for cid, card in self.cards.items() if card in self.cards_box.children]

    def check(self, _: Any = None) -> Any:
        """Score the current answers and show per-claim feedback and the summary; returns the score."""
        self.store.refresh()  # links drawn in another notebook count too, as in `kit check`
        result = score(self.case, self.store.answers)
        by_claim: dict[str, list] = {}
        wrong: dict[str, list[str]] = {}
        for item in result.claims:
            by_claim.setdefault(item.claim_id, []).append(item)
            if item.given and not item.correct:
                key = (item.claim_id, item.dimension)
                self._wrong_checks[key] = self._wrong_checks.get(key, 0) + 1
                wrong.setdefault(item.claim_id, []).append(item.dimension)
        for claim_id, items in by_claim.items():
            if claim_id in self.feedbacks:
                self.feedbacks[claim_id].value = claim_html(items, self.case.taxonomy, self.self_study, self._wrong_checks)
        self._wrong_claims = set(wrong)
        self.wrong_filter.disabled = False
        jumps = ", ".join(f'<a class="rk-jump" href="#{self.anchor}-{esc(cid)}" style="{LINK}">{esc(cid)}</a> ({esc(", ".join(dims))})'
                          for cid, dims in wrong.items())
        wrong_line = (f"<br>Wrong tags — go to the card: {jumps}" if jumps else
                      "<br>No wrong tags among the ones you gave.")
        self.summary.value = f"{summary_html(result)}{wrong_line}"
        self.score = result
        self._filter()
        return result

    def _reset(self, _: Any = None) -> None:
        self.store.clear_tags()
        self._loading = True
        try:
            for dd in self.dropdowns.values():
                dd.value = UNSET
        finally:
            self._loading = False
        for claim_id in self.cards:
            self.helps[claim_id].value = ""
            self.feedbacks[claim_id].value = ""
        self.summary.value = ""
        self._wrong_checks.clear()
        self._wrong_claims.clear()
        self.wrong_filter.value = False
        self.wrong_filter.disabled = True
        self.reset_confirm.layout.display = "none"
        self._update_progress()
        self._filter()
