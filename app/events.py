"""In-process domain events: a module announces what happened, others react (e.g. send mail).

Publish only after the transaction that made the change has committed; handlers must not
fail the publisher (their errors are logged and swallowed).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

Handler = Callable[[dict[str, Any]], Awaitable[None]]

_HANDLERS: dict[str, list[Handler]] = defaultdict(list)
log = logging.getLogger("wijkstem.events")

# Known event names and their payload keys:
#   "proposal.status_changed": proposal_id, status, reason
#   "comment.official_answer": proposal_id, comment_id


def subscribe(name: str, handler: Handler) -> None:
    """Register a handler for an event name (idempotent)."""
    if handler not in _HANDLERS[name]:
        _HANDLERS[name].append(handler)


async def publish(name: str, payload: dict[str, Any]) -> None:
    """Call every handler of an event; a failing handler is logged, never raised."""
    for handler in list(_HANDLERS.get(name, [])):
        try:
            await handler(payload)
        except Exception:  # a notification failure must not undo or fail the change
            log.exception("handler for %s failed", name)
