"""Voting pages for signed-in residents: the ballot, the confirmation and the cast, by account."""

from __future__ import annotations

from collections.abc import Sequence

from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.i18n import _
from app.web.answers import status_of
from app.web.helpers import client_address, form_lists, login_url, page, redirect, user_of
from app.web.types import WebRequest
from ballots.box import eligibility, messages, rules, services, store
from ballots.box.controllers import (
    ballot_context,
    blocked_page,
    read_ballot,
    receipt_context,
    shown_back,
)
from ballots.box.eligibility import Eligibility
from ballots.box.services import BallotPage, Voter
from ballots.counting.model import Ballot


async def _page(round_id: int) -> BallotPage:
    found = await services.ballot_page(round_id)
    if found is None:
        raise NotFoundException()
    return found


def _blocked(ballot: BallotPage, outcome: str, status: int) -> Template:
    texts = {
        eligibility.UNCONFIRMED: _(
            "Confirm your email address first: open the link in the mail we sent you."
        ),
        eligibility.NO_POSTCODE: _("Add your postcode to your account to vote with it."),
        eligibility.OUTSIDE_AREA: _(
            "Your postcode is not in {area}, so you cannot vote in this round."
        ).format(area=ballot.round.area_name),
        eligibility.NOT_BOUND: _(
            "This vote uses the voter register. Link your account once with the voting code "
            "from your letter (or log in with DigiD); after that the letter and your account "
            "are one vote."
        ),
        store.CLOSED: messages.outcome(store.CLOSED),
        store.ALREADY_VOTED: messages.outcome(store.ALREADY_VOTED),
    }
    return page(
        "vote/account_blocked.html",
        status=status,
        ballot=ballot,
        reason=outcome,
        message=texts.get(outcome, messages.outcome(outcome)),
    )


def _ballot(
    ballot: BallotPage,
    chosen: Ballot,
    voted: bool,
    problems: list[rules.Problem] | None = None,
    status: int = 200,
    error: str = "",
    age_confirmed: bool = False,
    found: Sequence[str] = (),
) -> Template:
    return page(
        "vote/ballot.html",
        status=status,
        **ballot_context(
            ballot,
            chosen,
            problems,
            found=found,
            form_action=f"/stemmen/{ballot.round.id}/met-account/controleren",
            ask_age=eligibility.VOTING_MIN_AGE,
            age_confirmed=age_confirmed,
            ask_token=voted,
            error=error,
            intro=_("You vote with your account as a resident of {area}.").format(
                area=ballot.round.area_name
            ),
        ),
    )


async def _gate(
    request: WebRequest, ballot: BallotPage
) -> tuple[Voter | None, bool, Template | None]:
    """The account's voter and whether it voted already, or the page that says why not."""
    user = user_of(request)
    found: Eligibility = await eligibility.account_eligibility(user, ballot.round)
    if not found.ok:
        return None, False, _blocked(ballot, found.outcome, 403)
    if not ballot.open_at_now():
        return None, False, _blocked(ballot, store.CLOSED, 403)
    voter = eligibility.voter_for_account(ballot.round, user, found)
    voted = await services.has_voted(voter)
    if voted and not ballot.round.rules.allow_vote_change:
        return None, True, _blocked(ballot, store.ALREADY_VOTED, 409)
    return voter, voted, None


@post("/stemmen/{round_id:int}/met-account/koppelen", name="vote_account_bind")
async def vote_account_bind(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Bind the signed-in account to the register person of a letter's voting code."""
    ballot = await _page(round_id)
    if not user_of(request).authenticated:
        return redirect(login_url(f"/stemmen/{round_id}/met-account"))
    code = (((await form_lists(request)).get("code")) or [""])[-1]
    answer = await eligibility.bind_with_code(
        user_of(request), ballot.round, code, client_address(request)
    )
    if answer.ok:
        return redirect(f"/stemmen/{round_id}/met-account")
    return page(
        "vote/account_blocked.html",
        status=status_of(answer),
        ballot=ballot,
        reason=eligibility.NOT_BOUND,
        message=answer.message,
    )


@get("/stemmen/{round_id:int}/met-account", name="vote_account")
async def vote_account(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """The ballot for a signed-in resident of the round's area."""
    ballot = await _page(round_id)
    if not user_of(request).authenticated:
        return redirect(login_url(request.url.path))
    voter, voted, blocked = await _gate(request, ballot)
    if blocked is not None or voter is None:
        return blocked or _blocked(ballot, store.CLOSED, 403)
    return _ballot(ballot, Ballot(projects=()), voted)


async def _read(
    request: WebRequest, ballot: BallotPage
) -> tuple[Voter | None, bool, Template | None, dict[str, list[str]]]:
    voter, voted, blocked = await _gate(request, ballot)
    return voter, voted, blocked, await form_lists(request)


def _age_error(form: dict[str, list[str]]) -> str:
    if (form.get("age_confirmed") or [""])[-1] == "yes":
        return ""
    return _("Only residents aged {age} or older may vote. Tick the box to confirm.").format(
        age=eligibility.VOTING_MIN_AGE
    )


@post("/stemmen/{round_id:int}/met-account/controleren", name="vote_account_confirm")
async def vote_account_confirm(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Recalculate, or show the account voter's choices back for confirmation."""
    ballot = await _page(round_id)
    voter, voted, blocked, form = await _read(request, ballot)
    if blocked is not None or voter is None:
        return blocked or _blocked(ballot, store.CLOSED, 403)
    chosen, problems = read_ballot(ballot, form)
    age_error = _age_error(form)
    recalc = (form.get("action") or [""])[-1] == "recalculate"
    if recalc or problems or age_error:
        shown = "" if recalc and not problems else age_error
        status = 400 if problems or shown else 200
        return _ballot(ballot, chosen, voted, problems, status, shown, not age_error)
    token = (form.get("token") or [""])[-1]
    return page(
        "vote/confirm.html",
        status=200,
        **shown_back(
            ballot,
            chosen,
            cast_url=f"/stemmen/{round_id}/met-account/uitbrengen",
            edit_url=f"/stemmen/{round_id}/met-account/controleren",
            extra=[("age_confirmed", "yes")] + ([("token", token)] if token else []),
        ),
    )


@post("/stemmen/{round_id:int}/met-account/uitbrengen", name="vote_account_cast")
async def vote_account_cast(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Cast (or, with the change code, replace) the account voter's ballot; then the receipt."""
    ballot = await _page(round_id)
    voter, voted, blocked, form = await _read(request, ballot)
    if blocked is not None or voter is None:
        return blocked or _blocked(ballot, store.CLOSED, 403)
    chosen, problems = read_ballot(ballot, form)
    age_error = _age_error(form)
    if problems or age_error:
        return _ballot(ballot, chosen, voted, problems, 400, age_error, not age_error)
    if voted:
        replaces = await services.verify_token(
            voter, (form.get("token") or [""])[-1], client_address(request)
        )
        if replaces is None:
            error = messages.outcome(store.TOKEN_UNKNOWN)
            return _ballot(ballot, chosen, voted, None, 400, error, True)
        answer = await services.change_ballot(ballot, voter, replaces, chosen)
    else:
        answer = await services.cast_ballot(ballot, voter, chosen, channel="online")
    if answer.value is not None:
        shown = receipt_context(ballot, chosen, answer.value, changed=voted)
        return page("vote/receipt.html", status=status_of(answer), **shown)
    if answer.field_problems:
        found = list(answer.field_problems.values())
        return _ballot(ballot, chosen, voted, None, status_of(answer), "", True, found)
    return blocked_page(ballot, answer)


ROUTES = [vote_account_bind, vote_account, vote_account_confirm, vote_account_cast]
