"""The layout rules of README.md ("Layout"), checked over every import in the code.

Every ``import`` and ``from … import`` is read with :mod:`ast`, wherever it stands: at the top of
a module, inside a function or method (lazy imports), under ``if TYPE_CHECKING``, in a ``try``.
``importlib.import_module("…")`` / ``__import__("…")`` with a literal name count as imports too.
Relative imports are resolved against the module's package. Each rule is its own test and names
every offending file, line and import, so a failure says what to move.

Rules:
- the domain (``app/*`` except ``app/ui``, ``app/api``, ``app/chat``) knows nothing of Reflex,
  the UI, the API, the chat adapter, Vosk, pyttsx3 or Rasa;
- ``voice/`` and ``bot/`` never import ``app``;
- ``accessibility/`` never imports ``app`` or ``bot``;
- ``app/api`` never imports ``app/ui``;
- no import cycles among the app's packages.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Packages of the app that are adapters, not domain.
ADAPTERS = {"ui", "api", "chat"}
#: Top-level modules of ``app/`` that compose the product (entry points), not domain packages.
ENTRY_POINTS = {"app", "cli", "tables"}


@dataclass(frozen=True)
class Import:
    path: Path  # the importing file, relative to the repository
    line: int
    target: str  # the imported module, absolute and dotted

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    """``app/hotline/models.py`` → ``app.hotline.models``; ``app/core/__init__.py`` → ``app.core``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_in_source(source: str, module: str, is_package: bool, path: Path = Path("<source>")) -> list[Import]:
    """Every import in ``source`` (the code of ``module``), nested ones included."""
    tree = ast.parse(source, filename=str(path))
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):  # walks into function bodies, classes, if/try blocks
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            found.append(Import(path, node.lineno, target))
            # ``from app import ui`` imports the module app.ui
            found += [Import(path, node.lineno, f"{target}.{alias.name}") for alias in node.names
                      if alias.name != "*"]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"import_module", "__import__"}:
                found.append(Import(path, node.lineno, node.args[0].value))
    return found


def python_files(folder: str) -> list[Path]:
    base = ROOT / folder
    skip = {".web", "__pycache__", "node_modules", ".venv", ".venv-bot"}
    return sorted(p for p in base.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts))


def imports_of(folder: str) -> list[Import]:
    out: list[Import] = []
    for f in python_files(folder):
        out += imports_in_source(f.read_text(encoding="utf-8"), module_name(f), f.name == "__init__.py",
                                 f.relative_to(ROOT))
    return out


def is_within(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + ".")


def violations(found: list[Import], forbidden: list[str]) -> list[str]:
    """The offending imports, one per file and line (the shortest name that breaks a rule)."""
    worst: dict[tuple[Path, int], Import] = {}
    for i in found:
        if any(is_within(i.target, f) for f in forbidden):
            key = (i.path, i.line)
            if key not in worst or len(i.target) < len(worst[key].target):
                worst[key] = i
    return [str(worst[k]) for k in sorted(worst)]


def app_package(path: Path) -> str | None:
    """The app package a file belongs to (``app/hotline/…`` → ``hotline``); for the top-level
    modules of ``app/``, their own name (``app/cli.py`` → ``cli``)."""
    parts = path.parts
    if parts[0] != "app" or len(parts) < 2:
        return None
    return parts[1] if len(parts) > 2 else Path(parts[1]).stem


# ---------------------------------------------------------------------------- the scanner itself

def test_the_scanner_sees_lazy_relative_and_dynamic_imports():
    src = (
        "import os\n"
        "from . import sibling\n"
        "from ..ui.session import engine\n"
        "def later():\n"
        "    import reflex as rx\n"
        "    class Inner:\n"
        "        def method(self):\n"
        "            from app.chat import service\n"
        "def dynamic():\n"
        "    import importlib\n"
        "    return importlib.import_module('vosk')\n"
    )
    targets = {i.target for i in imports_in_source(src, "app.api.routes.x", False)}
    assert {"os", "app.api.routes.sibling", "app.api.ui.session", "reflex", "app.chat.service", "vosk"} <= targets
    # in a package's __init__, level 1 is the package itself
    targets = {i.target for i in imports_in_source("from ...ui import session\n", "app.api.routes", True)}
    assert "app.ui.session" in targets


def test_every_folder_the_rules_cover_has_code():
    for folder in ("app", "voice", "bot", "accessibility"):
        assert python_files(folder), folder
    assert {app_package(p.relative_to(ROOT)) for p in python_files("app")} >= {"core", "knowledge", "search", "ui", "api", "chat"}


# ---------------------------------------------------------------------------- the rules

DOMAIN_MUST_NOT_IMPORT = ["reflex", "reflex_base", "reflex_components_core", "app.ui", "app.api", "app.chat",
                          "vosk", "pyttsx3", "rasa", "rasa_sdk"]


def test_the_domain_knows_nothing_of_reflex_the_adapters_vosk_pyttsx3_or_rasa():
    domain = [i for i in imports_of("app")
              if (pkg := app_package(i.path)) and pkg not in ADAPTERS and pkg not in ENTRY_POINTS]
    assert domain
    assert violations(domain, DOMAIN_MUST_NOT_IMPORT) == []


def test_voice_never_imports_the_app():
    assert violations(imports_of("voice"), ["app"]) == []


def test_the_bot_never_imports_the_app():
    assert violations(imports_of("bot"), ["app"]) == []


def test_accessibility_never_imports_the_app_or_the_bot():
    assert violations(imports_of("accessibility"), ["app", "bot"]) == []


def test_the_api_never_imports_the_ui():
    api = [i for i in imports_of("app") if app_package(i.path) == "api"]
    assert api
    assert violations(api, ["app.ui"]) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
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
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_among_the_app_packages():
    graph: dict[str, set[str]] = {}
    edges: dict[tuple[str, str], Import] = {}
    for i in imports_of("app"):
        src = app_package(i.path)
        if src is None or not is_within(i.target, "app") or i.target == "app":
            continue
        dst = i.target.split(".")[1]
        if dst == src:
            continue
        graph.setdefault(src, set()).add(dst)
        edges.setdefault((src, dst), i)
    assert graph
    report = []
    for comp in _cycles(graph):
        members = set(comp)
        report.append(" ↔ ".join(comp) + ": " + "; ".join(
            str(e) for (a, b), e in sorted(edges.items()) if a in members and b in members))
    assert report == []
