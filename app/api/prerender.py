"""Pages that read before the websocket: server-rendered knowledge-base pages, and cache headers.

An ASGI middleware in ``rx.App(api_transformer=[build_api(), prerender, guard])``. For a GET of a
public knowledge-base page that a browser (or any client that takes HTML) asks for —

- ``/services/<code>``, ``/bundles/<code>``, ``/policies/<id>``, ``/search?q=…`` —

it asks the app behind it for the shell Reflex would have served for that path (the prerendered
route file or ``__spa-fallback.html``), puts the page rendered by :mod:`app.web.render` into it
(:func:`app.web.shell.inject`) and answers with that: the content is in the HTML, then the app
hydrates as before. ``/?q=…`` (the home page's search box submitted without JavaScript) is sent on
to ``/search?q=…``. Unknown codes answer 404 with a kind page, never a 500.

Caching: Vite's content-hashed files under ``/assets/`` get a year and ``immutable``; the rendered
pages get ``no-cache`` with an ETag of their bytes (a conditional GET is a 304); any other response
without its own ``Cache-Control`` gets ``no-cache`` (revalidate with the ETag/Last-Modified Reflex
already sends), so a new build is never hidden behind a heuristic cache.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from urllib.parse import parse_qs, quote, unquote

import anyio

from app.core import urls
from app.web import render
from app.web.render import Chrome, Rendered
from app.web.shell import inject

IMMUTABLE = b"public, max-age=31536000, immutable"
NO_CACHE = b"no-cache"
_ROUTES = (
    (urls.route_regex(urls.SERVICE_ROUTE), "guide"),
    (urls.route_regex(urls.BUNDLE_ROUTE), "bundle"),
    (urls.route_regex(urls.POLICY_ROUTE), "policy"),
    (urls.route_regex(urls.CHECK_ROUTE), "check"),
)
_SEARCH = urls.route_regex(urls.SEARCH)
#: The forms that are posted without JavaScript (app/web/checks.py) and the most a post may hold.
_FORM_PAGES = (urls.route_regex(urls.CALCULATOR), urls.route_regex(urls.CHECK_ROUTE))
MAX_FORM_BYTES = 16 * 1024
CITY_MAX_AGE = 31536000
_CHROME_TTL = 60.0


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return unquote(v)
    return ""


def wants_html(accept: str) -> bool:
    """A client that takes HTML: browsers' navigations (text/html), curl and friends (*/* or none)."""
    a = accept.lower()
    return not a or "text/html" in a or "*/*" in a or "text/*" in a


def _with_cache_control(send, value: bytes):
    """``send`` that adds ``Cache-Control: value`` to a response that has none (or always, for assets)."""
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", [])]
            if value == IMMUTABLE and message.get("status") in (200, 304):
                headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                headers.append((b"cache-control", IMMUTABLE))
            elif not any(k.lower() == b"cache-control" for k, _ in headers):
                headers.append((b"cache-control", NO_CACHE))
            message = {**message, "headers": headers}
        await send(message)
    return wrapped


def render_for(path: str, query: dict[str, list[str]], cookies: str) -> Rendered | None:
    """The server render of ``path``, or None when it is not one of the public KB pages."""
    if _SEARCH.match(path):
        q = (query.get("q") or [""])[0]
        return render.search(q, _city(query, cookies)) if q.strip() else None
    if _FORM_PAGES[0].match(path):
        return render.calculator()
    for rx_, kind in _ROUTES:
        m = rx_.match(path)
        if not m:
            continue
        key = unquote(m.group(1))
        if kind == "guide":
            return render.guide(key, _city(query, cookies))
        if kind == "check":
            return render.eligibility(key)
        return render.bundle(key) if kind == "bundle" else render.policy(key)
    return None


def _city(query: dict[str, list[str]], cookies: str) -> str:
    """The reader's city: ?city= (a picker's form, a link from search) wins, even when empty (不选);
    else the one remembered in the cookie."""
    return query["city"][0] if "city" in query else _cookie(cookies, render.CITY_COOKIE)


def city_cookie(query: dict[str, list[str]]) -> bytes | None:
    """``Set-Cookie`` remembering the city a guide or an answer was asked for with ``?city=`` (as the picker's
    script does: a year, the whole site, readable by the page's scripts); '' or unknown forgets it."""
    if "city" not in query:
        return None
    city = render.views.known_city(query["city"][0])
    age = CITY_MAX_AGE if city else 0
    return (f"{render.CITY_COOKIE}={quote(city)}; Path=/; Max-Age={age}; SameSite=Lax").encode("latin-1")


def form_page(path: str) -> str | None:
    """'calculator', 'check:<code>' for a page whose form is posted without JavaScript; else None."""
    if _FORM_PAGES[0].match(path):
        return "calculator"
    m = _FORM_PAGES[1].match(path)
    return f"check:{unquote(m.group(1))}" if m else None


def render_post(which: str, form: dict[str, str]) -> Rendered:
    if which == "calculator":
        return render.calculator(form)
    return render.eligibility(which.removeprefix("check:"), form)


async def _read_form(receive, limit: int) -> dict[str, str] | None:
    """An ``application/x-www-form-urlencoded`` body (first value of each field); None: too big."""
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return {}
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body"):
            break
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, errors="replace")
    return {k: v[0] for k, v in fields.items() if v}


class Prerender:
    def __init__(self, app):
        self.app = app
        self._chrome: tuple[float, Chrome] | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path.startswith("/assets/"):
            return await self.app(scope, receive, _with_cache_control(send, IMMUTABLE))
        method = scope.get("method", "GET").upper()
        headers = _headers(scope)
        if method == "POST" and (which := form_page(path)) is not None:
            return await self._post(scope, receive, send, which, headers)
        if method in ("GET", "HEAD") and wants_html(headers.get("accept", "")):
            query = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"), errors="replace",
                             keep_blank_values=True)
            if path == urls.HOME and (query.get("q") or [""])[0].strip():
                return await _redirect(send, urls.search_url(query["q"][0].strip()[:render.views.MAX_QUERY]))
            try:
                rendered = await anyio.to_thread.run_sync(render_for, path, query, headers.get("cookie", ""))
            except Exception:  # noqa: BLE001 - never a 500 for a page Reflex can still serve itself
                rendered = None
            if rendered is not None:
                cookie = city_cookie(query) if urls.is_service_url(path) or _SEARCH.match(path) else None
                return await self._serve(scope, send, rendered, headers, query,
                                         [(b"set-cookie", cookie)] if cookie else [])
        return await self.app(scope, receive, _with_cache_control(send, NO_CACHE))

    async def _fetch(self, scope, path: str) -> tuple[int, bytes]:
        """What the app behind would answer to a plain GET of ``path`` (uncompressed, unconditional)."""
        keep = {b"host", b"accept", b"user-agent", b"cookie"}
        # No pathsend/zerocopysend (granian offers them): the file's bytes must come back as a body.
        extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if "send" not in k}
        sub = {**scope, "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
               "extensions": extensions,
               "headers": [(k, v) for k, v in scope.get("headers", []) if k.lower() in keep]}
        status, chunks = 0, []
        asked, done = False, anyio.Event()

        async def receive():
            # The request once; then, like a server, nothing until the response is complete and
            # then a disconnect (Starlette's responses listen for it: never answer in a tight loop).
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def collect(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    done.set()
            elif message["type"] == "http.response.pathsend":  # should a server insist on it
                chunks.append(await anyio.Path(message["path"]).read_bytes())
                done.set()

        try:
            await self.app(sub, receive, collect)
        finally:
            done.set()
        return status, b"".join(chunks)

    async def _chrome_now(self, scope) -> Chrome:
        now = time.monotonic()
        if self._chrome and now - self._chrome[0] < _CHROME_TTL:
            return self._chrome[1]
        status, body = await self._fetch(scope, "/")
        chrome = render.chrome_from(body.decode("utf-8", "replace")) if status == 200 else render.DEFAULT_CHROME
        self._chrome = (now, chrome)
        return chrome

    async def _post(self, scope, receive, send, which: str, headers: dict[str, str]) -> None:
        """A form posted without JavaScript (测一测, the calculator): the answer as a whole page of
        its own. Not put into the Reflex shell: the hydrated page would not know the posted answers,
        and the hand-over would replace the result with empty questions. Never cached or stored."""
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        form = await _read_form(receive, MAX_FORM_BYTES) if ctype == "application/x-www-form-urlencoded" else {}
        if form is None:
            return await _plain(send, 413, "提交的内容太长了。".encode())
        try:
            r = await anyio.to_thread.run_sync(render_post, which, form)
        except Exception:  # noqa: BLE001 - a kind page, never a 500 with a trace
            r = render.not_found("页面")
        mode = _mode(headers, parse_qs(scope.get("query_string", b"").decode("utf-8", "replace")))
        html = render.standalone(r, await self._chrome_now(scope), mode).encode("utf-8")
        out = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-store"),
               (b"content-length", str(len(html)).encode())]
        await send({"type": "http.response.start", "status": r.status, "headers": out})
        await send({"type": "http.response.body", "body": html})

    async def _serve(self, scope, send, r: Rendered, headers: dict[str, str], query,
                     extra: list[tuple[bytes, bytes]] | None = None) -> None:
        mode = _mode(headers, query)
        chrome = await self._chrome_now(scope)
        html = None
        # The app may answer a prerendered route's path with a redirect (/search → /search/): then
        # the SPA fallback shell (scripts only, no prerendered body), as for a dynamic route, so the
        # page keeps its scripts and hydrates, and carries one copy of its content.
        for path in (scope["path"], "/__spa-fallback.html"):
            status, shell = await self._fetch(scope, path)
            if status in (200, 404):
                html = inject(shell.decode("utf-8", "replace"), r, chrome, mode)
                if html is not None:
                    break
        if html is None:
            html = render.standalone(r, chrome, mode)
        body = html.encode("utf-8")
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        out = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", NO_CACHE),
               (b"etag", etag.encode()), (b"vary", b"Accept-Encoding, Cookie"), *(extra or [])]
        if etag in [t.strip() for t in headers.get("if-none-match", "").split(",")] and r.status == 200:
            await send({"type": "http.response.start", "status": 304, "headers": out[1:]})
            await send({"type": "http.response.body", "body": b""})
            return
        if "gzip" in headers.get("accept-encoding", "").lower():
            body = gzip.compress(body, compresslevel=6)
            out.append((b"content-encoding", b"gzip"))
        out.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": r.status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})


def _mode(headers: dict[str, str], query) -> str:
    mode = (query.get("mode") or [""])[0] or _cookie(headers.get("cookie", ""), "mz_mode")
    return "elder" if mode in ("elder", "care", "senior", "zhangbei") else ""


async def _plain(send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1")), (b"cache-control", NO_CACHE),
                            (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


def prerender(app):
    """For ``rx.App(api_transformer=[build_api(), prerender, guard])``."""
    return Prerender(app)
