"""The package's import graph has no cycle: a module never needs, even indirectly, a module
that needs it. Read from the source with `ast` (nothing is imported): module-level imports,
and also imports inside functions, which run too; imports under `if TYPE_CHECKING:` never run
and do not count. Where two modules need one piece, the piece goes to a module of its own
(checker/rules/rule.py: `Rule`, used by the loader and the kinds alike)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "checker"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


class _WithoutTypeChecking(ast.NodeTransformer):
    def visit_If(self, node: ast.If) -> ast.AST | None:
        if "TYPE_CHECKING" in ast.unparse(node.test):
            return None
        return self.generic_visit(node)


def _graph(module_level_only: bool) -> dict[str, set[str]]:
    """Module -> the package's modules it imports. `from A import b` names A.b when b is a
    module, else A (a parent package's own code runs for a submodule in any case)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = _WithoutTypeChecking().visit(ast.parse(path.read_text(encoding="utf-8")))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        nodes = list(ast.walk(tree))
        if module_level_only:  # the module's body, through if/try/with, not into def/class
            nodes, todo = [], list(tree.body)
            while todo:
                node = todo.pop()
                nodes.append(node)
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    todo.extend(ast.iter_child_nodes(node))
        for node in nodes:
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as a path (its first module repeated at the end), or [] when there is none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_graph_is_read():
    graph = _graph(module_level_only=True)
    assert "checker.rules.rule" in graph["checker.rules.load"]
    assert "checker.kinds" in graph["checker.rules.load"]


def test_no_cycle_among_module_level_imports():
    assert _cycle(_graph(module_level_only=True)) == []


def test_no_cycle_counting_imports_inside_functions():
    assert _cycle(_graph(module_level_only=False)) == []
