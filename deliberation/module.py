"""Declares the deliberation module: its tables, pages and the mail handlers for followers."""

from collections.abc import Sequence

from litestar.types import ControllerRouterHandler

from app.accounts.permissions import Principal
from app.modules import AccountSection, Module, Task


def routes() -> Sequence[ControllerRouterHandler]:
    """The deliberation pages; importing them also subscribes the follower mail handlers."""
    from deliberation import controllers, meeting_controllers
    from deliberation.notifications import register_handlers

    register_handlers()
    return [*controllers.ROUTES, *meeting_controllers.ROUTES]


async def _personal_data(user_id: int) -> dict[str, object]:
    from deliberation import queries

    return await queries.personal_data(user_id)


def _jobs() -> dict[str, object]:
    """No job kinds of its own; subscribing the mail handlers lets the job runner call them."""
    from deliberation.notifications import register_handlers

    register_handlers()
    return {}


async def _tasks(user: Principal) -> Sequence[Task]:
    from deliberation.tasks import tasks_for

    return await tasks_for(user)


async def _account_sections(user: Principal) -> Sequence[AccountSection]:
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
