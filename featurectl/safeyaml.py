"""One bounded YAML reader and one bounded value formatter for every file a user hands us.

``yaml.safe_load`` is safe from code execution but not from size: a "billion laughs"
alias bomb (``a: &a [x, x]``, ``b: &b [*a, *a]``, ...) composes into a few dozen nodes
that *share* children, so parsing is instant, but anything that walks the result as a
tree (pydantic validation, ``repr`` in an error message, ``yaml.dump``) visits 2**depth
nodes and never finishes. :func:`load_yaml_file` composes the node graph, counts the
nodes it would expand to (memoised, so counting is linear in the graph), and refuses
more than :data:`MAX_EXPANDED_NODES` before constructing any Python object.

Bytes that are not UTF-8 are reported with the file, line and column instead of a raw
``UnicodeDecodeError``. :func:`short_repr` is ``repr`` with a bounded amount of work
(``reprlib``), for echoing a bad value in an error message.

Imports only the standard library and ``yaml`` (the app may use it).
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any, Callable

import yaml

#: Files larger than this are refused before parsing (configs and feature sets are KBs).
MAX_BYTES = 32 * 2**20
#: A document may expand (aliases followed) to at most this many nodes. A 24k-feature
#: set of one-line mappings is about 300k nodes.
MAX_EXPANDED_NODES = 2_000_000


def decode_utf8(data: bytes, source: str, error: Callable[[str], Exception]) -> str:
    """``data`` as text; invalid UTF-8 raises ``error(msg)`` naming ``source``, line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise error(
            f"{source}: not UTF-8 text: byte 0x{data[e.start]:02x} at line {line}, column {column} "
            f"({e.reason}); save the file as UTF-8"
        ) from None


def expanded_size(node: yaml.Node, limit: int = MAX_EXPANDED_NODES) -> int:
    """Nodes in ``node``'s tree with every alias expanded; ValueError past ``limit`` or on a cycle."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def size(n: yaml.Node) -> int:
        key = id(n)
        if key in memo:
            return memo[key]
        if key in active:
            raise ValueError("a YAML alias refers to a node that contains it (recursive structure)")
        active.add(key)
        total = 1
        if isinstance(n, yaml.SequenceNode):
            total += sum(size(c) for c in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in n.value)
        active.discard(key)
        if total > limit:
            raise ValueError(
                f"the YAML expands to more than {limit:,} nodes once its aliases (*name) are "
                "followed (an alias bomb?)"
            )
        memo[key] = total
        return total

    return size(node)


def parse_yaml_text(text: str, source: str, error: Callable[[str], Exception]) -> Any:
    """Parse one YAML document with a bounded expansion; every failure is ``error(msg)``."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            expanded_size(node)
        except ValueError as e:
            raise error(f"{source}: refused: {e}") from None
        return loader.construct_document(node)
    except yaml.YAMLError as e:
        where = ""
        mark = getattr(e, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(e, "problem", None) or str(e)
        raise error(f"{source}: invalid YAML{where}: {problem}") from None
    finally:
        loader.dispose()


def load_yaml_file(path: str | Path, error: Callable[[str], Exception]) -> Any:
    """Read ``path`` (UTF-8, at most :data:`MAX_BYTES`) and parse it with :func:`parse_yaml_text`."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise error(f"{path}: {size:,} bytes is too large for a YAML config (limit {MAX_BYTES:,})")
    return parse_yaml_text(decode_utf8(path.read_bytes(), str(path), error), str(path), error)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict, _REPR.maxset = 3, 6, 6, 6, 6
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 80, 80, 40


def short_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, computed with bounded work (``reprlib``)."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
