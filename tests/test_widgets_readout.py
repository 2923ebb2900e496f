"""ReadoutView without a browser: both readouts side by side, IDs marked, optional colouring."""

import dataclasses

from kit.widgets import AnswerStore, ReadoutView


def test_both_readouts_side_by_side_with_every_claim_id(seed_case):
    """One pane per side, every claim's ID and text, section by section."""
    view = ReadoutView(seed_case)
    kremlin, china = view.panes["kremlin"].value, view.panes["china"].value
    assert all(f'data-claim="{cid}"' in kremlin for cid in seed_case.claims.index if cid.startswith("K"))
    assert all(f'data-claim="{cid}"' in china for cid in seed_case.claims.index if cid.startswith("C"))
    assert "<b>Overall Tone</b>" in kremlin and "rk-readout-kremlin" in view.panes["kremlin"]._dom_classes


def test_text_is_escaped(seed_case):
    """A claim containing markup is shown as text, not as HTML."""
    claims = seed_case.claims.copy()
    claims.loc["K01", "text"] = '<script>alert("x")</script> & more'
    view = ReadoutView(dataclasses.replace(seed_case, claims=claims))
    assert "<script>" not in view.panes["kremlin"].value
    assert "&lt;script&gt;" in view.panes["kremlin"].value


def test_colour_by_reference_dimension(seed_case):
    """Colouring by coverage marks each claim with the reference's value and shows a legend."""
    view = ReadoutView(seed_case, colour_by="coverage")
    assert 'data-claim="K08" style="background:' in view.panes["kremlin"].value
    assert "kremlin_only" in view.legend.value
    view.colour_by.value = ""
    assert "background" not in view.panes["kremlin"].value and "" == view.legend.value


def test_colour_by_my_tags_follows_changes(seed_case, answers_dir):
    """With the learner's store, 'my tags' colours only what they tagged and updates on change."""
    store = AnswerStore(seed_case, "alice")
    view = ReadoutView(answers=store, colour_by="topic", source="mine")
    assert "background" not in view.panes["kremlin"].value
    store.set_tag("K02", "topic", "economy_energy")
    assert 'data-claim="K02" style="background:' in view.panes["kremlin"].value
