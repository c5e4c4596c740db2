"""No import cycle among featurectl modules.

The test parses every module under ``featurectl/`` with :mod:`ast` (nothing is imported)
and collects every import of a featurectl module: module level and inside functions,
under ``if TYPE_CHECKING:`` too, absolute and relative. A lazy import inside a function
hides a cycle from the interpreter only until someone moves it to the top, so it counts.

How an import becomes an edge of the module graph:

* ``import featurectl.a.b`` -> ``featurectl.a.b``.
* ``from featurectl.a import x`` (or ``from .a import x``) -> ``featurectl.a.x`` when
  ``a/x.py`` (or ``a/x/``) exists, i.e. ``x`` is a submodule; otherwise ``featurectl.a``,
  the package's ``__init__``, which is where the name ``x`` comes from.
* Relative imports resolve against the importing module's package (a package's
  ``__init__`` is its own package).
* Python importing a submodule first imports its parent packages. That implicit step is
  not an edge: it runs the parent's ``__init__`` to completion before the submodule, so a
  package ``__init__`` that re-exports its submodules (``from .build import build_cache``)
  is no cycle. But a submodule that imports a *name* from its own package's ``__init__``
  (``from . import ensure_cache`` in ``refcache/build.py``), where that ``__init__``
  imports the submodule, is a real cycle (the name may not exist yet), and is reported.

The graph's strongly connected components of more than one module (or a module that
imports itself) are the cycles; the failure lists each with one concrete loop.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = "featurectl"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` under the package."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module name of ``from <level dots><target> import ...`` in ``module``."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([target] if target else []))


def imports_of(module: str, path: Path, modules: set[str]) -> set[str]:
    """The featurectl modules ``module`` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.add(sub if sub in modules else source)
    return {m for m in found if m in modules}  # a module importing itself keeps its self-edge


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = module_files(root)
    names = set(files)
    return {m: imports_of(m, p, names) for m, p in files.items()}


@functools.lru_cache(maxsize=1)
def package_graph() -> dict[str, frozenset[str]]:
    """featurectl's own import graph, parsed once per test session."""
    return {m: frozenset(deps) for m, deps in import_graph().items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One loop ``[a, b, ..., a]`` per strongly connected component that has a cycle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                components.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_loop_in(comp, graph) for comp in sorted(components)]


def _loop_in(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest loop through the component's first module (breadth-first)."""
    start, members = component[0], set(component)
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if w in members and w not in parents:
                    parents[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no loop found in component {component}")  # unreachable for an SCC


# --------------------------------------------------------------------------- self-checks
def test_find_cycles_on_a_hand_made_graph():
    graph = {
        "a": {"b"}, "b": {"c"}, "c": {"a", "d"},  # a -> b -> c -> a
        "d": {"e"}, "e": set(),                    # acyclic tail
        "x": {"x"},                                # self-import
        "p": {"q"}, "q": {"p"},                    # two-module cycle
    }
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["p", "q", "p"], ["x", "x"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_edges_follow_the_documented_rules(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "import pkg.a\n",
        "a.py": "def f():\n    from .sub import leaf\n",            # function-level, submodule
        "b.py": "from pkg.sub import NAME\n",                       # a name of sub/__init__
        "sub/__init__.py": "from .leaf import NAME\n",              # re-export: edge to leaf
        "sub/leaf.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import b\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    graph = import_graph(pkg)
    assert graph == {
        "pkg": {"pkg.a"}, "pkg.a": {"pkg.sub.leaf"}, "pkg.b": {"pkg.sub"},
        "pkg.sub": {"pkg.sub.leaf"}, "pkg.sub.leaf": {"pkg.b"},
    }
    # b -> sub (__init__) -> leaf -> b: a cycle through a package __init__ is reported
    assert find_cycles(graph) == [["pkg.b", "pkg.sub", "pkg.sub.leaf", "pkg.b"]]


def test_a_submodule_importing_its_own_packages_reexport_is_a_cycle(tmp_path):
    """``from . import helper`` in sub/leaf.py, where sub/__init__ re-exports helper from leaf itself."""
    sub = tmp_path / "pkg" / "sub"
    sub.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (sub / "__init__.py").write_text("from .leaf import helper\nfrom .other import thing\n")
    (sub / "leaf.py").write_text("def helper():\n    from . import thing\n")
    (sub / "other.py").write_text("from . import leaf\n")  # a submodule by name: an edge to leaf, not to sub
    graph = import_graph(tmp_path / "pkg")
    assert graph["pkg.sub.leaf"] == {"pkg.sub"} and graph["pkg.sub.other"] == {"pkg.sub.leaf"}
    assert find_cycles(graph) == [["pkg.sub", "pkg.sub.leaf", "pkg.sub"]]


# --------------------------------------------------------------------------- the package
def test_featurectl_has_no_import_cycle():
    graph = package_graph()
    assert len(graph) > 40 and "featurectl.train" in graph  # the walk really saw the package
    cycles = find_cycles(graph)
    assert not cycles, "import cycles among featurectl modules:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("importer, imported", [
    ("featurectl.train", "featurectl.refcache"),
    ("featurectl.refcache.build", "featurectl.forward"),  # `from .. import forward`
])
def test_known_edges_are_seen(importer, imported):
    assert imported in package_graph()[importer]


#: Modules allowed to import featurectl.train: the CLI and the workflows that run training.
TRAIN_IMPORTERS = ("featurectl.commands.", "featurectl.workflows.")


def test_only_the_cli_and_the_workflows_import_train():
    """Everything else takes what it needs from featurectl.prepare (Prepared, prepare, pairs, masks, hooks)."""
    graph = package_graph()
    importers = {m for m, deps in graph.items() if "featurectl.train" in deps}
    assert "featurectl.commands.train_cmd" in importers  # the edge is really seen
    others = sorted(m for m in importers if not m.startswith(TRAIN_IMPORTERS))
    assert others == [], f"{others} import featurectl.train; import from featurectl.prepare instead"
