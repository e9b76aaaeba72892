"""Plain-language, translated words for phases, rules and refusals shown to residents."""

from __future__ import annotations

from app.audit.words import action_sentence
from app.i18n import _, ngettext
from app.programmes.money import format_euros
from app.rounds import phases
from app.rounds.rules import RoundRules


def phase_label(phase: str) -> str:
    """The name of a phase as residents read it."""
    labels = {
        "draft": _("Draft"),
        "proposing": _("Proposing"),
        "reviewing": _("Review by the municipality"),
        "deliberating": _("Discussion and support"),
        "voting": _("Voting"),
        "counting": _("Counting"),
        "certified": _("Result certified"),
        "implementing": _("Being carried out"),
        "closed": _("Closed"),
    }
    return labels.get(phase, phase)


def phase_explanation(phase: str) -> str:
    """One sentence on what is going on in a phase."""
    explanations = {
        "draft": _("The council is preparing this round. It is not open to residents yet."),
        "proposing": _("Residents of the area can now send in ideas for spending the money."),
        "reviewing": _(
            "The municipality checks whether each proposal can be done and what it costs. "
            "Every decision comes with a public reason."
        ),
        "deliberating": _(
            "Residents talk about the proposals and support the ones they like. "
            "Proposals with enough support go onto the ballot."
        ),
        "voting": _("Residents of the area can now vote on the proposals on the ballot."),
        "counting": _("Voting has closed. The votes are being counted."),
        "certified": _("The result has been counted and is being certified."),
        "implementing": _("The chosen proposals are being carried out."),
        "closed": _("This round is finished."),
    }
    return explanations.get(phase, "")


def advance_consequence(target: str) -> str:
    """What moving on to a phase will do, shown beside the phase button before confirming."""
    consequences = {
        "proposing": _("The round opens: residents of the area can send in proposals."),
        "reviewing": _("Sending in and changing proposals stops; staff review each proposal."),
        "deliberating": _("Reviews end; residents support and discuss the feasible proposals."),
        "voting": _(
            "Voting opens. The ballot, the rules, the budget and the voter register are then "
            "fixed and cannot change any more."
        ),
        "counting": _(
            "Voting closes: no ballot is accepted any more. Only an administrator can reopen it."
        ),
        "implementing": _("The funded proposals are carried out and followed in the programme."),
        "closed": _("The round is finished; nothing can change any more."),
    }
    return consequences.get(target, "")


def action_label(action: str) -> str:
    """What an allowed action means for a resident, as a short sentence."""
    labels = {
        "propose": _("send in a proposal"),
        "edit": _("change your own proposal"),
        "withdraw": _("withdraw your own proposal"),
        "support": _("support proposals"),
        "comment": _("comment on proposals"),
        "review": _("municipal staff review proposals"),
        "confirm_ballot": _("the council confirms which proposals go onto the ballot"),
        "vote": _("vote"),
        "count": _("the votes are counted"),
        "certify": _("the result is certified"),
    }
    return labels.get(action, action)


def capabilities(phase: str) -> list[str]:
    """The plain sentences for everything a phase allows, in a stable order."""
    return [action_label(a) for a in phases.ACTIONS if phases.allows(phase, a)]


def ballot_label(ballot_type: str) -> str:
    """How a ballot type is described."""
    labels = {
        "approval": _("Tick every proposal you like"),
        "knapsack": _("Choose proposals within the budget"),
        "cumulative": _("Hand out points"),
        "ranking": _("Put proposals in order of preference"),
        "yes_no": _("Yes or no per proposal"),
    }
    return labels.get(ballot_type, ballot_type)


def rule_label(rule: str) -> str:
    """How a counting rule is described."""
    labels = {
        "greedy": _("Most votes first, skipping what no longer fits"),
        "greedy-no-skip": _("Most votes first, stopping at the first that does not fit"),
        "greedy-threshold": _("Most votes first, only above a threshold"),
        "mes": _("Method of Equal Shares"),
        "mes-add1": _("Method of Equal Shares, with the budget raised until it is used up"),
        "phragmen": _("Phragmén's sequential rule"),
        "yes-no": _("More yes than no"),
        "irv": _("Instant run-off"),
    }
    return labels.get(rule, rule)


def tie_label(tie_break: str) -> str:
    """How ties are broken."""
    if tie_break.startswith("lot:"):
        return _("By lot, with the published seed {seed}").format(seed=tie_break[4:])
    labels = {
        "lexicographic": _("By the proposals' order on the ballot"),
        "equalshares": _("As the Method of Equal Shares prescribes"),
    }
    return labels.get(tie_break, tie_break)


def rule_message(problem: str) -> tuple[str, str]:
    """The form field and translated message for a problem from rules.rule_problems."""
    if problem.startswith("unknown counting option"):
        return "counting_rule", _("One of the counting options is not known.")
    known = {
        "unknown ballot type": ("ballot_type", _("Choose one of the listed ballot types.")),
        "unknown counting rule": ("counting_rule", _("Choose one of the listed counting rules.")),
        "unknown tie-break order": ("tie_break", _("Choose one of the listed ways to break ties.")),
        "a lot tie-break needs a published seed, e.g. lot:2026": (
            "tie_break",
            _("A tie-break by lot needs a published seed, for example lot:2026."),
        ),
        "the minimum age must be between 0 and 120": (
            "proposer_min_age",
            _("The minimum age must be between 0 and 120."),
        ),
        "limits cannot be negative": ("max_cost", _("Limits cannot be negative.")),
        "the maximum cost per proposal is larger than the round's budget": (
            "max_cost",
            _("The maximum cost per proposal is larger than the round's budget."),
        ),
        "the minimum number of choices is larger than the maximum": (
            "ballot_min",
            _("The minimum number of choices is larger than the maximum."),
        ),
        "a points ballot needs a number of points to hand out": (
            "points_total",
            _("A points ballot needs a number of points to hand out."),
        ),
        "a yes/no ballot is counted with the yes-no rule": (
            "counting_rule",
            _("A yes/no ballot is counted with the 'more yes than no' rule."),
        ),
        "a ranking ballot is counted with greedy (points by position) or irv": (
            "counting_rule",
            _("A ranking ballot is counted with 'most votes first' or instant run-off."),
        ),
        "the knapsack limit cannot be negative": (
            "ballot_cost_limit",
            _("The budget limit on the ballot cannot be negative."),
        ),
    }
    return known.get(problem, ("counting_rule", problem))


def schedule_message(problem: str) -> tuple[str, str]:
    """The form field and translated message for a problem from phases.schedule_problems."""
    later, _sep, earlier = problem.partition(" starts before ")
    if later in phases.SCHEDULED and earlier in phases.SCHEDULED:
        return f"{later}_starts", _("'{later}' cannot start before '{earlier}'.").format(
            later=phase_label(later), earlier=phase_label(earlier)
        )
    return "proposing_starts", problem


def transition_message(reason: str) -> str:
    """A translated reason for a refused phase change (see phases.check_transition)."""
    known = {
        "unknown phase": _("This phase does not exist."),
        "phases cannot be skipped": _(
            "Phases cannot be skipped: the round moves one phase at a time."
        ),
        "the round is already in this phase": _("The round is already in this phase."),
        "going back to an earlier phase needs an admin reopening": _(
            "Going back to an earlier phase needs an administrator who reopens the round "
            "with a reason."
        ),
        "the ballot list is not confirmed": _(
            "Voting can open only after the ballot list is confirmed with at least one option."
        ),
        "no eligibility source": _(
            "Voting can open only when the round has a voter register, or is marked as an "
            "unverified poll."
        ),
        "the ballot box key is not ready": _(
            "Voting can open only after the key ceremony, when every share of the ballot box "
            "key is collected and confirmed."
        ),
        "only certification moves to certified": _(
            "A round becomes certified only when two certifiers approve the counted result."
        ),
    }
    return known.get(reason, reason)


def actor_label(actor: str, names: dict[str, str]) -> str:
    """Who did something, for the round's history."""
    if actor == "system":
        return _("the platform, automatically")
    if actor == "cli":
        return _("an operator (command line)")
    return names.get(actor, _("a resident"))


def action_text(action: str) -> str:
    """What an audit action on a round means."""
    labels = {
        "round.create": _("Round created"),
        "round.update": _("Round changed"),
        "round.phase": _("Phase changed"),
        "round.reopen": _("Round reopened"),
        "round.copy": _("Round started from a template"),
    }
    return labels.get(action) or action_sentence(action)


def field_label(name: str) -> str:
    """What a changed setting of a round is called (never the internal field name)."""
    if name.endswith("_starts") and name.removesuffix("_starts") in phases.SCHEDULED:
        return _("start of the phase %(phase)s") % {"phase": phase_label(name[: -len("_starts")])}
    labels = {
        "title": _("title"),
        "description": _("description"),
        "amount_cents": _("amount"),
        "budget_line_id": _("budget line"),
        "proposer_min_age": _("minimum age to propose"),
        "max_cost_cents": _("maximum cost per proposal"),
        "categories": _("categories"),
        "support_threshold": _("supports needed for the ballot"),
        "ballot_type": _("kind of ballot"),
        "ballot_min": _("fewest choices"),
        "ballot_max": _("most choices"),
        "ballot_cost_limit_cents": _("spending limit on the ballot"),
        "points_total": _("points to hand out"),
        "counting_rule": _("counting rule"),
        "rule_options": _("options of the counting rule"),
        "tie_break": _("order when proposals are equal"),
        "allow_blank": _("blank vote allowed"),
        "allow_vote_change": _("changing a vote allowed"),
    }
    return labels.get(name, _("another setting"))


def euros(cents: int) -> str:
    """Cents as '€ 12.500' (whole euros, as everywhere on the site) or '€ 12.500,50'."""
    return format_euros(cents)


def rules_summary(rules: RoundRules) -> list[tuple[str, str]]:
    """The round's rules in plain words, as (term, description) pairs."""
    summary = [
        (
            _("Who may propose"),
            _("Residents of the area aged {age} or older").format(age=rules.proposer_min_age)
            if rules.proposer_min_age
            else _("Every resident of the area"),
        ),
        (
            _("Most a proposal may cost"),
            euros(rules.max_cost_cents)
            if rules.max_cost_cents
            else _("No limit besides the budget"),
        ),
        (_("Categories"), ", ".join(rules.categories) if rules.categories else _("Any subject")),
        (
            _("Support needed to reach the ballot"),
            ngettext("%(num)d supporter", "%(num)d supporters", rules.support_threshold)
            % {"num": rules.support_threshold},
        ),
        (_("How you vote"), ballot_label(rules.ballot_type)),
    ]
    if rules.ballot_min or rules.ballot_max:
        summary.append(
            (
                _("Number of choices"),
                _("at least {low}, at most {high}").format(
                    low=rules.ballot_min, high=rules.ballot_max or _("any number")
                ),
            )
        )
    if rules.ballot_cost_limit_cents:
        summary.append((_("Budget limit on your ballot"), euros(rules.ballot_cost_limit_cents)))
    if rules.ballot_type == "cumulative":
        summary.append((_("Points to hand out"), str(rules.points_total)))
    summary.append((_("How the votes are counted"), rule_label(rules.counting_rule)))
    options = option_labels(dict(rules.rule_options))
    if options:
        summary.append((_("Counting options"), "; ".join(options)))
    summary.extend(
        [
            (_("Ties"), tie_label(rules.tie_break)),
            (_("Blank vote"), _("allowed") if rules.allow_blank else _("not allowed")),
            (
                _("Changing your vote"),
                _("allowed until voting closes") if rules.allow_vote_change else _("not allowed"),
            ),
        ]
    )
    return summary


def option_labels(options: dict[str, object]) -> list[str]:
    """The counting options that differ from the plain rule, in words."""
    labels = []
    if options.get("exhaustive_stop") is False:
        labels.append(_("the budget is not raised beyond what it takes to use it up"))
    if options.get("integral_start"):
        labels.append(_("start from whole budget shares"))
    if options.get("then_greedy"):
        labels.append(_("money left over goes to the next most popular proposals"))
    if options.get("comparison"):
        labels.append(_("the outcome is compared with 'most votes first'"))
    if options.get("threshold"):
        labels.append(_("only proposals with at least {n} votes").format(n=options["threshold"]))
    return labels
