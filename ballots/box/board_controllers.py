"""The public board pages: the count while voting runs, every receipt and ballot after the close."""

from __future__ import annotations

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from app.web.helpers import page
from ballots.box import board, queries, services
from ballots.box.services import BallotPage


async def _page(round_id: int) -> BallotPage:
    found = await services.ballot_page(round_id)
    if found is None:
        raise NotFoundException()
    return found


@get("/stemmen/{round_id:int}/bord", name="vote_board")
async def vote_board(
    round_id: FromPath[int], pagina: FromQuery[int] = 1, bon: FromQuery[str] = ""
) -> Template:
    """The board: how many ballots so far, or after the close the ballots by receipt code."""
    ballot = await _page(round_id)
    shown = await board.board(ballot, pagina, bon[:80])
    return page("vote/board.html", ballot=ballot, board=shown)


@get("/stemmen/{round_id:int}/bord.csv", name="vote_board_csv")
async def vote_board_csv(round_id: FromPath[int]) -> Response[bytes]:
    """Every published ballot as CSV, so anyone can recount; only after the close."""
    ballot = await _page(round_id)
    if not board.published(ballot) or await queries.box_unopened(round_id):
        raise NotFoundException()
    return Response(
        content=await board.board_csv(ballot),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="stembord-ronde-{round_id}.csv"'},
    )


@get("/stemmen/{round_id:int}/verzegeld.txt", name="vote_board_sealed")
async def vote_board_sealed(round_id: FromPath[int]) -> Response[bytes]:
    """The list of sealed-ballot hashes that went into the opened box (one a line)."""
    ballot = await _page(round_id)
    if await queries.box_unopened(round_id) or not board.published(ballot):
        raise NotFoundException()
    return Response(
        content=await board.sealed_list_text(ballot),
        media_type="text/plain; charset=utf-8",
    )


ROUTES = [vote_board, vote_board_csv, vote_board_sealed]
