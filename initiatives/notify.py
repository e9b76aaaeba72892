"""Mail of the initiatives flow: co-initiator confirmation, decisions, reminders, escalations.

Messages are sent after the transaction that caused them has committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import _
from app.mail import send_mail
from app.runtime import current_settings

CONFIRM_PATH = "/initiatieven/bevestigen"


@dataclass(frozen=True)
class Mail:
    """One message to send after the commit."""

    to: str
    subject: str
    body: str


def page_link(initiative_id: int) -> str:
    """The public page of an initiative."""
    return f"{current_settings().base_url}/initiatieven/{initiative_id}"


def confirm_link(token: str) -> str:
    """The co-initiator's confirmation link."""
    return f"{current_settings().base_url}{CONFIRM_PATH}/{token}"


def co_initiator(to: str, name: str, applicant: str, title: str, token: str) -> Mail:
    """Ask a co-initiator to confirm they back the application."""
    return Mail(
        to,
        _("Please confirm: initiative “{title}”").format(title=title),
        _(
            "Hello {name},\n\n{applicant} named you as a co-initiator of the initiative "
            "“{title}”. If you back this application, confirm it with this link:\n{link}\n\n"
            "If you do not know this initiative, you can ignore this mail."
        ).format(name=name, applicant=applicant, title=title, link=confirm_link(token)),
    )


def to_applicant(to: str, title: str, initiative_id: int, news: str) -> Mail:
    """Tell the applicant what happened to their application."""
    return Mail(
        to,
        _("News about your initiative “{title}”").format(title=title),
        _("Hello,\n\n{news}\n\nSee your application: {link}").format(
            news=news, link=page_link(initiative_id)
        ),
    )


async def send_all(mails: list[Mail]) -> None:
    """Send the messages one by one (a failure is logged by the mailer, not raised)."""
    for mail in mails:
        await send_mail(mail.to, mail.subject, mail.body)
