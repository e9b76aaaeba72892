"""Declares the deliberation module: its tables, pages and the mail handlers for followers."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def routes() -> Sequence[Any]:
    """The deliberation pages; importing them also subscribes the follower mail handlers."""
    from deliberation import controllers, meeting_controllers
    from deliberation.notifications import register_handlers

    register_handlers()
    return [*controllers.ROUTES, *meeting_controllers.ROUTES]


async def _personal_data(user_id: int) -> dict[str, Any]:
    from deliberation import queries

    return await queries.personal_data(user_id)


def _jobs() -> dict[str, Any]:
    """No job kinds of its own; subscribing the mail handlers lets the job runner call them."""
    from deliberation.notifications import register_handlers

    register_handlers()
    return {}


async def _tasks(user: Any) -> Sequence[Any]:
    from deliberation.tasks import tasks_for

    return await tasks_for(user)


async def _account_sections(user: Any) -> Sequence[Any]:
    from deliberation.mine import sections_for

    return await sections_for(user)


async def _demo() -> str:
    from deliberation.demo import load_deliberation_demo

    return await load_deliberation_demo()


MODULE = Module(
    name="deliberation",
    account_sections=_account_sections,
    piccolo_app="deliberation.piccolo_app",
    routes=routes,
    tasks=_tasks,
    personal_data=_personal_data,
    jobs=_jobs,
    demo=_demo,
)
