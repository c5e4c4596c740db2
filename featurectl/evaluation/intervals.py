"""95% intervals for rates and for differences of two independent rates (torch-free).

* :func:`wilson` -- the Wilson score interval of one rate (``control.rate_with_ci``).
* :func:`newcombe_diff` -- Newcombe's hybrid score interval for p1 - p2 of two
  independent proportions (Newcombe 1998, "Interval estimation for the difference
  between independent proportions", Stat. Med. 17:873-890, method 10): the two
  Wilson intervals combined by the square-and-add rule. Like Wilson, it stays inside
  [-1, 1], never has zero width at k = 0 or k = n, and has coverage close to nominal
  at the n = 100 the control protocol uses, where the Wald interval does not.
"""

from __future__ import annotations

import math

from .control import rate_with_ci

__all__ = ["Z95", "wilson", "newcombe_diff", "intervals_overlap"]

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> dict:
    """``{"rate", "n", "k", "ci95": [lo, hi]}``: :func:`featurectl.evaluation.control.rate_with_ci` plus k."""
    return {**rate_with_ci(successes, n, z), "k": successes}


def newcombe_diff(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> dict:
    """Difference d = k1/n1 - k2/n2 with Newcombe's hybrid score 95% interval (method 10).

    With (l_i, u_i) the Wilson interval of p_i:

        L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
        U = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)

    Returns ``{"diff", "ci95": [L, U], "a": {k, n}, "b": {k, n}}``; ``diff`` is None and the
    interval [-1, 1] when either n is 0. Newcombe's Table II example 56/70 vs 48/80 gives
    d = 0.2000, [0.0524, 0.3339].
    """
    if n1 == 0 or n2 == 0:
        return {"diff": None, "ci95": [-1.0, 1.0], "a": {"k": k1, "n": n1}, "b": {"k": k2, "n": n2}}
    a, b = rate_with_ci(k1, n1, z), rate_with_ci(k2, n2, z)
    p1, (l1, u1) = a["rate"], a["ci95"]
    p2, (l2, u2) = b["rate"], b["ci95"]
    d = p1 - p2
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return {"diff": d, "ci95": [max(-1.0, lo), min(1.0, hi)], "a": {"k": k1, "n": n1}, "b": {"k": k2, "n": n2}}


def intervals_overlap(a: dict, b: dict) -> bool:
    """True when two ``{"ci95": [lo, hi]}`` intervals share a point."""
    (la, ha), (lb, hb) = a["ci95"], b["ci95"]
    return la <= hb and lb <= ha
