"""Pure payment-order files: the finance CSV's rows and reading the confirmation file back."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

HEADER = ("grant_number", "reference", "kind", "payee", "iban", "amount")
_AMOUNT = re.compile(r"^(\d{1,9})(?:[.,](\d{1,2}))?$")


def amount_text(cents: int) -> str:
    """Cents as the plain decimal finance systems read: 1250.00."""
    return f"{cents // 100}.{cents % 100:02d}"


def parse_amount(text: str) -> int | None:
    """'1250.00', '1250,5' or '1250' as cents; None when it is not such an amount."""
    found = _AMOUNT.match(text.strip())
    if found is None:
        return None
    fraction = (found.group(2) or "0").ljust(2, "0")
    return int(found.group(1)) * 100 + int(fraction)


@dataclass(frozen=True)
class Confirmation:
    """One line of the confirmation file: the payment's reference and the amount paid."""

    line: int
    reference: str
    cents: int


def read_confirmations(text: str) -> tuple[list[Confirmation], dict[str, str]]:
    """The confirmed payments in a CSV with `reference` and `amount` columns.

    Problems are keyed 'line N' (or 'file') with a reason code: no_columns, bad_amount,
    no_reference, duplicate.
    """
    sample = text.lstrip("\ufeff")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(sample), delimiter=delimiter)
    fields = {name.strip().lower() for name in (reader.fieldnames or [])}
    if not {"reference", "amount"} <= fields:
        return [], {"file": "no_columns"}
    found: list[Confirmation] = []
    problems: dict[str, str] = {}
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=2):
        row = {str(key).strip().lower(): (value or "").strip() for key, value in raw.items()}
        reference = row.get("reference", "").lstrip("'")
        if not reference:
            problems[f"line {number}"] = "no_reference"
            continue
        cents = parse_amount(row.get("amount", ""))
        if cents is None:
            problems[f"line {number}"] = "bad_amount"
            continue
        if reference in seen:
            problems[f"line {number}"] = "duplicate"
            continue
        seen.add(reference)
        found.append(Confirmation(number, reference, cents))
    return found, problems
