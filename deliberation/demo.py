"""Demo deliberation: supports, comment threads, moderation, a meeting and confirmed ballots."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from app.accounts import demo as demo_accounts
from app.accounts.permissions import Principal
from app.audit.services import append_event
from app.db import transaction
from app.rounds import phases
from app.rounds.demo import DEMO_ROUNDS
from app.rounds.queries import RoundView, round_by_id, round_id_by_title
from ballots import ballot_list
from ballots import queries as ballot_queries
from deliberation import proposal_rows
from deliberation.tables import Comment, Meeting, Support

NEIGHBOURS = ("buur1@wijkstem.example", "buur2@wijkstem.example", "buur3@wijkstem.example")
STAFF_EMAIL = "staff@wijkstem.example"
RESIDENT_EMAIL = "bewoner@wijkstem.example"


async def _user_id(email: str, name: str = "", postcode: str = "") -> int | None:
    return await demo_accounts.account_without_login(email, name, postcode)


async def _neighbours() -> list[int]:
    ids = []
    for number, email in enumerate(NEIGHBOURS, start=1):
        user_id = await _user_id(email, f"Demo-buur {number}", "9713AB")
        if user_id is not None:
            ids.append(user_id)
    return ids


async def _supports(proposals: list[proposal_rows.ProposalSummary], supporters: list[int]) -> int:
    added = 0
    async with transaction():
        for index, proposal in enumerate(proposals):
            for user_id in supporters[: len(supporters) - index % len(supporters)]:
                pid = proposal.id
                await Support.insert(Support(proposal=pid, user=user_id, pair=f"{pid}:{user_id}"))
                await proposal_rows.adjust_counts(pid, supports=1)
                added += 1
    return added


async def _thread(proposal_id: int, resident: int, staff: int, neighbour: int) -> None:
    async with transaction():
        rows = await Comment.insert(
            Comment(
                proposal=proposal_id,
                author=resident,
                body="Mooi plan! Komt er ook een bankje bij?\nDan kunnen ouderen even uitrusten.",
            )
        ).returning(Comment.id)
        question = int(rows[0]["id"])
        await Comment.insert(
            Comment(
                proposal=proposal_id,
                parent=question,
                author=staff,
                official="staff",
                body="Een bankje past binnen de begroting; we nemen het mee in de uitvoering.",
            ),
            Comment(proposal=proposal_id, parent=question, author=neighbour, body="Goed idee."),
        )
        hidden = await Comment.insert(
            Comment(
                proposal=proposal_id,
                author=neighbour,
                body="(verwijderde tekst)",
                hidden_reason="Persoonlijke aanval; niet volgens de huisregels.",
            )
        ).returning(Comment.id)
        await proposal_rows.adjust_counts(proposal_id, comments=4)
        await append_event(
            "system",
            "moderation.hide",
            f"comment:{hidden[0]['id']}",
            {"reason": "Persoonlijke aanval; niet volgens de huisregels."},
        )


async def _meeting(round_view: RoundView, proposal_ids: list[int], staff: int) -> None:
    when = datetime.now(UTC).replace(hour=18, minute=30, second=0, microsecond=0)
    async with transaction():
        rows = await Meeting.insert(
            Meeting(
                round=round_view.id,
                title=f"Bewonersavond {round_view.area_name}",
                starts_at=when - timedelta(days=7),
                place="Buurthuis, grote zaal",
                agenda="1. Welkom\n2. De voorstellen\n3. Vragen aan de gemeente",
                minutes="Ongeveer veertig bewoners. Veel steun voor de eerste twee voorstellen.",
                proposal_ids=json.dumps(proposal_ids[:2]),
                created_by=staff,
            )
        ).returning(Meeting.id)
        await append_event(
            "system", "meeting.create", f"meeting:{rows[0]['id']}", {"round": round_view.id}
        )


async def _ballot(round_view: RoundView, staff: Principal) -> int:
    if await ballot_queries.confirmation(round_view.id) is not None:
        return 0
    rows = await proposal_rows.proposals_for_round(
        round_view.id, list(ballot_list.QUALIFYING_STATUSES)
    )
    chosen = ballot_list.ballot_order(
        [{**asdict(row), "ballot_cost_cents": row.cost_cents} for row in rows]
    )
    if not chosen:
        return 0
    ids = await ballot_list.write_ballot_list(staff, round_view, chosen, [])
    return len(ids or [])


async def load_deliberation_demo() -> str:
    """Add the deliberation of the demo rounds where it is missing; twice changes nothing."""
    staff_id = await _user_id(STAFF_EMAIL)
    resident_id = await _user_id(RESIDENT_EMAIL)
    if staff_id is None or resident_id is None:
        return "deliberation: demo accounts missing, load the accounts demo first"
    staff = Principal(id=staff_id, grants=frozenset({("staff", "")}))
    neighbours = await _neighbours()
    supports = threads = meetings = options = 0
    for spec in DEMO_ROUNDS:
        round_id = await round_id_by_title(spec.area_code, spec.title)
        round_view = None if round_id is None else await round_by_id(round_id)
        if round_view is None or round_view.phase in ("draft", "proposing"):
            continue
        proposals = await proposal_rows.proposals_for_round(round_view.id)
        ids = [p.id for p in proposals]
        if not ids:
            continue
        if not await Support.exists().where(Support.proposal.is_in(ids)):
            supports += await _supports(proposals, neighbours)
        if not await Comment.exists().where(Comment.proposal == ids[0]):
            await _thread(ids[0], resident_id, staff_id, neighbours[0])
            threads += 1
        if not await Meeting.exists().where(Meeting.round == round_view.id):
            await _meeting(round_view, ids, staff_id)
            meetings += 1
        if phases.index(round_view.phase) >= phases.index("voting"):
            options += await _ballot(round_view, staff)
    if not (supports or threads or meetings or options):
        return "deliberation: already loaded, nothing changed"
    return (
        f"deliberation: added {supports} supports, {threads} comment threads, "
        f"{meetings} meetings, {options} ballot options"
    )
