"""The layout DESIGN.md promises, checked from the source: layers import downwards only, Qt stays in
the UI layers, no two modules import each other in a circle (late imports included: a circle hidden
inside a function is still a circle), no package reaches into another's private names, and no room
grows past what a newcomer can read at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("backends", "widgets", "studio")
MAX_LINES = 600  # DESIGN.md: rooms stay small


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, str, int]]:
    """(module imported, name taken from it or "", line) for every import anywhere in the file that
    runs: an import only a type checker sees (`if TYPE_CHECKING:`) cannot make a circle."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    typing_only = {id(inner) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
                   for stmt in node.body for inner in ast.walk(stmt)}
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out += [(alias.name, "", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((sub, "", node.lineno) if sub in MODULES else (base, alias.name, node.lineno))
    return out


def _edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for name, path in MODULES.items():
        for target, _, _ in _imports(name, path):
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def test_layers_import_downwards_only() -> None:
    allowed = {"backends": {"backends"}, "widgets": {"backends", "widgets"},
               "studio": {"backends", "widgets", "studio"}}
    wrong = []
    for name, path in MODULES.items():
        layer = name.split(".")[0]
        for target, _, line in _imports(name, path):
            top = target.split(".")[0]
            if top in PACKAGES and top not in allowed[layer]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
            if top == "widgets" and not name.startswith("studio.ui") and layer == "studio":
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports widgets outside studio.ui")
    assert not wrong, "\n".join(wrong)


def test_qt_only_in_the_ui_layers() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {target}"
             for name, path in MODULES.items()
             if not (name.startswith(("widgets", "studio.ui")))
             for target, _, line in _imports(name, path) if target.split(".")[0] in ("PySide6", "shiboken6")]
    assert not wrong, "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circles() -> None:
    graph = _edges()
    # A package's __init__ re-exporting its own modules is not a circle a reader trips over:
    # the modules never import the package back for anything but those names.
    for name in graph:
        if MODULES[name].name == "__init__.py":
            graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    assert _cycles(graph) == []


def test_cycle_finder_can_fail() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_package_reaches_into_anothers_private_names() -> None:
    wrong = []
    for name, path in MODULES.items():
        home = name.rpartition(".")[0] if path.name != "__init__.py" else name
        for target, taken, line in _imports(name, path):
            if target.split(".")[0] not in PACKAGES or not taken.startswith("_") or taken.startswith("__"):
                continue
            is_package = MODULES.get(target, Path()).name == "__init__.py"
            target_home = target if is_package else target.rpartition(".")[0]
            if target_home != home:
                wrong.append(f"{path.relative_to(ROOT)}:{line} takes {taken} from {target}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", PACKAGES)
def test_rooms_stay_small(package: str) -> None:
    big = {str(path.relative_to(ROOT)): n for path in sorted((ROOT / package).rglob("*.py"))
           if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"over {MAX_LINES} lines (split by concern): {big}"
