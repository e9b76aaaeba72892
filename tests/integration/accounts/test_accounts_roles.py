"""Role administration: admins grant and revoke roles, council roles are scoped to an area."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import DEFAULT_PASSWORD, Account, login, post_form, unique_email

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]


async def _grant(client: Client, email: str, role: str, area_code: str = "") -> object:
    return await post_form(
        client, "/beheer/rollen/toekennen", {"email": email, "role": role, "area_code": area_code}
    )


async def test_admin_grants_council_role_for_an_area(
    client: Client, make_user: MakeUser, neighbourhood: dict[str, str]
) -> None:
    """The grant is stored with its area, shown in the table and appended to the audit chain."""
    from app.accounts.sessions import principal_for
    from app.audit import queries as audit_queries
    from app.audit.services import verify_chain

    admin, resident = await make_user("admin"), await make_user()
    await login(client, admin)
    response = await _grant(client, resident.email, "council", neighbourhood["code"].lower())
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert ("council", neighbourhood["code"]) in (await principal_for(resident.id)).grants

    page = await client.get("/beheer/rollen", params={"email": resident.email})
    assert 'data-testid="grants-table"' in page.text
    assert neighbourhood["code"] in page.text

    (event,) = await audit_queries.latest_events(1)
    assert ("role.grant", f"user:{admin.id}", f"user:{resident.id}") == (
        event["action"],
        event["actor"],
        event["subject"],
    )
    assert {"role": "council", "area_code": neighbourhood["code"]} == json.loads(event["payload"])
    assert resident.email not in str(event)
    assert (await verify_chain()).ok


async def test_admin_revokes_a_role_and_it_is_audited(client: Client, make_user: MakeUser) -> None:
    """Revoking removes the grant and appends a role.revoke event."""
    from app.accounts import queries
    from app.accounts.sessions import principal_for
    from app.audit import queries as audit_queries

    admin, staff = await make_user("admin"), await make_user("staff")
    await login(client, admin)
    (grant,) = await queries.roles_of(staff.id)
    response = await post_form(
        client, f"/beheer/rollen/{grant.id}/intrekken", {"email": staff.email}
    )
    assert response.status_code == 303
    assert not (await principal_for(staff.id)).has_role("staff")
    (event,) = await audit_queries.latest_events(1)
    assert ("role.revoke", f"user:{staff.id}") == (event["action"], event["subject"])
    assert json.loads(event["payload"]) == {"role": "staff", "area_code": ""}
    missing = await post_form(client, f"/beheer/rollen/{grant.id}/intrekken")
    assert missing.status_code == 404


async def test_admin_cannot_revoke_own_admin_role(client: Client, make_user: MakeUser) -> None:
    """The last admin cannot lock the site out by accident."""
    from app.accounts import queries

    admin = await make_user("admin")
    await login(client, admin)
    (grant,) = await queries.roles_of(admin.id)
    response = await post_form(client, f"/beheer/rollen/{grant.id}/intrekken")
    assert response.status_code == 400
    assert [grant] == await queries.roles_of(admin.id)


async def test_bad_grants_are_named_and_store_nothing(
    english: Client, make_user: MakeUser, neighbourhood: dict[str, str]
) -> None:
    """Unknown account, unknown area, missing area, unknown role and duplicates are refused."""
    from app.accounts import queries
    from app.audit import queries as audit_queries

    admin, resident = await make_user("admin"), await make_user()
    await login(english, admin)
    before = await audit_queries.count_events()
    cases = [
        (unique_email("ghost"), "staff", "", "There is no account with this email address."),
        (resident.email, "council", "WK0000000", "There is no area with code WK0000000."),
        (resident.email, "council", "", "A council member needs an area code."),
        (resident.email, "emperor", "", "Choose a role."),
        (resident.email, "staff", neighbourhood["code"], "Only council members are scoped"),
        (resident.email, "resident", "", "This account already holds this role."),
    ]
    for email, role, area_code, message in cases:
        response = await _grant(english, email, role, area_code)
        assert response.status_code == 400, role  # type: ignore[attr-defined]
        assert message in response.text  # type: ignore[attr-defined]
    assert [grant.role for grant in await queries.roles_of(resident.id)] == ["resident"]
    assert before == await audit_queries.count_events()


async def test_non_admins_are_refused(client: Client, make_user: MakeUser) -> None:
    """Residents and council members get 403; anonymous visitors are sent to log in."""
    anonymous = await client.get("/beheer/rollen", follow_redirects=False)
    assert anonymous.status_code == 303
    resident = await make_user()
    await login(client, resident)
    assert (await client.get("/beheer/rollen")).status_code == 403
    assert (await _grant(client, resident.email, "admin")).status_code == 403  # type: ignore[attr-defined]
    from app.accounts.sessions import principal_for

    assert not (await principal_for(resident.id)).has_role("admin")


async def test_create_user_with_role_validates_and_audits(neighbourhood: dict[str, str]) -> None:
    """The CLI's use case refuses bad input with problems and records each account it creates."""
    from app.accounts import queries, services
    from app.accounts.sessions import principal_for
    from app.audit import queries as audit_queries
    from app.i18n import _

    email = unique_email("council")
    args = {"email": email, "name": "Raadslid", "password": DEFAULT_PASSWORD, "postcode": ""}
    no_area = await services.create_user_with_role(**args, role="council", area_code="")
    assert not no_area.ok and "area_code" in no_area.problems
    king = await services.create_user_with_role(**args, role="king", area_code="")
    assert not king.ok and "role" in king.problems
    unknown = await services.create_user_with_role(**args, role="council", area_code="WK0000000")
    assert not unknown.ok and "area_code" in unknown.problems
    assert not await queries.user_exists(email)

    code = neighbourhood["code"]
    created = await services.create_user_with_role(**args, role="council", area_code=code)
    assert created.ok
    user_id = await queries.user_id_by_email(email)
    assert user_id is not None and created.value == user_id
    principal = await principal_for(user_id)
    assert principal.email_confirmed and principal.council_areas() == {code}
    (event,) = await audit_queries.latest_events(1)
    assert ("account.create", f"user:{user_id}") == (event["action"], event["subject"])
    again = await services.create_user_with_role(**args, role="council", area_code=code)
    assert again.problems == {"email": _("An account with this email address already exists.")}


async def test_account_page_places_resident_by_postcode(
    client: Client, make_user: MakeUser, neighbourhood: dict[str, str]
) -> None:
    """The account page names the buurt and neighbourhood the postcode lies in."""
    import secrets
    from datetime import date

    from app.areas.tables import Area, PostcodeRange

    parent = await Area.select(Area.id).where(Area.code == neighbourhood["code"]).first()
    assert parent is not None
    buurt_code = "BU" + neighbourhood["code"][2:] + "01"
    (buurt,) = await Area.insert(
        Area(
            level="buurt",
            code=buurt_code,
            name="Testbuurt",
            parent=parent["id"],
            valid_from=date(2019, 1, 1),
        )
    ).returning(Area.id)
    letters = "".join(secrets.choice("BCEFGHJKLMNP") for _ in range(2))
    await PostcodeRange.insert(
        PostcodeRange(digits=9999, letters_from=letters, letters_to=letters, area=buurt["id"])
    )
    account = await make_user(postcode=f"9999{letters}")
    await login(client, account)
    page = await client.get("/account")
    area_html = page.text.split('data-testid="account-area"')[1].split("</dd>")[0]
    assert "Testbuurt" in area_html and neighbourhood["name"] in area_html
