"""What waits for certifiers and staff in counting and certification ("Mijn taken")."""

from __future__ import annotations

from app.accounts.permissions import Principal, is_staff
from app.i18n import _
from app.modules import Task
from app.rounds import queries as round_queries
from ballots.box import queries as box_queries
from ballots.results import permissions, queries


async def tasks_for(user: Principal) -> list[Task]:
    """Draft results a certifier has not decided on yet; counts staff can start."""
    certifier, staff = permissions.is_certifier(user), is_staff(user)
    if not (certifier or staff):
        return []
    found: list[Task] = []
    for view in await round_queries.rounds_list():
        if view.phase not in ("counting", "certified"):
            continue
        url = f"/rondes/{view.id}/uitslag"
        result = await queries.latest_result(view.id)
        if result is not None and result.status == "draft" and certifier:
            if not any(d.certifier == user.id for d in result.decisions):
                found.append(
                    Task(
                        _("Certify the result of %(round)s") % {"round": view.title},
                        _("Check the counted result, then approve or reject it."),
                        url,
                        _("Check the result"),
                    )
                )
        elif (
            result is None
            and staff
            and view.phase == "counting"
            and not await box_queries.box_unopened(view.id)  # its opening starts the count
        ):
            job = await queries.latest_job(view.id)
            if job is None or job.status in ("failed",):
                found.append(
                    Task(
                        _("Start the count of %(round)s") % {"round": view.title},
                        _("Voting has closed; the votes can be counted."),
                        url,
                        _("Start the count"),
                    )
                )
    return found
