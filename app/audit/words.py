"""The audit log in sentences: what an action means, what it was about, and who did it."""

from __future__ import annotations

from app.i18n import _


def action_sentence(action: str) -> str:
    """What an audit action means, in words (never the internal key)."""
    words = {
        "account.create": _("An account was created"),
        "account.delete": _("An account was deleted"),
        "area.add": _("An area was added"),
        "area.end": _("An area was ended"),
        "area.import": _("Areas were imported"),
        "area.centres": _("Areas were given a place on the map"),
        "ballot.confirm": _("The ballot list was confirmed"),
        "budget_line.add": _("A budget line was added"),
        "budget_line.remove": _("A budget line was removed"),
        "budget_line.update": _("A budget line was changed"),
        "comment.official_answer": _("An official answer was given"),
        "delivery.milestone_add": _("A milestone was added to a project"),
        "delivery.milestone_reached": _("A project reached a milestone"),
        "delivery.money": _("A project's money was updated"),
        "delivery.photo": _("A photo was added to a project"),
        "delivery.progress": _("A project's progress was updated"),
        "delivery.projects": _("Chosen proposals became projects"),
        "delivery.status": _("A project's status changed"),
        "meeting.create": _("A meeting was planned"),
        "meeting.edit": _("A meeting was changed"),
        "moderation.dismiss": _("A report was dismissed"),
        "moderation.hide": _("A contribution was hidden by a moderator"),
        "paper_batch.confirmed": _("A batch of paper ballots was confirmed"),
        "paper_batch.discarded": _("A batch of paper ballots was discarded"),
        "paper_batch.entered": _("A batch of paper ballots was entered"),
        "programme.create": _("An area programme was created"),
        "programme.update": _("An area programme was changed"),
        "proposal.edit": _("A proposal was changed"),
        "proposal.review": _("A proposal was reviewed"),
        "proposal.status": _("A proposal's status changed"),
        "proposal.status_changed": _("A proposal's status changed"),
        "proposal.submit": _("A proposal was sent in"),
        "proposal.withdraw": _("A proposal was withdrawn"),
        "result.approve": _("A certifier approved a result"),
        "result.certify": _("A result was certified"),
        "result.count_requested": _("A count was started"),
        "result.counted": _("The votes were counted"),
        "result.reject": _("A certifier rejected a result"),
        "role.grant": _("A role was given"),
        "role.revoke": _("A role was taken away"),
        "round.copy": _("A budget round was started from an earlier one"),
        "round.create": _("A budget round was created"),
        "round.phase": _("A budget round moved to another phase"),
        "round.reopen": _("A budget round was reopened"),
        "round.update": _("A budget round was changed"),
        "voting_codes.generated": _("Voting codes were made"),
        "voting_codes.reissued": _("A voting code was replaced"),
        "voting_codes.voided": _("Voting codes were made invalid"),
        "voting_desk.registered": _("A voter was registered at a voting desk"),
    }
    return words.get(action, _("Another change"))


def subject_words(subject: str) -> str:
    """What an event was about, e.g. "budget round 5" (accounts are never named)."""
    kind, _sep, key = subject.partition(":")
    words = {
        "round": _("budget round %(key)s"),
        "proposal": _("proposal %(key)s"),
        "area": _("area %(key)s"),
        "programme": _("area programme %(key)s"),
        "budget_line": _("budget line %(key)s"),
        "project": _("project %(key)s"),
        "meeting": _("meeting %(key)s"),
        "result": _("result %(key)s"),
        "comment": _("comment %(key)s"),
        "paper_batch": _("paper batch %(key)s"),
    }
    if kind in ("user", "account"):
        return _("an account")
    if kind in words and key:
        return words[kind] % {"key": key}
    return _("the platform")


def actor_words(actor: str, staff_names: dict[str, str]) -> str:
    """Who acted: staff and council by name, residents only as "a resident"."""
    if actor == "system":
        return _("the platform, automatically")
    if actor == "cli":
        return _("an operator (command line)")
    return staff_names.get(actor, _("a resident"))
