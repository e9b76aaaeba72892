"""The outcomes of a typed code or change token (the reasons a code check gives)."""

from __future__ import annotations

OK = "ok"
WRONG = "wrong"
VOIDED = "voided"
USED = "used"
PENDING = "pending"  # a code that a second staff member has not confirmed yet
THROTTLED = "throttled"
NOT_ALLOWED = "not_allowed"  # a change of ballot in a round that allows none
TAMPERED = "tampered"  # a voting pass that was changed or has expired
