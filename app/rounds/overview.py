"""The open budget rounds as the home page shows them: phase, time left and the one main action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.areas import queries as area_queries
from app.dates import local_datetime, time_left
from app.i18n import _
from app.rounds import phases, queries, texts
from app.rounds.queries import RoundView

SHOWN_PHASES = ("proposing", "reviewing", "deliberating", "voting", "counting", "certified")


@dataclass(frozen=True)
class RoundCard:
    """One round on the home page, in words, with a link straight to where its action happens."""

    id: int
    title: str
    area_name: str
    phase: str
    phase_label: str
    amount_cents: int
    deadline: str
    action_label: str
    action_url: str
    unverified: bool = False  # no voter register: labelled an "unverified poll"


def _deadline(view: RoundView, now: datetime) -> str:
    following = phases.next_phase(view.phase)
    ends = view.schedule.get(following) if following else None
    if ends is None:
        return ""
    left = time_left(now, ends)
    if not left:
        return ""
    words = {
        "proposing": _("Sending in proposals is possible for %(left)s more (until %(when)s)."),
        "reviewing": _("The review takes %(left)s more (until %(when)s)."),
        "deliberating": _("Supporting proposals is possible for %(left)s more (until %(when)s)."),
        "voting": _("Voting is possible for %(left)s more (until %(when)s)."),
    }.get(view.phase, "")
    return words % {"left": left, "when": local_datetime(ends)} if words else ""


def _action(view: RoundView) -> tuple[str, str]:
    if view.phase == "proposing":
        return _("Send in a proposal"), f"/rondes/{view.id}/voorstellen/nieuw"
    if view.phase == "voting":
        return _("Vote now"), f"/stemmen/{view.id}"
    if view.phase in ("counting", "certified", "implementing"):
        return _("See the result"), f"/rondes/{view.id}/uitslag"
    if view.phase == "deliberating":
        return _("Support proposals"), f"/rondes/{view.id}/voorstellen"
    return _("See the proposals"), f"/rondes/{view.id}/voorstellen"


def card(view: RoundView, now: datetime, unverified: bool = False) -> RoundCard:
    """A round as a home-page card."""
    label, url = _action(view)
    return RoundCard(
        id=view.id,
        title=view.title,
        area_name=view.area_name,
        phase=view.phase,
        phase_label=texts.phase_label(view.phase),
        amount_cents=view.amount_cents,
        deadline=_deadline(view, now),
        action_label=label,
        action_url=url,
        unverified=unverified,
    )


async def open_rounds(area_code: str | None, now: datetime) -> list[RoundCard]:
    """Open rounds of an area and the areas it lies in; without an area, every open round."""
    if area_code:
        views = await queries.rounds_in_areas(set(await area_queries.lineage_codes(area_code)))
    else:
        views = await queries.rounds_list()
    shown = [v for v in views if v.phase in SHOWN_PHASES]
    # Voting first (the most urgent), then the other phases in their order.
    shown.sort(key=lambda v: (v.phase != "voting", phases.index(v.phase), v.id))
    polls = await unverified_polls(shown)
    return [card(v, now, v.id in polls) for v in shown]


async def unverified_polls(views: list[RoundView]) -> set[int]:
    """Which of these rounds are "unverified polls", as the modules (the register) say."""
    from app.modules import load_modules

    by_round = {view.id: view.phase for view in views}
    found: set[int] = set()
    for module in load_modules():
        if module.unverified_polls is not None:
            found |= await module.unverified_polls(by_round)
    return found
