"""Voting pages with a code: enter the code, fill in the ballot, confirm, cast, see the receipt."""

from __future__ import annotations

import time
from collections.abc import Sequence

from litestar import HttpMethod, get, post, route
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.answer import Answer
from app.runtime import current_settings
from app.web.answers import status_of
from app.web.helpers import client_address, form_lists, page
from app.web.types import TemplateContext, WebRequest
from ballots.box import ballot_form, messages, outcomes, passes, rules, services, store
from ballots.box.services import BallotPage, CodeCheck, Receipt, Voter
from ballots.counting.model import Ballot


async def _page(round_id: FromPath[int]) -> BallotPage:
    found = await services.ballot_page(round_id)
    if found is None:
        raise NotFoundException()
    return found


def _sign(voter: Voter, replaces: str = "") -> str:
    voting_pass = passes.VotingPass(voter.round_id, voter.code_hash or "", replaces)
    return passes.sign(current_settings().secret_key, voting_pass, int(time.time()))


def _start(ballot: BallotPage, status: int = 200, error: str = "", **extra: object) -> Template:
    return page(
        "vote/start.html",
        status=status,
        ballot=ballot,
        error=error,
        open=ballot.open_at_now(),
        ask_token=extra.get("ask_token", False),
        already=extra.get("already", False),
    )


def _ballot(
    ballot: BallotPage,
    voting_pass: str,
    chosen: Ballot | None = None,
    problems: list[rules.Problem] | None = None,
    status: int = 200,
    error: str = "",
    found: Sequence[str] = (),
) -> Template:
    chosen = chosen or Ballot(projects=())
    return page(
        "vote/ballot.html",
        status=status,
        **ballot_context(
            ballot, chosen, problems, found=found, voting_pass=voting_pass, error=error
        ),
    )


def ballot_context(
    ballot: BallotPage,
    chosen: Ballot,
    problems: list[rules.Problem] | None = None,
    *,
    found: Sequence[str] = (),
    **overrides: object,
) -> TemplateContext:
    """What the ballot form of any type needs: the filled-in state, total and problems.

    `found` are the messages of the ballot problems a cast's answer found. `overrides` set the
    page's extras: form_action, intro, ask_age, ask_token, error...
    """
    filled = ballot_form.state(ballot.round.rules.ballot_type, chosen)
    return {
        "voting_pass": "",
        "error": "",
        "form_action": "",
        "intro": "",
        "ask_age": 0,
        "age_confirmed": False,
        "ask_token": False,
        "ballot": ballot,
        "chosen": filled.chosen,
        "values": filled.values,
        "total": rules.total_cost(ballot.instance, chosen),
        "points_given": sum(chosen.points or ()),
        "problems": [messages.problem(p) for p in problems or []] + list(found),
        "limit": ballot.instance.constraints.max_sum_cost,
        **overrides,
    }


def shown_back(ballot: BallotPage, chosen: Ballot, **overrides: object) -> TemplateContext:
    """The confirmation and receipt context: the lines, the hidden fields and the total.

    `overrides` set the page's extras: voting_pass, cast_url, edit_url, extra (hidden fields).
    """
    kind = ballot.round.rules.ballot_type
    return {
        "ballot": ballot,
        "voting_pass": "",
        "cast_url": "",
        "edit_url": "",
        "extra": [],
        "lines": ballot_form.lines(kind, ballot.options, chosen),
        "hidden": ballot_form.fields(kind, chosen),
        "total": rules.total_cost(ballot.instance, chosen),
        **overrides,
    }


def blocked_page(ballot: BallotPage, answer: Answer[Receipt]) -> Template:
    """The page of a cast the box refused (closed, voted already, ...), with its status."""
    return page(
        "vote/account_blocked.html",
        status=status_of(answer),
        ballot=ballot,
        reason=answer.reason.strip("_"),
        message=answer.message,
    )


def receipt_context(
    ballot: BallotPage, chosen: Ballot, receipt: Receipt, *, changed: bool, token: bool = True
) -> TemplateContext:
    """The receipt page's context: the choices shown back, the tracker, the board hash, and
    (`token`: on the voter's own device only) the change code."""
    return shown_back(
        ballot,
        chosen,
        receipt=receipt.tracker,
        sealed_hash=receipt.sealed_hash,
        token=receipt.token if token else "",
        changed=changed,
    )


async def _voter(
    ballot: BallotPage, form: dict[str, list[str]], request: WebRequest
) -> tuple[Voter | None, str, str]:
    """The voter of a ballot form (signed pass, or a code typed on the form), its pass, error."""
    value = (form.get("pass") or [""])[-1]
    if value:
        read = passes.read(current_settings().secret_key, value, ballot.round.id, int(time.time()))
        if read is None or not read.code_hash:
            return None, "", outcomes.TAMPERED
        check = await services.verify_code_hash(ballot.round.id, read.code_hash)
        if read.replaces and check.outcome == services.USED:
            return check.voter, value, ""
        if check.outcome == services.OK and not read.replaces:
            return check.voter, value, ""
        return None, "", store.ALREADY_VOTED if check.outcome == services.USED else check.outcome
    check = await services.verify_code(
        ballot.round.id, (form.get("code") or [""])[-1], client_address(request)
    )
    if check.outcome == services.OK and check.voter is not None:
        return check.voter, _sign(check.voter), ""
    return None, "", store.ALREADY_VOTED if check.outcome == services.USED else check.outcome


def _status(code: str) -> int:
    return {
        services.THROTTLED: 429,
        store.ALREADY_VOTED: 409,
        store.CLOSED: 403,
        services.NOT_ALLOWED: 403,
    }.get(code, 400)


def read_ballot(
    ballot: BallotPage, form: dict[str, list[str]], prefix: str = ""
) -> tuple[Ballot, list[rules.Problem]]:
    """The submitted ballot of the round's type, with every problem (form first, then rules)."""
    chosen, problems = ballot_form.parse(
        ballot.round.rules.ballot_type, ballot.options, form, prefix
    )
    return chosen, problems or services.check_ballot(ballot, chosen)


async def _after_code(
    ballot: BallotPage,
    check: CodeCheck,
    form: dict[str, list[str]],
    request: WebRequest,
) -> Template:
    if check.voter is not None and check.outcome == services.OK:
        return _ballot(ballot, _sign(check.voter))
    if check.voter is None or check.outcome != services.USED:
        return _start(ballot, _status(check.outcome), messages.outcome(check.outcome))
    if not ballot.round.rules.allow_vote_change:
        return _start(ballot, 409, messages.outcome(store.ALREADY_VOTED))
    token = (form.get("token") or [""])[-1]
    if not token:
        return _start(ballot, 200, "", ask_token=True, already=True)
    replaces = await services.verify_token(check.voter, token, client_address(request))
    if replaces is None:
        return _start(ballot, 400, messages.outcome(store.TOKEN_UNKNOWN), ask_token=True)
    return _ballot(ballot, _sign(check.voter, replaces))


@route("/stemmen/{round_id:int}", http_method=[HttpMethod.GET, HttpMethod.POST], name="vote_start")
async def vote_start(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Enter the voting code from the letter (and, to change a ballot, the change code)."""
    ballot = await _page(round_id)
    if request.method == HttpMethod.GET:
        return _start(ballot)
    if not ballot.open_at_now():
        return _start(ballot, 403, messages.outcome(store.CLOSED))
    form = await form_lists(request)
    code = (form.get("code") or [""])[-1]
    check = await services.verify_code(round_id, code, client_address(request))
    return await _after_code(ballot, check, form, request)


@get("/stemmen/{round_id:int}/stembiljet", name="vote_ballot")
async def vote_ballot(round_id: FromPath[int]) -> Template:
    """The ballot with a code field, for voters who fill in everything on one page."""
    return _ballot(await _page(round_id), "")


@post("/stemmen/{round_id:int}/controleren", name="vote_confirm")
async def vote_confirm(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Recalculate the total, or show the choices back for confirmation."""
    ballot = await _page(round_id)
    form = await form_lists(request)
    voter, voting_pass, error = await _voter(ballot, form, request)
    chosen, problems = read_ballot(ballot, form)
    if voter is None:
        if error in (outcomes.TAMPERED, store.ALREADY_VOTED, services.THROTTLED):
            return _start(ballot, _status(error), messages.outcome(error))
        return _ballot(ballot, "", chosen, status=_status(error), error=messages.outcome(error))
    if (form.get("action") or [""])[-1] == "recalculate" or problems:
        return _ballot(ballot, voting_pass, chosen, problems, 400 if problems else 200)
    return page(
        "vote/confirm.html", status=200, **shown_back(ballot, chosen, voting_pass=voting_pass)
    )


async def _cast_voter(
    ballot: BallotPage, form: dict[str, list[str]], request: WebRequest
) -> tuple[Voter | None, passes.VotingPass | None, str]:
    """The voter of a cast (as `_voter`), with the pass it came with: no pass is signed here
    for a typed code (its only use would be to read it straight back)."""
    value = (form.get("pass") or [""])[-1]
    if value:
        read = passes.read(current_settings().secret_key, value, ballot.round.id, int(time.time()))
        if read is None or not read.code_hash:
            return None, None, outcomes.TAMPERED
        check = await services.verify_code_hash(ballot.round.id, read.code_hash)
        if check.outcome == (services.USED if read.replaces else services.OK):
            return check.voter, read, ""
        return None, None, store.ALREADY_VOTED if check.outcome == services.USED else check.outcome
    check = await services.verify_code(
        ballot.round.id, (form.get("code") or [""])[-1], client_address(request)
    )
    if check.outcome == services.OK and check.voter is not None:
        return check.voter, None, ""
    return None, None, store.ALREADY_VOTED if check.outcome == services.USED else check.outcome


def _pass_for(voter: Voter, read: passes.VotingPass | None, form: dict[str, list[str]]) -> str:
    """The pass to carry on a ballot shown again: the one that came, or one for the code."""
    return (form.get("pass") or [""])[-1] if read is not None else _sign(voter)


@post("/stemmen/{round_id:int}/uitbrengen", name="vote_cast")
async def vote_cast(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Cast the ballot: one transaction, then the receipt (and the change code, once)."""
    ballot = await _page(round_id)
    form = await form_lists(request)
    voter, read, error = await _cast_voter(ballot, form, request)
    chosen, problems = read_ballot(ballot, form)
    if voter is None:
        return _start(ballot, _status(error), messages.outcome(error))
    if problems:
        return _ballot(ballot, _pass_for(voter, read, form), chosen, problems, 400)
    replaces = read.replaces if read is not None else ""
    if replaces:
        answer = await services.change_ballot(ballot, voter, replaces, chosen)
    else:
        answer = await services.cast_ballot(ballot, voter, chosen)
    if answer.value is not None:
        shown = receipt_context(ballot, chosen, answer.value, changed=bool(replaces))
        return page("vote/receipt.html", status=status_of(answer), **shown)
    if answer.field_problems:
        voting_pass = _pass_for(voter, read, form)
        found = list(answer.field_problems.values())
        return _ballot(ballot, voting_pass, chosen, status=status_of(answer), found=found)
    return _start(ballot, status_of(answer), answer.message)


ROUTES = [vote_start, vote_ballot, vote_confirm, vote_cast]
