"""What waits for council members and staff in the rounds they run ("Mijn taken")."""

from __future__ import annotations

from datetime import UTC, datetime

from app.accounts.permissions import Principal, is_staff
from app.i18n import _
from app.modules import Task
from app.rounds import permissions, phases, queries, texts
from app.rounds.store import manages_area

OPEN_PHASES = ("draft", "proposing", "reviewing", "deliberating", "voting", "counting")


async def tasks_for(user: Principal) -> list[Task]:
    """Phases that are due, proposals to review, ballot lists to confirm, codes and paper votes."""
    if not permissions.sees_round_tasks(user):
        return []
    now = datetime.now(UTC)
    found: list[Task] = []
    for view in await queries.rounds_list():
        if view.phase not in OPEN_PHASES or not await manages_area(user, view.area_code):
            continue
        url = f"/rondes/{view.id}"
        following = phases.next_phase(view.phase)
        starts = view.schedule.get(following) if following else None
        if following and (view.phase == "draft" or (starts is not None and starts <= now)):
            found.append(
                Task(
                    _("Move %(round)s on to the next phase") % {"round": view.title},
                    _("Next phase: %(phase)s.") % {"phase": texts.phase_label(following)},
                    url,
                    _("Go to the budget round"),
                )
            )
        if view.phase == "reviewing" and is_staff(user):
            found.append(
                Task(
                    _("Review the proposals of %(round)s") % {"round": view.title},
                    _("Give every proposal an outcome with a public reason."),
                    f"/rondes/{view.id}/voorstellen",
                    _("Review proposals"),
                )
            )
        if view.phase == "deliberating":
            found.append(
                Task(
                    _("Confirm the ballot list of %(round)s") % {"round": view.title},
                    _("Check which proposals go onto the ballot, then confirm the list."),
                    f"/rondes/{view.id}/stembiljet",
                    _("Check the ballot list"),
                )
            )
        if view.phase == "voting" and is_staff(user):
            found.append(
                Task(
                    _("Print the voting codes for %(round)s") % {"round": view.title},
                    _("Make the letters with voting codes and the file for the mailing house."),
                    f"/beheer/stemmen/{view.id}/codes",
                    _("Voting codes"),
                )
            )
            found.append(
                Task(
                    _("Paper ballots for %(round)s") % {"round": view.title},
                    _("Enter a batch of paper ballots, or confirm a colleague's batch."),
                    f"/beheer/stemmen/{view.id}/papier",
                    _("Paper ballots"),
                )
            )
    return found
