"""Demo proposals: a handful of realistic Dutch ideas in every demo round from proposing on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from app.accounts import queries as account_queries
from app.accounts import services as account_services
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import transaction
from app.rounds import queries as round_queries
from app.rounds.demo import DEMO_ROUNDS
from proposals import status as statuses
from proposals.services import change_status
from proposals.tables import Proposal, ProposalStatusChange, ProposalVersion

RESIDENT = "bewoner@wijkstem.example"
EXTRA_AUTHORS = (
    ("fatima.elamrani@wijkstem.example", "Fatima el Amrani"),
    ("jan.dijkstra@wijkstem.example", "Jan Dijkstra"),
    ("lotte.hoekstra@wijkstem.example", "Lotte Hoekstra"),
)
EXTRA_PASSWORD = "demo-bewoner-2026"  # noqa: S105  # public demo password, as in app/demo.py


class Idea(NamedTuple):
    """A demo proposal: title, summary, Markdown description, euros, category."""

    title: str
    summary: str
    description: str
    euros: int
    category: str


IDEAS: tuple[Idea, ...] = (
    Idea(
        "Bankjes langs het wandelpad in {wijk}",
        "Vijf stevige bankjes langs het wandelpad, zodat ouderen onderweg kunnen rusten.",
        "Veel oudere buurtbewoners wandelen dagelijks door het park, maar er is **nergens** "
        "een plek om even te zitten.\n\n- vijf bankjes met leuning\n- bij de vijver en het "
        "speelveld\n- onderhoud door de gemeente",
        7_500,
        "Ontmoeten",
    ),
    Idea(
        "Moestuin bij het buurthuis in {wijk}",
        "Een gezamenlijke moestuin waar buren samen groente kweken en elkaar ontmoeten.",
        "We willen acht **plantenbakken** en een waterton bij het buurthuis.\n\n"
        "Een groep van twaalf bewoners zorgt voor de tuin; de school doet ook mee.",
        6_000,
        "Groen",
    ),
    Idea(
        "Speeltoestel voor de kleintjes in {wijk}",
        "Een klimrek en een zandbak voor kinderen tot zes jaar op het grasveld.",
        "Op het grasveld staat nu niets voor jonge kinderen. Ouders moeten ver lopen.\n\n"
        "Zie ook het advies van de [speeltuinvereniging](https://www.groningen.nl).",
        14_000,
        "Spelen",
    ),
    Idea(
        "Veilig oversteken bij de school",
        "Een verhoogde oversteekplaats en betere verlichting op de route naar school.",
        "Auto's rijden hier vaak te hard. Een **verhoogd plateau** dwingt ze af te remmen.",
        18_000,
        "Verkeer",
    ),
    Idea(
        "Muurschildering in de onderdoorgang",
        "Buurtkunstenaars en kinderen beschilderen samen de grauwe onderdoorgang.",
        "De onderdoorgang voelt 's avonds onveilig. Een kleurige muur en ledlampen helpen.",
        9_500,
        "Kunst en cultuur",
    ),
    Idea(
        "Bloemenweide langs de singel",
        "Het gazon langs de singel wordt een bloemenweide voor bijen en vlinders.",
        "Minder maaien, meer bloemen. Een informatiebord legt uit waarom.",
        4_000,
        "Groen",
    ),
    Idea(
        "Buurtfeest op de eerste zaterdag van juni",
        "Eén dag muziek, eten en spelletjes voor de hele buurt.",
        "Met een podium, een springkussen en een lange tafel waar iedereen iets meeneemt.",
        3_500,
        "Ontmoeten",
    ),
)
# The review outcomes used in later phases, in turn.
REVIEWED = (
    (statuses.FEASIBLE, "Past binnen het budget en het beheerplan van de wijk.", None),
    (statuses.FEASIBLE_CHANGED, "Kan, maar de aanleg kost meer dan geschat.", 2_000),
    (statuses.NOT_FEASIBLE, "De grond is geen eigendom van de gemeente.", None),
    (statuses.FEASIBLE, "Uitvoerbaar; de wijkbeheerder plant het in.", None),
)


async def _authors() -> list[int]:
    ids = []
    resident = await account_queries.user_id_by_email(RESIDENT)
    if resident is not None:
        ids.append(resident)
    for email, name in EXTRA_AUTHORS:
        if await account_queries.user_id_by_email(email) is None:
            await account_services.create_user_with_role(
                email=email,
                name=name,
                password=EXTRA_PASSWORD,
                role="resident",
                area_code="",
                postcode="9713AC",
            )
        found = await account_queries.user_id_by_email(email)
        if found is not None:
            ids.append(found)
    return ids


# The first proposal of each round has its author's pin, a little north-west of the centre.
PIN_OFFSET = (0.0012, -0.0018)


async def _pin(area_code: str) -> tuple[float | None, float | None]:
    centre = (await area_queries.centres([area_code])).get(area_code)
    if centre is None:
        return None, None
    return round(centre[0] + PIN_OFFSET[0], 6), round(centre[1] + PIN_OFFSET[1], 6)


async def _add(
    round_id: int,
    idea: Idea,
    area: tuple[int, str],
    author: int,
    when: datetime,
    wijk: str,
    pinned: bool = False,
) -> int:
    title = idea.title.format(wijk=wijk)
    area_id, area_code = area
    lat, lon = await _pin(area_code) if pinned else (None, None)
    async with transaction():
        rows = await Proposal.insert(
            Proposal(
                round=round_id,
                author=author,
                title=title,
                summary=idea.summary,
                description=idea.description,
                cost_cents=idea.euros * 100,
                category=idea.category,
                area=area_id,
                age_confirmed=True,
                lat=lat,
                lon=lon,
                created_at=when,
                updated_at=when,
            )
        ).returning(Proposal.id)
        proposal_id = int(rows[0]["id"])
        await ProposalVersion.insert(
            ProposalVersion(
                proposal=proposal_id,
                version=1,
                title=title,
                summary=idea.summary,
                description=idea.description,
                cost_cents=idea.euros * 100,
                category=idea.category,
                area_code=area_code,
                edited_by=author,
                edited_at=when,
            )
        )
        await ProposalStatusChange.insert(
            ProposalStatusChange(
                proposal=proposal_id, status=statuses.SUBMITTED, actor=author, at=when
            )
        )
        payload = {"round_id": round_id, "version": 1, "photos": 0, "demo": True}
        await append_event(f"user:{author}", "proposal.submit", f"proposal:{proposal_id}", payload)
    return proposal_id


async def _review(proposal_id: int, position: int, euros: int) -> None:
    outcome, reason, extra = REVIEWED[position % len(REVIEWED)]
    new_cost = None if extra is None else (euros + extra) * 100
    async with transaction():
        await change_status(
            proposal_id, outcome, reason, None, "staff", changed_cost_cents=new_cost
        )
        if new_cost is not None:
            await Proposal.update({Proposal.cost_cents: new_cost}).where(Proposal.id == proposal_id)
        payload = {"outcome": outcome, "from": statuses.SUBMITTED, "demo": True}
        await append_event("system", "proposal.review", f"proposal:{proposal_id}", payload)


async def load_proposals_demo() -> str:
    """Add demo proposals to the demo rounds that have none yet; running it twice adds nothing."""
    authors = await _authors()
    if not authors:
        return "proposals: no demo resident found, load the accounts demo first"
    added = 0
    start = datetime.now(UTC) - timedelta(days=30)
    for number, spec in enumerate(DEMO_ROUNDS):
        if spec.phase == "draft":
            continue
        round_id = await round_queries.round_id_by_title(spec.area_code, spec.title)
        round_view = None if round_id is None else await round_queries.round_by_id(round_id)
        if round_view is None or await Proposal.exists().where(Proposal.round == round_view.id):
            continue
        found = await area_queries.children(spec.area_code)
        if not found:
            whole = await area_queries.area_by_code(spec.area_code)
            found = [] if whole is None else [whole]
        places = [(int(a["id"]), str(a["code"])) for a in found if a is not None]
        wijk = round_view.area_name
        count = 3 + number % 4
        for position in range(count):
            idea = IDEAS[(number + position) % len(IDEAS)]
            if not places:
                continue
            area = places[position % len(places)]
            when = start + timedelta(days=position, hours=number)
            author = authors[(number + position) % len(authors)]
            proposal_id = await _add(
                round_view.id, idea, area, author, when, wijk, pinned=position == 0
            )
            added += 1
            reviewed_phase = spec.phase != "proposing"
            if reviewed_phase and (spec.phase != "reviewing" or position % 2 == 0):
                await _review(proposal_id, position, idea.euros)
    return f"proposals: added {added} demo proposals" if added else "proposals: already loaded"
