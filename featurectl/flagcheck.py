"""Check command-line flags against what they name, before the config is validated.

A typo in ``--method`` or a ``--set`` key is the flag's fault, not the config file's: the
message names the flag and suggests the closest valid spelling (``difflib``).
"""

from __future__ import annotations

import difflib
import typing
from typing import Iterable, Optional

from pydantic import BaseModel

from .errors import ConfigError

__all__ = ["did_you_mean", "check_method_flag", "check_set_key"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest choice, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_method_flag(method: str) -> None:
    from .losses import LOSSES

    if method not in LOSSES:
        raise ConfigError(f"--method {method!r} is not a method{did_you_mean(method, LOSSES)} "
                          f"(known: {', '.join(sorted(LOSSES))})")


def _model_class(annotation) -> Optional[type]:
    """The pydantic model inside ``X`` or ``Optional[X]``, else None (``list[X]`` included)."""
    if typing.get_origin(annotation) is list:
        return None
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _is_dict(annotation) -> bool:
    return any(typing.get_origin(a) is dict or a is dict for a in (annotation, *typing.get_args(annotation)))


def check_set_key(key: str, method: str) -> None:
    """Raise naming ``--set KEY`` when a part of the dotted key is not a config field.

    ``loss.*`` keys are checked against the method's own parameters; keys below a value that
    is not a section (a number, a list) are refused, since ``--set`` cannot reach inside them.
    """
    from .config import RunConfig
    from .losses import LOSSES

    parts = key.split(".")
    model: Optional[type] = RunConfig
    for depth, part in enumerate(parts):
        if model is None:
            return  # below a free-form mapping: the config validation names a bad key
        fields = model.model_fields
        if part not in fields:
            where = ".".join(parts[:depth]) or "the top level"
            raise ConfigError(f"--set {key}: no key {part!r} in {where}{did_you_mean(part, fields)} "
                              f"(keys: {', '.join(fields)})")
        annotation = fields[part].annotation
        if depth == 0 and part == "loss":
            model = LOSSES[method].params if method in LOSSES else None
        else:
            model = _model_class(annotation)
        if model is None and depth < len(parts) - 1 and not _is_dict(annotation):
            raise ConfigError(f"--set {key}: {'.'.join(parts[:depth + 1])} is a value, not a section; --set "
                              "cannot reach inside it (edit it in a --config file)")
