"""At most two public recounts run at once on the whole site, whichever web worker takes them.

The places are lease rows in the database (ballots/results/recount_slots.py): what one worker
holds, every other worker sees; a dead worker's place frees itself when its lease runs out.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

LEASE = timedelta(seconds=60)


async def _free_all() -> None:
    from ballots.results.tables import RecountSlot

    await RecountSlot.update({RecountSlot.holder: "", RecountSlot.lease_until: None}).where(
        RecountSlot.id > 0
    )


async def test_twenty_simultaneous_requests_get_exactly_two_places() -> None:
    from ballots.results import recount_slots

    await _free_all()
    tokens = await asyncio.gather(*(recount_slots.acquire(2, LEASE) for _ in range(20)))
    granted = [token for token in tokens if token is not None]
    assert len(granted) == 2 and len(set(granted)) == 2
    assert await recount_slots.held() == 2
    await recount_slots.release(str(granted[0]))
    assert await recount_slots.acquire(2, LEASE) is not None  # a freed place is taken again
    assert await recount_slots.acquire(2, LEASE) is None
    await _free_all()


async def test_a_dead_workers_place_is_free_once_its_lease_has_run_out() -> None:
    from ballots.results import recount_slots

    await _free_all()
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    assert await recount_slots.acquire(2, LEASE, now=long_ago) is not None
    assert await recount_slots.acquire(2, LEASE, now=long_ago) is not None
    assert await recount_slots.held() == 0  # both leases ran out long ago
    late = await recount_slots.acquire(2, LEASE)
    assert late is not None
    await recount_slots.release("not-a-holder")  # someone else's token frees nothing
    assert await recount_slots.held() == 1
    await _free_all()
