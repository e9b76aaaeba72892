"""Letters from a round's voter register, made by staff on the codes page and read with pypdf."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from e2e.support.a11y import assert_accessible

STAFF = ("staff@wijkstem.example", "demo-staff-2026")
CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")
POSTCODE_LINE = re.compile(r"^\d{4} ?[A-Z]{2}\s")


def register_letters(browser: Browser, base_url: str, round_id: int) -> dict[str, str]:
    """Staff click "letters from the register"; each page's addressee and its code."""
    page = browser.new_context(base_url=base_url, locale="nl-NL").new_page()
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(STAFF[0])
    page.get_by_label("Wachtwoord").fill(STAFF[1])
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    page.goto(f"/beheer/stemmen/{round_id}/codes")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_test_id("codes-register").click()
    reader = PdfReader(io.BytesIO(info.value.path().read_bytes()))
    letters: dict[str, str] = {}
    for sheet in reader.pages:
        text = sheet.extract_text()
        lines = [line.strip() for line in text.splitlines()]
        at = next(i for i, line in enumerate(lines) if POSTCODE_LINE.match(line))
        codes = CODE.findall(text)
        assert len(codes) == 1, text
        letters[lines[at - 1]] = codes[0]
    page.context.close()
    return letters
