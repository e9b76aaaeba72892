"""Deliberation routes: support, comment, follow, unsubscribe, report and moderate."""

from __future__ import annotations

from urllib.parse import quote

from litestar import get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.answer import Answer
from app.web.answers import status_of
from app.web.helpers import (
    form_data,
    login_required,
    page,
    redirect,
    safe_next,
    unsubscribe_page,
    user_of,
)
from app.web.types import WebRequest
from deliberation import moderation, queries, services


def proposal_path(proposal_id: int, anchor: str = "") -> str:
    """The proposal page (owned by the proposals module), optionally at a section."""
    return f"/voorstellen/{proposal_id}" + (f"#{anchor}" if anchor else "")


def answer(outcome: Answer[int], back: str) -> Template | Redirect:
    """Post/redirect/get when it worked; otherwise a page with the reason and a way back."""
    if outcome.ok:
        return redirect(back)
    return page(
        "deliberation/refused.html", status=status_of(outcome), message=outcome.message, back=back
    )


def _int(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@post("/voorstellen/{proposal_id:int}/steunen", name="proposal_support", guards=[login_required])
async def proposal_support(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """Support a proposal."""
    outcome = await services.support(user_of(request), proposal_id)
    return answer(outcome, proposal_path(proposal_id, "steun"))


@post(
    "/voorstellen/{proposal_id:int}/steun-intrekken",
    name="proposal_unsupport",
    guards=[login_required],
)
async def proposal_unsupport(
    request: WebRequest, proposal_id: FromPath[int]
) -> Template | Redirect:
    """Withdraw a support."""
    outcome = await services.withdraw_support(user_of(request), proposal_id)
    return answer(outcome, proposal_path(proposal_id, "steun"))


@post("/voorstellen/{proposal_id:int}/reacties", name="proposal_comment", guards=[login_required])
async def proposal_comment(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """Comment on a proposal, or reply to a comment."""
    data = await form_data(request)
    outcome = await services.comment(
        user_of(request),
        proposal_id,
        data.get("body", "")[:10_000],
        parent_id=_int(data.get("parent", "")),
    )
    anchor = f"reactie-{outcome.value}" if outcome.ok else "reacties"
    return answer(outcome, proposal_path(proposal_id, anchor))


@post("/voorstellen/{proposal_id:int}/volgen", name="proposal_follow", guards=[login_required])
async def proposal_follow(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """Follow a proposal (mail on status changes and official answers)."""
    outcome = await services.follow(user_of(request), proposal_id)
    return answer(outcome, proposal_path(proposal_id, "volgen"))


@post("/voorstellen/{proposal_id:int}/ontvolgen", name="proposal_unfollow", guards=[login_required])
async def proposal_unfollow(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """Stop following a proposal."""
    outcome = await services.unfollow(user_of(request), proposal_id)
    return answer(outcome, proposal_path(proposal_id, "volgen"))


@get("/afmelden/{token:str}", name="unsubscribe")
async def unsubscribe(token: FromPath[str]) -> Template:
    """The link in a follower's mail: one button confirms (mail scanners do not unsubscribe)."""
    found = await services.follow_by_token(token[:200])
    confirm = f"/afmelden/{quote(token[:200])}" if found else ""
    return unsubscribe_page("proposal", confirm_url=confirm)


@post("/afmelden/{token:str}", name="unsubscribe_confirm")
async def unsubscribe_confirm(token: FromPath[str]) -> Template:
    """Stop the follow the token belongs to."""
    outcome = await services.unsubscribe(token[:200])
    back = f"/voorstellen/{outcome.value}" if outcome.value else ""
    return unsubscribe_page("proposal", status=status_of(outcome), back_url=back, done=outcome.ok)


@post("/meldingen", name="report", guards=[login_required])
async def report(request: WebRequest) -> Template | Redirect:
    """Report a comment or proposal to the moderators."""
    data = await form_data(request)
    target = _int(data.get("target_id", "")) or 0
    outcome = await moderation.report(
        user_of(request), data.get("kind", ""), target, data.get("reason", "")[:1000]
    )
    back = proposal_path(_int(data.get("proposal_id", "")) or 0, "reacties")
    if outcome.ok:
        return page("deliberation/reported.html", back=back)
    return answer(outcome, back)


@get("/moderatie", name="moderation", guards=[login_required])
async def moderation_page(request: WebRequest) -> Template:
    """Moderators: the open reports of the areas they moderate."""
    viewer = user_of(request)
    if not queries.is_moderator(viewer):
        raise PermissionDeniedException()
    return page("deliberation/moderation.html", reports=await queries.moderation_queue(viewer))


@post("/moderatie/verbergen", name="moderation_hide", guards=[login_required])
async def moderation_hide(request: WebRequest) -> Template | Redirect:
    """Moderators: hide a comment or proposal with a public reason."""
    data = await form_data(request)
    target = _int(data.get("target_id", "")) or 0
    outcome = await moderation.hide(
        user_of(request), data.get("kind", ""), target, data.get("reason", "")[:1000]
    )
    return answer(outcome, safe_next(data.get("back"), "/moderatie"))


@post(
    "/moderatie/meldingen/{report_id:int}/afhandelen",
    name="moderation_dismiss",
    guards=[login_required],
)
async def moderation_dismiss(request: WebRequest, report_id: FromPath[int]) -> Template | Redirect:
    """Moderators: close a report without hiding anything."""
    outcome = await moderation.dismiss(user_of(request), report_id)
    return answer(outcome, "/moderatie")


ROUTES = [
    proposal_support,
    proposal_unsupport,
    proposal_comment,
    proposal_follow,
    proposal_unfollow,
    unsubscribe,
    unsubscribe_confirm,
    report,
    moderation_page,
    moderation_hide,
    moderation_dismiss,
]
