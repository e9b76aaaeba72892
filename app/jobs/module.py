"""Declares the job runner: tables, the failed-mail page, `worker`, the in-process runner."""

from app.jobs.registry import JobHandler
from app.modules import Module, Routes, Subcommands


def _routes() -> Routes:
    from app.jobs import controllers

    return controllers.ROUTES


def _register_cli(subparsers: Subcommands) -> None:
    from app.jobs import cli

    cli.register(subparsers)


def _handlers() -> dict[str, JobHandler]:
    from app.jobs import outbox

    return {outbox.KIND: outbox.deliver_job, "event": outbox.event_job}


async def _start() -> None:
    from app.jobs.background import start_runner

    await start_runner()


async def _stop() -> None:
    from app.jobs.background import stop_runner

    await stop_runner()


MODULE = Module(
    name="jobs",
    piccolo_app="app.jobs.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    jobs=_handlers,
    on_startup=(_start,),
    on_shutdown=(_stop,),
)
