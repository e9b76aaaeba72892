"""Pages of the box key: the key ceremony (start, collect once, confirm) and opening the box."""

from __future__ import annotations

from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.accounts import queries as accounts
from app.accounts.permissions import Principal, is_staff
from app.web.answers import status_of
from app.web.helpers import (
    client_address,
    form_data,
    form_lists,
    login_required,
    page,
    redirect,
    user_of,
)
from app.web.types import WebRequest
from ballots.box import keys, opening, services
from ballots.box.permissions import may_handle_key
from ballots.box.services import BallotPage

NO_STORE = {"Cache-Control": "no-store"}


async def _round(round_id: int, user: Principal) -> BallotPage:
    found = await services.ballot_page(round_id)
    if found is None or not may_handle_key(user):
        raise NotFoundException()
    return found


async def _key_page(
    ballot: BallotPage, user: Principal, problems: list[str], status: int = 200
) -> Template:
    state = await keys.key_state(ballot.round.id)
    holders = [slot.holder for slot in state.slots if slot.holder] if state else []
    return page(
        "vote/box_key.html",
        status=status,
        ballot=ballot,
        state=state,
        holder_names=await accounts.names_by_id(holders),
        me=user.id,
        staff=is_staff(user),
        certifiers=[g for g in await accounts.grants() if g.role == "certifier"]
        if is_staff(user)
        else [],
        problems=problems,
    )


@get("/beheer/stemmen/{round_id:int}/sleutel", name="box_key", guards=[login_required])
async def box_key(request: WebRequest, round_id: FromPath[int]) -> Template:
    """The round's key: its shares and holders; start the ceremony, collect, confirm."""
    user = user_of(request)
    return await _key_page(await _round(round_id, user), user, [])


@post("/beheer/stemmen/{round_id:int}/sleutel", name="box_key_start", guards=[login_required])
async def box_key_start(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Staff start (or restart) the ceremony: the chosen certifiers, a safe share, k."""
    user = user_of(request)
    ballot = await _round(round_id, user)
    form = await form_lists(request)
    holders: list[int | None] = [int(h) for h in form.get("holder", []) if h.isdigit()]
    if form.get("safe", [""])[0] == "1":
        holders.append(None)
    threshold_text = form.get("threshold", ["2"])[0]
    threshold = int(threshold_text) if threshold_text.isdigit() else 0
    answer = await keys.start_ceremony(user, round_id, holders, threshold)
    if not answer.ok:
        return await _key_page(ballot, user, list(answer.problems.values()), status_of(answer))
    return redirect(f"/beheer/stemmen/{round_id}/sleutel")


@post(
    "/beheer/stemmen/{round_id:int}/sleutel/{position:int}/ophalen",
    name="box_share_collect",
    guards=[login_required],
)
async def box_share_collect(
    request: WebRequest, round_id: FromPath[int], position: FromPath[int]
) -> Template:
    """The holder re-enters the password and sees their share once (never cached)."""
    user = user_of(request)
    ballot = await _round(round_id, user)
    data = await form_data(request)
    got = await keys.collect_share(
        user, round_id, position, data.get("password", ""), client_address(request)
    )
    if got.value is None:
        return await _key_page(ballot, user, list(got.problems.values()), status_of(got))
    template = page("vote/box_share.html", ballot=ballot, share=got.value, position=position)
    template.headers.update(NO_STORE)
    return template


@post(
    "/beheer/stemmen/{round_id:int}/sleutel/{position:int}/bevestigen",
    name="box_share_confirm",
    guards=[login_required],
)
async def box_share_confirm(
    request: WebRequest, round_id: FromPath[int], position: FromPath[int]
) -> Template | Redirect:
    """The holder confirms they stored their share."""
    user = user_of(request)
    ballot = await _round(round_id, user)
    answer = await keys.confirm_share(user, round_id, position)
    if not answer.ok:
        return await _key_page(ballot, user, list(answer.problems.values()), status_of(answer))
    return redirect(f"/beheer/stemmen/{round_id}/sleutel")


@get("/beheer/stemmen/{round_id:int}/openen", name="box_open", guards=[login_required])
async def box_open(request: WebRequest, round_id: FromPath[int]) -> Template:
    """The form where k share holders, together, enter their shares to open the box."""
    user = user_of(request)
    ballot = await _round(round_id, user)
    return page(
        "vote/box_open.html", ballot=ballot, state=await keys.key_state(round_id), problems=[]
    )


@post("/beheer/stemmen/{round_id:int}/openen", name="box_open_post", guards=[login_required])
async def box_open_post(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Open the box with the entered shares; then the count is queued."""
    user = user_of(request)
    ballot = await _round(round_id, user)
    form = await form_lists(request)
    shares = [text for text in form.get("share", []) if text.strip()]
    opened = await opening.open_box(f"user:{user.id}", round_id, shares)
    if not opened.ok:
        template = page(
            "vote/box_open.html",
            status=status_of(opened),
            ballot=ballot,
            state=await keys.key_state(round_id),
            problems=list(opened.problems.values()),
        )
        template.headers.update(NO_STORE)
        return template
    from ballots.results import jobs  # the count follows the opening (a separate use case)

    await jobs.request_count(None, round_id)
    return redirect(f"/rondes/{round_id}/uitslag")


ROUTES = [box_key, box_key_start, box_share_collect, box_share_confirm, box_open, box_open_post]
