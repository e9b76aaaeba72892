"""The demo's ballot boxes: every counted round was opened with two shares, and the shares in
README.md open the rounds that are still sealed."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"
ROW = re.compile(r"^\| (\w+) \| ([1-3]) \| ([a-z ]+) \|$", re.MULTILINE)


def _readme_shares() -> dict[str, list[str]]:
    """The README's demo shares by round name (e.g. 'Paddepoel'), in share order."""
    found: dict[str, list[str]] = {}
    for name, _position, words in ROW.findall(README.read_text(encoding="utf-8")):
        found.setdefault(name, []).append(words)
    return found


async def test_counted_demo_rounds_were_opened_and_readme_shares_open_the_sealed_ones() -> None:
    """Rounds past counting have an opened box (k = 2, `box.opened` audited); rounds in voting
    or counting are sealed, and any two of the README's shares rebuild their key."""
    from app.audit.tables import AuditEvent
    from app.demo import load_demo
    from app.rounds import phases
    from app.rounds.demo import DEMO_ROUNDS
    from app.rounds.queries import rounds_list
    from ballots.box import keys, sealing
    from ballots.box import queries as box
    from ballots.box.tables import KeyShare

    await load_demo()
    readme = _readme_shares()
    counted = sealed = 0
    for view in await rounds_list():
        if view.title not in {demo.title for demo in DEMO_ROUNDS}:
            continue  # rounds made by other tests (some share the demo's title words)
        state = await keys.key_state(view.id)
        at = phases.index(view.phase)
        if at > phases.index("counting") and await box.ballots_cast(view.id) > 0:
            assert state is not None and state.status == keys.OPENED, view.title
            assert state.threshold == 2 and state.shares == 3, view.title
            opened = await AuditEvent.count().where(
                (AuditEvent.action == "box.opened") & (AuditEvent.subject == f"round:{view.id}")
            )
            assert opened == 1, view.title
            counted += 1
        elif phases.index("voting") <= at <= phases.index("counting"):
            assert state is not None and state.status == keys.READY, view.title
            name = next(n for n in readme if n in view.title)
            commitments = [
                str(r["commitment"])
                for r in await KeyShare.select(KeyShare.commitment).where(KeyShare.round == view.id)
            ]
            for pair in ((0, 1), (0, 2), (1, 2)):
                two = [readme[name][i] for i in pair]
                private = sealing.combine(view.id, two, commitments, 2)
                assert sealing.public_of(private) == state.public_key, (view.title, pair)
            sealed += 1
    assert counted >= 1 and sealed == 2
