"""Demo data: initiatives funds in four areas and initiatives in every status (idempotent).

One application in De Wijert is past its decision deadline and escalated; the quarter's
audit draw in De Wijert picks one accounted initiative.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.accounts import queries as account_queries
from app.accounts.permissions import Principal
from app.db import transaction
from app.programmes import queries as programme_queries
from app.programmes import services as programme_services
from initiatives import draw, finance, queries, services
from initiatives import status as st
from initiatives.tables import Initiative, Payment

DEMO_YEAR = 2026
ACTOR = "system"
LINE_NAME = "Bewonersinitiatieven"
DEMO_IBAN = "NL91ABNA0417164300"
AUDIT_AREA = "WK001414"
AUDIT_SEED = "wijkstem-demo"
# district programme, area of the fund, euros on the line
FUNDS = (
    ("GB001402", "WK001403", 50_000),
    ("GB001405", "WK001414", 40_000),
    ("GB001403", "WK001408", 30_000),
    ("GB001401", "WK001401", 30_000),
)
# area, title, status, asked, granted, spent, outcome, applicant shown
ITEMS: tuple[tuple[str, str, str, int, int, int, str, str], ...] = (
    (
        "WK001403",
        "Straatfeest Florastraat",
        st.ACCOUNTED_FOR,
        1_500,
        1_500,
        1_400,
        "granted",
        "Bea Bewoner",
    ),
    ("WK001403", "Geveltuinen Gorechtkade", st.GRANTED, 1_200, 1_200, 0, "granted", ""),
    ("WK001403", "Buurtbarbecue Oosterpark", st.IN_REVIEW, 800, 0, 0, "", ""),
    (
        "WK001414",
        "Speeltuin De Wijert opknappen",
        st.IN_REVIEW,
        4_000,
        0,
        0,
        "",
        "Speeltuinvereniging De Wijert",
    ),
    ("WK001414", "Kerstmarkt De Wijert", st.REFUSED, 3_000, 0, 0, "refused", ""),
    ("WK001414", "Burendag in de Van Lenneplaan", st.CARRIED_OUT, 600, 600, 550, "granted", ""),
    (
        "WK001414",
        "Bankjes bij de vijver",
        st.ACCOUNTED_FOR,
        2_000,
        1_800,
        1_800,
        "part",
        "Buurtvereniging Wijert-Zuid",
    ),
    ("WK001408", "Moestuin Paddepoel", st.SUBMITTED, 900, 0, 0, "", ""),
    ("WK001408", "Zomerfestival Paddepoel", st.WITHDRAWN, 2_500, 0, 0, "", ""),
    ("WK001408", "Rommelmarkt Paddepoel", st.DRAFT, 300, 0, 0, "", ""),
    (
        "WK001401",
        "Muziek op het Akerkhof",
        st.GRANTED,
        2_500,
        2_500,
        0,
        "conditions",
        "Stichting Stadsmuziek",
    ),
    ("WK001401", "Boekenkastje Folkingestraat", st.ACCOUNTED_FOR, 250, 250, 250, "granted", ""),
)


async def _funds() -> dict[str, int]:
    found: dict[str, int] = {}
    admin = Principal(id=0, grants=frozenset({("staff", "")}))
    for district, area, euros in FUNDS:
        programme = await programme_queries.programme_for(district, DEMO_YEAR)
        if programme is None:
            raise RuntimeError(f"demo programme for {district} is missing: load the demo first")
        lines = await programme_queries.budget_lines(int(programme["id"]))
        line = next((x for x in lines if x["name"] == LINE_NAME), None)
        if line is None:
            full = await programme_queries.programme(int(programme["id"]))
            room = 0 if full is None else int(full["total_cents"]) - int(full["allocated_cents"])
            if room < 100_000:  # the programme was changed and has no room left: no fund here
                continue
            added = await programme_services.add_budget_line(
                ACTOR, int(programme["id"]), LINE_NAME, "regular", min(euros * 100, room)
            )
            if not added.ok:
                raise RuntimeError(f"demo initiatives line for {district}: {added.problems}")
            lines = await programme_queries.budget_lines(int(programme["id"]))
            line = next(x for x in lines if x["name"] == LINE_NAME)
        existing = await queries.fund_for_line(int(line["id"]))
        if existing is None:
            form = {
                "area_code": area,
                "max": "5000",
                "fast_limit": "2500",
                "fast_weeks": "4",
                "decision_dates": " ".join(f"{DEMO_YEAR + 1}-{m}-01" for m in ("03", "06", "10")),
                "advance_percent": "50",
                "report_weeks": "4",
                "deciders": "council",
            }
            result = await services.save_fund(admin, int(line["id"]), form)
            if result.value is None:
                raise RuntimeError(f"demo fund for {area}: {result.problems}")
            found[area] = result.value
        else:
            found[area] = existing.id
    return found


def _row(
    item: tuple[str, str, str, int, int, int, str, str], fund_id: int, applicant: int | None
) -> dict[str, Any]:
    area, title, status, asked, granted, spent, outcome, shown = item
    today = date.today()
    now = datetime.now(UTC)
    reviewed = status not in (st.DRAFT, st.SUBMITTED, st.WITHDRAWN)
    escalated = title.startswith("Speeltuin")
    return {
        "fund": fund_id,
        "applicant": applicant if area == "WK001403" or status == st.DRAFT else None,
        "applicant_name": shown or "Demo-aanvrager",
        "show_name": bool(shown),
        "title": title,
        "description": f"{title}: een initiatief van en voor de buurt (demo).",
        "place": title.split()[-1],
        "held_on": today + timedelta(days=40)
        if status in (st.GRANTED, st.IN_REVIEW)
        else today - timedelta(days=30),
        "total_cents": (asked + 200) * 100,
        "asked_cents": asked * 100,
        "own_cents": 200 * 100,
        "payee": shown or "Demo-aanvrager",
        "iban": DEMO_IBAN if status == st.CARRIED_OUT else "",
        "status": status,
        "submitted_at": None if status == st.DRAFT else now - timedelta(days=60),
        "review_from": today - timedelta(days=45) if reviewed else None,
        "deadline": (today - timedelta(days=17) if escalated else today + timedelta(days=20))
        if reviewed
        else None,
        "escalated": escalated,
        "outcome": outcome,
        "reasons": "Past goed bij de buurt en de begroting klopt."
        if outcome and outcome != "refused"
        else ("Er is al een kerstmarkt in de buurt." if outcome else ""),
        "conditions": "Alleen met een vergunning voor geluid." if outcome == "conditions" else "",
        "granted_cents": granted * 100,
        "decided_at": now - timedelta(days=30) if outcome else None,
        "report": "Het is gelukt; zie de foto's." if spent else "",
        "spent_cents": spent * 100,
        "reported_at": now - timedelta(days=10) if spent else None,
        "accounted_at": now if status == st.ACCOUNTED_FOR else None,
    }


async def _payments(initiative_id: int, number: str, row: dict[str, Any]) -> None:
    granted, spent, status = row["granted_cents"], row["spent_cents"], row["status"]
    if not granted:
        return
    advance = granted // 2
    done = status in (st.CARRIED_OUT, st.ACCOUNTED_FOR)
    orders = [("A", "advance", advance, "confirmed" if done else "ordered")]
    if status == st.ACCOUNTED_FOR:
        rest = min(granted, spent) - advance
        if rest > 0:
            orders.append(("F", "final", rest, "confirmed"))
        elif rest < 0:
            orders.append(("R", "reclaim", -rest, "ordered"))
    for suffix, kind, amount, state in orders:
        await Payment.insert(
            Payment(
                initiative=initiative_id,
                reference=f"{number}-{suffix}",
                kind=kind,
                amount_cents=amount,
                payee=row["payee"],
                iban="" if state == "confirmed" or kind == "reclaim" else DEMO_IBAN,
                status=state,
                confirmed_at=datetime.now(UTC) if state == "confirmed" else None,
            )
        )


async def load_initiatives_demo() -> str:
    """Funds and initiatives in every status; returns one summary line."""
    funds = await _funds()
    if await Initiative.exists().where(Initiative.title.is_in([item[1] for item in ITEMS])):
        return "initiatives demo: already loaded, nothing changed"
    applicant = await account_queries.user_id_by_email("bewoner@wijkstem.example")
    added = 0
    async with transaction():
        for item in ITEMS:
            if item[0] not in funds:
                continue
            row = _row(item, funds[item[0]], applicant)
            rows = await Initiative.insert(Initiative(number=f"tmp-{added}", **row)).returning(
                Initiative.id
            )
            initiative_id = int(rows[0]["id"])
            number = f"INI-{DEMO_YEAR}-{initiative_id:04d}"
            await Initiative.update({Initiative.number: number}).where(
                Initiative.id == initiative_id
            )
            await _payments(initiative_id, number, row)
            added += 1
    drawn = await finance.audit_draw(
        AUDIT_AREA, draw.quarter_of(date.today()), 50, AUDIT_SEED, who=ACTOR
    )
    picked = len(drawn.value["drawn"]) if drawn.value else 0
    return (
        f"initiatives demo: added {len(funds)} funds, {added} initiatives, {picked} drawn for audit"
    )
