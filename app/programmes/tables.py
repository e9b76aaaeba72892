"""Programme tables: one programme per area and year, money in integer cents on budget lines."""

from piccolo.columns import BigInt, ForeignKey, Integer, OnDelete, Serial, Text, Varchar
from piccolo.table import Table

from app.areas.tables import Area
from app.db import DB


class Programme(Table, tablename="programme", db=DB):
    """An area programme (gebiedsprogramma) for one year."""

    id: Serial
    area = ForeignKey(references=Area, on_delete=OnDelete.restrict, index=True)
    year = Integer()
    title = Varchar(length=200)
    description = Text(default="")
    total_cents = BigInt(default=0, help_text="The programme's total budget in cents.")


class BudgetLine(Table, tablename="programme_budget_line", db=DB):
    """One line of a programme's budget; kind 'resident' is the share residents decide on."""

    id: Serial
    programme = ForeignKey(references=Programme, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, default="regular", help_text="'regular' or 'resident'.")
    amount_cents = BigInt(default=0)
