"""Staff pages for voting without a code or account: desk registration, desk voting, paper entry."""

from __future__ import annotations

from litestar import HttpMethod, get, post, route
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.answer import Answer, done
from app.i18n import _
from app.web.answers import status_of
from app.web.helpers import form_data, form_lists, page, redirect, staff_required, user_of
from app.web.types import WebRequest
from ballots.box import ballot_form, eligibility, messages, paper, rules, services, store
from ballots.box.controllers import (
    ballot_context,
    blocked_page,
    read_ballot,
    receipt_context,
    shown_back,
)
from ballots.box.services import BallotPage
from ballots.counting.model import Ballot

DEFAULT_ROWS = 5
MAX_ROWS = paper.MAX_BATCH


async def _page(round_id: int) -> BallotPage:
    found = await services.ballot_page(round_id)
    if found is None:
        raise NotFoundException()
    return found


@route(
    "/beheer/stemmen/{round_id:int}/balie",
    http_method=[HttpMethod.GET, HttpMethod.POST],
    name="vote_desk",
    guards=[staff_required],
)
async def vote_desk(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Register a resident without email at the desk (name, postcode, house number; no BSN)."""
    ballot = await _page(round_id)
    data: dict[str, str] = {}
    answer: Answer[eligibility.DeskReference] = done()
    status = 200
    if request.method == HttpMethod.POST:
        data = await form_data(request)
        answer = await eligibility.register_at_desk(
            ballot.round,
            user_of(request),
            data.get("name", ""),
            data.get("postcode", ""),
            data.get("house_number", ""),
        )
        status = status_of(answer, ok=201)
    return await _desk_page(ballot, status, answer, data)


async def _desk_page(
    ballot: BallotPage,
    status: int,
    answer: Answer[eligibility.DeskReference],
    data: dict[str, str],
    error: str = "",
    done: str = "",
) -> Template:
    return page(
        "vote/desk.html",
        status=status,
        ballot=ballot,
        errors=answer.problems,
        reference=answer.value.reference if answer.value else "",
        pending_reference=answer.value.pending if answer.value else False,
        form=data if answer.problems else {},
        registered=await eligibility.desk_count(ballot.round.id),
        awaiting=await eligibility.pending_desk(ballot.round.id),
        error=error,
        done=done,
    )


@post(
    "/beheer/stemmen/{round_id:int}/balie-bevestigen/{registration_id:int}",
    name="vote_desk_approve",
    guards=[staff_required],
)
async def vote_desk_approve(
    request: WebRequest, round_id: FromPath[int], registration_id: FromPath[int]
) -> Template:
    """A second staff member confirms a desk registration of someone outside the register."""
    ballot = await _page(round_id)
    answer = await eligibility.confirm_desk(ballot.round, user_of(request), registration_id)
    return await _desk_page(
        ballot,
        status_of(answer),
        done(),
        {},
        error=answer.message,
        done=_("Confirmed: this resident can now vote at the desk or on paper.")
        if answer.ok
        else "",
    )


def _desk_ballot(
    ballot: BallotPage,
    reference: FromPath[str],
    chosen: Ballot,
    problems: list[rules.Problem],
    status: int = 200,
    answer: Answer[services.Receipt] | None = None,
) -> Template:
    return page(
        "vote/ballot.html",
        status=status,
        **ballot_context(
            ballot,
            chosen,
            problems,
            found=list(answer.field_problems.values()) if answer else [],
            form_action=f"/beheer/stemmen/{ballot.round.id}/balie/{reference}/controleren",
            intro=_(
                "Desk vote for registration {reference}. Let the resident choose in private."
            ).format(reference=reference),
        ),
    )


async def _desk_voter(ballot: BallotPage, reference: str) -> services.Voter:
    voter = await eligibility.desk_voter(ballot.round.id, reference)
    if voter is None:
        raise NotFoundException()
    return voter


@get(
    "/beheer/stemmen/{round_id:int}/balie/{reference:str}",
    name="vote_desk_ballot",
    guards=[staff_required],
)
async def vote_desk_ballot(round_id: FromPath[int], reference: FromPath[str]) -> Template:
    """The ballot on the desk's screen for a registered resident."""
    ballot = await _page(round_id)
    voter = await _desk_voter(ballot, reference)
    if await services.has_voted(voter):
        return page(
            "vote/account_blocked.html",
            status=409,
            ballot=ballot,
            reason="voted",
            message=messages.outcome(store.ALREADY_VOTED),
        )
    return _desk_ballot(ballot, eligibility.normalise_reference(reference), Ballot(()), [])


@post(
    "/beheer/stemmen/{round_id:int}/balie/{reference:str}/controleren",
    name="vote_desk_confirm",
    guards=[staff_required],
)
async def vote_desk_confirm(
    request: WebRequest, round_id: FromPath[int], reference: FromPath[str]
) -> Template:
    """Show the desk voter's choices back."""
    ballot = await _page(round_id)
    await _desk_voter(ballot, reference)
    form = await form_lists(request)
    chosen, problems = read_ballot(ballot, form)
    if problems or (form.get("action") or [""])[-1] == "recalculate":
        return _desk_ballot(ballot, reference, chosen, problems, 400 if problems else 200)
    return page(
        "vote/confirm.html",
        status=200,
        **shown_back(
            ballot,
            chosen,
            cast_url=f"/beheer/stemmen/{round_id}/balie/{reference}/uitbrengen",
            edit_url=f"/beheer/stemmen/{round_id}/balie/{reference}/controleren",
        ),
    )


@post(
    "/beheer/stemmen/{round_id:int}/balie/{reference:str}/uitbrengen",
    name="vote_desk_cast",
    guards=[staff_required],
)
async def vote_desk_cast(
    request: WebRequest, round_id: FromPath[int], reference: FromPath[str]
) -> Template:
    """Cast the desk voter's ballot (channel desk) and show the receipt."""
    ballot = await _page(round_id)
    voter = await _desk_voter(ballot, reference)
    chosen, problems = read_ballot(ballot, await form_lists(request))
    if problems:
        return _desk_ballot(ballot, reference, chosen, problems, 400)
    answer = await services.cast_ballot(ballot, voter, chosen, channel="desk")
    if answer.value is None and answer.field_problems:
        return _desk_ballot(ballot, reference, chosen, [], status_of(answer), answer)
    if answer.value is None:
        return blocked_page(ballot, answer)
    shown = receipt_context(ballot, chosen, answer.value, changed=False, token=False)
    return page("vote/receipt.html", status=status_of(answer), **shown)


def _rows(value: str) -> int:
    return min(MAX_ROWS, max(1, int(value))) if value.isdigit() else DEFAULT_ROWS


async def _paper_page(
    ballot: BallotPage,
    rows: int,
    status: int = 200,
    problems: list[str] | None = None,
    form: dict[str, list[str]] | None = None,
) -> Template:
    form = form or {}
    kind = ballot.round.rules.ballot_type
    entered = []
    for at in range(rows):
        prefix = f"b{at}-"
        chosen, _problems = ballot_form.parse(kind, ballot.options, form, prefix)
        filled = ballot_form.state(kind, chosen)
        entered.append(
            {
                "prefix": prefix,
                "voter": (form.get(f"{prefix}voter") or [""])[-1],
                "chosen": filled.chosen,
                "values": filled.values,
            }
        )
    return page(
        "vote/paper.html",
        status=status,
        ballot=ballot,
        rows=entered,
        row_count=rows,
        problems=problems or [],
        label=(form.get("label") or [""])[-1],
        batches=await paper.batches(ballot.round.id),
        open=ballot.open_at_now(),
    )


@get("/beheer/stemmen/{round_id:int}/papier", name="vote_paper", guards=[staff_required])
async def vote_paper(round_id: FromPath[int], rows: FromQuery[str] = "") -> Template:
    """Enter a batch of paper ballots; the round's batches and their state."""
    return await _paper_page(await _page(round_id), _rows(rows))


@post("/beheer/stemmen/{round_id:int}/papier", name="vote_paper_enter", guards=[staff_required])
async def vote_paper_enter(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Store a whole batch as pending, or refuse all of it with every problem named."""
    ballot = await _page(round_id)
    form = await form_lists(request)
    rows = _rows((form.get("rows") or [""])[-1])
    inputs = []
    for at in range(rows):
        prefix = f"b{at}-"
        voter = (form.get(f"{prefix}voter") or [""])[-1]
        chosen, problems = ballot_form.parse(
            ballot.round.rules.ballot_type, ballot.options, form, prefix
        )
        if voter or chosen.projects:
            inputs.append(paper.PaperInput(voter, chosen, tuple(problems)))
    result = await paper.enter_batch(
        ballot, user_of(request), (form.get("label") or [""])[-1], inputs
    )
    if not result.ok:
        return await _paper_page(
            ballot, rows, status_of(result), list(result.problems.values()), form
        )
    return redirect(f"/beheer/stemmen/papier/{result.value}")


async def _batch(batch_id: int) -> tuple[paper.BatchView, BallotPage]:
    found = await paper.batch(batch_id)
    if found is None:
        raise NotFoundException()
    return found, await _page(found.round)


def _batch_page(
    found: paper.BatchView,
    ballot: BallotPage,
    me: int | None,
    status: int = 200,
    problems: list[str] | None = None,
) -> Template:
    kind = ballot.round.rules.ballot_type
    entries = [
        {
            "position": e.position,
            "hint": e.hint,
            "ballot": e.ballot,
            "lines": ballot_form.lines(kind, ballot.options, e.ballot),
        }
        for e in found.entries
    ]
    return page(
        "vote/paper_batch.html",
        status=status,
        batch=found,
        ballot=ballot,
        entries=entries,
        problems=problems or [],
        mine=found.entered_by == me,
    )


@get("/beheer/stemmen/papier/{batch_id:int}", name="vote_paper_batch", guards=[staff_required])
async def vote_paper_batch(request: WebRequest, batch_id: FromPath[int]) -> Template:
    """A batch as entered, for the second staff member to check against the paper."""
    found, ballot = await _batch(batch_id)
    return _batch_page(found, ballot, user_of(request).id)


@post(
    "/beheer/stemmen/papier/{batch_id:int}/bevestigen",
    name="vote_paper_confirm",
    guards=[staff_required],
)
async def vote_paper_confirm(request: WebRequest, batch_id: FromPath[int]) -> Template | Redirect:
    """The second staff member confirms: the batch's ballots are cast together."""
    found, ballot = await _batch(batch_id)
    user = user_of(request)
    answer = await paper.confirm_batch(ballot, user, batch_id)
    if not answer.ok:
        return _batch_page(found, ballot, user.id, status_of(answer), [answer.message])
    return redirect(f"/beheer/stemmen/papier/{batch_id}")


@post(
    "/beheer/stemmen/papier/{batch_id:int}/weggooien",
    name="vote_paper_discard",
    guards=[staff_required],
)
async def vote_paper_discard(request: WebRequest, batch_id: FromPath[int]) -> Template | Redirect:
    """Throw away a pending batch so it can be entered again."""
    found, ballot = await _batch(batch_id)
    user = user_of(request)
    answer = await paper.discard_batch(ballot, user, batch_id)
    if not answer.ok:
        return _batch_page(found, ballot, user.id, status_of(answer), [answer.message])
    return redirect(f"/beheer/stemmen/{ballot.round.id}/papier")


ROUTES = [
    vote_desk,
    vote_desk_ballot,
    vote_desk_confirm,
    vote_desk_cast,
    vote_desk_approve,
    vote_paper,
    vote_paper_enter,
    vote_paper_batch,
    vote_paper_confirm,
    vote_paper_discard,
]
