"""Mijn account: my proposals, supports, follows (with a button to stop the mail) and votes."""

from __future__ import annotations

from datetime import date

from tests.integration.deliberation.world import (
    INSIDE,
    Browsers,
    MakeUser,
    make_proposal,
    make_round,
)
from tests.support.web import post_form


async def test_my_account_lists_what_i_did_but_never_how_i_voted(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Each section shows my own things only; the voted round is named, the choice is not."""
    from app.rounds.queries import round_by_id
    from app.settings import get_settings
    from ballots.box.codes import voter_key_for_user
    from ballots.box.tables import Participation
    from proposals.tables import Proposal

    round_id = await make_round()
    mine = await make_proposal(round_id, status="submitted", title="Mijn eigen bankje")
    other = await make_proposal(round_id, title="Andermans speeltuin")
    me, someone = await make_user(postcode=INSIDE), await make_user(postcode=INSIDE)
    await Proposal.update({Proposal.author: me.id}).where(Proposal.id == mine)
    await Proposal.update({Proposal.author: someone.id}).where(Proposal.id == other)
    browser = await open_browser(me)
    assert (await post_form(browser, f"/voorstellen/{other}/volgen")).status_code == 303
    key = voter_key_for_user(get_settings().secret_key, me.id)
    await Participation.insert(
        Participation(round=round_id, voter_key=key, channel="online", voted_on=date.today())
    )
    page = (await browser.get("/account")).text
    view = await round_by_id(round_id)
    assert view is not None
    assert "Mijn eigen bankje" in page and "Submitted" in page
    assert page.count(f'href="/voorstellen/{other}"') == 1  # only under what I follow
    assert f"/voorstellen/{other}/ontvolgen" in page and view.title in page
    stopped = await post_form(browser, f"/voorstellen/{other}/ontvolgen")
    assert stopped.status_code == 303
    assert f"/voorstellen/{other}/ontvolgen" not in (await browser.get("/account")).text
