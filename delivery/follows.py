"""Following a project: who may (proposer, supporter, voter), follow, stop, unsubscribe."""

from __future__ import annotations

import base64
import hashlib
import hmac

from app.accounts.permissions import Principal
from app.answer import FORBIDDEN, LOGIN, MISSING, Answer, done, refused
from app.db import DUPLICATE_ERRORS, is_duplicate, transaction
from app.i18n import _
from app.runtime import current_settings
from ballots.box import services as box
from deliberation import queries as deliberation_queries
from delivery import queries
from delivery.rows import ProjectRow
from delivery.tables import ProjectFollow
from proposals import queries as proposal_queries


def token_hash(token: str) -> str:
    """The stored form of an unsubscribe token."""
    return hashlib.sha256(token.encode()).hexdigest()


def pair(project_id: int, user_id: int) -> str:
    """The unique key of one person's follow of one project."""
    return f"{project_id}:{user_id}"


def unsubscribe_token(follow_id: int, key: str) -> str:
    """The one-click unsubscribe token of a follow: derivable from the secret, stored hashed."""
    secret = current_settings().secret_key.encode()
    message = f"project-unfollow:{follow_id}:{key}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def add_follow(project_id: int, user_id: int) -> None:
    """Insert a follow with its hashed token; call inside a transaction (no-op if following)."""
    key = pair(project_id, user_id)
    if await ProjectFollow.exists().where(ProjectFollow.pair == key):
        return
    rows = await ProjectFollow.insert(
        ProjectFollow(
            project=project_id, user=user_id, pair=key, unsubscribe_token=f"pending:{key}"
        )
    ).returning(ProjectFollow.id)
    follow_id = int(rows[0]["id"])
    hashed = token_hash(unsubscribe_token(follow_id, key))
    await ProjectFollow.update({ProjectFollow.unsubscribe_token: hashed}).where(
        ProjectFollow.id == follow_id
    )


async def took_part(user_id: int, round_id: int, proposal_id: int | None) -> bool:
    """Whether the person proposed or supported the project's proposal, or voted in its round.

    Voting is known only for account voters, by their participation key: no ballot is read.
    """
    if proposal_id is not None:
        proposal = await proposal_queries.proposal_by_id(proposal_id)
        if proposal is not None and proposal.author_id == user_id:
            return True
        if await deliberation_queries.has_supported(proposal_id, user_id):
            return True
    return await box.account_has_voted(round_id, user_id)


async def follow_refusal(user: Principal, project: ProjectRow) -> str:
    """Why this user may not follow the project, or '' when they may."""
    if user.id is None:
        return _("Please log in to continue.")
    if not user.email_confirmed:
        return _("Confirm your email address first; we sent you a link.")
    if not await took_part(user.id, project.round_id, project.proposal_id):
        return _(
            "Only residents who proposed or supported this plan, or voted in its round, "
            "can follow it."
        )
    return ""


async def follow(user: Principal, project_id: int) -> Answer[int]:
    """Follow a project to get mail on its progress (idempotent)."""
    project = await queries.project(project_id)
    if project is None:
        return refused(MISSING, _("This project does not exist."))
    refusal = await follow_refusal(user, project)
    if refusal or user.id is None:
        return refused(LOGIN if user.id is None else FORBIDDEN, refusal)
    try:
        async with transaction():
            await add_follow(project_id, user.id)
    except DUPLICATE_ERRORS as error:  # a concurrent follow of the same pair: already following
        if not is_duplicate(error):
            raise
        return done(project_id)
    return done(project_id)


async def unfollow(user: Principal, project_id: int) -> Answer[int]:
    """Stop following a project (nothing happens when not following)."""
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    async with transaction():
        await ProjectFollow.delete().where(ProjectFollow.pair == pair(project_id, user.id))
    return done(project_id)


async def unsubscribe(token: str) -> Answer[int]:
    """Stop a follow from the link in a mail; the token is the only credential needed."""
    if not token or len(token) > 100:
        return refused(MISSING, _("This unsubscribe link is not valid (any more)."))
    async with transaction():
        row = (
            await ProjectFollow.select(ProjectFollow.id, ProjectFollow.project)
            .where(ProjectFollow.unsubscribe_token == token_hash(token))
            .first()
        )
        if row is None:
            return refused(MISSING, _("This unsubscribe link is not valid (any more)."))
        await ProjectFollow.delete().where(ProjectFollow.id == row["id"])
    return done(int(row["project"]))


async def project_for_token(token: str) -> int | None:
    """The project a still-valid unsubscribe token belongs to, for the confirmation page."""
    if not token or len(token) > 100:
        return None
    row = (
        await ProjectFollow.select(ProjectFollow.project)
        .where(ProjectFollow.unsubscribe_token == token_hash(token))
        .first()
    )
    return None if row is None else int(row["project"])
