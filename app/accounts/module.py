"""Declares the accounts module to the platform."""

from collections.abc import Sequence

from app.accounts.permissions import Principal
from app.modules import Module, Routes, Task


def _routes() -> Routes:
    from app.accounts import account_controllers, admin_controllers, controllers

    return [*controllers.ROUTES, *account_controllers.ROUTES, *admin_controllers.ROUTES]


async def _tasks(user: Principal) -> Sequence[Task]:
    from app.accounts.tasks import tasks_for

    return tasks_for(user)


MODULE = Module(
    name="accounts", piccolo_app="app.accounts.piccolo_app", routes=_routes, tasks=_tasks
)
