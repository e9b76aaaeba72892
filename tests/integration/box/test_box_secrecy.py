"""Secrecy of stored ballots: the schema and the rows hold no link from a ballot to a voter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_board import close
from tests.integration.box.test_box_cast import vote

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[VotingRound]]
FORBIDDEN = (
    "user",
    "account",
    "code",
    "voter",
    "participation",
    "address",
    "postcode",
    "house",
    "name",
    "time",
    "date",
    "created",
    "at",
    "seq",
)


async def _columns(table: str) -> list[tuple[str, str]]:
    from app.db import is_sqlite
    from ballots.box.tables import Ballot as BallotTable

    if is_sqlite():
        rows = await BallotTable.raw(f'PRAGMA table_info("{table}")')
        return [(str(r["name"]), str(r["type"])) for r in rows]
    rows = await BallotTable.raw(
        "SELECT column_name AS name, data_type AS type "
        "FROM information_schema.columns WHERE table_name = {}",
        table,
    )
    return [(str(r["name"]), str(r["type"])) for r in rows]


async def test_ballot_schema_has_no_link_to_voters() -> None:
    """No ballot column names a user, code, participation, address or time; the key is random."""
    from app.db import is_sqlite
    from ballots.box.tables import Ballot as BallotTable

    names = [name for name, _ in await _columns("ballot")]
    assert sorted(names) == sorted(
        ["id", "round", "choices", "receipt", "channel", "status", "token_hash"]
    )
    for name in names:
        for word in FORBIDDEN:
            assert word not in name.split("_"), f"ballot.{name} looks like {word}"
    if is_sqlite():
        sql = await BallotTable.raw("SELECT sql FROM sqlite_master WHERE name = 'ballot'")
        text = str(sql[0]["sql"]).upper()
        assert "WITHOUT ROWID" in text and "AUTOINCREMENT" not in text
        assert '"ID" VARCHAR(32) PRIMARY KEY' in text
    else:
        rows = await BallotTable.raw(
            "SELECT data_type, column_default FROM information_schema.columns "
            "WHERE table_name = 'ballot' AND column_name = 'id'"
        )
        assert rows[0]["data_type"] == "character varying"
        assert rows[0]["column_default"] in (None, "''::character varying")
        sequences = await BallotTable.raw(
            "SELECT count(*) AS n FROM pg_depend d JOIN pg_class c ON c.oid = d.refobjid "
            "WHERE c.relname = 'ballot' AND d.classid = 'pg_class'::regclass "
            "AND d.objid IN (SELECT oid FROM pg_class WHERE relkind = 'S')"
        )
        assert sequences[0]["n"] == 0


async def test_ballot_rows_share_no_value_with_voters(
    client: Client, voting_round: MakeRound
) -> None:
    """No stored ballot value, sealed or opened, equals any participation or code value, or
    the plain codes; while voting runs no row holds plaintext choices."""
    from ballots.box.tables import Ballot, Participation, SealedBallot, VotingCode

    voting = await voting_round(codes=3, allow_vote_change=True)
    for code, choice in zip(voting.codes, ["P1", "P2", "P3"], strict=True):
        assert (await vote(client, voting.id, code, [choice])).status_code == 200
    assert await Ballot.count().where(Ballot.round == voting.id) == 0
    sealed = await SealedBallot.select().where(SealedBallot.round == voting.id)
    assert not any('"projects"' in str(v) for r in sealed for v in r.values())
    await close(voting.id)
    ballots = [*sealed, *await Ballot.select().where(Ballot.round == voting.id)]
    participations = await Participation.select().where(Participation.round == voting.id)
    voting_codes = await VotingCode.select().where(VotingCode.round == voting.id)
    voter_values = (
        {
            str(v)
            for row in [*participations, *voting_codes]
            for key, v in row.items()
            if key not in ("round", "status", "channel", "buurt_code")
        }
        | {c.replace("-", "") for c in voting.codes}
        | set(voting.codes)
    )
    assert len(ballots) == 2 * len(participations) == 6
    for row in ballots:
        values = {str(v) for key, v in row.items() if key not in ("round", "status", "channel")}
        assert (values - {""}).isdisjoint(voter_values)
        assert all(len(str(row["id"])) == 32 for row in ballots)
    ids = sorted(str(row["id"]) for row in ballots)
    assert len(set(ids)) == 6  # the opened ballots have new ids
