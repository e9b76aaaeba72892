"""Read-only open data JSON API: rounds, proposals, results, certificates and projects."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, QueryParameter

from app.jsontypes import JSONObject
from app.rounds.phases import PHASES
from reporting.monitoring import queries as monitoring_queries
from reporting.monitoring.figures import DELIVERY_STATUSES
from reporting.opendata import queries
from reporting.opendata.schemas import (
    CertificateDetailOut,
    CertificateOut,
    CertificatePage,
    FundedOut,
    MilestoneOut,
    ProjectDetailOut,
    ProjectOut,
    ProjectPage,
    ProposalDetailOut,
    ProposalOut,
    ProposalPage,
    ResultOut,
    ResultPage,
    RoundDetailOut,
    RoundOut,
    RoundPage,
    StatusChangeOut,
    nested,
    pick,
)

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
PUBLIC_PHASES = tuple(phase for phase in PHASES if phase != "draft")

Limit = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")
]
Offset = Annotated[int, QueryParameter(ge=0, le=10_000_000, description="items to skip")]
AreaFilter = Annotated[
    str | None,
    QueryParameter(max_length=20, description="area code; includes every area below it"),
]
YearFilter = Annotated[int | None, QueryParameter(ge=2000, le=2100, description="the year")]


async def _check_area(area: str | None) -> None:
    if area and monitoring_queries.find_area(await monitoring_queries.area_nodes(), area) is None:
        raise ValidationException(f"no area with code {area[:20]}")


def _round(row: JSONObject) -> RoundOut:
    return pick(RoundOut, row)


def _proposal(row: JSONObject) -> ProposalOut:
    return pick(ProposalOut, row)


def _result(row: JSONObject) -> ResultOut:
    return pick(ResultOut, row, funded=[pick(FundedOut, item) for item in nested(row, "funded")])


def _project(row: JSONObject) -> ProjectOut:
    return pick(ProjectOut, row)


class RoundApi(Controller):
    """Published budget rounds and their proposals."""

    path = "/api/v1/rounds"
    tags = ["rounds"]

    @get("/", name="api_rounds")
    async def list_rounds(
        self,
        area: AreaFilter = None,
        phase: Annotated[str | None, QueryParameter(description=", ".join(PUBLIC_PHASES))] = None,
        year: YearFilter = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> RoundPage:
        """Published rounds, newest first, optionally in an area, phase or year."""
        if phase is not None and phase not in PUBLIC_PHASES:
            raise ValidationException(f"phase must be one of {', '.join(PUBLIC_PHASES)}")
        await _check_area(area)
        rows = await queries.rounds(area=area, phase=phase, year=year)
        items = [_round(row) for row in rows[offset : offset + limit]]
        return RoundPage(total=len(rows), limit=limit, offset=offset, items=items)

    @get("/{round_id:int}", name="api_round")
    async def get_round(self, round_id: FromPath[int]) -> RoundDetailOut:
        """One published round with its rules and counts."""
        row = await queries.round_detail(round_id)
        if row is None:
            raise NotFoundException(f"no round with id {round_id}")
        return pick(RoundDetailOut, row)

    @get("/{round_id:int}/proposals", name="api_round_proposals")
    async def round_proposals(
        self, round_id: FromPath[int], limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
    ) -> ProposalPage:
        """The visible proposals of a published round, oldest first."""
        if await queries.round_detail(round_id) is None:
            raise NotFoundException(f"no round with id {round_id}")
        rows = await queries.proposals(round_id)
        items = [_proposal(row) for row in rows[offset : offset + limit]]
        return ProposalPage(total=len(rows), limit=limit, offset=offset, items=items)


class ProposalApi(Controller):
    """Single proposals with their public status history."""

    path = "/api/v1/proposals"
    tags = ["proposals"]

    @get("/{proposal_id:int}", name="api_proposal")
    async def get_proposal(self, proposal_id: FromPath[int]) -> ProposalDetailOut:
        """One visible proposal (without its author)."""
        row = await queries.proposal_detail(proposal_id)
        if row is None:
            raise NotFoundException(f"no proposal with id {proposal_id}")
        history = [pick(StatusChangeOut, item) for item in nested(row, "history")]
        return pick(ProposalDetailOut, row, history=history)


class ResultApi(Controller):
    """Certified results only: drafts and rejected counts are never published here."""

    path = "/api/v1/results"
    tags = ["results"]

    @get("/", name="api_results")
    async def list_results(self, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> ResultPage:
        """The certified result of every round, newest round first, with the funded projects."""
        rows = await queries.results()
        items = [_result(row) for row in rows[offset : offset + limit]]
        return ResultPage(total=len(rows), limit=limit, offset=offset, items=items)

    @get("/{round_id:int}", name="api_result")
    async def get_result(self, round_id: FromPath[int]) -> ResultOut:
        """The certified result of one round (the latest, when it was corrected)."""
        rows = await queries.results(round_id)
        if not rows:
            raise NotFoundException(f"no certified result for round {round_id}")
        return _result(rows[0])


class CertificateApi(Controller):
    """Certificates: the official records, with their hashes."""

    path = "/api/v1/certificates"
    tags = ["certificates"]

    @get("/", name="api_certificates")
    async def list_certificates(
        self, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
    ) -> CertificatePage:
        """Every certificate, newest first (corrections included, with what they correct)."""
        rows = await queries.certificates()
        items = [pick(CertificateOut, row) for row in rows[offset : offset + limit]]
        return CertificatePage(total=len(rows), limit=limit, offset=offset, items=items)

    @get("/{certificate_id:int}", name="api_certificate")
    async def get_certificate(self, certificate_id: FromPath[int]) -> CertificateDetailOut:
        """One certificate: the published body, its SHA-256 and the audit chain head."""
        row = await queries.certificate(certificate_id)
        if row is None:
            raise NotFoundException(f"no certificate with id {certificate_id}")
        return pick(CertificateDetailOut, row)


class ProjectApi(Controller):
    """Projects in delivery, with their money and milestones."""

    path = "/api/v1/projects"
    tags = ["projects"]

    @get("/", name="api_projects")
    async def list_projects(
        self,
        area: AreaFilter = None,
        status: Annotated[
            str | None, QueryParameter(description=", ".join(DELIVERY_STATUSES))
        ] = None,
        year: YearFilter = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> ProjectPage:
        """Projects, optionally in an area (or below it), of a status or a programme year."""
        if status is not None and status not in DELIVERY_STATUSES:
            raise ValidationException(f"status must be one of {', '.join(DELIVERY_STATUSES)}")
        await _check_area(area)
        rows = await queries.projects(area=area, status=status, year=year)
        items = [_project(row) for row in rows[offset : offset + limit]]
        return ProjectPage(total=len(rows), limit=limit, offset=offset, items=items)

    @get("/{project_id:int}", name="api_project")
    async def get_project(self, project_id: FromPath[int]) -> ProjectDetailOut:
        """One project with its milestones."""
        row = await queries.project(project_id)
        if row is None:
            raise NotFoundException(f"no project with id {project_id}")
        milestones = [pick(MilestoneOut, item) for item in nested(row, "milestones")]
        return pick(ProjectDetailOut, row, milestones=milestones)


ROUTES = [RoundApi, ProposalApi, ResultApi, CertificateApi, ProjectApi]
