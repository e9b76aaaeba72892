"""Declares the proposals module to the platform: its tables, pages and template helpers."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module
from proposals.markdown import render
from proposals.status import status_explanation, status_word


def routes() -> Sequence[Any]:
    """The proposal pages (imported late, after the engine is chosen)."""
    from proposals import controllers

    return controllers.ROUTES


async def _account_sections(user: Any) -> Sequence[Any]:
    from proposals.mine import sections_for

    return await sections_for(user)


async def _personal_data(user_id: int) -> dict[str, Any]:
    from proposals import queries

    return await queries.personal_data(user_id)


async def _demo() -> str:
    from proposals.demo import load_proposals_demo

    return await load_proposals_demo()


MODULE = Module(
    name="proposals",
    account_sections=_account_sections,
    piccolo_app="proposals.piccolo_app",
    routes=routes,
    personal_data=_personal_data,
    template_globals={
        "proposal_markdown": render,
        "proposal_status_word": status_word,
        "proposal_status_explanation": status_explanation,
    },
    demo=_demo,
)
