"""Declares the delivery module: its tables, project pages, follower mail and `delivery` command."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def routes() -> Sequence[Any]:
    """The project pages; importing them also subscribes the follower mail handler."""
    from delivery import controllers
    from delivery.notifications import register_handlers

    register_handlers()
    return controllers.ROUTES


def _register_cli(subparsers: Any) -> None:
    from delivery import cli

    cli.register(subparsers)


def _status_word(status: str) -> str:
    from delivery.texts import status_word

    return status_word(status)


async def _personal_data(user_id: int) -> dict[str, Any]:
    from delivery import queries

    return await queries.personal_data(user_id)


def _jobs() -> dict[str, Any]:
    """No job kinds of its own; subscribing the mail handlers lets the job runner call them."""
    from delivery.notifications import register_handlers

    register_handlers()
    return {}


MODULE = Module(
    name="delivery",
    personal_data=_personal_data,
    piccolo_app="delivery.piccolo_app",
    routes=routes,
    jobs=_jobs,
    cli=_register_cli,
    template_globals={"project_status_word": _status_word},
)
