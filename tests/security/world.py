"""The security suite's world: the demo data, one account per role and area, and sample ids."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.web import DEFAULT_PASSWORD, Account, client_at, login

ROLES = (
    "anonymous",
    "resident_here",
    "resident_elsewhere",
    "council_here",
    "council_elsewhere",
    "staff",
    "certifier",
    "admin",
)


@dataclass
class RoundFacts:
    """One demo round: its phase and the area it belongs to."""

    id: int
    phase: str
    area_code: str
    district: str


@dataclass
class World:
    """Everything the suite needs to fill in a route and sign in as a role."""

    app: Any
    rounds: dict[int, RoundFacts]
    here: dict[int, dict[str, Account]]  # round id -> resident_here / council_here
    globals: dict[str, Account]  # staff, certifier, admin
    samples: dict[str, Any]  # path parameter name -> a value that exists
    owner_round: dict[tuple[str, Any], int]  # (parameter, value) -> the round it belongs to
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)

    def account(self, role: str, round_id: int | None) -> Account | None:
        """The account playing `role` for a request about `round_id` (None: anonymous)."""
        if role == "anonymous":
            return None
        if role in self.globals:
            return self.globals[role]
        focus = round_id or next(iter(self.rounds))
        kind = role.rsplit("_", 1)[0]  # resident or council
        if role.endswith("_here"):
            return self.here[focus][f"{kind}_here"]
        district = self.rounds[focus].district
        other = next(r for r in self.rounds.values() if r.district != district)
        return self.here[other.id][f"{kind}_here"]

    async def client(self, account: Account | None) -> httpx.AsyncClient:
        """A signed-in client for an account (cached), or a fresh anonymous one."""
        if account is None:
            if "" not in self.clients:
                self.clients[""] = client_at(self.app, "192.0.2.200")
                await self.clients[""].get("/")
            return self.clients[""]
        if account.email not in self.clients:
            browser = client_at(self.app, "192.0.2.201")
            await login(browser, account)
            self.clients[account.email] = browser
        return self.clients[account.email]

    async def close(self) -> None:
        """Close every cached client."""
        for browser in self.clients.values():
            await browser.aclose()


async def _postcode_in(area_code: str) -> str:
    """A postcode whose placement includes the area."""
    from app.accounts import places
    from app.areas.tables import PostcodeRange

    for row in await PostcodeRange.select(
        PostcodeRange.digits, PostcodeRange.letters_from, PostcodeRange.letters_to
    ):
        for letters in (row["letters_from"], row["letters_to"]):
            postcode = f"{row['digits']}{letters}"
            lineage = await places.placement(postcode)
            if area_code in {area.code for area in lineage}:
                return postcode
    raise AssertionError(f"no postcode in {area_code}")


async def _account(role: str, area_code: str = "", postcode: str = "") -> Account:
    from app.accounts import queries, services

    email = f"sec-{role}-{secrets.token_hex(4)}@example.org"
    created = await services.create_user_with_role(
        email=email,
        name=f"Security {role}",
        password=DEFAULT_PASSWORD,
        role=role,
        area_code=area_code,
        postcode=postcode,
    )
    assert created.ok, created.problems
    user_id = await queries.user_id_by_email(email)
    assert user_id is not None
    return Account(user_id, email, DEFAULT_PASSWORD)


async def _first(table: Any, *columns: Any) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await table.select(*columns).first()
    return row


async def _samples() -> tuple[dict[str, Any], dict[tuple[str, Any], int]]:
    """One existing value per path parameter, and the round each belongs to."""
    from app.accounts.tables import RoleGrant
    from app.programmes.tables import BudgetLine
    from ballots.box.tables import PaperBatch, VotingCode
    from ballots.results.tables import Certificate, Result
    from deliberation.tables import Meeting, Report
    from delivery.tables import Milestone, Project, ProjectPhoto
    from proposals.tables import Proposal, ProposalPhoto

    samples: dict[str, Any] = {"token": "x" * 43, "reference": "ONBEKEND", "code": "WK001403"}
    owner: dict[tuple[str, Any], int] = {}

    async def take(name: str, table: Any, round_column: Any = None) -> None:
        columns = [table.id] + ([round_column] if round_column is not None else [])
        row = await _first(table, *columns)
        if row is None:
            return
        samples[name] = int(row["id"])
        if round_column is not None:
            owner[(name, samples[name])] = int(row[round_column._meta.name])

    await take("proposal_id", Proposal, Proposal.round)
    await take("meeting_id", Meeting, Meeting.round)
    await take("project_id", Project, Project.round)
    await take("result_id", Result, Result.round)
    await take("certificate_id", Certificate, Certificate.round)
    await take("batch_id", PaperBatch, PaperBatch.round)
    await take("code_id", VotingCode, VotingCode.round)
    await take("report_id", Report)
    await take("milestone_id", Milestone)
    await take("line_id", BudgetLine)
    await take("grant_id", RoleGrant)
    row = await _first(BudgetLine, BudgetLine.programme)
    samples["programme_id"] = int(row["programme"]) if row else 1
    photo = await _first(ProposalPhoto, ProposalPhoto.filename)
    samples["filename"] = str(photo["filename"]) if photo else "x" * 32 + ".png"
    project_photo = await _first(ProjectPhoto, ProjectPhoto.filename)
    samples["project_filename"] = str(project_photo["filename"]) if project_photo else ""
    samples.setdefault("initiative_id", 1)
    samples.setdefault("fund_id", 1)
    samples.setdefault("mail_id", 1)
    samples.setdefault("registration_id", 1)
    samples.setdefault("position", 1)  # a share of a round's box key
    samples.setdefault("batch", "onbekend")
    for name in ("batch_id", "code_id", "report_id", "milestone_id", "certificate_id"):
        samples.setdefault(name, 1)  # none in the demo: the route must still refuse or 404
    samples["dataset_name"] = "turnout"
    samples["file_path"] = "wijkstem.css"
    samples["path"] = "openapi.json"
    return samples, owner


async def build_world(app: Any) -> World:
    """Load the demo, then add a resident and a council member for every round's area."""
    from app.areas import queries as area_queries
    from app.demo import load_demo
    from app.rounds.tables import Round

    await load_demo()
    rounds: dict[int, RoundFacts] = {}
    here: dict[int, dict[str, Account]] = {}
    for row in await Round.select(Round.id, Round.phase, Round.area.code).order_by(Round.id):
        code = str(row["area.code"])
        lineage = [a.code for a in await area_queries.lineage(code)]
        district = next((c for c in lineage if c.startswith("GB")), code)
        rounds[int(row["id"])] = RoundFacts(int(row["id"]), str(row["phase"]), code, district)
        here[int(row["id"])] = {
            "resident_here": await _account("resident", postcode=await _postcode_in(code)),
            "council_here": await _account("council", area_code=code),
        }
    globals_ = {role: await _account(role) for role in ("staff", "certifier", "admin")}
    samples, owner = await _samples()
    return World(app, rounds, here, globals_, samples, owner)
