"""The layer picture in the README is the `layers` contract that `make check` enforces."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _readme_layers() -> list[set[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- layers: begin -->", 1)[1].split("<!-- layers: end -->", 1)[0]
    layers: list[set[str]] = []
    for line in block.splitlines():
        if not line.strip() or line.strip() in ("|", "```"):
            continue
        if " : " in line and not line.startswith(" "):
            layers.append(set())
            line = line.split(" : ", 1)[1]
        layers[-1].update(name.strip() for name in line.split(",") if name.strip())
    return layers


def _contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    [layered] = [c for c in contracts if c["type"] == "layers"]
    return [{name.strip() for name in layer.split(":")} for layer in layered["layers"]]


def test_the_readme_draws_the_enforced_layers() -> None:
    """Same layers, same order (top first), same modules in each."""
    assert _readme_layers() == _contract_layers()
