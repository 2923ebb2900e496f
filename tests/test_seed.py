"""The seed is the source of truth: byte for byte, with its provenance beside it."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_928ed55534e797dc.txt"


def test_seed_is_byte_for_byte():
    """The committed seed has the sha256 of the shared original."""
    assert "6760465db91ab1bfe50ab7e9de468ccdb199c3e8f154ef48e990cccd921a0f36" == hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_seed_has_a_provenance_note():
    """seeds/README.md names the file, its hash and where the original readouts are."""
    note = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    for expected in (SEED.name, "6760465db91ab1bf", "kremlin.ru", "fmprc.gov.cn", "Ushakov"):
        assert expected in note
