"""A small municipality written straight into the tables: areas, rounds, votes, results, projects.

Every name is unique per call, so the figures of one world are not disturbed by other tests.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest


@dataclass
class World:
    """Ids and codes of what `build_world` created."""

    root: str
    north: str
    south: str
    buurt_a: str
    buurt_b: str
    buurt_c: str
    postcode_a: str
    rounds: dict[str, int] = field(default_factory=dict)
    proposals: dict[str, int] = field(default_factory=dict)
    certificate_id: int = 0
    certificate_body: str = ""
    audit_head: str = ""
    projects: dict[str, int] = field(default_factory=dict)
    programme_id: int = 0


async def _insert(table: Any, **values: Any) -> int:
    rows = await table.insert(table(**values)).returning(table.id)
    return int(rows[0]["id"])


async def _area(code: str, name: str, level: str, parent: int | None) -> int:
    from app.areas.tables import Area

    return await _insert(
        Area, code=code, name=name, level=level, parent=parent, valid_from=date(2019, 1, 1)
    )


async def build_world(**names: str) -> World:
    """Root > North (buurten A, B) and South (buurt C); rounds in 2024 and 2025 (see tests).

    Keyword arguments override resident-facing texts (user name, email, comment, title...).
    """
    from app.accounts.tables import User
    from app.areas.tables import PostcodeRange
    from app.programmes.tables import Programme
    from app.rounds.tables import Round
    from ballots.box.tables import Ballot, Participation, VotingCode
    from ballots.results.tables import Certificate, Result
    from ballots.tables import BallotOption
    from deliberation.tables import Comment
    from delivery.tables import Milestone, Project
    from proposals.tables import Proposal

    tag = secrets.token_hex(3).upper()
    digits = 1000 + secrets.randbelow(8000)
    world = World(
        root=f"GM{tag}",
        north=f"WK{tag}1",
        south=f"WK{tag}2",
        buurt_a=f"BU{tag}11",
        buurt_b=f"BU{tag}12",
        buurt_c=f"BU{tag}21",
        postcode_a=f"{digits}QA",
    )
    root = await _area(world.root, f"Gemeente {tag}", "municipality", None)
    north = await _area(world.north, f"Noord {tag}", "district", root)
    south = await _area(world.south, names.get("south_name", f"Zuid {tag}"), "district", root)
    buurt_a = await _area(world.buurt_a, f"Buurt A {tag}", "buurt", north)
    await _area(world.buurt_b, f"Buurt B {tag}", "buurt", north)
    await _area(world.buurt_c, f"Buurt C {tag}", "buurt", south)
    await _insert(PostcodeRange, digits=digits, letters_from="QA", letters_to="QB", area=buurt_a)
    users = [
        await _insert(
            User,
            email=names.get("email", f"x{tag}@example.org").replace("@", f"{n}@"),
            name=names.get("user_name", f"Bewoner {tag}") + f" {n}",
            password_hash="not-a-hash",
            postcode=names.get("postcode", world.postcode_a),
        )
        for n in range(2)
    ]

    def when(year: int) -> datetime:
        return datetime(year, 5, 1, tzinfo=UTC)

    for key, area, year, phase in (
        ("r2024", north, 2024, "closed"),
        ("r2025", north, 2025, "certified"),
        ("south", south, 2025, "voting"),
        ("draft", north, 2025, "draft"),
    ):
        world.rounds[key] = await _insert(
            Round,
            area=area,
            title=f"{names.get('round_title', 'Ronde')} {key} {tag}",
            amount_cents=100_000_00,
            phase=phase,
            voting_starts=when(year),
            counting_starts=when(year).replace(month=6),
        )
    for key, count in (("r2024", 3), ("r2025", 2), ("south", 1), ("draft", 1)):
        for n in range(count):
            world.proposals[f"{key}-{n}"] = await _insert(
                Proposal,
                round=world.rounds[key],
                author=users[n % 2],
                title=f"{names.get('proposal_title', 'Plan')} {key} {n}",
                summary="Een korte samenvatting",
                cost_cents=10_000_00 * (n + 1),
                area=buurt_a,
                hidden="spam" if key == "r2025" and n == 1 else "",
            )
    await _insert(
        Comment,
        proposal=world.proposals["r2024-0"],
        author=users[0],
        body=names.get("comment", f"Mooi plan {tag}"),
    )
    r1, r2 = world.rounds["r2024"], world.rounds["r2025"]
    for round_id, buurt, status, house in (
        [(r1, world.buurt_a, "issued", str(n)) for n in range(2)]
        + [(r1, world.buurt_a, "used", "9"), (r1, world.buurt_a, "voided", "8")]
        + [(r1, world.buurt_b, "issued", str(n)) for n in range(2)]
        + [(r2, world.buurt_a, "issued", str(n)) for n in range(2)]
    ):
        await _insert(
            VotingCode,
            round=round_id,
            code_hash=secrets.token_hex(32),
            postcode=names.get("postcode", world.postcode_a),
            house_number=house,
            name=names.get("addressee", ""),
            buurt_code=buurt,
            status=status,
        )
    for round_id, buurt, channel in (
        (r1, world.buurt_a, "online"),
        (r1, world.buurt_a, "online"),
        (r1, world.buurt_b, "paper"),
        (r2, world.buurt_a, "online"),
        (world.rounds["south"], world.buurt_c, "online"),
    ):
        await _insert(
            Participation,
            round=round_id,
            voter_key=names.get("voter_key", secrets.token_hex(30)) + secrets.token_hex(2),
            channel=channel,
            buurt_code=buurt,
            voted_on=date(2024, 5, 2),
        )
        await Ballot.insert(
            Ballot(
                id=secrets.token_hex(16),
                round=round_id,
                choices='["P1"]',
                receipt=secrets.token_hex(5)[:11],
                channel=channel,
            )
        )
    for key, cost in (("P1", 30_000_00), ("P2", 20_000_00), ("P3", 10_000_00)):
        await _insert(
            BallotOption,
            round=r1,
            proposal_id=world.proposals["r2024-0"],
            slot=f"{r1}:{key}",
            project_key=key,
            title=f"Project {key} {tag}",
            summary="",
            cost_cents=cost,
            position=int(key[1]),
        )

    async def result(round_id: int, status: str, selected: list[str]) -> int:
        return await _insert(
            Result,
            round=round_id,
            status=status,
            rule="greedy",
            parameters="{}",
            outcome=json.dumps({"selected": selected}),
            counts=json.dumps({"eligible": 7, "participations": 3, "ballots": {"online": 2}}),
            ballots_sha256="b" * 64,
        )

    await result(r1, "rejected", ["P2"])
    certified = await result(r1, "certified", ["P1", "P3"])
    await result(r2, "draft", ["P1"])
    world.certificate_body = json.dumps(
        {"round": r1, "rule": "greedy", "funded": ["P1", "P3"]}, sort_keys=True
    )
    from app.audit.services import append_event
    from app.db import transaction

    # A head the chain really holds: `wijkstem audit verify` (and a restore) checks every
    # certificate's head, also this hand-made one's, whichever test runs after this fixture.
    async with transaction():
        world.audit_head = await append_event("test", "result.certify", f"round:{r1}")
    world.certificate_id = await _insert(
        Certificate,
        result=certified,
        round=r1,
        body=world.certificate_body,
        sha256=hashlib.sha256(world.certificate_body.encode()).hexdigest(),
        audit_head=world.audit_head,
    )
    world.programme_id = await _insert(
        Programme, area=north, year=2024, title=f"Programma {tag}", total_cents=500_000_00
    )
    for key, amount, spent, status in (
        ("P1", 30_000_00, 29_000_00, "delivered"),
        ("P3", 10_000_00, 5_000_00, "in_progress"),
    ):
        world.projects[key] = await _insert(
            Project,
            programme=world.programme_id,
            round=r1,
            certificate_id=world.certificate_id,
            proposal_id=world.proposals["r2024-0"],
            project_key=key,
            slot=f"{r1}:{key}",
            title=f"Project {key} {tag}",
            amount_cents=amount,
            committed_cents=amount,
            spent_cents=spent,
            status=status,
        )
    await _insert(
        Milestone, project=world.projects["P1"], title="Aanbesteding", planned_on=date(2024, 9, 1)
    )
    await _insert(Milestone, project=world.projects["P1"], title="Opgeleverd", note="Klaar")
    return world


@pytest.fixture
def make_world() -> Callable[..., Awaitable[World]]:
    """Build a fresh world (see `build_world`)."""
    return build_world
