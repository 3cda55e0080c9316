"""The product's page addresses have one source, ``app/core/urls.py`` (README "Layout").

Every string constant in the code is read with :mod:`ast` (the literal parts of f-strings and
``.format`` templates included, and the ``href``/``action`` of HTML written as text; docstrings
left out). One that addresses a page — its path, up to
the first ``?``, ``#`` or ``{``, is a page's route or the start of one (``/services/``,
``/login?next=``, ``/agent/orders``) — is an address written by hand, and fails here unless it
stands in ``app/core/urls.py``. Plain ``/api/…`` paths, scripts and styles (``/agent.js``,
``/kiosk/kiosk.js``) are not pages and pass.

- ``app/``: no page address outside ``app/core/urls.py``, except in the files of :data:`PENDING`
  (owned by other changes in progress), whose count may only go down;
- ``bot/`` and ``voice/`` never import the app: they get the addresses in the data the app's REST
  API sends, and the only address they name themselves is a documented mirror (:data:`MIRRORS`)
  that must equal the app's; the ``url:`` buttons of Rasa's fixed responses (``bot/domain.yml``,
  ``bot/data``) must each be a page the app has;
- every page the app registers takes its route from ``app.core.urls.ROUTES``, and every route
  there is a page.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from app.core import urls

ROOT = Path(__file__).resolve().parents[1]
THE_SOURCE = Path("app/core/urls.py")

#: Files that still write page addresses by hand, and how many: other changes are editing them now.
#: Move each address to ``app.core.urls`` and lower (or drop) its count; a count may never grow.
#: None is left (the last, ``app/web/render.py``, moved its nine): an entry here is an exception to
#: undo, never a place for a new file.
PENDING: dict[str, int] = {}

#: Addresses the bot or the kiosk names itself (they cannot import the app): (file, name) → the
#: app's address it must equal.
MIRRORS: dict[tuple[str, str], str] = {
    ("bot/actions/discover.py", "CALCULATOR_URL"): urls.CALCULATOR,
}


@dataclass(frozen=True)
class Literal:
    path: Path  # relative to the repository
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.text!r}"


def _segments(route: str) -> list[str]:
    return route.strip("/").split("/") if route != "/" else []


ROUTE_SEGMENTS = [_segments(r) for r in urls.ROUTES]


def is_page_address(text: str, routes: list[list[str]] = ROUTE_SEGMENTS) -> bool:
    """Whether ``text`` addresses a page, whole or in part: ``/me``, ``/services/``, ``/services/MZ-1#faq-2``,
    ``/login?next=``, ``/services/{code}``. Not ``/`` alone (too common to tell), nor ``/api/search``,
    ``/agent.js``, ``/kiosk/kiosk.js``."""
    if not text.startswith("/") or text.startswith("//") or text == "/":
        return False
    path = re.split(r"[?#{]", text, maxsplit=1)[0]
    if path == "/":
        return False
    segs = path[1:].split("/")
    for route in routes:
        if len(segs) > len(route) or (len(segs) < len(route) and segs[-1] != ""):
            continue
        if all(s == r or (r.startswith("[") and (s or i == len(segs) - 1)) or (s == "" and i == len(segs) - 1)
               for i, (s, r) in enumerate(zip(segs, route, strict=False))):
            return True
    return False


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


#: An address in a link or form written as HTML (``'<a href="/me">'``, ``f'… action="/eligibility/'``).
_IN_HTML = re.compile(r"""(?:href|action)=["']?(/[^"'\s>]*)""")


def page_literals(source: str, path: Path = Path("<source>")) -> list[Literal]:
    tree = ast.parse(source, filename=str(path))
    skip = _docstrings(tree)
    out: list[Literal] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            for text in [node.value, *_IN_HTML.findall(node.value)]:
                if is_page_address(text):
                    out.append(Literal(path, node.lineno, text))
    return out


def python_files(folder: str) -> list[Path]:
    skip = {".web", "__pycache__", "node_modules", ".venv", ".venv-bot", "generated"}
    return sorted(p.relative_to(ROOT) for p in (ROOT / folder).rglob("*.py")
                  if not skip & set(p.relative_to(ROOT).parts))


def literals_in(folder: str) -> list[Literal]:
    out: list[Literal] = []
    for f in python_files(folder):
        out += page_literals((ROOT / f).read_text(encoding="utf-8"), f)
    return out


# ---------------------------------------------------------------------------- the scanner itself

def test_the_scanner_tells_page_addresses_from_other_paths():
    for text in ("/me", "/family/me", "/services/", "/services/MZ-ZLJ-01", "/services/MZ-ZLJ-01#faq-2",
                 "/services/{code}", "/login?next=", "/login?next=/me", "/apply/", "/agent/orders",
                 "/agent/orders/", "/agent/orders?status=", "/eligibility/", "/for-you", "/search?q="):
        assert is_page_address(text), text
    for text in ("/", "/?=&", "//cdn", "/api/search", "/api/services/", "/agent.js", "/kiosk/kiosk.js", "/app.css",
                 "/js/forms.js", "/ask_human", "/services/a/b", "me", "services/", "/icons/favicon-64.png"):
        assert not is_page_address(text), text


def test_the_scanner_reads_fstrings_concatenations_and_templates_but_not_docstrings():
    src = ('"""/services/ in a docstring is prose."""\n'
           'def f(code, n):\n'
           '    """/chat?q=… in a docstring too."""\n'
           '    a = f"/services/{code}#faq-{n}"\n'
           '    b = "/apply/" + code\n'
           '    c = "/policies/{id}".format(id=code)\n'
           '    d = "/api/answer"\n'
           '''    e = f'<a class="button" href="/apply/{code}">办</a>'\n'''
           '''    g = '<link href="/app.css"/><a href="/me">我的办件</a>'\n'''
           '    return a, b, c, d, e, g\n')
    assert sorted((x.line, x.text) for x in page_literals(src)) == [
        (4, "/services/"), (5, "/apply/"), (6, "/policies/{id}"), (8, "/apply/"), (9, "/me")]


# ---------------------------------------------------------------------------- the rules

def test_no_page_address_is_written_by_hand_in_the_app():
    found = [x for x in literals_in("app") if x.path != THE_SOURCE]
    outside = [str(x) for x in found if str(x.path) not in PENDING]
    assert outside == [], ("page addresses written by hand; use app.core.urls (add a function there if "
                           "none fits):\n" + "\n".join(outside))
    counts = {f: sum(1 for x in found if str(x.path) == f) for f in PENDING}
    grown = {f: (n, PENDING[f]) for f, n in counts.items() if n > PENDING[f]}
    assert grown == {}, f"more hand-written page addresses than before (found, allowed): {grown}"
    shrunk = {f: (n, PENDING[f]) for f, n in counts.items() if n < PENDING[f]}
    assert shrunk == {}, f"fewer hand-written addresses than PENDING says: lower it (found, allowed): {shrunk}"


def test_the_source_itself_is_where_the_addresses_are():
    assert len(literals_in("app/core")) >= 20


def test_bot_and_voice_name_no_page_but_their_mirrors():
    found = literals_in("bot") + literals_in("voice")
    mirrors = {(str(x.path), x.line) for x in found if _mirror_of(x) is not None}
    assert [str(x) for x in found if (str(x.path), x.line) not in mirrors] == [], (
        "the bot and the kiosk get page addresses from the app's REST API (or keep a mirror listed in MIRRORS)")


def _mirror_of(x: Literal) -> str | None:
    tree = ast.parse((ROOT / x.path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.lineno == x.line:
            for target in node.targets:
                if isinstance(target, ast.Name) and (str(x.path), target.id) in MIRRORS:
                    return target.id
    return None


def test_every_mirror_equals_the_apps_address():
    for (file, name), expected in MIRRORS.items():
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        values = [node.value.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                  and isinstance(node.value, ast.Constant)]
        assert values == [expected], (file, name, values, expected)


def _urls_in(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "url" and isinstance(v, str)] + [
            u for v in node.values() for u in _urls_in(v)]
    return [u for v in node for u in _urls_in(v)] if isinstance(node, list) else []


def test_the_bots_fixed_responses_link_only_to_pages_the_app_has():
    import yaml

    patterns = [urls.route_regex(r) for r in urls.ROUTES]
    found = []
    for f in [ROOT / "bot" / "domain.yml", *sorted((ROOT / "bot" / "data").glob("*.yml"))]:
        found += [(f.name, u) for u in _urls_in(yaml.safe_load(f.read_text(encoding="utf-8")))]
    assert found, "the domain's url buttons were not found"
    pages = [u for _f, u in found if not u.startswith(("tel:", "http:", "https:"))]
    assert [u for u in pages if not any(p.match(re.split(r"[?#]", u)[0]) for p in patterns)] == []


def test_every_page_registers_a_route_of_the_source_and_every_route_is_a_page():
    from app.ui.pages import collect_pages

    registered = [p.route for p in collect_pages()]
    assert sorted(registered) == sorted(set(registered)), "a route registered twice"
    assert set(registered) == set(urls.ROUTES)


def test_the_route_patterns_match_what_the_pages_are_asked_for():
    assert urls.route_regex(urls.SERVICE_ROUTE).match("/services/MZ-ZLJ-01/").group(1) == "MZ-ZLJ-01"
    assert not urls.route_regex(urls.SERVICE_ROUTE).match("/services/a/b")
    assert urls.route_regex(urls.SEARCH).match("/search/") and not urls.route_regex(urls.SEARCH).match("/searchx")
    assert urls.route_regex(urls.HOME).match("/")
