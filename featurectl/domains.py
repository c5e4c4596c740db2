"""Capability domains, registered by name in :data:`DOMAINS` (as losses are in ``LOSSES``).

A domain is one behaviour featurectl can push a model toward or switch off: French, JSON,
refusals, positive sentiment. Everything that used to list the domains in its own table
(corpora, built-in data, synth, discover, eval, the control experiment, the demo report,
the feature-set script) reads this registry, so adding a domain is one :class:`Domain`
entry plus its corpus (and, if no existing verdict fits, its evaluator)::

    from featurectl.domains import DOMAINS, Contrast, Domain
    from featurectl.evaluation.control import detect_language

    def is_german(text): return detect_language(text) == "de"
    def is_english(text): return detect_language(text) == "en"

    DOMAINS.register(Domain(
        name="german", corpus="german", off_set="german_off", capability=is_german,
        contrast=Contrast("Answer in German.", None, is_german, is_english, "lingua DE vs EN"),
        benchmark="alpaca_eval",
    ))

(``featurectl/data/corpora/german.jsonl`` is its corpus; ``featurectl discover --domain german``
then writes ``feature_sets/german_off.yaml``.)

``helpful`` is not a domain: it is general preference data (``builtin:helpful``) with no
capability verdict, no contrast to generate and no off set. It stays the one extra source
of :func:`featurectl.synth.synthesize` and :func:`featurectl.pairs.builtin_rows`.

This module is torch-free (a test keeps it so): it imports only :mod:`featurectl.errors` and
:mod:`featurectl.evaluation.control` (regexes, and lingua/VADER loaded on first use).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from typing import Callable, Iterator, Optional

from .errors import ConfigError
from .evaluation import control

__all__ = ["DOMAINS", "Contrast", "Domain", "DomainRegistry", "SideMetric", "leading_json"]

Verdict = Callable[[str], bool]
_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclasses.dataclass(frozen=True)
class Contrast:
    """How ``featurectl data synth`` elicits and checks the two sides of a generated pair.

    ``chosen_instruction``/``rejected_instruction`` are appended to the user prompt
    (``None``: the plain prompt). ``chosen_prefill`` starts the chosen answer (the model
    continues it; it stays part of the answer). ``clean_chosen`` tidies a chosen answer
    before it is checked. ``chosen_ok``/``rejected_ok`` must both hold for a generated
    pair to be kept: the rejected side must show the *opposite* behaviour, not merely lack
    the capability (garbage "is not French" too, and garbage vs French teaches fluency).
    """

    chosen_instruction: Optional[str]
    rejected_instruction: Optional[str]
    chosen_ok: Verdict
    rejected_ok: Verdict
    description: str
    chosen_prefill: Optional[str] = None
    clean_chosen: Optional[Callable[[str], str]] = None
    max_new_tokens: int = 128

    def __post_init__(self) -> None:
        if not (callable(self.chosen_ok) and callable(self.rejected_ok)):
            raise TypeError("Contrast.chosen_ok and rejected_ok must be callables str -> bool")
        if self.clean_chosen is not None and not callable(self.clean_chosen):
            raise TypeError("Contrast.clean_chosen must be a callable str -> str or None")
        if self.max_new_tokens < 1:
            raise ValueError(f"Contrast.max_new_tokens must be >= 1, got {self.max_new_tokens}")


@dataclasses.dataclass(frozen=True)
class SideMetric:
    """A further rate measured on a domain's generations, beside its capability.

    ``key`` names it inside ``eval.json -> control[<domain>]``; tables that mix domains
    (the control experiment's rows) write it as ``<domain>/<key>`` (:meth:`Domain.metric_keys`),
    so French's ``german`` rate can never overwrite a real ``german`` domain's rate.
    ``complement`` marks another view of the capability itself (attack success = not
    refused) rather than a side effect the control experiment checks for movement.
    """

    key: str
    verdict: Verdict
    complement: bool = False

    def __post_init__(self) -> None:
        if not _NAME_RE.fullmatch(self.key):
            raise ValueError(f"side metric key {self.key!r} must match {_NAME_RE.pattern}")
        if not callable(self.verdict):
            raise TypeError(f"side metric {self.key!r}: verdict must be a callable str -> bool")


@dataclasses.dataclass(frozen=True)
class Domain:
    """One capability domain: its data, how synth contrasts it, and how eval measures it.

    - ``name``: the domain's key everywhere (CLI ``--domain``, ``builtin:<name>``, eval.json).
    - ``corpus``: a shipped corpus name (``featurectl/data/corpora/<corpus>.jsonl``) or a path
      to a ``.jsonl`` contrast corpus (rows ``{id, prompt, target, control, split}``).
    - ``contrast``: the chosen/rejected contrast of generated pairs (:class:`Contrast`).
    - ``capability``: the verdict "this response shows the capability"; its rate is
      ``eval.json -> control[name][name]`` (the key the app reads).
    - ``side_metrics``: further rates on the same generations (:class:`SideMetric`).
    - ``off_set``: the committed feature set that switches the capability off.
    - ``eval_prompts``: a corpus whose prompts evaluate the domain when it is shipped
      (safety: the harmful requests); ``None`` or absent: the corpus's held-out prompts.
    - ``benchmark``: the name of the public benchmark prompt source that measures it
      (``alpaca_eval``, ``ifeval_json``, ``advbench``); ``None``: none.
    - ``extra_metrics``: ``(counts, n) -> {key: value}`` for figures that are not rates
      (sentiment's ``pos_neg_ratio``); ``counts`` holds the verdict counts by key.
    - ``protocol``: the control protocol's cells, ``((prompt source, (metric, ...)), ...)``; the
      first cell's first metric is the targeted rate, the rest must stay put
      (:mod:`featurectl.evaluation.protocol`; metric names are its ``METRICS`` or this domain's own
      verdict keys). Empty: one cell on ``benchmark`` (else the domain's own evaluation prompts)
      scoring the capability and the side metrics.
    - ``protocol_min_tokens``: the fewest new tokens the protocol's cells that score this domain's
      capability may generate (its verdict needs the whole answer: a JSON object must close to parse).
    - ``opposite_off_sets``: committed feature sets that switch off the *opposite* of the capability
      (safety: ``harmful_off``). The control experiment trains one more run per set on the same data
      and checks that the targeted rate moves the other way (the paper's Table 4: β = 1 on harmful
      features lowers attack success where β = 1 on safety features raises it).
    """

    name: str
    corpus: str
    contrast: Contrast
    capability: Verdict
    off_set: str
    side_metrics: tuple[SideMetric, ...] = ()
    eval_prompts: Optional[str] = None
    benchmark: Optional[str] = None
    extra_metrics: Optional[Callable[[dict[str, int], int], dict]] = None
    protocol: tuple[tuple[str, tuple[str, ...]], ...] = ()
    protocol_min_tokens: int = 0  # the protocol generates at least this many new tokens (a JSON object needs room)
    opposite_off_sets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.fullmatch(self.name):
            raise ValueError(f"domain name {self.name!r} must match {_NAME_RE.pattern}")
        for field in ("corpus", "off_set"):
            if not isinstance(getattr(self, field), str) or not getattr(self, field).strip():
                raise ValueError(f"domain {self.name!r}: {field} must be a non-empty string")
        if not isinstance(self.contrast, Contrast):
            raise TypeError(f"domain {self.name!r}: contrast must be a Contrast")
        if not callable(self.capability):
            raise TypeError(f"domain {self.name!r}: capability must be a callable str -> bool")
        object.__setattr__(self, "side_metrics", tuple(self.side_metrics))
        keys = [self.name] + [s.key for s in self.side_metrics]
        if len(set(keys)) != len(keys):
            raise ValueError(f"domain {self.name!r}: metric keys must be unique (and differ from the name): {keys}")
        for field in ("eval_prompts", "benchmark"):
            value = getattr(self, field)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(f"domain {self.name!r}: {field} must be a non-empty string or None")
        if self.extra_metrics is not None and not callable(self.extra_metrics):
            raise TypeError(f"domain {self.name!r}: extra_metrics must be callable or None")
        if not isinstance(self.protocol_min_tokens, int) or self.protocol_min_tokens < 0:
            raise ValueError(f"domain {self.name!r}: protocol_min_tokens must be an int >= 0")
        object.__setattr__(self, "opposite_off_sets", tuple(self.opposite_off_sets))
        if any(not isinstance(n, str) or not _NAME_RE.fullmatch(n) or n == self.off_set for n in self.opposite_off_sets):
            raise ValueError(f"domain {self.name!r}: opposite_off_sets must be feature-set names other than off_set")
        object.__setattr__(self, "protocol", tuple((src, tuple(ms)) for src, ms in self.protocol))
        if any(not isinstance(src, str) or not ms or not all(isinstance(m, str) for m in ms) for src, ms in self.protocol):
            raise ValueError(f"domain {self.name!r}: protocol cells must be (prompt source, (metric, ...)) pairs")
        srcs = [src for src, _ in self.protocol]
        if len(set(srcs)) != len(srcs):
            raise ValueError(f"domain {self.name!r}: each prompt source may head one protocol cell only: {srcs}")

    def protocol_cells(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """:attr:`protocol`, or its default: the capability and side metrics on one prompt source."""
        if self.protocol:
            return self.protocol
        return ((self.benchmark or f"domain:{self.name}", (self.name, *(s.key for s in self.side_metrics))),)

    def metric_keys(self) -> list[tuple[str, str]]:
        """``(key in control[name], key in a cross-domain table)`` for the capability and each side metric."""
        return [(self.name, self.name)] + [(s.key, f"{self.name}/{s.key}") for s in self.side_metrics]

    def complement_keys(self) -> set[str]:
        """Cross-domain table keys of the side metrics that are another view of the capability."""
        return {f"{self.name}/{s.key}" for s in self.side_metrics if s.complement}

    def verdict_counts(self, outputs: list[str]) -> dict[str, int]:
        """How many ``outputs`` each verdict accepts, by metric key (capability first)."""
        counts = {self.name: sum(bool(self.capability(t)) for t in outputs)}
        for s in self.side_metrics:
            counts[s.key] = sum(bool(s.verdict(t)) for t in outputs)
        return counts


class DomainRegistry(Mapping[str, Domain]):
    """Name -> :class:`Domain`, in registration order. Registering a name twice is an error."""

    def __init__(self) -> None:
        self._domains: dict[str, Domain] = {}

    def register(self, domain: Domain) -> Domain:
        if not isinstance(domain, Domain):
            raise TypeError(f"expected a Domain, got {type(domain).__name__}")
        if domain.name in self._domains:
            raise ValueError(f"domain {domain.name!r} is already registered")
        self._domains[domain.name] = domain
        return domain

    def unregister(self, name: str) -> Domain:
        """Remove a domain (tests that register a toy one undo it with this)."""
        return self._domains.pop(name)

    def require(self, name: str) -> Domain:
        """The domain called ``name``, or a :class:`ConfigError` that lists the known ones."""
        if name not in self._domains:
            raise ConfigError(f"unknown domain {name!r}; known: {', '.join(self._domains)}")
        return self._domains[name]

    def __getitem__(self, name: str) -> Domain:
        return self._domains[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._domains)

    def __len__(self) -> int:
        return len(self._domains)


DOMAINS = DomainRegistry()


def leading_json(text: str) -> str:
    """The leading JSON value of ``text`` if it starts with one, else ``text``.

    Small models often close a valid object and then keep talking
    ("}\\n\\nYour response should contain JSON."); the object alone is the
    answer we want as a chosen response.
    """
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return text
    try:
        _, end = json.JSONDecoder().raw_decode(stripped)
    except ValueError:
        return text
    return stripped[:end]


def _language_is(code: str) -> Verdict:
    return lambda text: control.detect_language(text) == code


def _sentiment_is(label: str) -> Verdict:
    return lambda text: control.sentiment(text) == label


def _prose(text: str) -> bool:
    return not control.is_json_response(text) and len(text.split()) >= 5


def _complies(text: str) -> bool:
    return not control.is_refusal(text) and len(text.split()) >= 5


def _pos_neg_ratio(counts: dict[str, int], n: int) -> dict:
    """Positive over negative answers: a ratio, not a rate, so no interval."""
    pos, neg = counts["sentiment"], counts["negative"]
    return {"pos_neg_ratio": {"value": (pos / neg) if neg else None, "positive": pos, "negative": neg, "n": n}}


DOMAINS.register(Domain(
    name="json",
    corpus="json",
    contrast=Contrast(
        "Respond only with JSON.",
        "Respond in plain prose, without JSON or code.",
        control.is_json_response,
        _prose,
        "chosen (prefilled with '{', trimmed to its leading JSON value) parses as a JSON object/array; "
        "rejected is prose of >= 5 words that does not",
        # Measured on smollm2-135m (8 prompts, 160 new tokens): the instruction alone
        # gave 0/4 parseable answers; prefilling "{" and trimming gave 4/8, the
        # other 4 ran past the token budget mid-object.
        chosen_prefill="{",
        clean_chosen=leading_json,
        max_new_tokens=256,  # objects are long; at 128 tokens 7 of 8 were cut off mid-object
    ),
    capability=control.is_json_response,
    off_set="json_off",
    benchmark="ifeval_json",
    # measured: 24 new tokens gave 0/100 parseable JSON for every model, the reference included
    # (results/experiments/control_json_small_2026-11-30): an object needs room to close
    protocol_min_tokens=128,
    # IFEval has 17 JSON prompts: AlpacaEval instructions + IFEval's own JSON sentence reach n >= 100;
    # IFEval's other format checks must stay put
    protocol=(("alpaca_eval+ifeval_json_instruction", ("json",)), ("ifeval_json", ("json",)),
              ("alpaca_eval", ("json", "french", "positive")), ("ifeval_format", ("capital", "lowercase", "quotation"))),
))

DOMAINS.register(Domain(
    name="french",
    corpus="french",
    contrast=Contrast(
        "Answer in French.",
        None,
        _language_is("fr"),
        _language_is("en"),
        "chosen detected as French, rejected detected as English (lingua)",
    ),
    capability=_language_is("fr"),
    # Neighbouring languages: a French mask that pushed answers into German or Italian
    # would look like success on the French rate alone.
    side_metrics=(SideMetric("german", _language_is("de")), SideMetric("italian", _language_is("it"))),
    off_set="french_off",
    benchmark="alpaca_eval",
    # JSON is measured where it is asked for (the json domain's cells): without the instruction no
    # model here wrote JSON (0/100 in every run of results/demo), and a 24-token answer cannot close one
    protocol=(("alpaca_eval", ("french", "german", "italian", "positive")),),
))

DOMAINS.register(Domain(
    name="safety",
    corpus="safety",
    contrast=Contrast(
        "Politely refuse this request and do not provide the information.",
        None,
        control.is_refusal,
        _complies,
        "chosen (prefilled with \"I'm sorry, but\") is a refusal, rejected is a non-refusal of >= 5 words",
        # smollm2-135m refused 0 of 8 harmful prompts with the instruction alone;
        # it usually complied or wandered off. The prefill only opens the answer:
        # the continuation must still decline for the pair to be kept.
        chosen_prefill="I'm sorry, but",
    ),
    capability=control.is_refusal,
    # attack success is 1 - the refusal rate on the same harmful prompts
    side_metrics=(SideMetric("attack_success", lambda text: not control.is_refusal(text), complement=True),),
    off_set="safety_off",
    # the paper's other safety row: the same refusal-teaching data, harmful features switched off
    opposite_off_sets=("harmful_off",),
    eval_prompts="harmful",  # attack success is measured on prompts that should be refused
    benchmark="advbench",
    # the capability a safety mask switches off is refusing: its rate on AdvBench is the target (attack
    # success is its complement; refusing AlpacaEval's benign instructions is over-refusal)
    protocol=(("advbench", ("refusal", "attack_success")), ("alpaca_eval", ("refusal", "french", "positive"))),
))

DOMAINS.register(Domain(
    name="sentiment",
    corpus="sentiment",
    contrast=Contrast(
        "Answer in a warm, enthusiastic and positive tone.",
        "Answer in a disappointed, critical and negative tone.",
        _sentiment_is("positive"),
        _sentiment_is("negative"),
        "chosen VADER-positive, rejected VADER-negative",
    ),
    capability=_sentiment_is("positive"),
    side_metrics=(SideMetric("negative", _sentiment_is("negative"), complement=True),),
    off_set="positive_off",
    benchmark="alpaca_eval",
    extra_metrics=_pos_neg_ratio,
    protocol=(("alpaca_eval", ("positive", "negative", "french")),),
))
