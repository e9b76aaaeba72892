"""Declares the proposals module to the platform: its tables, pages and template helpers."""

from collections.abc import Sequence

from litestar.types import ControllerRouterHandler

from app.accounts.permissions import Principal
from app.modules import AccountSection, Module
from proposals.markdown import render
from proposals.status import status_explanation, status_word


def routes() -> Sequence[ControllerRouterHandler]:
    """The proposal pages (imported late, after the engine is chosen)."""
    from proposals import controllers

    return controllers.ROUTES


async def _account_sections(user: Principal) -> Sequence[AccountSection]:
    from proposals.mine import sections_for

    return await sections_for(user)


async def _personal_data(user_id: int) -> dict[str, object]:
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
