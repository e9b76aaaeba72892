"""Area tree tables: areas with validity dates, and postcode ranges that place a resident."""

from piccolo.columns import Date, DoublePrecision, ForeignKey, Integer, OnDelete, Serial, Varchar
from piccolo.table import Table

from app.db import DB


class Area(Table, tablename="area", db=DB):
    """A municipality, district, neighbourhood (wijk), buurt or street."""

    id: Serial
    code = Varchar(length=20, unique=True, help_text="CBS-style code: GM…, GB…, WK…, BU…, ST….")
    name = Varchar(length=120)
    level = Varchar(length=20, help_text="municipality, district, neighbourhood, buurt, street.")
    parent: ForeignKey["Area"] = ForeignKey(
        references="self", null=True, on_delete=OnDelete.restrict, index=True
    )
    valid_from = Date(help_text="First day the area exists in this form.")
    valid_to = Date(null=True, default=None, help_text="Last day; empty while current.")
    successors = Varchar(
        length=200,
        default="",
        help_text="Space-separated codes of the areas that replaced this one after valid_to.",
    )
    lat = DoublePrecision(
        null=True, default=None, help_text="Approximate centre, WGS84 latitude (for the map)."
    )
    lon = DoublePrecision(
        null=True, default=None, help_text="Approximate centre, WGS84 longitude (for the map)."
    )


class PostcodeRange(Table, tablename="area_postcode_range", db=DB):
    """Postcodes NNNN with letters from..to (inclusive) that lie in one buurt."""

    id: Serial
    digits = Integer(index=True, help_text="The four digits, 1000–9999.")
    letters_from = Varchar(length=2, default="AA")
    letters_to = Varchar(length=2, default="ZZ")
    area = ForeignKey(references=Area, on_delete=OnDelete.cascade, index=True)
