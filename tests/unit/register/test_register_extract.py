"""Reading a register extract: keyed person keys, the eleven test, line-numbered problems."""

from __future__ import annotations

from datetime import date

from ballots.register import extract

KEY = b"k" * 32


def test_a_person_key_is_keyed_so_a_bsn_cannot_be_found_by_trying_them_all() -> None:
    one = extract.person_key(KEY, "111222333")
    assert one == extract.person_key(KEY, "111222333")
    assert one != extract.person_key(b"x" * 32, "111222333")
    assert "111222333" not in one and len(one) == 64


def test_the_eleven_test() -> None:
    assert extract.valid_bsn("111222333")
    assert not extract.valid_bsn("123456789")
    assert not extract.valid_bsn("11122233")


def test_rows_without_bsn_are_keyed_by_name_birth_date_and_address() -> None:
    text = (
        "postcode,house_number,house_letter,name,birth_date\n"
        "9712 ab,1,,Anna  de Boer,1980-01-02\n"
        "9712AB,1,,anna de boer,1980-01-02\n"
    )
    rows, problems = extract.read_extract(text, KEY)
    assert rows[0].postcode == "9712AB" and rows[0].birth_date == date(1980, 1, 2)
    assert [(p.line, p.code) for p in problems] == [(3, "duplicate")]


def test_business_passes_only_where_the_round_admits_them() -> None:
    text = "postcode,house_number,house_letter,name,birth_date,kvk\n9712AB,1,,Bakker,,12345678\n"
    _rows, refused = extract.read_extract(text, KEY)
    assert [p.code for p in refused] == ["kvk_not_admitted"]
    rows, problems = extract.read_extract(text, KEY, admits_business=True)
    assert problems == [] and rows[0].kind == "business"


def test_missing_columns_are_named_on_line_one() -> None:
    _rows, problems = extract.read_extract("postcode,name\n9712AB,Anna\n", KEY)
    assert [(p.line, p.code) for p in problems] == [(1, "missing_columns")]
    assert "house_number" in problems[0].detail
