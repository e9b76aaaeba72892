"""Reading the round form: text typed by people into a RoundInput, with problems per field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from app.answer import Problems
from app.i18n import LOCAL_TIME, _
from app.jsontypes import JSONObject
from app.programmes.money import MoneyError, format_euros_plain, parse_euros
from app.rounds import phases, texts
from app.rounds.rules import RoundRules, rule_problems

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_CATEGORIES = 30
MAX_CATEGORY = 60
MAX_COUNT = 1_000_000
MES_OPTIONS = ("exhaustive_stop", "integral_start", "then_greedy")
COMPARISONS = ("satisfaction", "exclusion-ratio")
OPTION_DEFAULTS: dict[str, bool] = {
    "exhaustive_stop": True,
    "integral_start": False,
    "then_greedy": False,
}


@dataclass(frozen=True)
class RoundInput:
    """What a round form says: texts, money, budget line, schedule and rules."""

    title: str = ""
    description: str = ""
    amount_cents: int = 0
    budget_line_id: int | None = None
    schedule: Mapping[str, datetime | None] = field(default_factory=dict)
    rules: RoundRules = field(default_factory=RoundRules)


def to_local_text(moment: datetime | None) -> str:
    """A UTC moment as the value of a datetime-local input in Amsterdam time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TIME).strftime(LOCAL_FORMAT)


def parse_local(raw: str) -> datetime:
    """A datetime-local value ('2026-03-01T19:30') in Amsterdam time, as a UTC datetime."""
    text = raw.strip()
    if len(text) > 16:  # browsers may send seconds; minutes are what the schedule keeps
        text = text[:16]
    local = datetime.strptime(text, LOCAL_FORMAT).replace(tzinfo=LOCAL_TIME)
    return local.astimezone(UTC)


def _whole(data: Mapping[str, str], name: str, default: int, problems: Problems) -> int:
    if name not in data:
        return default
    raw = data[name].strip()
    if not raw:
        return 0
    if not raw.isdigit() or len(raw) > 9:
        problems[name] = _("Enter a whole number of 0 or more.")
        return default
    value = int(raw)
    if value > MAX_COUNT:
        problems[name] = _("Enter a whole number of 0 or more.")
    return value


def _euros(data: Mapping[str, str], name: str, default: int, problems: Problems) -> int:
    if name not in data:
        return default
    raw = data[name]
    if not raw.strip():
        return 0
    try:
        return parse_euros(raw)
    except MoneyError:
        problems[name] = _("Enter an amount in euros such as 12500 or 12.500,00.")
        return default


def _flag(data: Mapping[str, str], name: str, default: bool) -> bool:
    if name not in data:
        return default
    return data[name] in ("1", "on", "true", "yes")


def _text(data: Mapping[str, str], name: str, default: str, limit: int, problems: Problems) -> str:
    value = data.get(name, default).strip()
    if len(value) > limit:
        problems[name] = _("This text is too long (at most {limit} characters).").format(
            limit=limit
        )
    return value


def _categories(
    data: Mapping[str, str], default: tuple[str, ...], problems: Problems
) -> tuple[str, ...]:
    if "categories" not in data:
        return default
    names: list[str] = []
    for part in data["categories"].split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in {known.casefold() for known in names}:
            names.append(name)
    if len(names) > MAX_CATEGORIES or any(len(name) > MAX_CATEGORY for name in names):
        problems["categories"] = _(
            "Give at most {count} categories of at most {limit} characters each."
        ).format(count=MAX_CATEGORIES, limit=MAX_CATEGORY)
    return tuple(names)


def _schedule(
    data: Mapping[str, str], base: Mapping[str, datetime | None], problems: Problems
) -> dict[str, datetime | None]:
    schedule: dict[str, datetime | None] = {}
    for phase in phases.SCHEDULED:
        name = f"{phase}_starts"
        if name not in data:
            schedule[phase] = base.get(phase)
            continue
        raw = data[name].strip()
        if not raw:
            schedule[phase] = None
            continue
        try:
            schedule[phase] = parse_local(raw)
        except ValueError:
            problems[name] = _("Enter a date and time such as 2026-03-01 19:30.")
            schedule[phase] = base.get(phase)
    return schedule


def _options(
    data: Mapping[str, str], rule: str, base: RoundRules, problems: Problems
) -> JSONObject:
    """The counting options that apply to the chosen rule (others are not stored)."""
    current = dict(base.rule_options)
    if rule in ("mes", "mes-add1"):
        options: JSONObject = {
            name: _flag(data, f"opt_{name}", bool(current.get(name, OPTION_DEFAULTS[name])))
            for name in MES_OPTIONS
        }
        comparison = data.get("opt_comparison", str(current.get("comparison") or "")).strip()
        if comparison and comparison not in COMPARISONS:
            problems["opt_comparison"] = _("Choose one of the listed comparisons.")
        elif comparison:
            options["comparison"] = comparison
        return options
    if rule == "greedy-threshold":
        threshold = _whole(data, "opt_threshold", int(current.get("threshold") or 0), problems)
        return {"threshold": threshold} if threshold else {}
    return {}


def _tie_break(data: Mapping[str, str], default: str) -> str:
    choice = data.get("tie_break", default).strip()
    if choice == "lot":
        return f"lot:{data.get('tie_seed', '').strip()[:50]}"
    return choice


def parse_round_form(
    data: Mapping[str, str], base: RoundInput | None = None
) -> tuple[RoundInput, Problems]:
    """Read a submitted round form; a field that was not submitted keeps its `base` value."""
    start = base or RoundInput()
    problems: Problems = {}
    title = _text(data, "title", start.title, MAX_TITLE, problems)
    if not title:
        problems["title"] = _("This field is required.")
    description = _text(data, "description", start.description, MAX_DESCRIPTION, problems)
    amount = start.amount_cents
    if "amount" in data:
        try:
            amount = parse_euros(data["amount"])
        except MoneyError:
            problems["amount"] = _("Enter an amount in euros such as 12500 or 12.500,00.")
        if amount == 0 and "amount" not in problems:
            problems["amount"] = _("The round needs an amount of more than 0 euros.")
    line_id = start.budget_line_id
    if "budget_line" in data:
        raw_line = data["budget_line"].strip()
        line_id = int(raw_line) if raw_line.isdigit() and len(raw_line) < 10 else None
        if line_id is None:
            problems["budget_line"] = _("Choose the budget line the money comes from.")
    old = start.rules
    rule = data.get("counting_rule", old.counting_rule).strip()
    rules = RoundRules(
        proposer_min_age=_whole(data, "proposer_min_age", old.proposer_min_age, problems),
        max_cost_cents=_euros(data, "max_cost", old.max_cost_cents, problems),
        categories=_categories(data, old.categories, problems),
        support_threshold=_whole(data, "support_threshold", old.support_threshold, problems),
        ballot_type=data.get("ballot_type", old.ballot_type).strip(),
        ballot_min=_whole(data, "ballot_min", old.ballot_min, problems),
        ballot_max=_whole(data, "ballot_max", old.ballot_max, problems),
        ballot_cost_limit_cents=_euros(
            data, "ballot_cost_limit", old.ballot_cost_limit_cents, problems
        ),
        points_total=_whole(data, "points_total", old.points_total, problems),
        counting_rule=rule,
        rule_options=_options(data, rule, old, problems),
        tie_break=_tie_break(data, old.tie_break),
        allow_blank=_flag(data, "allow_blank", old.allow_blank),
        allow_vote_change=_flag(data, "allow_vote_change", old.allow_vote_change),
    )
    schedule = _schedule(data, start.schedule, problems)
    for text in phases.schedule_problems(schedule):
        name, message = texts.schedule_message(text)
        problems.setdefault(name, message)
    for text in rule_problems(rules, amount):
        name, message = texts.rule_message(text)
        problems.setdefault(name, message)
    found = replace(
        start,
        title=title,
        description=description,
        amount_cents=amount,
        budget_line_id=line_id,
        schedule=schedule,
        rules=rules,
    )
    return found, problems


def form_values(found: RoundInput) -> dict[str, str]:
    """A RoundInput as the strings a form shows (the inverse of parse_round_form)."""
    rules = found.rules
    values = {
        "title": found.title,
        "description": found.description,
        "amount": format_euros_plain(found.amount_cents) if found.amount_cents else "",
        "budget_line": "" if found.budget_line_id is None else str(found.budget_line_id),
        "proposer_min_age": str(rules.proposer_min_age),
        "max_cost": format_euros_plain(rules.max_cost_cents) if rules.max_cost_cents else "",
        "categories": ", ".join(rules.categories),
        "support_threshold": str(rules.support_threshold),
        "ballot_type": rules.ballot_type,
        "ballot_min": str(rules.ballot_min),
        "ballot_max": str(rules.ballot_max),
        "ballot_cost_limit": (
            format_euros_plain(rules.ballot_cost_limit_cents)
            if rules.ballot_cost_limit_cents
            else ""
        ),
        "points_total": str(rules.points_total),
        "counting_rule": rules.counting_rule,
        "tie_break": "lot" if rules.tie_break.startswith("lot:") else rules.tie_break,
        "tie_seed": rules.tie_break[4:] if rules.tie_break.startswith("lot:") else "",
        "allow_blank": "1" if rules.allow_blank else "0",
        "allow_vote_change": "1" if rules.allow_vote_change else "0",
        "opt_comparison": str(rules.rule_options.get("comparison") or ""),
        "opt_threshold": str(rules.rule_options.get("threshold") or ""),
    }
    for name in MES_OPTIONS:
        flag = rules.rule_options.get(name, OPTION_DEFAULTS[name])
        values[f"opt_{name}"] = "1" if flag else "0"
    for phase in phases.SCHEDULED:
        values[f"{phase}_starts"] = to_local_text(found.schedule.get(phase))
    return values
