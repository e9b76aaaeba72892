"""Use cases of deliberation: support, comment and follow; each validates, then one transaction.

Every use case answers an `Answer[int]`: done, or refused with a status and a message, in which
case nothing was stored. Counts on the proposal move in the same transaction as the rows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from app.accounts.permissions import Principal
from app.answer import CONFLICT, FORBIDDEN, FORM, LOGIN, MISSING, Answer, done, refused
from app.db import DUPLICATE_ERRORS, is_duplicate, transaction
from app.events import publish
from app.i18n import _
from app.runtime import current_settings
from deliberation import proposal_rows
from deliberation.subjects import Subject, lives_in, official_role, subject
from deliberation.tables import Comment, Follow, Support

MAX_COMMENT = 2000
# Statuses in which a proposal is no longer in the running: no new supports.
CLOSED_STATUSES = frozenset({"withdrawn", "not_feasible", "merged"})


def pair(proposal_id: int, user_id: int) -> str:
    """The unique key of one person's support or follow of one proposal."""
    return f"{proposal_id}:{user_id}"


def signed_in(user: Principal) -> int | Answer[int]:
    """The user's id, or the refusal for a visitor or an unconfirmed email address."""
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    if not user.email_confirmed:
        return refused(FORBIDDEN, _("Confirm your email address first; we sent you a link."))
    return user.id


async def _found(proposal_id: int) -> Subject | Answer[int]:
    found = await subject(proposal_id)
    if found is None:
        return refused(MISSING, _("This proposal does not exist."))
    return found


async def _support_problem(user: Principal, found: Subject) -> Answer[int] | None:
    if found.hidden:
        return refused(FORBIDDEN, _("This proposal was hidden by a moderator."))
    if not found.round.allows("support"):
        return refused(CONFLICT, _("Supporting is not open in this phase of the round."))
    if not await lives_in(user, found.round.area_code):
        return refused(
            FORBIDDEN,
            _("Only residents of {area} can support proposals in this round.").format(
                area=found.round.area_name
            ),
        )
    return None


def _already_supported() -> Answer[int]:
    return refused(CONFLICT, _("You already support this proposal. Each resident supports once."))


async def support(user: Principal, proposal_id: int) -> Answer[int]:
    """Support a proposal once: a resident of the round's area, while supporting is open."""
    user_id = signed_in(user)
    if isinstance(user_id, Answer):
        return user_id
    found = await _found(proposal_id)
    if isinstance(found, Answer):
        return found
    problem = await _support_problem(user, found)
    if problem is not None:
        return problem
    if found.proposal.status in CLOSED_STATUSES:
        return refused(CONFLICT, _("This proposal can no longer be supported."))
    key = pair(proposal_id, user_id)
    try:
        async with transaction():
            if await Support.exists().where(Support.pair == key):
                return _already_supported()
            await Support.insert(Support(proposal=proposal_id, user=user_id, pair=key))
            await proposal_rows.adjust_counts(proposal_id, supports=1)
    except DUPLICATE_ERRORS as error:  # a concurrent request for the same pair won the race
        if not is_duplicate(error):
            raise
        return _already_supported()
    return done()


async def withdraw_support(user: Principal, proposal_id: int) -> Answer[int]:
    """Take a support back while supporting is still open."""
    user_id = signed_in(user)
    if isinstance(user_id, Answer):
        return user_id
    found = await _found(proposal_id)
    if isinstance(found, Answer):
        return found
    if not found.round.allows("support"):
        return refused(CONFLICT, _("Supports can no longer be changed in this phase of the round."))
    key = pair(proposal_id, user_id)
    async with transaction():
        if not await Support.exists().where(Support.pair == key):
            return refused(CONFLICT, _("You do not support this proposal."))
        await Support.delete().where(Support.pair == key)
        await proposal_rows.adjust_counts(proposal_id, supports=-1)
    return done()


def _comment_body_problem(body: str) -> Answer[int] | None:
    if not body.strip():
        return refused(FORM, _("Write a comment first."))
    if len(body) > MAX_COMMENT:
        return refused(
            FORM, _("A comment may be at most {limit} characters long.").format(limit=MAX_COMMENT)
        )
    return None


async def _parent_problem(proposal_id: int, parent_id: int | None) -> Answer[int] | None:
    if parent_id is None:
        return None
    parent = await Comment.select(Comment.proposal).where(Comment.id == parent_id).first()
    if parent is None or int(parent["proposal"]) != proposal_id:
        return refused(FORM, _("The comment you reply to does not belong to this proposal."))
    return None


async def comment(
    user: Principal, proposal_id: int, body: str, parent_id: int | None = None
) -> Answer[int]:
    """Comment on a proposal or reply to a comment; staff and council answers are official."""
    user_id = signed_in(user)
    if isinstance(user_id, Answer):
        return user_id
    problem = _comment_body_problem(body)
    if problem is not None:
        return problem
    found = await _found(proposal_id)
    if isinstance(found, Answer):
        return found
    if found.hidden:
        return refused(
            FORBIDDEN, _("This proposal was hidden by a moderator; it cannot get comments.")
        )
    if not found.round.allows("comment"):
        return refused(CONFLICT, _("Commenting is not open in this phase of the round."))
    problem = await _parent_problem(proposal_id, parent_id)
    if problem is not None:
        return problem
    official = official_role(user, found.lineage)
    text = body.replace("\r\n", "\n").strip()
    async with transaction():
        rows = await Comment.insert(
            Comment(
                proposal=proposal_id,
                parent=parent_id,
                author=user_id,
                body=text,
                official=official,
            )
        ).returning(Comment.id)
        await proposal_rows.adjust_counts(proposal_id, comments=1)
        comment_id = int(rows[0]["id"])
        if official:  # recorded with the comment: followers hear of it exactly when it exists
            await publish(
                "comment.official_answer", {"proposal_id": proposal_id, "comment_id": comment_id}
            )
    return done(comment_id)


def unsubscribe_token(follow_id: int, key: str) -> str:
    """The one-click unsubscribe token of a follow: derivable from the secret, stored hashed."""
    secret = current_settings().secret_key.encode()
    digest = hmac.new(secret, f"unfollow:{follow_id}:{key}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    """The stored form of an unsubscribe token."""
    return hashlib.sha256(token.encode()).hexdigest()


async def follow(user: Principal, proposal_id: int) -> Answer[int]:
    """Follow a proposal to get mail on status changes and official answers (idempotent)."""
    user_id = signed_in(user)
    if isinstance(user_id, Answer):
        return user_id
    found = await _found(proposal_id)
    if isinstance(found, Answer):
        return found
    if found.hidden:
        return refused(FORBIDDEN, _("This proposal was hidden by a moderator."))
    key = pair(proposal_id, user_id)
    try:
        async with transaction():
            if await Follow.exists().where(Follow.pair == key):
                return done()
            placeholder = f"pending:{key}"
            rows = await Follow.insert(
                Follow(proposal=proposal_id, user=user_id, pair=key, unsubscribe_token=placeholder)
            ).returning(Follow.id)
            follow_id = int(rows[0]["id"])
            hashed = token_hash(unsubscribe_token(follow_id, key))
            await Follow.update({Follow.unsubscribe_token: hashed}).where(Follow.id == follow_id)
    except DUPLICATE_ERRORS as error:  # a concurrent follow of the same pair: already following
        if not is_duplicate(error):
            raise
        return done()
    return done()


async def unfollow(user: Principal, proposal_id: int) -> Answer[int]:
    """Stop following a proposal (nothing happens when not following)."""
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    async with transaction():
        await Follow.delete().where(Follow.pair == pair(proposal_id, user.id))
    return done()


async def unsubscribe(token: str) -> Answer[int]:
    """Stop a follow from the link in a mail; the token is the only credential needed."""
    if not token or len(token) > 100:
        return refused(MISSING, _("This unsubscribe link is not valid (any more)."))
    async with transaction():
        row = (
            await Follow.select(Follow.id, Follow.proposal)
            .where(Follow.unsubscribe_token == token_hash(token))
            .first()
        )
        if row is None:
            return refused(MISSING, _("This unsubscribe link is not valid (any more)."))
        await Follow.delete().where(Follow.id == row["id"])
    return done(int(row["proposal"]))


async def follow_by_token(token: str) -> int | None:
    """The proposal a still-valid unsubscribe token belongs to, for the confirmation page."""
    if not token or len(token) > 100:
        return None
    row = (
        await Follow.select(Follow.proposal)
        .where(Follow.unsubscribe_token == token_hash(token))
        .first()
    )
    return None if row is None else int(row["proposal"])
