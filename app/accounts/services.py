"""Account use cases: register, confirm, change details, delete, and create users with a role.

Each validates first, owns its transaction and answers with problems (field -> message)
instead of raising, so nothing is half written.
"""

from __future__ import annotations

from app.accounts import credentials, passwords, places, throttle, tokens
from app.accounts.links import confirm_link
from app.accounts.permissions import ROLES, SCOPED_ROLES
from app.accounts.tables import RoleGrant, User
from app.accounts.validation import (
    email_problem,
    name_problem,
    normalise_email,
    normalise_postcode,
    postcode_problem,
)
from app.answer import Answer, Problems, answering, done, invalid
from app.audit import queries as audit_queries
from app.audit.services import append_event
from app.db import DUPLICATE_ERRORS, is_duplicate, is_sqlite, transaction
from app.i18n import _
from app.mail import send_mail
from app.runtime import current_settings

DELETE_ACTION = "account.delete"


def _taken() -> str:
    return _("An account with this email address already exists.")


def _new_account_problems(name: str, email: str, password: str, postcode: str) -> Problems:
    found = {
        "name": name_problem(name),
        "email": email_problem(email),
        "password": "; ".join(passwords.password_problems(password)) or None,
        "postcode": postcode_problem(postcode),
    }
    return {field: message for field, message in found.items() if message}


async def _fresh_id() -> int | None:
    """On SQLite, an id above every deleted account's; None to let the database choose.

    SQLite hands out max(id) + 1, so deleting the newest account would give its id to the
    next one, and the audit chain would then name the wrong person. PostgreSQL's sequences
    never go back.
    """
    if not is_sqlite():
        return None
    deleted = [
        int(subject.removeprefix("user:"))
        for subject in await audit_queries.subjects_of_action(DELETE_ACTION)
        if subject.removeprefix("user:").isdigit()
    ]
    newest = await User.select(User.id).order_by(User.id, ascending=False).first()
    top = 0 if newest is None else int(newest["id"])
    return max(deleted) + 1 if deleted and max(deleted) >= top else None


async def _insert_user(
    name: str, email: str, password_hash: str, postcode: str, confirmed: bool
) -> int | None:
    """Insert a user inside the caller's transaction; None when the email is taken."""
    if await User.exists().where(User.email == email):
        return None
    user = User(
        name=name,
        email=email,
        password_hash=password_hash,
        postcode=normalise_postcode(postcode) or "",
        email_confirmed=confirmed,
    )
    fresh = await _fresh_id()
    if fresh is not None:
        user.id = fresh
    rows = await User.insert(user).returning(User.id)
    return int(rows[0]["id"])


async def _send_confirmation(email: str, token: str) -> None:
    # No name or other typed text: whoever registers chooses it, and the address may be
    # someone else's.
    body = _(
        "Hello,\n\n"
        "Please confirm your email address for Wijkstem by opening this link:\n\n"
        "{link}\n\n"
        "The link works once and expires after 48 hours. "
        "If you did not create an account, you can ignore this message."
    ).format(link=confirm_link(token))
    await send_mail(email, _("Confirm your email address for Wijkstem"), body)


async def _send_already_registered(email: str) -> None:
    body = _(
        "Hello,\n\n"
        "Someone tried to create a Wijkstem account with this email address, "
        "but you already have one. You can log in at {login}.\n\n"
        "Forgot your password? Ask for a new one at {forgot}.\n\n"
        "If this was not you, you can ignore this message: nothing has changed."
    ).format(
        login=f"{current_settings().base_url}/account/inloggen",
        forgot=f"{current_settings().base_url}/account/wachtwoord-vergeten",
    )
    await send_mail(email, _("Your Wijkstem account already exists"), body)


def _throttled() -> str:
    return _("Too many attempts. Wait a few minutes and try again.")


@answering
async def register(
    name: str, email: str, password: str, postcode: str, address: str = "unknown"
) -> Problems:
    """Create a resident account and email a confirmation link.

    Validation and the throttle come before the (slow) hashing. The answer is the same
    whether the address already has an account; its owner is mailed instead.
    """
    email = normalise_email(email)
    problems = _new_account_problems(name, email, password, postcode)
    if problems:
        return problems
    if await throttle.begin(throttle.REGISTER, address, per_address=False) is None:
        return {"email": _throttled()}
    password_hash = await passwords.hash_password(password)  # slow: before the write lock
    token = None
    try:
        async with transaction():
            user_id = await _insert_user(name, email, password_hash, postcode, confirmed=False)
            if user_id is not None:
                await RoleGrant.insert(RoleGrant(user=user_id, role="resident"))
                token = await tokens.issue(user_id, tokens.CONFIRM)
                await append_event(
                    f"user:{user_id}",
                    "account.register",
                    f"user:{user_id}",
                    {"postcode_area": (normalise_postcode(postcode) or "")[:4]},
                )
                await _send_confirmation(email, token)  # in the outbox with the account
    except DUPLICATE_ERRORS as error:  # a concurrent registration with the same email won the race
        if not is_duplicate(error):
            raise
        token = None
    if token is None:
        await _send_already_registered(email)
    return {}


async def confirm_email(token: str) -> bool:
    """Mark an email address confirmed by its single-use link; False when the link is invalid."""
    async with transaction():
        user_id = await tokens.consume(token, tokens.CONFIRM)
        if user_id is None:
            return False
        await User.update({User.email_confirmed: True}).where(User.id == user_id)
    return True


async def resend_confirmation(user_id: int) -> None:
    """Email a fresh confirmation link to an account that is not confirmed yet."""
    async with transaction():
        user = (
            await User.select(User.name, User.email)
            .where(User.id == user_id, User.email_confirmed.eq(False))
            .first()
        )
        if user is None:
            return
        token = await tokens.issue(user_id, tokens.CONFIRM)
        await _send_confirmation(str(user["email"]), token)


@answering
async def change_postcode(user_id: int, postcode: str) -> Problems:
    """Move a resident to another postcode."""
    problem = postcode_problem(postcode)
    if problem:
        return {"postcode": problem}
    new = normalise_postcode(postcode) or ""
    async with transaction():
        old = await User.select(User.postcode).where(User.id == user_id).first()
        await User.update({User.postcode: new}).where(User.id == user_id)
        # Only the digits (the neighbourhood), never the full address, go into the public log.
        await append_event(
            f"user:{user_id}",
            "account.postcode",
            f"user:{user_id}",
            {"from": str(old["postcode"] if old else "")[:4], "to": new[:4]},
        )
    return {}


@answering
async def delete_account(user_id: int, password: str, address: str = "unknown") -> Problems:
    """Delete an account after the password is entered again; its sessions and roles go too."""
    checked = await credentials.check_password_again(user_id, password, address)
    if checked == credentials.THROTTLED:
        return {"delete_password": credentials.throttled_message()}
    if checked != credentials.OK:
        return {"delete_password": _("The password is not correct.")}
    async with transaction():
        await append_event(f"user:{user_id}", DELETE_ACTION, f"user:{user_id}", {})
        await User.delete().where(User.id == user_id)
    return {}


async def _role_problems(role: str, area_code: str) -> Problems:
    if role not in ROLES:
        return {"role": _("Choose one of the roles: resident, council, staff, certifier, admin.")}
    if role in SCOPED_ROLES:
        if not area_code:
            return {"area_code": _("A council member needs an area code.")}
        if not await places.current_area_exists(area_code):
            return {
                "area_code": _("There is no area with code {code}.").format(code=area_code[:20])
            }
    elif area_code:
        return {"area_code": _("Only council members are scoped to an area.")}
    return {}


async def create_user_with_role(
    *, email: str, name: str, password: str, role: str, area_code: str, postcode: str
) -> Answer[int]:
    """Create a confirmed account holding one role (for the CLI, demo data and tests).

    Answers the new account's id, or the problems (keyed by field; nothing stored).
    """
    email, area_code = normalise_email(email), area_code.strip().upper()
    problems = _new_account_problems(name, email, password, postcode)
    if not postcode:  # staff and admins need not live in the municipality
        problems.pop("postcode")
    problems |= await _role_problems(role, area_code)
    if problems:
        return invalid(problems)
    password_hash = await passwords.hash_password(password)
    try:
        async with transaction():
            user_id = await _insert_user(name, email, password_hash, postcode, confirmed=True)
            if user_id is None:
                return invalid({"email": _taken()})
            await RoleGrant.insert(RoleGrant(user=user_id, role=role, area_code=area_code))
            payload = {"role": role, "area_code": area_code}
            await append_event("system", "account.create", f"user:{user_id}", payload)
    except DUPLICATE_ERRORS as error:
        if not is_duplicate(error):
            raise
        return invalid({"email": _taken()})
    return done(user_id)
