"""Ballot list routes: the qualifying proposals of a round and the council's confirmation."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.accounts.permissions import Principal, acts_for_area
from app.areas import queries as area_queries
from app.i18n import _
from app.rounds.queries import RoundView, round_by_id
from app.web.answers import status_of
from app.web.helpers import form_lists, login_required, page, redirect, user_of
from app.web.types import TemplateContext, WebRequest
from ballots import ballot_list, queries


async def _page(
    found: RoundView, viewer: Principal, status: int = 200, **context: object
) -> Template:
    options = await queries.ballot_options(found.id)
    confirmed = await queries.confirmation(found.id)
    listed: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    if confirmed is None and found.allows("confirm_ballot"):
        listed, others = await ballot_list.candidates(found)
    lineage = await area_queries.lineage_codes(found.area_code)
    defaults: TemplateContext = {"errors": {}, "form": {}, "chosen": {"add": [], "remove": []}}
    return page(
        "ballots/ballot_list.html",
        status=status,
        round=found,
        options=options,
        confirmed=confirmed,
        listed=listed,
        others=others,
        open=found.allows("confirm_ballot"),
        may_confirm=viewer.id is not None and acts_for_area(viewer, lineage),
        **{**defaults, **context},
    )


def _missing() -> Template:
    return page(
        "deliberation/refused.html",
        status=404,
        message=_("This round does not exist."),
        back="/",
    )


@get("/rondes/{round_id:int}/stembiljet", name="ballot_list")
async def ballot_list_page(request: WebRequest, round_id: FromPath[int]) -> Template:
    """The ballot list: the qualifying proposals, or the confirmed options once frozen."""
    found = await round_by_id(round_id)
    if found is None:
        return _missing()
    return await _page(found, user_of(request))


def _changes(data: dict[str, list[str]]) -> tuple[ballot_list.HandChanges, dict[str, str]]:
    def reasons(kind: str) -> dict[int, str]:
        chosen = {}
        for raw in data.get(kind, [])[:1000]:
            if raw.isdigit() and len(raw) < 12:
                chosen[int(raw)] = (data.get(f"reason-{raw}") or [""])[-1][:1000]
        return chosen

    changes = ballot_list.HandChanges(add=reasons("add"), remove=reasons("remove"))
    form = {key: values[-1] for key, values in data.items() if key.startswith("reason-")}
    return changes, form


@post("/rondes/{round_id:int}/stembiljet", name="ballot_list_confirm", guards=[login_required])
async def ballot_list_confirm(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Council or staff: confirm the ballot list, with a reason for every hand change."""
    data = await form_lists(request)
    changes, form = _changes(data)
    viewer = user_of(request)
    outcome = await ballot_list.confirm_ballot_list(viewer, round_id, changes)
    if outcome.ok:
        return redirect(f"/rondes/{round_id}/stembiljet")
    found = await round_by_id(round_id)
    if found is None:
        return _missing()
    if outcome.field_problems:
        chosen = {"add": list(changes.add), "remove": list(changes.remove)}
        return await _page(
            found, viewer, status=400, errors=outcome.field_problems, form=form, chosen=chosen
        )
    return page(
        "deliberation/refused.html",
        status=status_of(outcome),
        message=outcome.message,
        back=f"/rondes/{round_id}/stembiljet",
    )


ROUTES = [ballot_list_page, ballot_list_confirm]
