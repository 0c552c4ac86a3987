"""No import cycle among the project's modules: a module that needs another's names imports it, never the other way
round as well (a cycle makes the import order decide what exists, and hides which layer owns a name).

Every import counts, also one inside a function or under TYPE_CHECKING: it still ties the two modules together.
"""

import ast

from tests.project_sources import parsed, project_modules


def imported_modules(module: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The project modules `module` imports: `import a.b`, `from a import b` (a module or a name) and relative ones."""
    found = set()
    package = module.split(".") if project_modules()[module].name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return (found & known) - {module}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported_modules(name, parsed(path), set(modules)) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            if component:
                found.append(sorted([node, *component]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_that_make_a_cycle():
    graph = import_graph()
    assert "indicators.domain.schema" in graph["indicators.domain.tables"]  # from indicators.domain.schema import …
    assert "indicators.domain.errors" in graph["indicators.safety"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_the_project_modules():
    """briefing/views.py imports every view builder at the top: the builders take their types from briefing/content.py
    and briefing/inputs.py, never from views.py."""
    graph = import_graph()
    assert {"briefing.overview", "briefing.province"} <= graph["briefing.views"]
    assert cycles(graph) == []
