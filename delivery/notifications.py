"""Mail to a project's followers on progress (status, milestone), with one-click unsubscribe."""

from __future__ import annotations

from collections.abc import Mapping

from app.events import subscribe
from app.i18n import _
from app.mail import send_mail
from app.runtime import current_settings
from deliberation.notifications import speaking
from delivery import follows, queries
from delivery.rows import ProjectFollower
from delivery.services import PROGRESS_EVENT
from delivery.texts import status_word

UNSUBSCRIBE_PATH = "/projecten/afmelden"


def _links(project_id: int, follower: ProjectFollower) -> tuple[str, str]:
    base = current_settings().base_url
    token = follows.unsubscribe_token(follower.id, follower.pair)
    return f"{base}/projecten/{project_id}", f"{base}{UNSUBSCRIBE_PATH}/{token}"


def _news(payload: Mapping[str, object]) -> str:
    if payload.get("kind") == "milestone":
        return _("Milestone reached: {milestone}.").format(milestone=payload.get("milestone", ""))
    text = _("The project is now: {status}.").format(status=status_word(str(payload["status"])))
    if payload.get("reason"):
        text += "\n\n" + _("Reason: {reason}").format(reason=payload["reason"])
    return text


async def on_progress(payload: Mapping[str, object]) -> None:
    """Tell every follower of a project what changed, in their own language."""
    project_id = int(str(payload["project_id"]))
    project = await queries.project(project_id)
    if project is None:
        return
    for follower in await queries.followers(project_id):
        page, unsubscribe = _links(project_id, follower)
        with speaking(follower.language):
            subject = _("News about “{title}”").format(title=project.title)
            body = _(
                "Hello {name},\n\nThere is news about the project “{title}” in {area}:\n\n"
                "{news}\n\nSee how far it has come: {page}\n\n"
                "You get this mail because you follow this project on Wijkstem. "
                "To stop, open this link (one click):\n{link}"
            ).format(
                name=follower.name,
                title=project.title,
                area=project.area_name,
                news=_news(payload),
                page=page,
                link=unsubscribe,
            )
        await send_mail(follower.email, subject, body)


def register_handlers() -> None:
    """Subscribe the mail handler to delivery progress (idempotent)."""
    subscribe(PROGRESS_EVENT, on_progress)
