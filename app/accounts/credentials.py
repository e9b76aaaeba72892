"""Credential use cases: log in (throttled), log out, change, forget and reset a password."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts import passwords, sessions, throttle, tokens
from app.accounts.links import reset_link
from app.accounts.tables import User
from app.accounts.validation import MAX_EMAIL, normalise_email
from app.answer import MISSING, Answer, Problems, answering, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.mail import send_mail

OK, WRONG, THROTTLED = "ok", "wrong", "throttled"


@dataclass(frozen=True)
class LoginOutcome:
    """The answer to a login attempt: a new session token, or why there is none."""

    token: str | None = None
    throttled: bool = False


def _bounded(password: str) -> str:
    # Stored passwords are at most MAX_LENGTH long, so one more character keeps any longer
    # input wrong while capping the work an attacker can make us hash.
    return password[: passwords.MAX_LENGTH + 1]


async def log_in(email: str, password: str, address: str, old_token: str | None) -> LoginOutcome:
    """Check credentials and start a fresh session, ending the session the browser had.

    The attempt is recorded before the password is checked, so parallel guesses all count.
    Unknown and known accounts take the same path (a password is always verified), so the
    answer does not tell whether an account exists.
    """
    email = normalise_email(email)[:MAX_EMAIL]
    attempt = await throttle.begin(throttle.account_subject(email), address)
    if attempt is None:
        return LoginOutcome(throttled=True)
    row = await User.select(User.id, User.password_hash).where(User.email == email).first()
    stored = None if row is None else str(row["password_hash"])
    # Verify before looking at `row`: an unknown account must cost the same hashing time.
    verified = await passwords.verify_password(stored, _bounded(password))
    if row is None or not verified:
        return LoginOutcome()
    user_id = int(row["id"])
    new_hash = (
        await passwords.hash_password(password) if passwords.needs_rehash(str(stored)) else None
    )
    async with transaction():
        if new_hash:
            await User.update({User.password_hash: new_hash}).where(User.id == user_id)
        await throttle.succeeded(attempt)
        if old_token:
            await sessions.end_session(old_token)
        token = await sessions.create_session(user_id)
    return LoginOutcome(token=token)


async def log_out(token: str | None) -> None:
    """End the browser's session on the server."""
    if token:
        async with transaction():
            await sessions.end_session(token)


async def check_password_again(user_id: int, password: str, address: str) -> str:
    """A signed-in user's password entered again: "ok", "wrong" or "throttled".

    Every re-entry (change password, delete account, a certifier's approval) goes through
    here, under the same back-off per (account, address) as the login.
    """
    attempt = await throttle.begin(throttle.user_subject(user_id), address)
    if attempt is None:
        return THROTTLED
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    stored = None if row is None else str(row["password_hash"])
    if not await passwords.verify_password(stored, _bounded(password)):
        return WRONG
    async with transaction():
        await throttle.succeeded(attempt)
    return OK


def throttled_message() -> str:
    """What a refused re-entry says while the back-off lasts."""
    return _("Too many attempts. Wait a few minutes and try again.")


@answering
async def change_password(
    user_id: int, current: str, new: str, keep_token: str | None, address: str = "unknown"
) -> Problems:
    """Set a new password after checking the current one; every other session ends."""
    problems = passwords.password_problems(new)
    if problems:
        return {"new_password": " ".join(problems)}
    checked = await check_password_again(user_id, current, address)
    if checked == THROTTLED:
        return {"current_password": throttled_message()}
    if checked != OK:
        return {"current_password": _("The current password is not correct.")}
    new_hash = await passwords.hash_password(new)
    async with transaction():
        await User.update({User.password_hash: new_hash}).where(User.id == user_id)
        await sessions.end_other_sessions(user_id, keep_token=keep_token)
    return {}


async def request_password_reset(email: str, address: str = "unknown") -> None:
    """Email a reset link when the account exists; the caller answers the same either way.

    Run after the answer is sent; a few requests per (address, e-mail) at most, so nobody
    floods someone's inbox.
    """
    email = normalise_email(email)[:MAX_EMAIL]
    subject = throttle.reset_subject(email)
    if not email or await throttle.begin(subject, address, per_address=False) is None:
        return
    async with transaction():
        row = await User.select(User.id).where(User.email == email).first()
        if row is None:
            return
        token = await tokens.issue(int(row["id"]), tokens.RESET)
        body = _(
            "Hello,\n\n"
            "Someone asked to reset the password of your Wijkstem account. "
            "To choose a new password, open this link:\n\n"
            "{link}\n\n"
            "The link works once and expires after one hour. "
            "If you did not ask for this, you can ignore this message: "
            "your password stays the same."
        ).format(link=reset_link(token))
        await send_mail(email, _("Reset your Wijkstem password"), body)  # with the token


async def reset_token_valid(token: str) -> bool:
    """Whether a reset link can still be used (it is not used up by asking)."""
    return await tokens.holder(token, tokens.RESET) is not None


def _link_unusable() -> Answer[None]:
    return refused(MISSING, _("The link has already been used, has expired or is incomplete."))


async def reset_password(token: str, password: str) -> Answer[None]:
    """Set a new password through a reset link; every session of the account ends.

    Refused with MISSING when the link is invalid, expired or used; else the problems, if any.
    """
    problems = passwords.password_problems(password)
    if problems:
        if not await reset_token_valid(token):
            return _link_unusable()
        return invalid({"password": " ".join(problems)})
    new_hash = await passwords.hash_password(password)
    async with transaction():
        user_id = await tokens.consume(token, tokens.RESET)
        if user_id is None:
            return _link_unusable()
        await User.update({User.password_hash: new_hash, User.email_confirmed: True}).where(
            User.id == user_id
        )
        await sessions.end_other_sessions(user_id)
        await append_event(f"user:{user_id}", "account.password_reset", f"user:{user_id}", {})
    return done()
