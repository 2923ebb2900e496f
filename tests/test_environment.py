"""environment.yml (conda/Binder) and pyproject.toml carry the same pinned dependencies."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


LINT = {"ruff", "mypy", "types-pyyaml", "vulture"}  # from the test extra: contributors lint in the same environment


def test_environment_yml_matches_pyproject():
    """Every runtime dependency, and the lint tools of the test extra, appear in both files at the same version, and nothing else."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    expected = {}
    lint = [spec for spec in project["optional-dependencies"]["test"] if _norm(spec.split("==")[0]) in LINT]
    assert LINT == {_norm(spec.split("==")[0]) for spec in lint}
    for spec in [*project["dependencies"], *lint]:
        name, version = spec.split("==")
        expected[_norm(name)] = version
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    actual = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep["pip"]:
                if not spec.startswith("-e"):
                    name, version = spec.split("==")
                    actual[_norm(name)] = version
        elif "=" in dep and not dep.startswith("python="):
            name, version = dep.split("=")
            actual[_norm(name)] = version
    assert expected == actual
    assert "conda-forge" in env["channels"]


def test_environment_installs_the_kit_itself():
    """Binder gets `kit` importable through the pip section."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
