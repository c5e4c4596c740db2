"""Pairwise LLM-judge win rates over an OpenAI-compatible ``/v1/chat/completions`` API.

Off unless asked for (``featurectl eval --judge-url URL --judge-model M``). The API
key is read from the environment variable ``OPENAI_API_KEY`` when set and is only
ever put in the request header: it is never logged or written to eval.json.

Protocol (AlpacaEval-style pairwise preference): for every prompt the judge sees
the instruction and two outputs, labelled A and B in a seeded random order (to
cancel the judge's position bias), and answers with one letter. A policy win
scores 1, a loss 0, a tie (or an answer that names neither letter) 0.5.

``win_rate``
    (wins + 0.5 ties) / n, with a Wilson 95% interval over the n judgements.
``lc_win_rate`` (length-controlled)
    Judges prefer longer answers. Following AlpacaEval 2's length-controlled win
    rate (Dubois et al., 2024), fit the logistic model
    ``P(win) = sigmoid(a + b * tanh(delta / sd(delta)))`` with
    ``delta = len(policy output) - len(other output)`` in characters, by maximum
    likelihood (ties enter as y = 0.5), and report ``sigmoid(a)``: the predicted
    win rate when both outputs have the same length. AlpacaEval also has a
    per-instruction difficulty term, fitted across many models; with two models
    and one judgement per prompt that term is not identifiable and is left out.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import time
import urllib.error
import urllib.request
from typing import Callable, Optional, Sequence

from ..errors import FeaturectlError

__all__ = [
    "JudgeError",
    "JudgeClient",
    "chat_completions_url",
    "parse_verdict",
    "judge_pairs",
    "win_rate",
    "lc_win_rate",
    "fit_length_logistic",
]


class JudgeError(FeaturectlError):
    pass


SYSTEM_PROMPT = (
    "You are a careful, impartial judge of AI assistant answers. Compare two answers to the same instruction "
    "for helpfulness, correctness and clarity. Do not let length or the order of the answers sway you."
)
USER_TEMPLATE = (
    "Instruction:\n{instruction}\n\n[Answer A]\n{a}\n[End of answer A]\n\n[Answer B]\n{b}\n[End of answer B]\n\n"
    "Which answer is better? Reply with exactly one letter: A or B."
)


def chat_completions_url(base: str) -> str:
    """Accepts ``http://host:port``, ``.../v1`` or the full ``.../v1/chat/completions``."""
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


class JudgeClient:
    """Minimal client for an OpenAI-compatible chat-completions endpoint (stdlib only)."""

    def __init__(self, url: str, model: str, *, timeout: float = 60.0, retries: int = 2, api_key: Optional[str] = None):
        if not url or not model:
            raise JudgeError("the judge needs both --judge-url and --judge-model")
        self.url = chat_completions_url(url)
        self.model = model
        self.timeout = timeout
        self.retries = retries
        self._api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")

    def describe(self) -> dict:
        """What eval.json records about the judge (never the key)."""
        return {"url": self.url, "model": self.model, "api_key_from_env": bool(self._api_key)}

    def complete(self, messages: list[dict], *, max_tokens: int = 4) -> str:
        body = json.dumps({"model": self.model, "messages": messages, "temperature": 0.0,
                           "max_tokens": max_tokens}).encode()
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = json.loads(resp.read().decode("utf-8"))
                return data["choices"][0]["message"]["content"] or ""
            except urllib.error.HTTPError as e:
                last = e
                if e.code < 500 and e.code != 429:  # a client error will not fix itself
                    break
            except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
                last = e
            except (KeyError, IndexError, ValueError) as e:
                raise JudgeError(f"judge at {self.url} returned an unexpected response: {e}") from None
            time.sleep(min(2.0**attempt, 8.0))
        raise JudgeError(f"judge request to {self.url} (model {self.model!r}) failed: {last}")

    def compare(self, instruction: str, a: str, b: str) -> str:
        """'A', 'B' or 'tie'."""
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": USER_TEMPLATE.format(instruction=instruction, a=a, b=b)},
        ]
        return parse_verdict(self.complete(messages))


_VERDICT = re.compile(r"\b(A|B)\b")


def parse_verdict(text: str) -> str:
    """First standalone 'A' or 'B' in the judge's reply; 'tie' otherwise ("tie", "both", "").

    "A", "Answer B", "B." -> the letter; "I prefer neither" -> 'tie'.
    """
    m = _VERDICT.search((text or "").replace("[", " ").replace("]", " "))
    return m.group(1) if m else "tie"


def judge_pairs(
    compare: Callable[[str, str, str], str],
    items: Sequence[dict],
    *,
    seed: int = 0,
) -> list[dict]:
    """Judge ``items`` (``{prompt, policy, other}``) with ``compare(instruction, a, b)``.

    The policy's output is answer A or B by a seeded coin flip per item. Returns one
    row per item: ``{policy_is_a, verdict, outcome (1/0/0.5), len_policy, len_other}``.
    """
    rng = random.Random(seed)
    rows = []
    for it in items:
        policy_is_a = rng.random() < 0.5
        a, b = (it["policy"], it["other"]) if policy_is_a else (it["other"], it["policy"])
        verdict = compare(it["prompt"], a, b)
        if verdict == "tie":
            outcome = 0.5
        else:
            outcome = 1.0 if (verdict == "A") == policy_is_a else 0.0
        rows.append({"prompt_id": it.get("prompt_id"), "policy_is_a": policy_is_a, "verdict": verdict,
                     "outcome": outcome, "len_policy": len(it["policy"]), "len_other": len(it["other"])})
    return rows


def win_rate(outcomes: Sequence[float]) -> dict:
    """``{win_rate, n, wins, losses, ties, ci95}``; ties count half. ``ci95`` is Wilson on
    the half-counted wins (rounded down to whole judgements)."""
    from .control import rate_with_ci

    n = len(outcomes)
    wins = sum(1 for o in outcomes if o == 1.0)
    losses = sum(1 for o in outcomes if o == 0.0)
    ties = n - wins - losses
    wr = (wins + 0.5 * ties) / n if n else None
    ci = rate_with_ci(int(math.floor(wins + 0.5 * ties)), n)["ci95"]
    return {"win_rate": wr, "n": n, "wins": wins, "losses": losses, "ties": ties, "ci95": ci}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def fit_length_logistic(y: Sequence[float], x: Sequence[float], *, ridge: float = 1e-6, iters: int = 100) -> tuple[float, float]:
    """Maximum-likelihood (a, b) of ``P(y=1) = sigmoid(a + b x)`` by Newton's method.

    ``y`` may be fractional (0.5 for ties). ``ridge`` is a tiny L2 penalty that keeps
    the Hessian invertible when x is constant; it moves the estimates by O(ridge).
    """
    a = b = 0.0
    for _ in range(iters):
        ga = gb = 0.0
        haa = hab = hbb = ridge
        for yi, xi in zip(y, x):
            p = _sigmoid(a + b * xi)
            w = p * (1 - p)
            ga += yi - p
            gb += (yi - p) * xi
            haa += w
            hab += w * xi
            hbb += w * xi * xi
        ga -= ridge * a
        gb -= ridge * b
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a + da, b + db
        if abs(da) + abs(db) < 1e-10:
            break
    return a, b


def lc_win_rate(outcomes: Sequence[float], len_policy: Sequence[float], len_other: Sequence[float]) -> dict:
    """Length-controlled win rate (see the module docstring).

    Returns ``{lc_win_rate, intercept, length_coef, n}``. All-win or all-loss tables
    have no finite maximum-likelihood fit: the LC rate equals the raw rate there.
    """
    n = len(outcomes)
    if not n:
        return {"lc_win_rate": None, "intercept": None, "length_coef": None, "n": 0}
    deltas = [float(p) - float(o) for p, o in zip(len_policy, len_other)]
    mean = sum(deltas) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in deltas) / n)
    x = [math.tanh(d / sd) if sd > 0 else 0.0 for d in deltas]
    if all(o == outcomes[0] for o in outcomes) and outcomes[0] in (0.0, 1.0):
        return {"lc_win_rate": float(outcomes[0]), "intercept": None, "length_coef": None, "n": n,
                "note": "every judgement agrees; no finite fit, LC = raw win rate"}
    a, b = fit_length_logistic(list(outcomes), x)
    return {"lc_win_rate": _sigmoid(a), "intercept": a, "length_coef": b, "n": n}
