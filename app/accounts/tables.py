"""Account tables: users, role grants, server-side sessions, email tokens, login failures."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.db import DB


class User(Table, tablename="account_user", db=DB):
    """A person with an account; residents are placed in the area tree by postcode."""

    id: Serial
    email = Varchar(length=254, unique=True, help_text="Lower-cased; the login name.")
    name = Varchar(length=100)
    password_hash = Varchar(length=200)
    postcode = Varchar(length=7, default="", help_text="Normalised '9712AB' form, or empty.")
    email_confirmed = Boolean(default=False)
    language = Varchar(length=2, default="nl")
    created_at = Timestamptz(default=TimestamptzNow())


class RoleGrant(Table, tablename="account_role_grant", db=DB):
    """A role held by a user; council members hold it per area (by CBS code)."""

    id: Serial
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=20, help_text="resident, council, staff, certifier or admin.")
    area_code = Varchar(length=20, default="", help_text="Area scope; empty for global roles.")
    granted_by = Integer(null=True, default=None, help_text="User id of the granting admin.")
    granted_at = Timestamptz(default=TimestamptzNow())


class UserSession(Table, tablename="account_session", db=DB):
    """A server-side login session; the cookie holds a token whose hash is stored here."""

    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_seen_at = Timestamptz(default=TimestamptzNow())


class EmailToken(Table, tablename="account_email_token", db=DB):
    """A single-use emailed link token (confirm email, reset password); stored hashed."""

    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    purpose = Varchar(length=20)
    expires_at = Timestamptz()
    used = Boolean(default=False)


class LoginFailure(Table, tablename="account_login_failure", db=DB):
    """One failed login, keyed by account email and by client address, for throttling."""

    id: Serial
    key = Varchar(length=300, index=True, help_text="'email:<address>' or 'ip:<address>'.")
    at = Timestamptz(default=TimestamptzNow(), index=True)
