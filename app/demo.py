"""Demo data: Groningen after the 2019 merger, with programmes and an account per role."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from app.areas import queries as area_queries
from app.areas import services as area_services
from app.areas.services import AreaSpec, RangeSpec
from app.demo_centres import CENTRES
from app.programmes import queries as programme_queries
from app.programmes import services as programme_services

MERGER = date(2019, 1, 1)  # Haren and Ten Boer joined Groningen
SPLIT_LAST_DAY = date(2020, 12, 31)  # the Oosterparkwijk buurt split in two on 2021-01-01
SPLIT_FIRST_DAY = date(2021, 1, 1)
DEMO_YEAR = 2026
OOSTERPARK = "WK001403"
ACTOR = "system"


class DemoAccount(NamedTuple):
    """A demo login the README lists: email, password, role and (for council) area code."""

    email: str
    password: str
    role: str
    area_code: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin@wijkstem.example", "demo-admin-2026", "admin", ""),
    DemoAccount("staff@wijkstem.example", "demo-staff-2026", "staff", ""),
    DemoAccount("certifier@wijkstem.example", "demo-cert-2026", "certifier", ""),
    DemoAccount("certifier2@wijkstem.example", "demo-cert2-2026", "certifier", ""),
    DemoAccount("raad.oosterpark@wijkstem.example", "demo-raad-2026", "council", OOSTERPARK),
    DemoAccount("bewoner@wijkstem.example", "demo-bewoner-2026", "resident", ""),
)
_NAMES = {
    "admin@wijkstem.example": ("Anne Admin", ""),
    "staff@wijkstem.example": ("Sietse Medewerker", ""),
    "certifier@wijkstem.example": ("Carla Certificeerder", ""),
    "certifier2@wijkstem.example": ("Chris Tweede Certificeerder", ""),
    "raad.oosterpark@wijkstem.example": ("Rik Raadslid", "9713LB"),
    "bewoner@wijkstem.example": ("Bea Bewoner", "9713AB"),
}

# district code, name, 2026 total (euros), resident share (euros),
# then its neighbourhoods: wijk code, name, buurten: (code, name, [(digits, from, to), ...])
Buurt = tuple[str, str, list[tuple[int, str, str]]]
Wijk = tuple[str, str, list[Buurt]]
TREE: list[tuple[str, str, int, int, list[Wijk]]] = [
    (
        "GB001401",
        "Centrum",
        900_000,
        150_000,
        [
            (
                "WK001401",
                "Binnenstad",
                [
                    ("BU00140101", "Binnenstad-Noord", [(9711, "AA", "ZZ")]),
                    ("BU00140102", "Binnenstad-Zuid", [(9712, "AA", "ZZ")]),
                    ("BU00140103", "Hortusbuurt-Ebbingekwartier", [(9718, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001402",
                "Oude Wijken",
                [
                    ("BU00140201", "Schildersbuurt", [(9716, "AA", "ZZ")]),
                    ("BU00140202", "Noorderplantsoenbuurt", [(9717, "AA", "KZ")]),
                    ("BU00140203", "Oranjebuurt", [(9717, "LA", "ZZ")]),
                ],
            ),
        ],
    ),
    (
        "GB001402",
        "Oost",
        1_200_000,
        250_000,
        [
            (
                "WK001403",
                "Oosterpark",
                [
                    ("BU00140302", "Florabuurt", [(9713, "AA", "KZ")]),
                    ("BU00140303", "Gorechtbuurt", [(9713, "LA", "ZZ")]),
                ],
            ),
            (
                "WK001404",
                "Korrewegwijk",
                [
                    ("BU00140401", "De Hoogte", [(9714, "AA", "ZZ")]),
                    ("BU00140402", "Indische buurt", [(9715, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001405",
                "Beijum",
                [
                    ("BU00140501", "Beijum-West", [(9736, "AA", "ZZ")]),
                    ("BU00140502", "Beijum-Oost", [(9737, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001406",
                "Lewenborg",
                [
                    ("BU00140601", "Lewenborg-Noord", [(9733, "AA", "ZZ")]),
                    ("BU00140602", "Lewenborg-Zuid", [(9734, "AA", "ZZ")]),
                    ("BU00140603", "Noorddijk", [(9735, "AA", "ZZ")]),
                ],
            ),
        ],
    ),
    (
        "GB001403",
        "Noord",
        800_000,
        150_000,
        [
            (
                "WK001407",
                "Selwerd",
                [
                    ("BU00140701", "Selwerd", [(9741, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001408",
                "Paddepoel",
                [
                    ("BU00140801", "Paddepoel-Noord", [(9742, "AA", "KZ")]),
                    ("BU00140802", "Paddepoel-Zuid", [(9742, "LA", "ZZ")]),
                ],
            ),
            (
                "WK001409",
                "Zernike",
                [
                    ("BU00140901", "Zernikecampus", [(9747, "AA", "ZZ")]),
                ],
            ),
        ],
    ),
    (
        "GB001404",
        "West",
        850_000,
        150_000,
        [
            (
                "WK001410",
                "Vinkhuizen",
                [
                    ("BU00141001", "Vinkhuizen-Noord", [(9743, "AA", "KZ")]),
                    ("BU00141002", "Vinkhuizen-Zuid", [(9743, "LA", "ZZ")]),
                ],
            ),
            (
                "WK001411",
                "Hoogkerk",
                [
                    ("BU00141101", "Hoogkerk-Noord", [(9744, "AA", "ZZ")]),
                    ("BU00141102", "Hoogkerk-Zuid", [(9745, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001412",
                "Reitdiep",
                [
                    ("BU00141201", "Reitdiephaven", [(9746, "AA", "KZ")]),
                    ("BU00141202", "Dorkwerd", [(9746, "LA", "ZZ")]),
                ],
            ),
        ],
    ),
    (
        "GB001405",
        "Zuid",
        1_000_000,
        200_000,
        [
            (
                "WK001413",
                "Helpman",
                [
                    ("BU00141301", "Helpman-Oost", [(9721, "AA", "ZZ")]),
                    ("BU00141302", "Coendersborg", [(9722, "AA", "KZ")]),
                ],
            ),
            (
                "WK001414",
                "De Wijert",
                [
                    ("BU00141401", "De Wijert-Noord", [(9722, "LA", "ZZ")]),
                    ("BU00141402", "De Wijert-Zuid", [(9723, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001415",
                "Oosterpoort",
                [
                    ("BU00141501", "Oosterpoort", [(9724, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001416",
                "Herewegwijk",
                [
                    ("BU00141601", "Herewegbuurt", [(9725, "AA", "ZZ")]),
                    ("BU00141602", "Villabuurt", [(9726, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001417",
                "Corpus den Hoorn",
                [
                    ("BU00141701", "Hoornse Meer", [(9727, "AA", "ZZ")]),
                    ("BU00141702", "Corpus den Hoorn", [(9728, "AA", "ZZ")]),
                ],
            ),
        ],
    ),
    (
        "GB001406",
        "Haren",
        600_000,
        100_000,
        [
            (
                "WK001418",
                "Haren",
                [
                    ("BU00141801", "Haren-Noord", [(9750, "AA", "ZZ")]),
                    ("BU00141802", "Haren-Centrum", [(9751, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001419",
                "Haren-Zuid",
                [
                    ("BU00141901", "Glimmen", [(9752, "AA", "ZZ")]),
                    ("BU00141902", "Onnen en Noordlaren", [(9753, "AA", "ZZ")]),
                ],
            ),
        ],
    ),
    (
        "GB001407",
        "Ten Boer",
        400_000,
        75_000,
        [
            (
                "WK001420",
                "Ten Boer",
                [
                    ("BU00142001", "Ten Boer-dorp", [(9791, "AA", "ZZ")]),
                    ("BU00142002", "Woltersum", [(9790, "AA", "ZZ")]),
                ],
            ),
            (
                "WK001421",
                "Ten Post",
                [
                    ("BU00142101", "Ten Post", [(9792, "AA", "ZZ")]),
                ],
            ),
        ],
    ),
]

# The historic example: one buurt for all of 9713 until it split in two on 2021-01-01.
HISTORIC = AreaSpec(
    code="BU00140301",
    name="Oosterparkwijk",
    level="buurt",
    parent_code=OOSTERPARK,
    valid_from=MERGER,
    valid_to=SPLIT_LAST_DAY,
    successors="BU00140302 BU00140303",
)
SPLIT_SUCCESSORS = frozenset({"BU00140302", "BU00140303"})


def demo_tree() -> tuple[list[AreaSpec], list[RangeSpec]]:
    """The demo area tree (parents first) and its postcode ranges."""
    areas = [AreaSpec("GM0014", "Groningen", "municipality", None, MERGER)]
    ranges = [RangeSpec(HISTORIC.code, 9713, "AA", "ZZ")]
    for district, district_name, _total, _resident, wijken in TREE:
        areas.append(AreaSpec(district, district_name, "district", "GM0014", MERGER))
        for wijk, wijk_name, buurten in wijken:
            areas.append(AreaSpec(wijk, wijk_name, "neighbourhood", district, MERGER))
            if wijk == OOSTERPARK:
                areas.append(HISTORIC)
            for code, name, spans in buurten:
                start = SPLIT_FIRST_DAY if code in SPLIT_SUCCESSORS else MERGER
                areas.append(AreaSpec(code, name, "buurt", wijk, start))
                ranges.extend(RangeSpec(code, *span) for span in spans)
    return areas, ranges


async def load_places() -> tuple[int, int, int]:
    """The area tree, postcodes and 2026 programmes; returns (areas, ranges, programmes) added."""
    areas, ranges = demo_tree()
    added_areas, added_ranges = await area_services.import_tree(ACTOR, areas, ranges)
    await area_services.set_missing_centres(ACTOR, CENTRES)
    added_programmes = 0
    for district, name, total, resident, _wijken in TREE:
        if await programme_queries.programme_for(district, DEMO_YEAR) is not None:
            continue
        created = await programme_services.create_programme(
            ACTOR,
            area_code=district,
            year=DEMO_YEAR,
            title=f"Gebiedsprogramma {name} {DEMO_YEAR}",
            description=(
                f"Wat de gemeente in {DEMO_YEAR} in {name} doet, en welk deel de bewoners "
                "zelf besteden."
            ),
            total=total * 100,
        )
        programme_id = created.value
        if programme_id is None:
            raise RuntimeError(f"demo programme for {district}: {created.problems}")
        lines = [
            ("Bewoners beslissen (wijkbudget)", "resident", resident),
            ("Groen en spelen", "regular", total * 40 // 100),
            ("Verkeersveiligheid", "regular", total * 25 // 100),
        ]
        for line_name, kind, euros in lines:
            added = await programme_services.add_budget_line(
                ACTOR, programme_id, line_name, kind, euros * 100
            )
            if not added.ok:
                raise RuntimeError(f"demo budget line for {district}: {added.problems}")
        added_programmes += 1
    return added_areas, added_ranges, added_programmes


async def load_accounts() -> int:
    """One account per role (see DEMO_ACCOUNTS); returns how many were created."""
    from app.accounts import queries as account_queries
    from app.accounts import services as account_services

    created = 0
    for account in DEMO_ACCOUNTS:
        if await account_queries.user_exists(account.email):
            continue
        name, postcode = _NAMES[account.email]
        answer = await account_services.create_user_with_role(
            email=account.email,
            name=name,
            password=account.password,
            role=account.role,
            area_code=account.area_code,
            postcode=postcode,
        )
        if not answer.ok:
            raise RuntimeError(f"demo account {account.email}: {answer.message}")
        created += 1
    return created


async def load_demo() -> str:
    """Load the demo data; running it twice changes nothing. Returns a summary, a line a part."""
    from app.modules import load_modules

    added_areas, added_ranges, added_programmes = await load_places()
    added_accounts = await load_accounts()
    if not (added_areas or added_ranges or added_programmes or added_accounts):
        total = await area_queries.count_areas()
        places = f"demo: areas already loaded ({total} areas), nothing changed"
    else:
        places = (
            f"demo: added {added_areas} areas, {added_ranges} postcode ranges, "
            f"{added_programmes} programmes and {added_accounts} accounts"
        )
    # Each module loads its own part, in registry order: rounds need the programmes, proposals
    # the rounds, deliberation the proposals, results the votes, delivery the certificates.
    parts = [places]
    for module in load_modules():
        if module.demo is not None:
            parts.append(await module.demo())
    return "\n".join(parts)
