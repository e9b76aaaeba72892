"""Demo results: ballots in the closed demo rounds, opened with two shares of the box key,
counted and certified by the two certifiers.

The demo rounds were created directly in their phase, so for a moment the loader puts each
back in voting (without dates), imports its voter register, lets 40 people vote with the codes
from their register letters, then counts it, lets the two demo certifiers certify it and puts
the round back in its phase. Idempotent: a round that already has ballots is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime

from app.accounts import queries as accounts
from app.accounts.permissions import Principal
from app.rounds.demo import DEMO_ROUNDS, force_phase
from app.rounds.queries import RoundView, rounds_list
from ballots import queries as ballot_list
from ballots.box import keys, opening
from ballots.box import queries as box
from ballots.box import services as box_services
from ballots.box.issuing import generate_from_register
from ballots.counting import Ballot
from ballots.register.demo import import_counted_register
from ballots.results import jobs, queries, services

PHASES = ("counting", "certified", "implementing", "closed")
VOTERS = 40
# The demo certifiers' passwords as README.md lists them (demo data only).
CERTIFIERS = (
    ("certifier@wijkstem.example", "demo-cert-2026"),
    ("certifier2@wijkstem.example", "demo-cert2-2026"),
)


async def _set_phase(
    round_id: int, phase: str, dates: Mapping[str, datetime | None] | None = None
) -> None:
    if dates is None:
        await force_phase(round_id, phase)
    else:
        await force_phase(round_id, phase, dates["voting"], dates["counting"], set_dates=True)
    box_services.forget_caches()


async def _cast(round_id: int, seed: int) -> int:
    page = await box_services.ballot_page(round_id)
    if page is None or not page.options:
        return 0
    chooser = random.Random(seed)  # noqa: S311 (demo choices, not security)
    keys = [o.key for o in page.options]
    most = page.round.rules.ballot_max or 3
    cast = 0
    letters = await generate_from_register(round_id, actor="system")
    if letters.value is None:  # no register, or its letters went out in an earlier, broken load
        return 0
    for item in letters.value[:VOTERS]:
        wanted = chooser.sample(keys, k=chooser.randint(1, min(most, 3, len(keys))))
        ballot = Ballot(projects=tuple(k for k in keys if k in wanted))
        check = await box_services.verify_code(round_id, item.code, "demo")
        if check.voter is None or box_services.check_ballot(page, ballot):
            continue
        answer = await box_services.cast_ballot(page, check.voter, ballot)
        cast += answer.ok
    return cast


async def _certifiers() -> list[tuple[Principal, str]]:
    found = []
    for email, password in CERTIFIERS:
        user_id = await accounts.user_id_by_email(email)
        if user_id is not None:
            grants = frozenset({("certifier", "")})
            found.append((Principal(id=user_id, email=email, grants=grants), password))
    return found


async def _certify(round_id: int) -> bool:
    counted = await jobs.count_now(round_id)
    people = await _certifiers()
    if not counted.ok or counted.value is None or len(people) < 2:
        return False
    (first, _pw), (second, password) = people[0], people[1]
    await services.approve_result(first, round_id, counted.value)
    done = await services.approve_result(second, round_id, counted.value, password)
    return done.ok


def demo_seed(title: str) -> bytes:
    """The seed of a demo round's box key: its shares are printed in README.md."""
    return f"wijkstem-demo:{title}".encode()


async def _key(view: RoundView) -> list[str]:
    """The demo key of a round (certifier, second certifier, the safe): the same every run."""
    holders: list[int | None] = [u.id for u, _pw in await _certifiers()]
    phase = view.phase
    await _set_phase(view.id, "deliberating")
    try:
        made = await keys.hand_out(view.id, [*holders, None], 2, seed=demo_seed(view.title))
        return made.value or []
    finally:
        await _set_phase(view.id, phase)


async def load_results_demo() -> str:
    """Give the rounds in voting their box key; cast, open with two shares, count and certify
    the demo rounds past voting (the round in counting stays sealed); a one-line summary."""
    ballots = certified = 0
    titles = {demo.title for demo in DEMO_ROUNDS}
    for view in await rounds_list():
        if view.phase == "voting" and await keys.key_state(view.id) is None:
            await _key(view)
        if view.title not in titles:
            continue  # replay only the demo's own rounds (a database may hold others)
        if view.phase not in PHASES or await box.ballots_cast(view.id) > 0:
            continue
        if not await ballot_list.ballot_options(view.id):
            continue
        shares = await _key(view)
        dates = {"voting": view.schedule.get("voting"), "counting": view.schedule.get("counting")}
        await _set_phase(view.id, "voting", {"voting": None, "counting": None})
        try:
            await import_counted_register(view.id)
            box_services.forget_caches()
            ballots += await _cast(view.id, view.id)
        finally:
            await _set_phase(view.id, "counting", dates)
        if view.phase != "counting" and await queries.current_certificate(view.id) is None:
            await opening.open_box("system", view.id, shares[:2])
            certified += await _certify(view.id)
            await _set_phase(view.id, view.phase)
    if not (ballots or certified):
        return "results: already loaded, nothing changed"
    return f"results: cast {ballots} demo ballots, certified {certified} results"
