"""Checks on a proposal form: field lengths, cost, category, area and photos; problems by field."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

from app.answer import Problems
from app.i18n import _
from app.programmes.money import MoneyError, parse_euros
from app.programmes.services import money_message
from app.rounds.rules import RoundRules
from proposals import photos

MAX_TITLE = 120
MAX_SUMMARY = 300
MAX_DESCRIPTION = 10_000
MAX_REASON = 2_000
# A pin must lie in the Netherlands (WGS84 bounds, generous): south, north, west, east.
NL_BOUNDS = (50.7, 53.7, 3.2, 7.3)


@dataclass(frozen=True)
class ProposalForm:
    """What a resident typed into the proposal form, unchecked."""

    title: str = ""
    summary: str = ""
    description: str = ""
    cost: str = ""
    category: str = ""
    area_code: str = ""
    age_confirmed: bool = False
    lat: str = ""
    lon: str = ""
    uploads: tuple[photos.Upload, ...] = ()
    remove_photo_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CleanProposal:
    """A checked proposal text, ready to store."""

    title: str
    summary: str
    description: str
    cost_cents: int
    category: str
    area_code: str
    lat: float | None = None
    lon: float | None = None


def text(raw: str, name: str, limit: int, problems: Problems, required: bool = True) -> str:
    """A trimmed text field; a problem when it is empty (if required) or too long."""
    value = (raw or "").strip()
    if required and not value:
        problems[name] = _("This field is required.")
    elif len(value) > limit:
        problems[name] = _("This text is too long (at most {limit} characters).").format(
            limit=limit
        )
    return value


def cost(raw: str, max_cents: int, problems: Problems) -> int:
    """The estimated cost in cents; a problem when unreadable, zero or over the round's limit."""
    try:
        cents = parse_euros(raw)
    except MoneyError as error:
        problems["cost"] = money_message(error)
        return 0
    if cents <= 0:
        problems["cost"] = _("Enter the estimated cost in euros (more than zero).")
    elif max_cents and cents > max_cents:
        whole = f"{max_cents // 100:,}".replace(",", ".")
        problems["cost"] = _("A proposal in this round may cost at most € {amount}.").format(
            amount=whole
        )
    return cents


def pin(lat_raw: str, lon_raw: str, problems: Problems) -> tuple[float | None, float | None]:
    """The author's optional pin: both coordinates or neither, inside the Netherlands."""
    lat_text, lon_text = (lat_raw or "").strip(), (lon_raw or "").strip()
    if not lat_text and not lon_text:
        return None, None
    try:
        lat = float(lat_text.replace(",", "."))
        lon = float(lon_text.replace(",", "."))
    except ValueError:
        problems["lat"] = _("Enter the pin as two numbers, for example 53.2194 and 6.5665.")
        return None, None
    south, north, west, east = NL_BOUNDS
    if not (math.isfinite(lat) and math.isfinite(lon)):
        problems["lat"] = _("Enter the pin as two numbers, for example 53.2194 and 6.5665.")
        return None, None
    if not (south <= lat <= north and west <= lon <= east):
        problems["lat"] = _("The pin must lie in the Netherlands.")
        return None, None
    return round(lat, 6), round(lon, 6)


def check_photos(
    uploads: Collection[photos.Upload], kept: int, problems: Problems
) -> list[tuple[photos.Upload, str]]:
    """The uploads with their sniffed type; problems for too many, too large or not an image."""
    checked: list[tuple[photos.Upload, str]] = []
    if kept + len(uploads) > photos.MAX_PHOTOS:
        problems["photo_1"] = _("A proposal can have at most {count} photos.").format(
            count=photos.MAX_PHOTOS
        )
        return checked
    for position, upload in enumerate(uploads, start=1):
        name = f"photo_{position}"
        if len(upload.data) > photos.MAX_BYTES:
            problems[name] = _("This photo is larger than 5 MB.")
            continue
        kind = photos.sniff(upload.data)
        if kind is None:
            problems[name] = _("This file is not a JPEG, PNG or WebP photo.")
            continue
        if len(upload.alt_text) > photos.MAX_ALT:
            problems[f"alt_{position}"] = _(
                "This text is too long (at most {limit} characters)."
            ).format(limit=photos.MAX_ALT)
            continue
        checked.append((upload, kind))
    return checked


def check_proposal(
    form: ProposalForm, rules: RoundRules, area_codes: Collection[str], problems: Problems
) -> CleanProposal:
    """Check the text fields against the round's rules and the areas it covers."""
    title = text(form.title, "title", MAX_TITLE, problems)
    summary = text(form.summary, "summary", MAX_SUMMARY, problems)
    description = text(form.description, "description", MAX_DESCRIPTION, problems)
    cents = cost(form.cost, rules.max_cost_cents, problems)
    category = form.category.strip()
    if rules.categories and category not in rules.categories:
        problems["category"] = _("Choose one of the round's categories.")
    elif not rules.categories:
        category = ""
    area_code = form.area_code.strip().upper()
    if area_code not in area_codes:
        problems["area"] = _("Choose the part of the area your proposal concerns.")
    if rules.proposer_min_age > 0 and not form.age_confirmed:
        problems["age_confirmed"] = _(
            "Only residents aged {age} or older may propose in this round."
        ).format(age=rules.proposer_min_age)
    lat, lon = pin(form.lat, form.lon, problems)
    return CleanProposal(title, summary, description, cents, category, area_code, lat, lon)
