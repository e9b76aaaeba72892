"""The public board: the number of ballots while voting runs; every receipt and ballot after."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from app.csvsafe import SafeWriter
from app.rounds import phases
from ballots.box import ballot_form, codes, queries
from ballots.box.rules import ballot_from_json, canonical_choices
from ballots.box.services import BallotPage
from ballots.box.tables import Ballot as BallotRow

PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    """One published ballot: its receipt code and the options it names."""

    receipt: str
    lines: list[ballot_form.Line]
    choices: str


@dataclass(frozen=True)
class Board:
    """What the board page shows."""

    published: bool
    cast: int
    rows: list[Row] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    search: str = ""
    found: bool | None = None  # None: no search; else whether the receipt is on the board


def published(page: BallotPage) -> bool:
    """Ballots are published once voting has closed (phase counting or later)."""
    phase = page.round.phase
    return phase in phases.PHASES and phases.index(phase) >= phases.index("counting")


def _row(page: BallotPage, receipt: str, choices: str) -> Row:
    kind = page.round.rules.ballot_type
    return Row(receipt, ballot_form.lines(kind, page.options, ballot_from_json(choices)), choices)


def _active(round_id: int) -> object:
    return (BallotRow.round == round_id) & (BallotRow.status == "active")


async def board(page: BallotPage, page_no: int = 1, search: str = "") -> Board:
    """The board of a round: a count while voting, receipts and choices after the close."""
    cast = await queries.ballots_cast(page.round.id)
    if not published(page):
        return Board(False, cast)
    if search.strip():
        receipt = codes.normalise_receipt(search) or ""
        found = await (
            BallotRow.select(BallotRow.receipt, BallotRow.choices)
            .where(_active(page.round.id), BallotRow.receipt == receipt)  # type: ignore[arg-type]
            .first()
        )
        rows = [] if found is None else [_row(page, receipt, str(found["choices"]))]
        return Board(True, cast, rows, search=search.strip(), found=found is not None)
    pages = max(1, -(-cast // PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    selected = await (
        BallotRow.select(BallotRow.receipt, BallotRow.choices)
        .where(_active(page.round.id))  # type: ignore[arg-type]
        .order_by(BallotRow.receipt)
        .limit(PAGE_SIZE)
        .offset((page_no - 1) * PAGE_SIZE)
    )
    rows = [_row(page, str(r["receipt"]), str(r["choices"])) for r in selected]
    return Board(True, cast, rows, page_no, pages)


async def board_csv(page: BallotPage) -> bytes:
    """Every published ballot as CSV: receipt, readable choices and the stored JSON."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(("receipt", "choices", "ballot_json"))
    kind = page.round.rules.ballot_type
    for entry in await queries.board(page.round.id):
        lines = ballot_form.lines(kind, page.options, entry.ballot)
        readable = "; ".join(
            line.title if line.points is None else f"{line.title} ({line.points})" for line in lines
        )
        writer.writerow((entry.receipt, readable, canonical_choices(entry.ballot)))
    return buffer.getvalue().encode("utf-8")
