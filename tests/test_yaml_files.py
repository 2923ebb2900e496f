"""YAML is read with libyaml where it is installed, and gives exactly what PyYAML's safe loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kit.errors import KitError
from kit.io import files

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted([*(ROOT / "data").rglob("*.yml"), *(ROOT / "exercises" / "specs").glob("*.yml"),
                     *(ROOT / "tests" / "fixtures").rglob("*.yml")])


def test_libyaml_is_used_where_pyyaml_has_it():
    """The wheels ship libyaml, so the fast loader is the one in use here."""
    assert yaml.__with_libyaml__ and files._CLOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_as_the_safe_loader_reads_it(path):
    """Each YAML file of the course parses to the same data as yaml.safe_load gives."""
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == files.read_yaml(path)


@pytest.mark.parametrize("text", ["[" * 100_000, "a:\n" + "".join(f"{' ' * i}b{i}:\n" for i in range(1, 3000)),
                                  "- " * 50_000 + "x"])
def test_a_file_nested_thousands_deep_is_one_line_not_a_crash(tmp_path, text):
    """A hostile file nested far deeper than any case file goes to the pure-Python loader: a KitError
    line (or plain data), never a crash of the process in libyaml's C code."""
    path = tmp_path / "case.yml"
    path.write_text(text, encoding="utf-8")
    try:
        files.read_yaml(path)
    except KitError as err:
        assert 1 == len(err.problems) and str(path) in err.problems[0]
