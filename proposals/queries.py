"""Read-only questions about proposals, for pages and for the deliberation and ballot modules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable
from piccolo.query import OrderByRaw

from app.areas import queries as area_queries
from app.rounds.queries import RoundView
from proposals.rows import (
    AreaChoice,
    MapRow,
    PhotoRow,
    ProposalCard,
    ProposalLink,
    ProposalRow,
    ProposalSummary,
    StatusChangeRow,
    StoredPhoto,
    VersionRow,
)
from proposals.tables import Proposal, ProposalPhoto, ProposalStatusChange, ProposalVersion

__all__ = [
    "AreaChoice",
    "MapRow",
    "PhotoRow",
    "ProposalCard",
    "ProposalLink",
    "ProposalRow",
    "ProposalSummary",
    "StatusChangeRow",
    "StoredPhoto",
    "VersionRow",
]

PAGE_SIZE = 20
SORTS = ("newest", "supported", "cost_asc", "cost_desc", "random")
MAX_SEED = 1_000_000


def _summary_columns() -> list[Column]:
    return [
        Proposal.id,
        Proposal.round.as_alias("round_id"),
        Proposal.title,
        Proposal.summary,
        Proposal.cost_cents,
        Proposal.status,
        Proposal.support_count,
        Proposal.comment_count,
        Proposal.author.as_alias("author_id"),
        Proposal.area.code.as_alias("area_code"),
        Proposal.area.name.as_alias("area_name"),
        Proposal.category,
        Proposal.hidden,
        Proposal.merged_into,
        Proposal.created_at,
    ]


async def proposal_by_id(proposal_id: int) -> ProposalRow | None:
    """One proposal with its current text, author's display name and area, or None."""
    row = (
        await Proposal.select(
            *_summary_columns(),
            Proposal.description,
            Proposal.version,
            Proposal.age_confirmed,
            Proposal.lat,
            Proposal.lon,
            Proposal.updated_at,
            Proposal.author.name.as_alias("author_name"),
        )
        .where(Proposal.id == proposal_id)
        .first()
    )
    return None if row is None else ProposalRow(**row)


async def proposals_for_round(
    round_id: int, statuses: list[str] | tuple[str, ...] | None = None
) -> list[ProposalSummary]:
    """Every proposal of a round (optionally only some statuses), most supported first."""
    query = Proposal.select(*_summary_columns()).where(Proposal.round == round_id)
    if statuses is not None:
        query = query.where(Proposal.status.is_in(list(statuses) or [""]))
    rows = await query.order_by(Proposal.support_count, ascending=False).order_by(Proposal.id)
    return [ProposalSummary(**row) for row in rows]


@dataclass(frozen=True)
class ListQuery:
    """What the list page was asked for; every field already checked by `ListQuery.parse`."""

    search: str = ""
    area: str = ""
    category: str = ""
    status: str = ""
    sort: str = "newest"
    page: int = 1
    seed: int = 0

    @classmethod
    def parse(cls, params: dict[str, str]) -> ListQuery:
        """Read query-string values leniently: anything odd falls back to the default."""

        def number(name: str, default: int, high: int) -> int:
            raw = params.get(name, "")
            return min(max(int(raw), 1), high) if raw.isdigit() and len(raw) < 9 else default

        sort = params.get("sort", "newest")
        return cls(
            search=params.get("q", "").strip()[:100],
            area=params.get("area", "").strip().upper()[:20],
            category=params.get("category", "").strip()[:60],
            status=params.get("status", "").strip()[:20],
            sort=sort if sort in SORTS else "newest",
            page=number("page", 1, 100_000),
            seed=number("seed", 0, MAX_SEED),
        )


def like_pattern(search: str) -> str:
    """A LIKE pattern matching the text anywhere, with %, _ and the escape itself escaped."""
    escaped = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def subtree_ids(choices: Sequence[AreaChoice], code: str) -> list[int]:
    """Ids of the chosen area and everything below it, from `area_choices` rows."""
    below: dict[str, list[AreaChoice]] = {}
    for row in choices:
        below.setdefault(str(row.parent_code), []).append(row)
    found = [row for row in choices if row.code == code]
    ids: list[int] = []
    while found:
        row = found.pop()
        ids.append(row.id)
        found.extend(below.get(row.code, []))
    return ids


async def list_page(
    round_id: int, ask: ListQuery, choices: Sequence[AreaChoice]
) -> tuple[list[ProposalCard], int]:
    """One page of a round's proposals for the list, and how many match in all.

    `choices` are the round's `area_choices`, used to resolve the area filter.
    """
    conditions: list[Combinable] = [Proposal.round == round_id]
    if ask.search:
        pattern = like_pattern(ask.search)
        conditions.append(
            WhereRaw(
                "(lower(proposal.title) LIKE {} ESCAPE '\\' "
                "OR lower(proposal.summary) LIKE {} ESCAPE '\\')",
                pattern,
                pattern,
            )
        )
    if ask.area:
        conditions.append(Proposal.area.is_in(subtree_ids(choices, ask.area) or [-1]))
    if ask.category:
        conditions.append(Proposal.category == ask.category)
    if ask.status:
        conditions.append(Proposal.status == ask.status)
    total = int(await Proposal.count().where(*conditions))
    query = Proposal.select(*_summary_columns()).where(*conditions)
    if ask.sort == "supported":
        query = query.order_by(Proposal.support_count, ascending=False)
    elif ask.sort == "cost_asc":
        query = query.order_by(Proposal.cost_cents)
    elif ask.sort == "cost_desc":
        query = query.order_by(Proposal.cost_cents, ascending=False)
    elif ask.sort == "random":
        # A repeatable shuffle: the seed is a checked integer, never text from the request.
        query = query.order_by(OrderByRaw(f"(proposal.id * 7919 + {int(ask.seed)}) % 10007"))
    else:
        query = query.order_by(Proposal.created_at, ascending=False)
    rows = (
        await query.order_by(Proposal.id, ascending=False)
        .limit(PAGE_SIZE)
        .offset((ask.page - 1) * PAGE_SIZE)
    )
    first = await _first_photos([int(row["id"]) for row in rows if not row["hidden"]])
    cards = []
    for row in rows:
        photo, photo_alt = first.get(int(row["id"]), ("", ""))
        cards.append(ProposalCard(**row, photo=photo, photo_alt=photo_alt))
    return cards, total


async def _first_photos(ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each of these proposals' first photo (file name, alt text), for its card."""
    first: dict[int, tuple[str, str]] = {}
    if ids:
        for photo in await (
            ProposalPhoto.select(
                ProposalPhoto.proposal, ProposalPhoto.filename, ProposalPhoto.alt_text
            )
            .where(ProposalPhoto.proposal.is_in(ids))
            .order_by(ProposalPhoto.id)
        ):
            first.setdefault(
                int(photo["proposal"]), (str(photo["filename"]), str(photo["alt_text"] or ""))
            )
    return first


async def area_choices(round_view: RoundView) -> list[AreaChoice]:
    """The round's area and every current area below it (lat, lon: the area's centre, or None)."""
    codes = {round_view.area_code, *(await area_queries.descendant_codes(round_view.area_code))}
    return [AreaChoice(**row) for row in await area_queries.areas_by_codes(codes)]


async def versions(proposal_id: int) -> list[VersionRow]:
    """Every kept version of a proposal's text, newest first."""
    rows = await (
        ProposalVersion.select()
        .where(ProposalVersion.proposal == proposal_id)
        .order_by(ProposalVersion.version, ascending=False)
    )
    return [VersionRow(**row) for row in rows]


async def status_history(proposal_id: int) -> list[StatusChangeRow]:
    """Every status change of a proposal with its public reason, oldest first."""
    rows = await (
        ProposalStatusChange.select()
        .where(ProposalStatusChange.proposal == proposal_id)
        .order_by(ProposalStatusChange.id)
    )
    return [StatusChangeRow(**row) for row in rows]


async def photos_of(proposal_id: int) -> list[PhotoRow]:
    """The photos of a proposal, in upload order."""
    rows = await (
        ProposalPhoto.select(
            ProposalPhoto.id,
            ProposalPhoto.filename,
            ProposalPhoto.content_type,
            ProposalPhoto.alt_text,
        )
        .where(ProposalPhoto.proposal == proposal_id)
        .order_by(ProposalPhoto.id)
    )
    return [PhotoRow(**row) for row in rows]


async def photo_by_name(name: str) -> StoredPhoto | None:
    """A stored photo's type and whether its proposal is hidden, by its file name."""
    row = (
        await ProposalPhoto.select(
            ProposalPhoto.content_type, ProposalPhoto.proposal.hidden.as_alias("hidden")
        )
        .where(ProposalPhoto.filename == name)
        .first()
    )
    return None if row is None else StoredPhoto(**row)


async def merged_from(proposal_id: int) -> list[ProposalLink]:
    """Proposals that were merged into this one."""
    rows = await (
        Proposal.select(Proposal.id, Proposal.title)
        .where(Proposal.merged_into == proposal_id)
        .order_by(Proposal.id)
    )
    return [ProposalLink(**row) for row in rows]


async def categories_in_use(round_id: int) -> list[str]:
    """Categories of a round's proposals (for the filter when the round lists none)."""
    rows = await Proposal.select(Proposal.category).where(Proposal.round == round_id).distinct()
    return sorted(str(row["category"]) for row in rows if row["category"])


async def personal_data(user_id: int) -> dict[str, object]:
    """The proposals an account wrote, for its owner's data download."""
    rows = await Proposal.select(
        Proposal.id, Proposal.title, Proposal.summary, Proposal.status, Proposal.created_at
    ).where(Proposal.author == user_id)
    return {"proposals": rows}


async def map_rows(round_id: int) -> list[MapRow]:
    """The round's visible proposals for its map."""
    rows = await (
        Proposal.select(
            Proposal.id,
            Proposal.title,
            Proposal.status,
            Proposal.area.code.as_alias("area_code"),
            Proposal.lat,
            Proposal.lon,
        )
        .where(Proposal.round == round_id, Proposal.hidden == "")
        .order_by(Proposal.id)
    )
    return [MapRow(**row) for row in rows]


async def count_by_round() -> dict[int, int]:
    """How many proposals (hidden ones too) each round has."""
    rows = await Proposal.raw('SELECT "round", count(*) AS "n" FROM "proposal" GROUP BY "round"')
    return {int(row["round"]): int(row["n"]) for row in rows}


async def visible_count(round_id: int) -> int:
    """How many proposals of a round are not hidden by moderation."""
    return int(await Proposal.count().where(Proposal.round == round_id, Proposal.hidden == ""))


def _public_columns() -> list[Column]:
    return [
        Proposal.id,
        Proposal.round.as_alias("round_id"),
        Proposal.title,
        Proposal.summary,
        Proposal.description,
        Proposal.cost_cents,
        Proposal.category,
        Proposal.area.code.as_alias("area_code"),
        Proposal.area.name.as_alias("area_name"),
        Proposal.status,
        Proposal.support_count,
        Proposal.comment_count,
        Proposal.merged_into,
        Proposal.created_at,
    ]


async def public_proposals(round_id: int | None = None) -> list[dict[str, object]]:
    """Visible proposals of published rounds (of one round, or all), oldest first.

    Open-data records (the API and downloads pick their columns by name), so plain dicts.
    """
    query = Proposal.select(*_public_columns()).where(
        Proposal.hidden == "", Proposal.round.phase != "draft"
    )
    if round_id is not None:
        query = query.where(Proposal.round == round_id)
    rows: list[dict[str, object]] = await query.order_by(Proposal.id)
    return rows


async def public_proposal(proposal_id: int) -> dict[str, object] | None:
    """One visible proposal of a published round with its public status history, or None."""
    row = (
        await Proposal.select(*_public_columns())
        .where(Proposal.id == proposal_id, Proposal.hidden == "", Proposal.round.phase != "draft")
        .first()
    )
    if row is None:
        return None
    history = await (
        ProposalStatusChange.select(
            ProposalStatusChange.status, ProposalStatusChange.reason, ProposalStatusChange.at
        )
        .where(ProposalStatusChange.proposal == proposal_id)
        .order_by(ProposalStatusChange.id)
    )
    return {**row, "history": history}
