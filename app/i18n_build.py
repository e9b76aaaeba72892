"""Build the Dutch catalogue: merge the per-module .po files, compile, and check completeness.

`python -m app.i18n_build compile` writes app/locale/nl/LC_MESSAGES/messages.mo;
`python -m app.i18n_build check` lists every message in the code or templates that has no
Dutch translation, and exits 1 if there is one.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR
from app.settings import ROOT

SOURCES = {
    "python": [
        "app",
        "proposals",
        "deliberation",
        "ballots",
        "initiatives",
        "delivery",
        "reporting",
    ],
    "jinja2": ["templates"],
}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def merged_catalog(language: str = "nl") -> Catalog:
    """All per-module .po files of a language merged into one catalogue (first wins)."""
    catalog = Catalog(locale=language, domain="messages")
    for po_file in sorted((LOCALE_DIR / language).glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string and message.id not in catalog:
                    catalog.add(message.id, message.string)
    return catalog


def compile_catalog(language: str = "nl") -> Path:
    """Write the compiled .mo file for a language."""
    target = LOCALE_DIR / language / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    write_mo(buffer, merged_catalog(language))
    target.write_bytes(buffer.getvalue())
    return target


def extracted_messages() -> dict[str, str]:
    """Every translatable message in the code and templates, with where it first appears."""
    found: dict[str, str] = {}
    for method, folders in SOURCES.items():
        pattern = "**.py" if method == "python" else "**.html"
        for folder in folders:
            path = ROOT / folder
            if not path.exists():
                continue
            method_map = [(pattern, "jinja2.ext:babel_extract" if method == "jinja2" else method)]
            options = {pattern: {"extensions": "jinja2.ext.i18n"}} if method == "jinja2" else {}
            for filename, lineno, message, _comments, _context in extract_from_dir(
                str(path), method_map=method_map, options_map=options, keywords=KEYWORDS
            ):
                text = message[0] if isinstance(message, tuple) else message
                if text and text not in found:
                    found[text] = f"{folder}/{filename}:{lineno}"
    return found


def missing_translations(language: str = "nl") -> dict[str, str]:
    """Messages used somewhere that the language's catalogue does not translate."""
    catalog = merged_catalog(language)
    return {text: where for text, where in extracted_messages().items() if text not in catalog}


def main(argv: list[str]) -> int:
    """Command line: compile or check."""
    command = argv[0] if argv else "compile"
    if command == "compile":
        print(f"compiled {compile_catalog()}")
        return 0
    if command == "check":
        missing = missing_translations()
        for text, where in sorted(missing.items(), key=lambda item: item[1]):
            print(f"{where}: no Dutch translation for {text!r}")
        if missing:
            print(f"{len(missing)} message(s) without a Dutch translation", file=sys.stderr)
            return 1
        print("every message has a Dutch translation")
        return 0
    print("usage: python -m app.i18n_build compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
