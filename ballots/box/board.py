"""The public board: sealed-ballot hashes while the box is sealed; trackers with their choices
once the certifiers have opened it (and the list of sealed hashes that went in)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from piccolo.columns.combination import And

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
    sealed: list[str] = field(default_factory=list)  # sealed-ballot hashes on this page
    sealed_list_sha256: str = ""  # after the opening: the hash the certificate names


def published(page: BallotPage) -> bool:
    """Ballots are published once voting has closed (phase counting or later)."""
    phase = page.round.phase
    return phase in phases.PHASES and phases.index(phase) >= phases.index("counting")


def _sealed_search(text: str) -> str:
    cleaned = text.strip().lower()
    return cleaned if len(cleaned) == 64 and all(c in "0123456789abcdef" for c in cleaned) else ""


async def _sealed_board(page: BallotPage, cast: int, page_no: int, search: str) -> Board:
    """While the box is sealed: the hashes of the sealed ballots, findable by hash."""
    if search.strip():
        wanted = _sealed_search(search)
        found = await queries.sealed_hashes(page.round.id, 1, 0, wanted) if wanted else []
        return Board(False, cast, search=search.strip(), found=bool(found), sealed=found)
    pages = max(1, -(-cast // PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    shown = await queries.sealed_hashes(page.round.id, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    return Board(False, cast, page=page_no, pages=pages, sealed=shown)


def _row(page: BallotPage, receipt: str, choices: str) -> Row:
    kind = page.round.rules.ballot_type
    return Row(receipt, ballot_form.lines(kind, page.options, ballot_from_json(choices)), choices)


def _active(round_id: int) -> And:
    return (BallotRow.round == round_id) & (BallotRow.status == "active")


async def board(page: BallotPage, page_no: int = 1, search: str = "") -> Board:
    """The board of a round: a count while voting, receipts and choices after the close."""
    cast = await queries.ballots_cast(page.round.id)
    if not published(page) or await queries.box_unopened(page.round.id):
        return await _sealed_board(page, cast, page_no, search)
    listed, digest = await queries.sealed_list(page.round.id)
    if search.strip() and _sealed_search(search):
        found_hash = _sealed_search(search) in listed
        return Board(True, cast, search=search.strip(), found=found_hash, sealed_list_sha256=digest)
    if search.strip():
        receipt = codes.normalise_receipt(search) or ""
        found = await (
            BallotRow.select(BallotRow.receipt, BallotRow.choices)
            .where(_active(page.round.id), BallotRow.receipt == receipt)
            .first()
        )
        rows = [] if found is None else [_row(page, receipt, str(found["choices"]))]
        return Board(
            True,
            cast,
            rows,
            search=search.strip(),
            found=found is not None,
            sealed_list_sha256=digest,
        )
    pages = max(1, -(-cast // PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    selected = await (
        BallotRow.select(BallotRow.receipt, BallotRow.choices)
        .where(_active(page.round.id))
        .order_by(BallotRow.receipt)
        .limit(PAGE_SIZE)
        .offset((page_no - 1) * PAGE_SIZE)
    )
    rows = [_row(page, str(r["receipt"]), str(r["choices"])) for r in selected]
    return Board(True, cast, rows, page_no, pages, sealed_list_sha256=digest)


async def sealed_list_text(page: BallotPage) -> bytes:
    """The opened box's sealed-ballot hashes, one a line (its SHA-256 is on the certificate)."""
    listed, _digest = await queries.sealed_list(page.round.id)
    return "".join(f"{h}\n" for h in listed).encode()


async def board_csv(page: BallotPage) -> bytes:
    """Every published ballot as CSV: receipt, readable choices, the stored JSON, and whether
    the round was an unverified poll (no voter register)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(("receipt", "choices", "ballot_json", "unverified_poll"))
    poll = "true" if page.unverified else "false"
    kind = page.round.rules.ballot_type
    for entry in await queries.board(page.round.id):
        lines = ballot_form.lines(kind, page.options, entry.ballot)
        readable = "; ".join(
            line.title if line.points is None else f"{line.title} ({line.points})" for line in lines
        )
        writer.writerow((entry.receipt, readable, canonical_choices(entry.ballot), poll))
    return buffer.getvalue().encode("utf-8")
