"""Voter register tables: a round's eligibility source and entries (person keys, never a BSN)."""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.db import DB
from app.rounds.tables import Round


class RegisterSource(Table, tablename="voter_register", db=DB):
    """Where a round's eligibility comes from: an imported register, or an unverified poll."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, unique=True)
    kind = Varchar(length=12, help_text="register or unverified.")
    min_age = Integer(default=16, help_text="Minimum age on the day voting opens: 12, 16 or 18.")
    admits = Varchar(
        length=24, default="residents", help_text="residents, or residents+entrepreneurs."
    )
    entries = Integer(default=0, help_text="How many register entries were imported.")
    set_by = Varchar(length=40, help_text="Actor that imported the register or chose the poll.")
    set_at = Timestamptz(default=TimestamptzNow())


class RegisterEntry(Table, tablename="voter_register_entry", db=DB):
    """One eligible person (or business pass) of a round: a keyed person key, never a BSN."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    person_key = Varchar(length=64, help_text="HMAC of BSN (or name, birth date, address).")
    kind = Varchar(length=10, default="resident", help_text="resident or business.")
    postcode = Varchar(length=6, help_text="Postcode, e.g. 9712AB.")
    house_number = Varchar(length=12, help_text="House number with any addition.")
    house_letter = Varchar(length=4, default="")
    name = Varchar(length=120, help_text="Name for the letter and the desk look-up.")
    buurt_code = Varchar(length=20, default="", help_text="Buurt for turnout figures.")
    secret = Boolean(default=False, help_text="Secrecy flag: no letter, ask at the desk.")


class AccountBinding(Table, tablename="voter_register_binding", db=DB):
    """An account bound to a person: by a letter code in one round, or by DigiD for all rounds."""

    id: Serial
    user_id = Integer(index=True, help_text="The account.")
    round = ForeignKey(
        references=Round, on_delete=OnDelete.restrict, null=True, default=None, index=True
    )
    person_key = Varchar(length=64, help_text="The person key the account stands for.")
    provider = Varchar(length=20, help_text="letter, or the OpenID Connect issuer's name.")
    acr = Varchar(length=120, default="", help_text="Assurance level of the login, if any.")
    bound_at = Timestamptz(default=TimestamptzNow())
