"""The proces-verbaal: the official record of a certificate as a PDF (reportlab, reproducible)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]  # no type hints shipped
from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.i18n import _
from app.web.templating import euro


def _rows(body: dict[str, Any], sha256: str, audit_head: str) -> list[tuple[str, str]]:
    round_ = body["round"]
    ballots = body["ballots"]
    participations = body["participations"]
    rows = [
        (_("Round"), f"{round_['title']} (#{round_['id']})"),
        (_("Area"), f"{round_['area_name']} ({round_['area_code']})"),
        (_("Counting rule"), body["rule"]),
        (_("Parameters"), ", ".join(f"{k}={v}" for k, v in sorted(body["parameters"].items()))),
        (_("Tie order"), body["tie_break"]),
        (_("Ballot type"), body["ballot_type"]),
        (_("Budget"), euro(body["budget_cents"])),
        (_("Eligible voters"), f"{body['eligible_voters']} ({body['eligible_definition']})"),
        (
            _("Participations"),
            ", ".join(f"{k}: {v}" for k, v in participations.items()),
        ),
        (_("Ballots"), ", ".join(f"{k}: {v}" for k, v in ballots.items())),
        (_("Money funded"), euro(body["funded_cents"])),
        (_("Money left"), euro(body["left_cents"])),
        (_("Counted at"), body["counted_at"]),
        (_("Certified at"), body["certified_at"]),
        (_("Software"), f"{body['software']['name']} {body['software']['version']}"),
        (_("SHA-256 of the ballot export"), body["ballots_sha256"]),
        (_("SHA-256 of the count"), body["outcome_sha256"]),
        (_("SHA-256 of this certificate"), sha256),
        (_("Audit chain head after certification"), audit_head),
    ]
    if body.get("corrects"):
        corrects = body["corrects"]
        rows.append(
            (
                _("Corrects certificate"),
                f"#{corrects['certificate_id']} ({corrects['sha256']}): {corrects['reason']}",
            )
        )
    return rows


def record_pdf(body: dict[str, Any], sha256: str, audit_head: str) -> bytes:
    """The proces-verbaal of a certificate; the same certificate always gives the same bytes."""
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Official record of the result"),
        author="Wijkstem",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        invariant=1,
    )

    def cell(text: Any) -> Paragraph:
        return Paragraph(escape(str(text)), small)

    story: list[Any] = [
        Paragraph(escape(_("Official record of the result (proces-verbaal)")), styles["Title"]),
        Spacer(1, 4 * mm),
    ]
    facts = Table(
        [[cell(k), cell(v)] for k, v in _rows(body, sha256, audit_head)],
        colWidths=[55 * mm, 119 * mm],
    )
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [facts, Spacer(1, 6 * mm), Paragraph(escape(_("Funded projects")), styles["Heading2"])]
    funded = [[cell(_("Project")), cell(_("Title")), cell(_("Amount"))]]
    funded += [
        [cell(f["project_key"]), cell(f["title"]), cell(euro(f["amount_cents"]))]
        for f in body["funded"]
    ]
    table = Table(funded, colWidths=[25 * mm, 114 * mm, 35 * mm])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.5, "black")]))
    story += [table, Spacer(1, 6 * mm), Paragraph(escape(_("Certifiers")), styles["Heading2"])]
    approved_at = _("approved at")  # outside the f-string: Python 3.11's extractor misses it
    for person in body["certifiers"]:
        story.append(
            cell(f"{person['name']} (#{person['user_id']}), {approved_at} {person['approved_at']}")
        )
    doc.build(story)
    return buffer.getvalue()
