"""Mail to followers on status changes and official answers, each with a one-click unsubscribe."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from app.accounts import queries as account_queries
from app.events import subscribe
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, current_language
from app.mail import send_mail
from app.runtime import current_settings
from deliberation import proposal_rows
from deliberation.rows import Follower
from deliberation.services import unsubscribe_token
from deliberation.tables import Comment, Follow

UNSUBSCRIBE_PATH = "/afmelden"
EXCERPT = 600


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Translate in the recipient's language while composing their mail."""
    token = current_language.set(language if language in LANGUAGES else "nl")
    try:
        yield
    finally:
        current_language.reset(token)


async def _followers(proposal_id: int) -> list[Follower]:
    rows = await Follow.select(
        Follow.id,
        Follow.pair,
        Follow.user.email.as_alias("email"),
        Follow.user.name.as_alias("name"),
        Follow.user.language.as_alias("language"),
        Follow.user.as_alias("user_id"),
    ).where(Follow.proposal == proposal_id)
    return [Follower(**row) for row in rows]


def _links(proposal_id: int, follower: Follower) -> tuple[str, str]:
    base = current_settings().base_url
    token = unsubscribe_token(follower.id, follower.pair)
    return f"{base}/voorstellen/{proposal_id}", f"{base}{UNSUBSCRIBE_PATH}/{token}"


def _footer(unsubscribe: str) -> str:
    return _(
        "You get this mail because you follow this proposal on Wijkstem. "
        "To stop, open this link (one click):\n{link}"
    ).format(link=unsubscribe)


async def on_status_changed(payload: Mapping[str, object]) -> None:
    """Tell every follower that a proposal's status changed, with the public reason."""
    proposal_id = int(str(payload["proposal_id"]))
    proposal = await proposal_rows.proposal(proposal_id)
    if proposal is None:
        return
    followers = await _followers(proposal_id)
    await _tell_author(proposal, followers, payload)
    for follower in followers:
        page, unsubscribe = _links(proposal_id, follower)
        with speaking(follower.language):
            subject = _("New status for “{title}”").format(title=proposal.title)
            body = _(
                "Hello {name},\n\nThe proposal “{title}” is now: {status}.\n\n"
                "Reason: {reason}\n\nRead more: {page}\n\n{footer}"
            ).format(
                name=follower.name,
                title=proposal.title,
                status=proposal_rows.status_word(str(payload["status"])),
                reason=str(payload.get("reason") or "-"),
                page=page,
                footer=_footer(unsubscribe),
            )
        await send_mail(follower.email, subject, body)


async def _tell_author(
    proposal: proposal_rows.ProposalRow,
    followers: list[Follower],
    payload: Mapping[str, object],
) -> None:
    """The author hears about a review of their proposal, also without following it."""
    author_id = proposal.author_id
    if str(payload["status"]) == "merged":  # the merge itself tells both authors
        return
    if author_id is None or any(f.user_id == author_id for f in followers):
        return
    author = await account_queries.contact(author_id)
    if author is None:
        return
    with speaking(str(author["language"] or DEFAULT_LANGUAGE)):
        subject = _("Your proposal “{title}” was reviewed").format(title=proposal.title)
        body = _(
            "Hello {name},\n\nThe municipality reviewed your proposal “{title}”. "
            "It is now: {status}.\n\nReason: {reason}\n\nRead more: {page}\n\n"
            "You get this mail because you sent in this proposal."
        ).format(
            name=author["name"],
            title=proposal.title,
            status=proposal_rows.status_word(str(payload["status"])),
            reason=str(payload.get("reason") or "-"),
            page=f"{current_settings().base_url}/voorstellen/{proposal.id}",
        )
    await send_mail(str(author["email"]), subject, body)


async def on_official_answer(payload: Mapping[str, object]) -> None:
    """Tell every follower that staff or the council answered on a proposal."""
    proposal_id = int(str(payload["proposal_id"]))
    proposal = await proposal_rows.proposal(proposal_id)
    answer = (
        await Comment.select(Comment.body, Comment.hidden_reason)
        .where(Comment.id == int(str(payload["comment_id"])))
        .first()
    )
    if proposal is None or answer is None or answer["hidden_reason"]:
        return
    text = str(answer["body"])
    excerpt = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
    for follower in await _followers(proposal_id):
        page, unsubscribe = _links(proposal_id, follower)
        with speaking(follower.language):
            subject = _("Official answer on “{title}”").format(title=proposal.title)
            body = _(
                "Hello {name},\n\nThere is an official answer on the proposal “{title}”:\n\n"
                "{answer}\n\nRead the conversation: {page}\n\n{footer}"
            ).format(
                name=follower.name,
                title=proposal.title,
                answer=excerpt,
                page=page,
                footer=_footer(unsubscribe),
            )
        await send_mail(follower.email, subject, body)


def register_handlers() -> None:
    """Subscribe the mail handlers to the domain events (idempotent)."""
    subscribe("proposal.status_changed", on_status_changed)
    subscribe("comment.official_answer", on_official_answer)
