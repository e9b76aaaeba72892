"""What I support and follow, for "Mijn account" (following is how mail is switched on or off)."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.i18n import _
from app.modules import AccountLine, AccountSection
from deliberation.tables import Follow, Support


async def sections_for(user: Principal) -> list[AccountSection]:
    """Proposals I support, and proposals I follow with a button to stop the mail."""
    if user.id is None:
        return []
    supports = await (
        Support.select(Support.proposal.as_alias("id"), Support.proposal.title.as_alias("title"))
        .where(Support.user == user.id)
        .order_by(Support.id, ascending=False)
    )
    follows = await (
        Follow.select(Follow.proposal.as_alias("id"), Follow.proposal.title.as_alias("title"))
        .where(Follow.user == user.id)
        .order_by(Follow.id, ascending=False)
    )
    return [
        AccountSection(
            "my-supports",
            _("Proposals I support"),
            tuple(AccountLine(str(r["title"]), f"/voorstellen/{r['id']}") for r in supports),
            _("You do not support a proposal yet."),
        ),
        AccountSection(
            "my-follows",
            _("Mail about proposals I follow"),
            tuple(
                AccountLine(
                    str(r["title"]),
                    f"/voorstellen/{r['id']}",
                    f"/voorstellen/{r['id']}/ontvolgen",
                    _("Stop the mail"),
                )
                for r in follows
            ),
            _("You do not follow a proposal. Follow one to get a mail when its status changes."),
        ),
    ]
