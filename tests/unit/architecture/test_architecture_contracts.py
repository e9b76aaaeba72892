"""`lint-imports` (part of `make check`) fails when a change breaks the layers of the README."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("app", "proposals", "deliberation", "ballots", "initiatives", "delivery", "reporting")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_tree(target: Path) -> Path:
    """The packages, the contracts and their custom contract type, in a temporary folder."""
    skip = shutil.ignore_patterns("__pycache__", "*.mo", "static", "piccolo_migrations")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=skip)
    shutil.copytree(ROOT / "scripts", target / "scripts", ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


VIOLATIONS = {
    "the core imports a domain package": (
        "app/areas/controllers.py",
        "from delivery import queries as delivery_queries",
        "Layers: core < domain packages < reporting < composition root",
    ),
    "a domain package imports the read side": (
        "proposals/queries.py",
        "from reporting.opendata import queries as open_queries",
        "Layers: core < domain packages < reporting < composition root",
    ),
    "a module imports another package's tables": (
        "delivery/queries.py",
        "from proposals.tables import Proposal",
        "A package's tables module is imported only by that package",
    ),
    "a pure rule imports the ORM": (
        "app/areas/postcodes.py",
        "import piccolo",
        "Pure rules of the shared core import no web, ORM, template or hashing library",
    ),
}


@pytest.fixture(scope="module")
def clean_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_tree(tmp_path_factory.mktemp("clean"))


def test_the_tree_as_it_is_keeps_every_contract(clean_tree: Path) -> None:
    """The copy without changes passes, so a failure below comes from the added import."""
    result = _lint(clean_tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_its_contract(case: str, tmp_path: Path) -> None:
    """Each kind of violation makes `lint-imports` fail and names the contract it broke."""
    relative, line, contract = VIOLATIONS[case]
    tree = _copy_tree(tmp_path)
    _append(tree / relative, line)
    result = _lint(tree)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert " ".join(contract.split()) in " ".join(broken.split())
