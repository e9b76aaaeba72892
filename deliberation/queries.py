"""Read-only questions about deliberation, for the proposal pages of other modules."""

from __future__ import annotations

from typing import Any

from app.accounts.permissions import Principal


async def proposal_panel(proposal_id: int, viewer: Principal) -> dict[str, Any]:
    """Context for templates/deliberation/_panel.html on a proposal page (supports, comments)."""
    return {"proposal_id": proposal_id}
