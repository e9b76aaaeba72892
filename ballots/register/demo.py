"""Demo voter register: made-up extracts (no real people) for every demo round.

Every demo round up to voting gets demo_register.csv (the round in voting, Paddepoel, as if it
was imported before voting opened, since the demo puts rounds straight into their phase); the
rounds already past voting get demo_register_counted.csv while the results demo replays their
vote; the demo resident is bound to her register entry as if she had logged in with DigiD.
"""

from __future__ import annotations

from pathlib import Path

from app.rounds import queries as round_queries
from ballots.register import queries, services
from ballots.register.tables import AccountBinding

EXTRACT = Path(__file__).with_name("demo_register.csv")
COUNTED_EXTRACT = Path(__file__).with_name("demo_register_counted.csv")
REGISTER_ROUNDS = (
    "Wijkbudget Beijum 2027",
    "Buurtbudget Oosterpark 2026",
    "Wijkbudget Lewenborg 2026",
    "Buurtbudget Selwerd 2026",
)
VOTING_ROUNDS = ("Wijkbudget Paddepoel 2026",)
RESIDENT = ("bewoner@wijkstem.example", "990845205")  # made-up BSN of Bea Bewoner in the extract


async def load_register_demo() -> str:
    """Import the extract into the demo rounds and bind the demo resident (idempotent)."""
    from app.accounts import queries as account_queries

    text = EXTRACT.read_text(encoding="utf-8")
    imported = 0
    for row in await round_queries.rounds_list():
        if await queries.source_kind(row.id):
            continue
        if row.title in REGISTER_ROUNDS:
            answer = await services.import_register(row.id, text, actor="system", min_age=16)
            imported += answer.value.imported if answer.value else 0
        elif row.title in VOTING_ROUNDS:
            answer = await services.import_demo_register(row.id, text, min_age=16)
            imported += answer.value.imported if answer.value else 0
    bound = 0
    user_id = await account_queries.user_id_by_email(RESIDENT[0])
    if user_id is not None and not await AccountBinding.exists().where(
        (AccountBinding.user_id == user_id) & (AccountBinding.round.is_null())
    ):
        await services.bind_digid(user_id, RESIDENT[1], provider="demo", acr="")
        bound = 1
    if not (imported or bound):
        return "demo: voter register already loaded, nothing changed"
    return f"demo: imported {imported} register entries, bound {bound} resident to the register"


async def import_counted_register(round_id: int) -> int:
    """A demo round past voting, put back in voting for the replay: its register (idempotent)."""
    if await queries.source_kind(round_id):
        return 0
    text = COUNTED_EXTRACT.read_text(encoding="utf-8")
    answer = await services.import_demo_register(round_id, text, min_age=16)
    return answer.value.imported if answer.value else 0
