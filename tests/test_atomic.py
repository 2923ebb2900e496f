"""kit.io.atomic: a file written in chunks is replaced whole or not at all."""

from __future__ import annotations

import pytest

from kit.io.atomic import atomic_write


def test_chunks_are_written_in_order(tmp_path):
    """A payload given as chunks lands as their concatenation."""
    path = tmp_path / "grades.csv"
    atomic_write(path, (part for part in (b"a,b\n", b"1,2\n", b"3,4\n")))
    assert b"a,b\n1,2\n3,4\n" == path.read_bytes()


def test_a_failure_midway_leaves_the_previous_file_whole(tmp_path):
    """When producing the chunks fails halfway, the old file is untouched and no temporary file stays."""
    path = tmp_path / "grades.csv"
    path.write_bytes(b"old\n")

    def chunks():
        yield b"new,half\n"
        raise RuntimeError("the batch broke")

    with pytest.raises(RuntimeError):
        atomic_write(path, chunks())
    assert b"old\n" == path.read_bytes()
    assert ["grades.csv"] == sorted(p.name for p in tmp_path.iterdir())
