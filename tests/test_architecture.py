"""The shape README promises, checked from the source files alone (no database, well under a
second).

- **No import cycle** between the project's modules (`practice`, `therapy_pages`, `blog`, `content_health`,
  `devtools`, `scripts`). The graph has one edge per module-level import, read with `ast`:
  `import a.b`, `from a import b` (an edge to the module `a.b` when there is one, else to `a`)
  and relative imports. Imports inside a function or method run only when it is called: they
  are lazy and allowed, as are imports under `if TYPE_CHECKING:`. Importing `a.b.c` also runs
  the packages `a` and `a.b`; those implicit edges are left out (a package importing its own
  submodules is the normal layout, and Python handles it).
- **The ground floor names nothing above it**: no file under `practice/` (code and migrations)
  names a model of `therapy_pages` or `blog` (their class names, the compound lower-case names
  content types and migrations use, e.g. "blogpostpage", or app label and model joined in a
  table or URL name, e.g. "blog_comment"), imports those apps or refers to them by app label
  in a string ("therapy_pages.ConditionPage", a migration dependency). Only the settings list
  the apps, in INSTALLED_APPS.
- **No module over 400 lines** in the apps and scripts, migrations aside.
"""

import ast
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["practice", "therapy_pages", "blog", "content_health", "devtools", "scripts"]
UPPER_APPS = ["therapy_pages", "blog"]
MAX_LINES = 400


def project_files():
    for package in PACKAGES:
        folder = ROOT / package
        if folder.is_dir():
            yield from sorted(folder.rglob("*.py"))


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_level_imports(tree):
    """The import statements that run when the module is imported: everywhere but inside
    functions (lazy) and `if TYPE_CHECKING:` blocks."""
    found = []

    def visit(nodes):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append(node)
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            visit(ast.iter_child_nodes(node))

    visit(tree.body)
    return found


def import_graph():
    """{module: {project modules it imports at module level}}."""
    files = {module_name(path): path for path in project_files()}
    graph = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        is_script = not (ROOT / name.split(".")[0] / "__init__.py").exists()
        targets = set()
        for node in module_level_imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
                if is_script:  # a sibling script, imported by its bare name
                    candidates += [f"{package}.{alias.name}" for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module
                candidates = []
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    candidates.append(submodule if submodule in files else source)
            targets.update(c for c in candidates if c in files and c != name)
        graph[name] = targets
    return graph


def cycles(graph):
    """Each strongly connected group of modules (Tarjan), as one cycle through it."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [cycle_through(graph, group) for group in groups]


def cycle_through(graph, group):
    """The shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        for target in sorted(graph[path[-1]] & group):
            if target == start:
                return path + [start]
            if target not in seen:
                seen.add(target)
                paths.append(path + [target])
    return sorted(group)  # not reached: a strongly connected group has a cycle


def test_the_cycle_finder_finds_a_cycle_and_only_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_lazy_imports_are_not_module_level_imports():
    tree = ast.parse(
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import json\n"
        "class A:\n    import re\n"
        "def f():\n    import sys\n"
    )
    names = [alias.name for node in module_level_imports(tree) for alias in node.names]
    assert names == ["os", "TYPE_CHECKING", "re"]


def test_no_import_cycle_between_project_modules():
    graph = import_graph()
    assert "practice.models.base" in graph and "blog.models" in graph  # the graph is read
    found = cycles(graph)
    assert not found, "import cycles (module-level imports):\n" + "\n".join(
        " -> ".join(cycle) for cycle in found
    )


def upper_model_patterns():
    names = sorted(
        model.__name__ for label in UPPER_APPS for model in apps.get_app_config(label).get_models()
    )
    # Compound names ("BlogPostPage") are looked for in lower case too ("blogpostpage");
    # one-word names ("Comment", "Population") only as class names, or every sentence that
    # mentions a comment would count.
    compound = [name.lower() for name in names if sum(c.isupper() for c in name) > 1]
    lower = "|".join(name.lower() for name in names)
    labels = "|".join(UPPER_APPS)
    patterns = [
        ("model class name", re.compile(rf"\b({'|'.join(names)})\b")),
        # A table or a URL name built from app label and model ("wagtailsnippets_blog_comment").
        ("app and model in a name", re.compile(rf"(?<![a-z])({labels})_({lower})\b")),
        ("import of an upper app", re.compile(rf"^\s*(from|import)\s+({labels})\b")),
        ("app label in a string", re.compile(rf"[\"']({labels})([\"']|\.)")),
    ]
    if compound:
        patterns.append(("model name", re.compile(rf"\b({'|'.join(compound)})\b")))
    return names, patterns


def test_practice_names_no_model_of_the_apps_above_it():
    names, patterns = upper_model_patterns()
    assert "ConditionPage" in names and "BlogPostPage" in names  # the apps are read
    found = []
    for path in sorted((ROOT / "practice").rglob("*")):
        if path.suffix not in {".py", ".html", ".txt"} or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(ROOT)
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for what, pattern in patterns:
                if what == "app label in a string" and relative.parts[:2] == (
                    "practice",
                    "settings",
                ):
                    continue  # INSTALLED_APPS lists every app
                match = pattern.search(line)
                if match:
                    found.append(f"{relative}:{number}: {what} {match.group(0)!r}")
    assert not found, "practice/ names the apps above it:\n" + "\n".join(found)


def test_no_module_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in project_files()
        if "migrations" not in path.parts
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, f"modules over {MAX_LINES} lines (excluding migrations):\n" + "\n".join(long)
