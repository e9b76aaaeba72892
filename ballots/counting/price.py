"""A project's float price per unit of utility: Newton steps from below, no sorting."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def float_price(
    ratio: FloatArray, wu: FloatArray, cost: float, start: float, enough: float = np.inf
) -> float:
    """The price at which supporters (budget / utility `ratio`, weight x utility `wu`) pay `cost`.

    The amount they can pay at a price is concave and piecewise linear in it; Newton steps
    from a lower bound `start` stay below the root, each one making the supporters who
    cannot pay that price "poor", so every step is a better lower bound and the last one is
    the price. Stops early, with a lower bound, once the price is known to exceed `enough`.
    """
    alpha = float(start)
    for _ in range(100):
        paid = float(wu @ np.minimum(ratio, alpha))
        if paid >= cost:
            break
        rich_wu = float(wu @ (ratio >= alpha))
        if rich_wu <= 0.0:
            break
        step = (cost - paid) / rich_wu
        alpha += step
        if step <= alpha * 1e-15 or alpha > enough:
            break
    return alpha
