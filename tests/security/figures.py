"""The security suite's counters, printed as one line at the end of the run."""

from __future__ import annotations

import os
from collections import Counter

FULL = os.environ.get("WIJKSTEM_SECURITY_FULL") == "1"
FIGURES: Counter[str] = Counter()
NAMES = ("routes", "checked", "wrong_grants", "csrf_missing", "xss_executed", "server_errors")


def line() -> str:
    """The line `make security` prints: routes, checked, wrong grants, CSRF, XSS, 500s."""
    return "; ".join(f"{name}: {FIGURES.get(name, 0)}" for name in NAMES)
