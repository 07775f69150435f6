"""The package layout stays readable: imports go down the pipeline, no cycles, no private names across modules.

Every import is read with ``ast`` (function-level ones too), so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "unspin"

# Pipeline order: a module may import its own rank or lower ones, never a higher rank.
RANKS = {
    "errors": 0, "records": 0, "settings": 0, "_moved": 0, "data": 0,
    "text": 1,
    "ingest": 2,
    "archive": 3,
    "match": 4, "multilingual": 4,
    "traces": 5, "detect": 5,
    "names": 6, "integrity": 6,
    "check": 7,
    "report": 8, "scan": 8,
    "web": 9, "spark": 9, "datasets": 9,
    "train": 10,
    "bench": 11,
    "cli": 12,
    "": 13, "__main__": 13,
}
MAX_LINES = 400
LONG_REASON = "Longer than 400 lines:"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imports(name: str) -> list[tuple[str, list[str], int]]:
    """(imported unspin module, imported names, line) for every import statement of a module."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    base = name.split(".") if is_package(name) else name.split(".")[:-1]
    found: list[tuple[str, list[str], int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "unspin"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "unspin":
                target = node.module
            else:
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            found += [(m, [], node.lineno) for m in submodules]
            rest = [n for n in names if f"{target}.{n}" not in MODULES]
            if rest or not submodules:
                found.append((target, rest, node.lineno))
    return found


def rank(name: str) -> int:
    parts = name.split(".")
    return RANKS[parts[1] if len(parts) > 1 else ""]


def test_every_module_has_a_rank():
    unknown = sorted({n.split(".")[1] for n in MODULES if "." in n} - set(RANKS))
    assert not unknown, f"add these packages to RANKS in {__file__}: {unknown}"


def test_imports_go_down_the_pipeline():
    upward = [f"{name}:{line} imports {target} (rank {rank(target)} > {rank(name)})"
              for name in MODULES for target, _, line in imports(name)
              if target in MODULES and rank(target) > rank(name)]
    assert not upward, "\n".join(upward)


def test_no_import_cycles():
    graph = {name: sorted({t for t, _, _ in imports(name) if t in MODULES and t != name}) for name in MODULES}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            # a package imports its own children to re-export them; a child importing its package's
            # __init__ would be the cycle, and that edge is still checked
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in MODULES:
        if name not in state:
            visit(name)
    assert not cycles, "\n".join(cycles)


def test_no_private_names_cross_modules():
    crossing = [f"{name}:{line} imports {n} from {target}"
                for name in MODULES for target, names, line in imports(name)
                for n in names if n.startswith("_") and not n.startswith("__") and target != name]
    assert not crossing, "\n".join(crossing)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small_or_say_why(name):
    text = MODULES[name].read_text(encoding="utf-8")
    lines = text.count("\n")
    if lines > MAX_LINES:
        doc = ast.get_docstring(ast.parse(text)) or ""
        assert LONG_REASON in doc, f"{name} has {lines} lines: split it, or say why in its docstring ('{LONG_REASON} …')"
