"""Domain events: a module records what happened, others react later (e.g. send mail).

`publish` records the event as a job in the caller's transaction (or its own), so the
event is kept exactly when the change is; the job runner then calls every handler. A
handler may run again after a crash, so it must be idempotent (mail written while it
runs is keyed by the job, see app/jobs/outbox.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable

from app.jsontypes import JSONObject

Handler = Callable[[JSONObject], Awaitable[None]]

_HANDLERS: dict[str, list[Handler]] = defaultdict(list)

# Known event names and their payload keys:
#   "proposal.status_changed": proposal_id, status, reason
#   "comment.official_answer": proposal_id, comment_id
#   "delivery.progress": project_id, kind, status/reason or milestone
# Reactions run at once, inside the publisher's transaction (see `react`):
#   "result.certified": round_id, certificate_id, funded (project_key, proposal_id, title,
#   amount_cents each); delivery turns the funded options into projects


def subscribe(name: str, handler: Handler) -> None:
    """Register a handler for an event name (idempotent)."""
    if handler not in _HANDLERS[name]:
        _HANDLERS[name].append(handler)


async def publish(name: str, payload: JSONObject) -> None:
    """Record an event for the job runner; joins the caller's transaction when there is one."""
    from app.jobs.queue import enqueue

    await enqueue("event", {"name": name, "payload": payload})


async def dispatch(name: str, payload: JSONObject) -> None:
    """Call every handler of an event (the job runner does this); a failure is retried."""
    for handler in list(_HANDLERS.get(name, [])):
        await handler(payload)


async def react(name: str, payload: JSONObject) -> None:
    """Run every module's registered reaction to an event now, in the caller's transaction.

    For hand-overs that must succeed or fail with the change itself (a certified result
    becomes delivery projects); a reaction that raises undoes the publisher's transaction.
    """
    from app.modules import load_modules

    for module in load_modules():
        reaction = module.reactions.get(name)
        if reaction is not None:
            await reaction(payload)
