"""Who may use each route, written down once per route (the access matrix's expectations).

A new route fails `test_every_route_has_an_entry` until it gets a line here: pick the rule
that says which roles may use it (in which phases of the round it belongs to). Roles are
relative to the round (or object) the request is about: `resident_here` lives in its area,
`council_here` is on the council of its area; `*_elsewhere` are the same for another district.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.security.world import ROLES

Allowed = Callable[[str, str], bool]  # (role, phase of the round) -> may use it


@dataclass(frozen=True)
class Rule:
    """Which roles may use a route, and a short reason for the reader."""

    allowed: Allowed
    why: str

    def allows(self, role: str, phase: str) -> bool:
        """Whether the role may use the route when the round is in `phase`."""
        return self.allowed(role, phase)

    @property
    def phase_bound(self) -> bool:
        """Whether the answer depends on the round's phase."""
        return "phase" in self.why


def roles(*names: str, why: str) -> Rule:
    """Only these roles, in every phase."""
    unknown = set(names) - set(ROLES)
    assert not unknown, unknown
    return Rule(lambda role, _phase: role in names, why)


def in_phases(rule: Rule, *phases: str) -> Rule:
    """The rule, but only while the round is in one of these phases; nobody otherwise."""
    return Rule(
        lambda role, phase: phase in phases and rule.allows(role, phase),
        f"{rule.why}, in phase {'/'.join(phases)}",
    )


EVERYONE = roles(*ROLES, why="public")
SIGNED_IN = roles(*ROLES[1:], why="any signed-in user")
STAFF = roles("staff", "admin", why="municipal staff")
ADMIN = roles("admin", why="administrators")
AREA = roles("council_here", "staff", "admin", why="the area's council, or staff")
MODERATORS = roles(
    "council_here", "council_elsewhere", "staff", "admin", why="moderators (queue per area)"
)
RESIDENT_HERE = roles("resident_here", why="residents of the area")
CERTIFIERS = roles("certifier", why="certifiers")
KEY_PEOPLE = roles("certifier", "staff", "admin", why="staff and certifiers (the box key)")
NOBODY = roles(why="only the author or a link holder, none of the suite's roles")

EXPECTED: dict[str, Rule] = {
    # core
    "GET /": EVERYONE,
    "GET /audit": EVERYONE,
    "GET /help": EVERYONE,
    "GET /contact": EVERYONE,
    "GET /privacy": EVERYONE,
    "GET /toegankelijkheid": EVERYONE,
    "GET /favicon.ico": EVERYONE,
    "GET /mijn-taken": SIGNED_IN,
    "GET /health": EVERYONE,
    "POST /taal": EVERYONE,
    "GET /static/{file_path:path}": EVERYONE,
    "GET /api/schema": EVERYONE,
    "GET /api/schema/openapi.json": EVERYONE,
    "GET /api/schema/{path:str}": EVERYONE,
    # accounts
    "GET /account": SIGNED_IN,
    "GET /account/gegevens.json": SIGNED_IN,
    "POST /account/bevestiging": SIGNED_IN,
    "POST /account/postcode": SIGNED_IN,
    "POST /account/verwijderen": SIGNED_IN,
    "POST /account/wachtwoord": SIGNED_IN,
    "GET /account/bevestigen/{token:str}": EVERYONE,
    "GET /account/inloggen": EVERYONE,
    "POST /account/inloggen": EVERYONE,
    "POST /account/uitloggen": EVERYONE,
    "GET /account/registreren": EVERYONE,
    "POST /account/registreren": EVERYONE,
    "GET /account/registreren/controleer-mail": EVERYONE,
    "GET /account/verwijderd": EVERYONE,
    "GET /account/wachtwoord-herstellen/{token:str}": EVERYONE,
    "POST /account/wachtwoord-herstellen/{token:str}": EVERYONE,
    "GET /account/wachtwoord-vergeten": EVERYONE,
    "POST /account/wachtwoord-vergeten": EVERYONE,
    "GET /beheer/rollen": ADMIN,
    "POST /beheer/rollen/toekennen": ADMIN,
    "POST /beheer/rollen/{grant_id:int}/intrekken": ADMIN,
    # areas and programmes
    "GET /gebieden": EVERYONE,
    "GET /gebieden/{code:str}": EVERYONE,
    "GET /postcode": EVERYONE,
    "GET /beheer/gebieden": ADMIN,
    "POST /beheer/gebieden/nieuw": ADMIN,
    "POST /beheer/gebieden/beeindigen": ADMIN,
    "GET /api/v1/areas": EVERYONE,
    "GET /api/v1/areas/{code:str}": EVERYONE,
    "GET /programmas/nieuw": STAFF,
    "POST /programmas/nieuw": STAFF,
    "GET /programmas/{programme_id:int}": EVERYONE,
    "GET /programmas/{programme_id:int}/bewerken": STAFF,
    "POST /programmas/{programme_id:int}/bewerken": STAFF,
    "POST /programmas/{programme_id:int}/regels": STAFF,
    "POST /programmas/{programme_id:int}/regels/{line_id:int}": STAFF,
    "POST /programmas/{programme_id:int}/regels/{line_id:int}/verwijderen": STAFF,
    "GET /api/v1/programmes": EVERYONE,
    "GET /api/v1/programmes/{programme_id:int}": EVERYONE,
    # rounds
    "GET /rondes": EVERYONE,
    "GET /rondes/nieuw": SIGNED_IN,
    "POST /rondes/nieuw": SIGNED_IN,
    "GET /rondes/{round_id:int}": EVERYONE,
    "GET /rondes/{round_id:int}/bewerken": AREA,
    "POST /rondes/{round_id:int}/bewerken": AREA,
    "POST /rondes/{round_id:int}/fase": AREA,
    "POST /rondes/{round_id:int}/heropenen": ADMIN,
    "POST /rondes/{round_id:int}/kopie": AREA,
    "GET /api/v1/rounds": EVERYONE,
    "GET /api/v1/rounds/{round_id:int}": EVERYONE,
    "GET /api/v1/rounds/{round_id:int}/proposals": EVERYONE,
    # proposals
    "GET /rondes/{round_id:int}/voorstellen": EVERYONE,
    "GET /rondes/{round_id:int}/voorstellen/kaart.json": EVERYONE,
    "GET /rondes/{round_id:int}/voorstellen/nieuw": in_phases(RESIDENT_HERE, "proposing"),
    "POST /rondes/{round_id:int}/voorstellen/nieuw": in_phases(RESIDENT_HERE, "proposing"),
    "GET /voorstellen/{proposal_id:int}": EVERYONE,
    "GET /voorstellen/{proposal_id:int}/bewerken": NOBODY,
    "POST /voorstellen/{proposal_id:int}/bewerken": NOBODY,
    "POST /voorstellen/{proposal_id:int}/intrekken": NOBODY,
    "GET /voorstellen/{proposal_id:int}/versies": EVERYONE,
    "GET /voorstellen/{proposal_id:int}/beoordelen": in_phases(STAFF, "reviewing"),
    "POST /voorstellen/{proposal_id:int}/beoordelen": in_phases(STAFF, "reviewing"),
    "GET /fotos/{filename:str}": EVERYONE,
    "GET /fotos/klein/{filename:str}": EVERYONE,
    "GET /api/v1/proposals/{proposal_id:int}": EVERYONE,
    # deliberation
    "POST /voorstellen/{proposal_id:int}/steunen": RESIDENT_HERE,
    "POST /voorstellen/{proposal_id:int}/steun-intrekken": RESIDENT_HERE,
    "POST /voorstellen/{proposal_id:int}/reacties": SIGNED_IN,
    "POST /voorstellen/{proposal_id:int}/volgen": SIGNED_IN,
    "POST /voorstellen/{proposal_id:int}/ontvolgen": SIGNED_IN,
    "GET /afmelden/{token:str}": EVERYONE,
    "POST /afmelden/{token:str}": EVERYONE,
    "POST /meldingen": SIGNED_IN,
    "GET /moderatie": MODERATORS,
    "POST /moderatie/verbergen": MODERATORS,
    "POST /moderatie/meldingen/{report_id:int}/afhandelen": MODERATORS,
    "GET /rondes/{round_id:int}/bijeenkomsten": EVERYONE,
    "POST /rondes/{round_id:int}/bijeenkomsten": AREA,
    "GET /rondes/{round_id:int}/bijeenkomsten/nieuw": AREA,
    "GET /bijeenkomsten/{meeting_id:int}": EVERYONE,
    "GET /bijeenkomsten/{meeting_id:int}/bewerken": AREA,
    "POST /bijeenkomsten/{meeting_id:int}/bewerken": AREA,
    # ballot list and voting
    "GET /rondes/{round_id:int}/stembiljet": EVERYONE,
    "POST /rondes/{round_id:int}/stembiljet": AREA,
    "GET /stemmen/{round_id:int}": EVERYONE,
    "POST /stemmen/{round_id:int}": EVERYONE,
    "GET /stemmen/{round_id:int}/stembiljet": EVERYONE,
    "POST /stemmen/{round_id:int}/controleren": EVERYONE,
    "POST /stemmen/{round_id:int}/uitbrengen": EVERYONE,
    "GET /stemmen/{round_id:int}/met-account": in_phases(RESIDENT_HERE, "voting"),
    "POST /stemmen/{round_id:int}/met-account/controleren": in_phases(RESIDENT_HERE, "voting"),
    "POST /stemmen/{round_id:int}/met-account/uitbrengen": in_phases(RESIDENT_HERE, "voting"),
    "GET /stemmen/{round_id:int}/bord": EVERYONE,
    "GET /stemmen/{round_id:int}/bord.csv": EVERYONE,
    "GET /stemmen/{round_id:int}/opkomst": AREA,
    "GET /beheer/stemmen/{round_id:int}/codes": STAFF,
    "POST /beheer/stemmen/{round_id:int}/codes": STAFF,
    "POST /beheer/stemmen/{round_id:int}/codes/{code_id:int}/intrekken": STAFF,
    "POST /beheer/stemmen/{round_id:int}/codes/{code_id:int}/opnieuw": STAFF,
    "GET /beheer/stemmen/{round_id:int}/balie": STAFF,
    "POST /beheer/stemmen/{round_id:int}/balie": STAFF,
    "GET /beheer/stemmen/{round_id:int}/balie/{reference:str}": STAFF,
    "POST /beheer/stemmen/{round_id:int}/balie/{reference:str}/controleren": STAFF,
    "POST /beheer/stemmen/{round_id:int}/balie/{reference:str}/uitbrengen": STAFF,
    "GET /beheer/stemmen/{round_id:int}/papier": STAFF,
    "POST /beheer/stemmen/{round_id:int}/papier": STAFF,
    "GET /beheer/stemmen/papier/{batch_id:int}": STAFF,
    "POST /beheer/stemmen/papier/{batch_id:int}/bevestigen": STAFF,
    "POST /beheer/stemmen/papier/{batch_id:int}/weggooien": STAFF,
    # results
    "GET /rondes/{round_id:int}/uitslag": EVERYONE,
    "POST /rondes/{round_id:int}/uitslag": AREA,
    "POST /rondes/{round_id:int}/uitslag/correctie": AREA,
    "POST /rondes/{round_id:int}/uitslag/{result_id:int}/goedkeuren": CERTIFIERS,
    "POST /rondes/{round_id:int}/uitslag/{result_id:int}/afwijzen": CERTIFIERS,
    "GET /rondes/{round_id:int}/uitslag/ballots.pb": EVERYONE,
    "GET /rondes/{round_id:int}/uitslag/certificate.json": EVERYONE,
    "GET /rondes/{round_id:int}/uitslag/proces-verbaal.pdf": EVERYONE,
    "GET /uitslag/controleren": EVERYONE,
    "POST /uitslag/controleren": EVERYONE,
    "GET /api/v1/results": EVERYONE,
    "GET /api/v1/results/{round_id:int}": EVERYONE,
    "GET /api/v1/certificates": EVERYONE,
    "GET /api/v1/certificates/{certificate_id:int}": EVERYONE,
    # delivery
    "GET /projecten/{project_id:int}": EVERYONE,
    "POST /projecten/{project_id:int}/status": AREA,
    "POST /projecten/{project_id:int}/geld": AREA,
    "POST /projecten/{project_id:int}/mijlpalen": AREA,
    "POST /projecten/{project_id:int}/mijlpalen/{milestone_id:int}/bereikt": AREA,
    "POST /projecten/{project_id:int}/fotos": AREA,
    "GET /projecten/fotos/{filename:str}": EVERYONE,
    "POST /projecten/{project_id:int}/volgen": SIGNED_IN,
    "POST /projecten/{project_id:int}/ontvolgen": SIGNED_IN,
    "GET /projecten/afmelden/{token:str}": EVERYONE,
    "POST /projecten/afmelden/{token:str}": EVERYONE,
    "GET /api/v1/projects": EVERYONE,
    "GET /api/v1/projects/{project_id:int}": EVERYONE,
    # initiatives (coarse: signed-in routes check their own roles; the module owner may narrow)
    "GET /initiatieven": EVERYONE,
    "GET /initiatieven/wachtrij": SIGNED_IN,
    "GET /initiatieven/{initiative_id:int}": EVERYONE,
    "GET /initiatieven/bestanden/{filename:str}": EVERYONE,
    "GET /initiatieven/aanvragen/{fund_id:int}": SIGNED_IN,
    "POST /initiatieven/aanvragen/{fund_id:int}": SIGNED_IN,
    "GET /initiatieven/{initiative_id:int}/bewerken": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/bewerken": SIGNED_IN,
    "GET /initiatieven/bevestigen/{token:str}": EVERYONE,
    "POST /initiatieven/bevestigen/{token:str}": EVERYONE,
    "POST /initiatieven/{initiative_id:int}/verslag": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/reactie": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/intrekken": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/bericht": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/advies": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/stem": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/besluit": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/verlengen": SIGNED_IN,
    "POST /initiatieven/{initiative_id:int}/verslag-akkoord": SIGNED_IN,
    "GET /beheer/initiatieven": STAFF,
    "POST /beheer/initiatieven/fonds": STAFF,
    "GET /beheer/initiatieven/betaalopdrachten.csv": STAFF,
    "POST /beheer/initiatieven/bevestigingen": STAFF,
    "GET /api/v1/initiatives": EVERYONE,
    "GET /open-data/initiatieven.csv": EVERYONE,
    # voter register, DigiD and signed results (coarse entries; the owner may narrow them)
    "POST /stemmen/{round_id:int}/met-account/koppelen": EVERYONE,
    "POST /beheer/stemmen/{round_id:int}/codes/bevestigen/{batch:str}": STAFF,
    "POST /beheer/stemmen/{round_id:int}/codes/register": STAFF,
    "POST /beheer/stemmen/{round_id:int}/codes/adressen-wissen": STAFF,
    "POST /beheer/stemmen/{round_id:int}/balie-bevestigen/{registration_id:int}": STAFF,
    "GET /uitslag/sleutel": EVERYONE,
    "GET /beheer/stemmen/{round_id:int}/register": STAFF,
    "POST /beheer/stemmen/{round_id:int}/register": STAFF,
    "POST /beheer/stemmen/{round_id:int}/register/peiling": STAFF,
    "GET /account/digid": SIGNED_IN,
    "GET /account/digid/terug": SIGNED_IN,
    # sealed ballot box: the key ceremony, the shares and the opening (staff and certifiers)
    "GET /beheer/stemmen/{round_id:int}/sleutel": KEY_PEOPLE,
    "POST /beheer/stemmen/{round_id:int}/sleutel": KEY_PEOPLE,
    "POST /beheer/stemmen/{round_id:int}/sleutel/{position:int}/ophalen": KEY_PEOPLE,
    "POST /beheer/stemmen/{round_id:int}/sleutel/{position:int}/bevestigen": KEY_PEOPLE,
    "GET /beheer/stemmen/{round_id:int}/openen": KEY_PEOPLE,
    "POST /beheer/stemmen/{round_id:int}/openen": KEY_PEOPLE,
    "GET /stemmen/{round_id:int}/verzegeld.txt": EVERYONE,
    # operations (the mail outbox, metrics)
    "GET /metrics": EVERYONE,
    "GET /beheer/post": STAFF,
    "POST /beheer/post/{mail_id:int}/opnieuw": STAFF,
    # monitoring and open data
    "GET /monitor": EVERYONE,
    "GET /monitor/{code:str}": EVERYONE,
    "GET /monitor/csv/{dataset_name:str}": EVERYONE,
    "GET /monitor/vergelijk": STAFF,
    "GET /open-data": EVERYONE,
    "GET /open-data/{filename:str}": EVERYONE,
}
