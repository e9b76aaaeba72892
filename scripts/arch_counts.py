"""Print the architecture figures of issue #16 as one line (`make arch-counts`).

Scope: every `.py` file under the repository root except `tests/`, `e2e/`, Piccolo migration
folders (`piccolo_migrations/`), virtualenvs, `node_modules`, hidden folders, `var/`, `wip/` and
this script itself.

- dict_str_any: occurrences of the text `dict[str, Any]` (any spacing after the comma).
- any_mentions: occurrences of the word `Any` (whole word, code and comments alike).
- bare_type_ignore: `# type: ignore` comments that do not carry both an error code in brackets
  (`type: ignore[code]`) and a reason (a further `# ...` comment after it on the same line).
- get_settings_callers: files outside the composition root that call `get_settings()` (found with
  `ast`: a call of a name or attribute `get_settings`). The composition root is `app/settings.py`,
  `app/main.py`, `app/__main__.py`, `app/cli.py`, `app/piccolo_conf.py` and `app/web/factory.py`.
- answer_types: files (outside the pure counting engine `ballots/counting/`) that define their own
  answer type for use cases: a class named `Outcome`, `Result` or `Answer` that is not a Piccolo
  table, or a module-level `Problems = ...` alias.
- permission_files: files other than a `permissions.py` that decide a permission: they define a
  function named `can_*` / `may_*` (optionally with a leading underscore) with a parameter
  annotated `Principal`, or they look at role grants directly (`.has_role(`, `.council_areas(`).
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {"tests", "e2e", "piccolo_migrations", "node_modules", "var", "wip", "__pycache__"}
COMPOSITION_ROOT = {
    "app/settings.py",
    "app/main.py",
    "app/__main__.py",
    "app/cli.py",
    "app/piccolo_conf.py",
    "app/web/factory.py",
}
ANY = "A" + "ny"
DICT_STR_ANY = re.compile(r"dict\[str,\s*" + ANY + r"\]")
ANY_WORD = re.compile(r"\b" + ANY + r"\b")
TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(\[[^\]]+\])?(.*)$")
ANSWER_NAMES = {"Outcome", "Result", "Answer"}
PERMISSION_NAME = re.compile(r"^_?(can|may)_\w+$")
ROLE_LOOKUP = re.compile(r"\.(has_role|council_areas)\(")


def source_files() -> list[Path]:
    """The Python files in scope, sorted by path."""
    found = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [
            d
            for d in dirs
            if d not in SKIP_DIRS and not d.startswith(".") and not d.endswith(".egg-info")
        ]
        for name in names:
            if name.endswith(".py"):
                path = Path(folder) / name
                if path.resolve() != Path(__file__).resolve():
                    found.append(path)
    return sorted(found)


def bare_ignores(text: str) -> int:
    """`type: ignore` comments lacking an error code or a reason."""
    count = 0
    for line in text.splitlines():
        match = TYPE_IGNORE.search(line)
        if match is None:
            continue
        has_code = match.group(1) is not None
        has_reason = "#" in match.group(2) and match.group(2).split("#", 1)[1].strip() != ""
        if not (has_code and has_reason):
            count += 1
    return count


def calls_get_settings(tree: ast.AST) -> bool:
    """Whether the module calls `get_settings()` anywhere."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "get_settings":
                return True
    return False


def defines_answer_type(tree: ast.Module) -> bool:
    """Whether the module defines its own use-case answer type."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in ANSWER_NAMES:
            bases = {ast.unparse(base) for base in node.bases}
            if not any(base == "Table" or base.endswith(".Table") for base in bases):
                return True
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "Problems" for t in targets):
            return True
    return False


def decides_permission(tree: ast.AST, text: str) -> bool:
    """Whether the module makes a permission decision outside a permissions.py."""
    if ROLE_LOOKUP.search(text):
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and PERMISSION_NAME.match(
            node.name
        ):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            for argument in arguments:
                if argument.annotation is not None and "Principal" in ast.unparse(
                    argument.annotation
                ):
                    return True
    return False


def counts() -> dict[str, int]:
    """Every figure, by name, in the order they are printed."""
    figures = dict.fromkeys(
        (
            "dict_str_any",
            "any_mentions",
            "bare_type_ignore",
            "get_settings_callers",
            "answer_types",
            "permission_files",
        ),
        0,
    )
    for path in source_files():
        relative = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=relative)
        figures["dict_str_any"] += len(DICT_STR_ANY.findall(text))
        figures["any_mentions"] += len(ANY_WORD.findall(text))
        figures["bare_type_ignore"] += bare_ignores(text)
        if relative not in COMPOSITION_ROOT and calls_get_settings(tree):
            figures["get_settings_callers"] += 1
        if not relative.startswith("ballots/counting/") and defines_answer_type(tree):
            figures["answer_types"] += 1
        if path.name != "permissions.py" and decides_permission(tree, text):
            figures["permission_files"] += 1
    return figures


def main() -> int:
    """Print the figure line."""
    print("; ".join(f"{name}: {value}" for name, value in counts().items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
