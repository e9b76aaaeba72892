"""The proces-verbaal: the official record of a certificate as a PDF (reportlab, reproducible)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.lib.units import mm  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.platypus import (  # type: ignore[import-untyped]  # no type hints shipped
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.dates import local_datetime
from app.i18n import _
from app.programmes.money import format_euros
from app.rounds import texts
from app.runtime import current_settings
from ballots.register.messages import eligibility_label, unverified_text
from ballots.results.explain import CHANNELS, channel_label, percent, project_lines, rule_in_words

LINE = colors.HexColor("#586c88")
SOFT = colors.HexColor("#ddf7e4")


def _when(raw: object) -> str:
    try:
        return local_datetime(datetime.fromisoformat(str(raw)))
    except ValueError:
        return str(raw)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Writes "page X of Y" on every page once the number of pages is known."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.drawRightString(
                A4[0] - 18 * mm,
                10 * mm,
                _("Page %(page)s of %(total)s") % {"page": number, "total": total},
            )
            self.drawString(18 * mm, 10 * mm, f"{current_settings().municipality} · Wijkstem")
            super().showPage()
        super().save()


def _project_rows(body: dict[str, Any], outcome: dict[str, Any] | None) -> list[list[str]]:
    header = [_("Proposal"), _("Cost"), _("Votes"), _("Outcome")]
    if outcome:
        lines = project_lines(outcome, format_euros)
        return [header] + [
            [
                line.name,
                format_euros(line.cost_cents),
                str(line.score),
                _("Chosen") if line.funded else _("Not chosen"),
            ]
            for line in lines
        ]
    return [header] + [
        [str(f["title"]), format_euros(int(f["amount_cents"])), "", _("Chosen")]
        for f in body["funded"]
    ]


def _wrapped(text: str, width: int = 44) -> str:
    """A long hash or signature cut into lines (a table cell does not wrap unbroken text)."""
    return "<br/>".join(escape(text[at : at + width]) for at in range(0, len(text), width))


def record_pdf(
    body: dict[str, Any],
    sha256: str,
    audit_head: str,
    outcome: dict[str, Any] | None = None,
    signature: str = "",
) -> bytes:
    """The proces-verbaal of a certificate; the same certificate always gives the same bytes.

    It prints the municipality's Ed25519 signature over the certificate and the signing key's
    id (the SHA-256 fingerprint of its public key), so a paper copy can be checked too; a round
    without a voter register is marked an unverified poll at the top.
    """
    styles = getSampleStyleSheet()
    normal = styles["BodyText"].clone("normal", fontSize=10, leading=13)
    heading = styles["Heading2"].clone("heading", fontSize=13, spaceBefore=8)
    mono = styles["Code"].clone("mono", fontSize=8.5, leading=11, leftIndent=0)
    buffer = io.BytesIO()
    round_ = body["round"]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Official record of the result"),
        author=current_settings().municipality,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        invariant=1,
    )

    def p(text: str, style: object = normal) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    def table(rows: list[list[str]], widths: list[float], header: bool = True) -> Table:
        found = Table([[p(c) for c in row] for row in rows], colWidths=widths, repeatRows=1)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE)]
        if header:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 1, colors.black))
        found.setStyle(TableStyle(style))
        return found

    story: list[object] = [
        p(current_settings().municipality, styles["Heading3"]),
        p(_("Official record of the result (proces-verbaal)"), styles["Title"]),
        p(
            _("Budget round %(round)s in %(area)s.")
            % {"round": round_["title"], "area": round_["area_name"]}
        ),
        p(
            _(
                "The undersigned certifiers declare that the votes of this budget round were "
                "counted as described below, and that they checked the result."
            )
        ),
    ]
    if body.get("eligibility") != "register":
        story.append(
            Paragraph(
                f"<b>{escape(_('Unverified poll.'))}</b> {escape(unverified_text())}",
                normal,
            )
        )
    story.append(p(_("Result"), heading))
    projects = table(_project_rows(body, outcome), [84 * mm, 28 * mm, 24 * mm, 38 * mm])
    story.append(projects)
    ballots, participations = body.get("ballots", {}), body.get("participations", {})
    eligible = int(body.get("eligible_voters", 0))
    total = int(ballots.get("total", 0))
    story += [
        p(_("Money"), heading),
        table(
            [
                [_("Money to spend"), format_euros(int(body["budget_cents"]))],
                [_("Money used"), format_euros(int(body["funded_cents"]))],
                [_("Money left"), format_euros(int(body["left_cents"]))],
            ],
            [70 * mm, 104 * mm],
            header=False,
        ),
        p(_("Turnout"), heading),
        table(
            [[_("Way of voting"), _("Voters"), _("Votes counted")]]
            + [
                [channel_label(c), str(participations.get(c, 0)), str(ballots.get(c, 0))]
                for c in CHANNELS
                if c in participations or c in ballots
            ]
            + [[_("Total"), str(participations.get("total", 0)), str(total)]],
            [70 * mm, 52 * mm, 52 * mm],
        ),
        p(
            _("%(n)s people could vote; %(share)s of them voted.")
            % {
                "n": eligible,
                "share": percent(total / eligible, 1) if eligible else "0%",
            }
            + " "
            + _(
                "People who could vote: voting codes that were not made invalid, residents "
                "registered at a voting desk, and account holders who voted."
            )
        ),
        p(_("Counting rule"), heading),
        p(texts.rule_label(str(body["rule"])) + ". " + rule_in_words(str(body["rule"]))),
        p(
            _("When proposals are equal: %(order)s.")
            % {"order": texts.tie_label(body["tie_break"])}
        ),
        p(_("Checking"), heading),
        table(
            [
                [_("Counted at"), _when(body["counted_at"])],
                [_("Certified at"), _when(body["certified_at"])],
                [_("Software"), f"{body['software']['name']} {body['software']['version']}"],
                [_("SHA-256 of the ballot export"), str(body["ballots_sha256"])],
                [_("SHA-256 of the count"), str(body["outcome_sha256"])],
                [_("SHA-256 of this certificate"), sha256],
                [_("Audit chain head after certification"), audit_head],
                [_("Who could vote"), eligibility_label(str(body.get("eligibility", "")))],
            ],
            [55 * mm, 119 * mm],
            header=False,
        ),
        Table(
            [
                [
                    p(_("Signing key id (fingerprint)")),
                    Paragraph(_wrapped(str(body.get("signing_key_id", ""))), mono),
                ],
                [
                    p(_("Signature of the municipality (Ed25519)")),
                    Paragraph(_wrapped(signature or "-"), mono),
                ],
            ],
            colWidths=[55 * mm, 119 * mm],
            style=TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE)]
            ),
        ),
        p(
            _(
                "Check the signature with the municipality's public key, published at "
                "%(url)s/uitslag/sleutel, or with: wijkstem verify ballots.pb certificate.json "
                "--public-key public-key.pem"
            )
            % {"url": current_settings().base_url}
        ),
    ]
    if body.get("corrects"):
        corrects = body["corrects"]
        story.append(
            p(
                _("This record corrects certificate %(id)s. Reason: %(reason)s")
                % {"id": corrects["certificate_id"], "reason": corrects["reason"]}
            )
        )
    signatures = [
        [
            Paragraph(
                escape(str(person["name"]))
                + "<br/>"
                + escape(
                    _("Certifier, approved on %(when)s") % {"when": _when(person["approved_at"])}
                ),
                normal,
            ),
            Paragraph("<br/><br/>" + escape(_("Signature")) + ": ______________________", normal),
        ]
        for person in body["certifiers"]
    ]
    block = Table(signatures, colWidths=[87 * mm, 87 * mm], rowHeights=[24 * mm] * len(signatures))
    block.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 0.5, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story += [Spacer(1, 4 * mm), KeepTogether([p(_("Signatures"), heading), block])]
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
