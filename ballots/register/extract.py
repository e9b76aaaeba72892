"""Reading a register extract (a BRP selection as CSV): pure rules, line-numbered problems.

Nothing here touches the database or the clock; the person key is a keyed HMAC of the BSN
(or of name, birth date and address when the extract has no BSN), so the BSN is never kept.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
from dataclasses import dataclass
from datetime import date

REQUIRED = ("postcode", "house_number", "house_letter", "name", "birth_date")
OPTIONAL = ("bsn", "secret", "kvk")
MAX_ROWS = 200_000
MIN_AGES = (12, 16, 18)
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
_YES = {"yes", "ja", "j", "y", "true", "1"}
_NO = {"no", "nee", "n", "false", "0", ""}


@dataclass(frozen=True)
class Row:
    """One person (or business pass) of an extract, as stored: never the BSN."""

    line: int
    person_key: str
    kind: str
    postcode: str
    house_number: str
    house_letter: str
    name: str
    birth_date: date | None
    secret: bool


@dataclass(frozen=True)
class Problem:
    """A bad line of the extract: its number (1 is the header) and what is wrong."""

    line: int
    code: str
    detail: str = ""


def person_key(
    key: bytes, bsn: str = "", *, name: str = "", birth: str = "", address: str = ""
) -> str:
    """Keyed HMAC-SHA256 of a BSN, or of name + birth date + address when there is none."""
    person = f"person:{' '.join(name.lower().split())}|{birth}|{address}"
    message = f"bsn:{bsn}" if bsn else person
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def business_key(key: bytes, kvk: str) -> str:
    """The person key of an entrepreneur's pass: one per business (KvK number)."""
    return hmac.new(key, f"kvk:{kvk}".encode(), hashlib.sha256).hexdigest()


def valid_bsn(text: str) -> bool:
    """Nine digits that pass the eleven test (elfproef)."""
    if len(text) != 9 or not text.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text[:8], range(9, 1, -1), strict=True))
    return (total - int(text[8])) % 11 == 0


def normal_postcode(raw: str) -> str:
    """`9712 ab` as `9712AB`, or '' when it is not a Dutch postcode."""
    found = _POSTCODE.match(raw.strip().upper())
    return f"{found.group(1)}{found.group(2)}" if found else ""


def age_on(birth: date, day: date) -> int:
    """Whole years between a birth date and a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def read_extract(
    text: str, key: bytes, *, admits_business: bool = False
) -> tuple[list[Row], list[Problem]]:
    """Every row of an extract, or every problem (the caller imports only a clean file)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [Problem(1, "missing_columns", ", ".join(missing))]
    reader.fieldnames = header
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            problems.append(Problem(number, "too_many_rows", str(MAX_ROWS)))
            break
        row, found = _row(number, raw, key, admits_business)
        problems.extend(found)
        if row is None:
            continue
        if row.person_key in seen:
            problems.append(Problem(number, "duplicate", str(seen[row.person_key])))
            continue
        seen[row.person_key] = number
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(1, "empty"))
    return rows, problems


def _row(
    number: int, raw: dict[str, str | None], key: bytes, admits_business: bool
) -> tuple[Row | None, list[Problem]]:
    def cell(name: str) -> str:
        value = raw.get(name)
        return value.strip() if isinstance(value, str) else ""

    problems: list[Problem] = []
    postcode = normal_postcode(cell("postcode"))
    house_number, letter, name = cell("house_number"), cell("house_letter"), cell("name")
    bsn, kvk, secret_text = cell("bsn"), cell("kvk"), cell("secret").lower()
    if not postcode:
        problems.append(Problem(number, "postcode", cell("postcode")[:20]))
    if not house_number.isdigit() or len(house_number) > 6:
        problems.append(Problem(number, "house_number", house_number[:20]))
    if len(letter) > 4:
        problems.append(Problem(number, "house_letter", letter[:20]))
    if not name or len(name) > 120:
        problems.append(Problem(number, "name"))
    birth: date | None = None
    if not kvk:
        try:
            birth = date.fromisoformat(cell("birth_date"))
        except ValueError:
            problems.append(Problem(number, "birth_date", cell("birth_date")[:20]))
    if bsn and not valid_bsn(bsn):
        problems.append(Problem(number, "bsn"))  # never echo a BSN back
    if kvk and (not admits_business or len(kvk) != 8 or not kvk.isdigit()):
        problems.append(Problem(number, "kvk" if admits_business else "kvk_not_admitted"))
    if secret_text not in _YES | _NO:
        problems.append(Problem(number, "secret", secret_text[:20]))
    if problems:
        return None, problems
    address = f"{postcode}|{house_number}|{letter.upper()}"
    if kvk:
        key_text = business_key(key, kvk)
    else:
        key_text = person_key(key, bsn, name=name, birth=cell("birth_date"), address=address)
    return (
        Row(
            number,
            key_text,
            "business" if kvk else "resident",
            postcode,
            house_number,
            letter.upper(),
            name,
            birth,
            secret_text in _YES,
        ),
        [],
    )
