"""Pages whose first paint needs nothing but their HTML (the rewrite is app.web.first_paint).

An ASGI middleware in ``rx.App(api_transformer=[build_api(), prerender, first_paint, guard])``,
around the prerender middleware: for a browser's GET of a page (not ``/api/``, not a file with an
extension, not Reflex's own ``/_…`` endpoints) it asks the app inside for the page uncompressed
and unconditional, and when that is a Reflex shell (text/html with Reflex's module entry —
Reflex's own page, or the server-rendered knowledge-base page app/api/prerender.py put into it)
answers with :func:`app.web.first_paint.speed_up` of it: the shell's stylesheet inlined, its
scripts started after the first paint. The answer is compressed here (gzip, when the browser
takes it), with ``no-cache`` and an ETag of its own bytes, so a conditional GET is a 304.
Anything else is answered exactly as the app inside answered it.

The stylesheet's text is read once per href from the app inside (its name carries a content hash,
so it never changes under that name).
"""

from __future__ import annotations

import gzip
import hashlib

import anyio

from app.web.first_paint import speed_up, stylesheets

_SKIP_PREFIXES = ("/api/", "/assets/", "/_", "/js/", "/icons/", "/ping")
_DROP_REQUEST = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range", b"if-range"}
_DROP_RESPONSE = {b"content-length", b"content-encoding", b"etag", b"last-modified", b"cache-control",
                  b"accept-ranges", b"vary"}
_MAX_CSS = 256 * 1024


def is_page_request(scope) -> bool:
    """A browser's GET (or HEAD) of a page: HTML wanted, a path that is not an API, asset or file."""
    if scope.get("type") != "http" or scope.get("method", "GET").upper() not in ("GET", "HEAD"):
        return False
    path = scope.get("path", "")
    if path.startswith(_SKIP_PREFIXES) or "." in path.rsplit("/", 1)[-1]:
        return False
    accept = ""
    for k, v in scope.get("headers", []):
        if k.lower() == b"accept":
            accept = v.decode("latin-1").lower()
    return "text/html" in accept


async def _call(app, scope) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """What ``app`` answers to ``scope`` (a GET with no body), collected whole."""
    status, headers, chunks = 0, [], []
    asked, done = False, anyio.Event()

    async def receive():
        # The request once; then, like a server, nothing until the response is complete and then a
        # disconnect (Starlette's responses listen for it: never answer in a tight loop).
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def collect(message):
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                done.set()
        elif message["type"] == "http.response.pathsend":
            chunks.append(await anyio.Path(message["path"]).read_bytes())
            done.set()

    try:
        await app(scope, receive, collect)
    finally:
        done.set()
    return status, headers, b"".join(chunks)


class FirstPaint:
    def __init__(self, app):
        self.app = app
        self._css: dict[str, str] = {}

    async def __call__(self, scope, receive, send):
        if not is_page_request(scope):
            return await self.app(scope, receive, send)
        sent = {k.lower(): v for k, v in scope.get("headers", [])}
        # No pathsend/zerocopysend (granian offers them): the page's bytes must come back as a body.
        extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if "send" not in k}
        inner = {**scope, "method": "GET", "extensions": extensions,
                 "headers": [(k, v) for k, v in scope.get("headers", []) if k.lower() not in _DROP_REQUEST]}
        status, headers, body = await _call(self.app, inner)
        ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"").lower()
        html = None
        if status in (200, 404) and ctype.startswith(b"text/html"):
            text = body.decode("utf-8", "replace")
            fast = speed_up(text, await self._stylesheets(scope, text))
            html = fast.encode("utf-8") if fast != text else None
        if html is None:
            return await self._replay(scope, send, status, headers, body)
        etag = b'"' + hashlib.sha256(html).hexdigest()[:32].encode() + b'"'
        out = [(k, v) for k, v in headers if k.lower() not in _DROP_RESPONSE]
        out += [(b"cache-control", b"no-cache"), (b"etag", etag), (b"vary", b"Accept-Encoding, Cookie")]
        if status == 200 and etag in [t.strip() for t in sent.get(b"if-none-match", b"").split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(k, v) for k, v in out if k.lower() != b"content-type"]})
            await send({"type": "http.response.body", "body": b""})
            return
        if b"gzip" in sent.get(b"accept-encoding", b"").lower():
            html = gzip.compress(html, compresslevel=6)
            out.append((b"content-encoding", b"gzip"))
        out.append((b"content-length", str(len(html)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else html})

    async def _replay(self, scope, send, status, headers, body) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})

    async def _stylesheets(self, scope, html: str) -> dict[str, str]:
        out = {}
        for href in stylesheets(html):
            if href not in self._css:
                sub = {**scope, "method": "GET", "path": href, "raw_path": href.encode(), "query_string": b"",
                       "extensions": {}, "headers": [(k, v) for k, v in scope.get("headers", [])
                                                      if k.lower() in (b"host", b"user-agent")]}
                status, headers, body = await _call(self.app, sub)
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"").lower()
                if status != 200 or not ctype.startswith(b"text/css") or len(body) > _MAX_CSS:
                    continue  # not cached: asked again next time
                self._css[href] = body.decode("utf-8", "replace")
            out[href] = self._css[href]
        return out


def first_paint(app):
    """For ``rx.App(api_transformer=[build_api(), prerender, first_paint, guard])``."""
    return FirstPaint(app)
