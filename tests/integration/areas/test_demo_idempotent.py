"""The demo load: Groningen's tree, programmes and one account per role; twice changes nothing."""

from __future__ import annotations

import httpx

from app.areas import queries as area_queries
from app.audit import queries as audit_queries
from app.demo import DEMO_ACCOUNTS, load_demo
from app.programmes import queries as programme_queries
from tests.support.web import Account, login


async def _counts() -> tuple[int, ...]:
    return (
        await area_queries.count_areas(),
        await area_queries.count_postcode_ranges(),
        await programme_queries.count_programmes(),
        await programme_queries.count_budget_lines(),
        await audit_queries.count_events(),
    )


async def test_loading_twice_changes_nothing() -> None:
    """The second load adds no rows and no audit events, and says so."""
    await load_demo()
    before = await _counts()
    summary = await load_demo()
    assert before == await _counts()
    for line in summary.splitlines():
        assert "already loaded" in line, line


async def test_demo_has_a_programme_per_district_with_resident_line() -> None:
    """Every current district has a 2026 programme with a resident-decision line."""
    await load_demo()
    for district in await area_queries.top_areas():
        found = await programme_queries.programme_for(district.code, 2026)
        assert found is not None, district.code
        full = await programme_queries.programme(int(found.id))
        assert full is not None
        assert 0 < full.resident_cents <= full.allocated_cents <= full.total_cents


async def test_demo_accounts_can_log_in(client: httpx.AsyncClient) -> None:
    """Each listed demo account logs in with its listed password."""
    from app.accounts import queries as account_queries

    await load_demo()
    assert {"admin", "staff", "certifier", "council", "resident"} == {
        account.role for account in DEMO_ACCOUNTS
    }
    for account in DEMO_ACCOUNTS:
        user_id = await account_queries.user_id_by_email(account.email)
        assert user_id is not None, account.email
        client.cookies.clear()
        await login(client, Account(id=user_id, email=account.email, password=account.password))
    resident = await account_queries.user_id_by_email("bewoner@wijkstem.example")
    profile = await account_queries.profile(int(resident or 0))
    assert profile is not None
    placed = await area_queries.area_for_postcode(str(profile.postcode))
    assert placed is not None and placed.parent_code == "WK001403"
