"""The package's shape (issue 11), read from the source with the standard library's ``ast``.

* Imports go one way. Layers, lowest first:

  ======  ============================================================================
  base    hikinet_graph/{errors,dates,vocabulary,model}.py, hikinet_graph/i18n/*
  read    hikinet_graph/read/*, hikinet_graph/examples.py (the doctests' tiny folder)
  core    hikinet_graph/core/*
  render  hikinet_graph/render/**
  write   hikinet_graph/write/*
  top     hikinet_graph/cli.py, sides.py (FOLDER@R), launch.py, __main__.py, __init__.py
  ======  ============================================================================

  A module imports its own layer and lower ones, except: core never imports read (core is pure:
  no files), render never imports write (write may import render: the report writes rendered
  pages) and base imports only base. Every import counts, lazy ones inside functions included.
* No import cycle among the modules (imports that run when the module is imported: lazy imports
  inside functions and ``if TYPE_CHECKING:`` blocks do not count).
* No module longer than 350 lines, no function longer than 60 (its def line to its last line).
* Every public function, class and public method of a public class has a docstring.

Nothing is imported: the files are parsed, so a module that fails to import still gets checked.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hikinet_graph"
ROOT = PACKAGE.parent
NAME = PACKAGE.name

LAYERS = ["base", "read", "core", "render", "write", "top"]  # lowest first
BASE = {"errors", "dates", "i18n", "vocabulary", "model"}
SUBPACKAGES = {"read": "read", "core": "core", "render": "render", "write": "write"}
TOP = {NAME, f"{NAME}.cli", f"{NAME}.__main__", f"{NAME}.sides", f"{NAME}.launch"}

MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60
# exceptions to the length rule: {"hikinet_graph/path.py" or "hikinet_graph.module.function": "why"}
LENGTH_ALLOWED: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the importing module sees it."""

    source: str  # the importing module, dotted
    target: str  # the imported hikinet_graph module, dotted
    line: int
    text: str  # the statement as written
    lazy: bool  # inside a function: runs only when called
    typing_only: bool  # inside ``if TYPE_CHECKING:``: never runs


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package: dotted name -> file."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def layer(module: str) -> str | None:
    """The layer of a dotted module name, None for a module in no layer."""
    if module in TOP:
        return "top"
    parts = module.split(".")
    if parts[0] != NAME or len(parts) < 2:
        return None
    if parts[1] in BASE:  # i18n is a package of word tables
        return "base"
    if module == f"{NAME}.examples":
        return "read"
    return SUBPACKAGES.get(parts[1])


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(source: str, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import names (``from ..x import y`` against the source's package)."""
    if not node.level:
        return node.module or ""
    package = source if modules()[source].name == "__init__.py" else source.rpartition(".")[0]
    parts = package.split(".")
    if node.level - 1 >= len(parts):
        raise AssertionError(f"{source}: relative import beyond the top package: line {node.lineno}")
    base = ".".join(parts[: len(parts) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base


def _targets(source: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The hikinet_graph modules one statement imports (a name that is a submodule counts as that module)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = _resolve(source, node)
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules() else base for a in node.names]
    return sorted({name for name in names if name == NAME or name.startswith(NAME + ".")})


def imports(source: str) -> list[Import]:
    """Every import of a hikinet_graph module in ``source``, lazy and typing-only ones included."""
    found = []

    def visit(node: ast.AST, lazy: bool, typing_only: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target in _targets(source, node):
                found.append(Import(source, target, node.lineno, ast.unparse(node), lazy, typing_only))
        lazy = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        typing_only = typing_only or _is_type_checking(node)
        for child in ast.iter_child_nodes(node):
            visit(child, lazy, typing_only)

    visit(parse(modules()[source]), False, False)
    return found


def broken_rule(source_layer: str, target_layer: str | None) -> str | None:
    """Why an import from one layer into another is not allowed; None when it is."""
    if target_layer is None:
        return "the imported module is in no layer (add it to a layer in this test)"
    if source_layer == "base" and target_layer != "base":
        return "base imports only base (errors, dates, i18n, vocabulary, model)"
    if source_layer == "core" and target_layer == "read":
        return "core is pure and must not import read (no files)"
    if source_layer == "render" and target_layer == "write":
        return "render must not import write (write imports render, not the other way)"
    if LAYERS.index(target_layer) > LAYERS.index(source_layer):
        return f"{source_layer} must not import the higher layer {target_layer} (layers: {' < '.join(LAYERS)})"
    return None


def test_imports_go_one_way():
    problems = []
    for source, path in modules().items():
        source_layer = layer(source)
        if source_layer is None:
            problems.append(f"{path.relative_to(ROOT)}: module {source} is in no layer (add it to this test)")
            continue
        for imp in imports(source):
            rule = broken_rule(source_layer, layer(imp.target))
            if rule:
                kind = "lazy import" if imp.lazy else "typing-only import" if imp.typing_only else "import"
                problems.append(f"{path.relative_to(ROOT)}:{imp.line}: {source} ({source_layer}) {kind} "
                                f"`{imp.text}` -> {imp.target} ({layer(imp.target)}): {rule}")
    assert not problems, "imports that go the wrong way:\n" + "\n".join(problems)


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a module importing itself), as cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def connect(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_one_cycle(graph, component) for component in components]


def _one_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One cycle through the component's first module, found breadth first: a -> b -> ... -> a."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return component


def test_no_import_cycle():
    graph = {source: {imp.target for imp in imports(source) if not imp.lazy and not imp.typing_only}
             for source in modules()}
    cycles = import_cycles(graph)
    assert not cycles, "import cycles (module-level imports):\n" + "\n".join(" -> ".join(c) for c in cycles)


def functions(node: ast.AST, prefix: str):
    """Every function and method under ``node`` with its qualified name, nested ones included."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}.{child.name}"
            if not isinstance(child, ast.ClassDef):
                yield name, child
            yield from functions(child, name)
        else:
            yield from functions(child, prefix)


def test_module_and_function_length():
    too_long, used = [], set()
    for module, path in modules().items():
        relative = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            used.add(relative)
            if relative not in LENGTH_ALLOWED:
                too_long.append(f"{relative}: module has {lines} lines (at most {MAX_MODULE_LINES})")
        for name, node in functions(parse(path), module):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                used.add(name)
                if name not in LENGTH_ALLOWED:
                    too_long.append(f"{relative}:{node.lineno}: function {name} has {length} lines "
                                    f"(at most {MAX_FUNCTION_LINES})")
    stale = [f"{key}: allowed to be long ({why}) but no longer is; remove it from LENGTH_ALLOWED"
             for key, why in LENGTH_ALLOWED.items() if key not in used]
    assert not too_long + stale, "too long:\n" + "\n".join(too_long + stale)


def public_definitions(module: ast.Module, prefix: str):
    """Public module-level functions and classes, and the public methods of public classes."""
    for node in module.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            yield f"{prefix}.{node.name}", node
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and not method.name.startswith("_"):
                        yield f"{prefix}.{node.name}.{method.name}", method


def test_public_functions_have_docstrings():
    missing = [f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
               for module, path in modules().items()
               for name, node in public_definitions(parse(path), module)
               if not ast.get_docstring(node)]
    assert not missing, "public functions and classes without a docstring:\n" + "\n".join(missing)
