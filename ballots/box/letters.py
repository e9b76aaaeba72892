"""Voting letters: a printable PDF (one letter per page) and a mailing-house CSV, made in memory."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.lib.units import mm  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]  # no type hints shipped

from app.csvsafe import SafeWriter
from app.dates import local_datetime
from app.i18n import LOCAL_TIME, _
from app.rounds.queries import RoundView
from app.runtime import current_settings
from ballots.box.issuing import FORBIDDEN_COLUMNS, Address, IssuedCode

MAX_UPLOAD_BYTES = 5_000_000
OUTPUTS = ("pdf", "csv", "zip")
CSV_COLUMNS = ("code", "name", "postcode", "house_number", "round", "vote_url")
_POSTCODE = ("postcode",)
_NUMBER = ("house_number", "housenumber", "huisnummer", "number", "house number")
_NAME = ("name", "naam")


class AddressFileError(Exception):
    """An address upload that cannot be used, with the reason for staff."""


@dataclass(frozen=True)
class Download:
    """A generated file: its name, media type and bytes."""

    filename: str
    media_type: str
    body: bytes


def read_addresses(data: bytes) -> list[Address]:
    """Addresses from an uploaded CSV (postcode, house number, optional name); never a BSN."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise AddressFileError(_("The address file is too large (at most 5 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AddressFileError(_("Save the address file as UTF-8 CSV.")) from exc
    return parse_addresses(text)


def parse_addresses(text: str) -> list[Address]:
    """Addresses from CSV text (postcode, house number, optional name); never a BSN."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = (
            csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if FORBIDDEN_COLUMNS & set(fields):
        raise AddressFileError(
            _("The address file has a BSN column. Remove it: a BSN is never needed.")
        )

    def column(names: tuple[str, ...]) -> str | None:
        return next((fields[n] for n in names if n in fields), None)

    postcode, number, name = column(_POSTCODE), column(_NUMBER), column(_NAME)
    if postcode is None or number is None:
        raise AddressFileError(_("The address file needs the columns postcode and house_number."))
    return [
        Address(
            (row.get(postcode) or "").strip(),
            (row.get(number) or "").strip(),
            (row.get(name) or "").strip() if name else "",
        )
        for row in reader
        if any((value or "").strip() for value in row.values() if isinstance(value, str))
    ]


def vote_url(round_id: int) -> str:
    """Where a letter sends the voter online."""
    return f"{current_settings().base_url}/stemmen/{round_id}"


def _address_lines(view: RoundView, item: IssuedCode) -> list[str]:
    if not item.postcode:
        return [_("To the residents"), view.area_name]
    postcode = f"{item.postcode[:4]} {item.postcode[4:]}"
    return [line for line in (item.name, f"{postcode}  {item.house_number}") if line]


def _when(view: RoundView) -> str:
    start, end = view.schedule.get("voting"), view.schedule.get("counting")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return ""
    return _("You can vote from {start} until {end}.").format(
        start=local_datetime(start),
        end=local_datetime(end),
    )


def _paragraph(canvas: Canvas, text: str, y: float, size: int = 11) -> float:
    width = A4[0] - 50 * mm
    canvas.setFont("Helvetica", size)
    for line in simpleSplit(text, "Helvetica", size, width):
        canvas.drawString(25 * mm, y, line)
        y -= size * 1.4
    return y - 4


def _letter(canvas: Canvas, view: RoundView, item: IssuedCode, paper_info: str) -> None:
    height = A4[1]
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(
        25 * mm, height - 20 * mm, _("Wijkstem: residents decide on part of their area's budget.")
    )
    y = height - 45 * mm
    canvas.setFont("Helvetica", 11)
    for line in _address_lines(view, item):
        canvas.drawString(25 * mm, y, line)
        y -= 15
    y -= 25
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(25 * mm, y, view.title)
    y = _paragraph(
        canvas,
        _("You may vote on how the budget of {area} is spent.").format(area=view.area_name),
        y - 24,
    )
    when = _when(view)
    if when:
        y = _paragraph(canvas, when, y)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(25 * mm, y - 10, _("Your personal voting code"))
    canvas.setFont("Courier-Bold", 26)
    canvas.drawString(25 * mm, y - 42, item.code)
    y -= 70
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(25 * mm, y, _("Vote online"))
    y = _paragraph(
        canvas, _("Go to {url} and type the code above.").format(url=vote_url(view.id)), y - 18
    )
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(25 * mm, y, _("Vote on paper"))
    y = _paragraph(canvas, paper_info, y - 18)
    _paragraph(
        canvas,
        _(
            "The code works once. Keep it to yourself: whoever has it can vote in your place. "
            "Your vote is secret: the code is not stored with your ballot."
        ),
        y - 10,
        9,
    )


def default_paper_info() -> str:
    """Where to vote on paper, when staff leave it open."""
    return _(
        "Bring this letter to the desk of the city office during opening hours. "
        "Staff will give you a paper ballot."
    )


def letters_pdf(view: RoundView, issued: Sequence[IssuedCode], paper_info: str = "") -> bytes:
    """One A4 letter per code, built in memory (nothing is written to disk)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(view.title)
    for item in issued:
        _letter(canvas, view, item, paper_info.strip() or default_paper_info())
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def mailing_csv(view: RoundView, issued: Sequence[IssuedCode]) -> bytes:
    """The mailing house's file: one row per letter with the plain code and the address."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in issued:
        writer.writerow(
            (item.code, item.name, item.postcode, item.house_number, view.title, vote_url(view.id))
        )
    return buffer.getvalue().encode("utf-8")


def download(
    view: RoundView, issued: Sequence[IssuedCode], output: str, paper_info: str = ""
) -> Download:
    """The letters as PDF, the mailing file as CSV, or both in one ZIP."""
    stem = f"stemcodes-ronde-{view.id}-{datetime.now(LOCAL_TIME).strftime('%Y%m%d-%H%M%S')}"
    if output == "csv":
        return Download(f"{stem}.csv", "text/csv; charset=utf-8", mailing_csv(view, issued))
    pdf = letters_pdf(view, issued, paper_info)
    if output == "pdf":
        return Download(f"{stem}.pdf", "application/pdf", pdf)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(f"{stem}.pdf", pdf)
        bundle.writestr(f"{stem}.csv", mailing_csv(view, issued))
    return Download(f"{stem}.zip", "application/zip", buffer.getvalue())
