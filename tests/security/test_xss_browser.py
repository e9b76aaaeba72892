"""XSS in a real browser: 100+ payloads in every user-entered field, rendered in Chromium.

The payloads are written straight into the stored texts (proposals and their versions,
comments, meetings, names, round texts, area names, project titles, photo descriptions),
pass after pass, and every page that shows them is opened in headless Chromium with a
listener that counts any dialog and any call of the payloads' `xssHit` beacon.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from tests.security.figures import FIGURES
from tests.security.world import World

ACTIONS = ("alert(1)", "xssHit()", "confirm(1)", "prompt(1)")
TEMPLATES = (
    "<script>{a}</script>",
    "<img src=x onerror={a}>",
    "<svg onload={a}>",
    "<svg><script>{a}</script></svg>",
    '"><script>{a}</script>',
    "'><img src=x onerror={a}>",
    "<body onload={a}>",
    '<iframe srcdoc="<script>{a}</script>"></iframe>',
    "<details open ontoggle={a}>",
    "<input autofocus onfocus={a}>",
    '<a href="javascript:{a}">x</a>',
    "[x](javascript:{a})",
    '![x](x" onerror="{a})',
    "<math><mtext><table><mglyph><style><img src=x onerror={a}>",
    "</textarea><script>{a}</script>",
    "</title><script>{a}</script>",
    '<object data="javascript:{a}"></object>',
    "<video><source onerror={a}></video>",
    "<audio src=x onerror={a}>",
    "<marquee onstart={a}>x</marquee>",
    "<scr<script>ipt>{a}</scr</script>ipt>",
    "&lt;script&gt;{a}&lt;/script&gt;",
    "<img src=x oNeRrOr={a}>",
    "<svg/onload={a}>",
    '<form action="javascript:{a}"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:{a}">',
    "{{{{ {a} }}}}",
    "<style onload={a}></style>",
)
PAYLOADS = [template.format(a=action) for template in TEMPLATES for action in ACTIONS]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(world: World) -> Iterator[str]:
    """The same application served on a loopback port, for the browser."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


async def _plant(offset: int) -> None:
    """Write payloads offset, offset+1, … into every stored text field, row by row."""
    from app.accounts.tables import User
    from app.areas.tables import Area
    from app.rounds.tables import Round
    from deliberation.tables import Comment, Meeting
    from delivery.tables import Milestone, Project
    from proposals.tables import Proposal, ProposalPhoto, ProposalVersion

    counter = offset

    def nxt() -> str:
        nonlocal counter
        counter += 1
        return PAYLOADS[counter % len(PAYLOADS)]

    plan: list[tuple[Any, list[Any]]] = [
        (Proposal, [Proposal.title, Proposal.summary, Proposal.description, Proposal.category]),
        (ProposalVersion, [ProposalVersion.title, ProposalVersion.summary]),
        (ProposalPhoto, [ProposalPhoto.alt_text]),
        (Comment, [Comment.body]),
        (Meeting, [Meeting.title, Meeting.place, Meeting.agenda, Meeting.minutes]),
        (User, [User.name]),
        (Round, [Round.title, Round.description]),
        (Area, [Area.name]),
        (Project, [Project.title]),
        (Milestone, [Milestone.title]),
    ]
    for table, columns in plan:
        for row in await table.select(table.id):
            await table.update({column: nxt() for column in columns}).where(table.id == row["id"])


async def _pages(world: World) -> list[str]:
    from deliberation.tables import Meeting
    from delivery.tables import Project
    from proposals.tables import Proposal

    pages = ["/", "/rondes", "/gebieden", "/monitor", "/audit", "/moderatie", "/account"]
    pages += ["/beheer/rollen", "/beheer/gebieden", "/gebieden/WK001403", "/monitor/WK001403"]
    for round_id in world.rounds:
        pages += [f"/rondes/{round_id}", f"/rondes/{round_id}/voorstellen"]
        pages += [f"/rondes/{round_id}/bijeenkomsten", f"/rondes/{round_id}/stembiljet"]
        pages += [f"/rondes/{round_id}/uitslag", f"/stemmen/{round_id}/bord"]
    for row in await Proposal.select(Proposal.id):
        pages += [f"/voorstellen/{row['id']}", f"/voorstellen/{row['id']}/versies"]
    pages += [f"/bijeenkomsten/{row['id']}" for row in await Meeting.select(Meeting.id)]
    pages += [f"/projecten/{row['id']}" for row in await Project.select(Project.id)]
    return pages


@pytest.mark.slow
async def test_no_payload_runs_in_chromium(world: World, live_server: str) -> None:
    """Over 100 payloads in every user-entered field; not one dialog, not one script call."""
    from playwright.async_api import async_playwright

    assert len(PAYLOADS) >= 100
    admin = await world.client(world.globals["admin"])
    hits: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu"],
        )
        context = await browser.new_context(base_url=live_server)
        await context.add_cookies(
            [
                {"name": name, "value": str(value), "url": live_server}
                for name, value in admin.cookies.items()
            ]
        )
        page = await context.new_page()
        await page.expose_function("xssHit", lambda: hits.append(page.url))

        async def on_dialog(dialog: Any) -> None:
            hits.append(f"{page.url}: {dialog.type}")
            await dialog.dismiss()

        page.on("dialog", lambda dialog: asyncio.ensure_future(on_dialog(dialog)))
        # The listener itself: a page without our CSP that does run both kinds is caught.
        await page.set_content("<img src=x onerror=xssHit()><script>alert(1)</script>")
        await page.wait_for_timeout(300)
        assert len(hits) == 2, hits
        hits.clear()
        rows = 0
        for offset in (0, len(PAYLOADS) // 2):  # two passes: each field meets other payloads
            await _plant(offset)
            for path in await _pages(world):
                answer = await page.goto(path, wait_until="load")
                assert answer is not None and answer.status < 500, path
                rows += 1
        await browser.close()
    FIGURES["checked"] += rows
    FIGURES["xss_executed"] += len(hits)
    assert hits == []
