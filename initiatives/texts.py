"""Plain words for initiative statuses and outcomes."""

from __future__ import annotations

from app.i18n import _
from initiatives import status as st


def status_word(status: str) -> str:
    """The status in plain words."""
    return {
        st.DRAFT: _("draft"),
        st.SUBMITTED: _("waiting for co-initiators"),
        st.IN_REVIEW: _("in review"),
        st.GRANTED: _("granted"),
        st.REFUSED: _("refused"),
        st.CARRIED_OUT: _("carried out"),
        st.ACCOUNTED_FOR: _("accounted for"),
        st.WITHDRAWN: _("withdrawn"),
    }.get(status, status)


def outcome_word(outcome: str) -> str:
    """A decision's outcome in plain words."""
    return {
        st.OUTCOME_GRANTED: _("granted"),
        st.OUTCOME_PART: _("granted in part"),
        st.OUTCOME_CONDITIONS: _("granted with conditions"),
        st.OUTCOME_REFUSED: _("refused"),
    }.get(outcome, outcome)
