"""The first paint from the HTML alone (app/web/first_paint.py, app/api/first_paint.py): the
shell's stylesheet inlined, its scripts marked for assets/js/boot.js, the element React hydrates
all still there; the middleware's compression, ETag and what it leaves alone."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from app.api.first_paint import first_paint, is_page_request
from app.web.first_paint import LATER_MODULE, boot_js, speed_up, stylesheets

CSS_HREF = "/assets/__reflex_global_styles-abc.css"
CSS = "@layer base{h1{margin:0}}.site-header{padding:16px 0}"
#: The shape of Reflex's shell (.web/build/client/*.html), cut down.
SHELL = (
    '<!DOCTYPE html><html lang="zh-CN"><head><script>document.documentElement.classList.add("light")</script>'
    '<meta name="viewport" content="width=device-width"/><script>var s = "<link rel=stylesheet href=x>";</script>'
    '<link href="/manifest.webmanifest" rel="manifest"/>'
    '<script defer="" src="/js/readaloud.js"></script><script defer="" src="/js/pwa.js"></script>'
    f'<link as="style" href="{CSS_HREF}" rel="preload"/>'
    '<link rel="modulepreload" href="/assets/manifest-1.js"/><link rel="modulepreload" href="/assets/entry.client-2.js"/>'
    f'<link href="{CSS_HREF}" rel="stylesheet" type="text/css"/><title>民政一键通</title>'
    '<script src="/js/prerender.js" defer></script></head>'
    '<body><div class="site"><main id="main"><h1>民政服务，一键找到</h1></main></div>'
    '<script>window.__reactRouterContext = {};</script>'
    '<script type="module" async="">import "/assets/manifest-1.js"; import("/assets/entry.client-2.js");</script>'
    '<script>window.__reactRouterContext.streamController.close();</script></body></html>')


def _head(html: str) -> str:
    return html[:html.index("</head>")]


def test_the_stylesheet_is_inlined_and_its_link_stays_disabled():
    assert stylesheets(SHELL) == [CSS_HREF]
    out = speed_up(SHELL, {CSS_HREF: CSS})
    head = _head(out)
    assert f'<style data-mz-inline="{CSS_HREF}">{CSS}</style><link href="{CSS_HREF}" rel="stylesheet" ' \
           'type="text/css" disabled=""/>' in head
    # the preload stays for React to find, and is never fetched
    assert f'<link as="style" href="{CSS_HREF}" rel="preload" media="not all"/>' in head
    # CSS that would end the <style> early is left to its request
    assert speed_up(SHELL, {CSS_HREF: "a{}</style><script>x</script>"}).count("</style>") == 0


def test_the_app_waits_for_the_first_paint_and_the_small_scripts_do_not():
    out = speed_up(SHELL, {CSS_HREF: CSS})
    head = _head(out)
    assert "modulepreload" not in head.split("<script data-mz-preload")[0]
    assert not re.search(r'<script[^>]*type="module"', out)  # no module is run by the parser
    assert f'<script type="{LATER_MODULE}" async="">import "/assets/manifest-1.js";' in out
    # the defer scripts run before DOMContentLoaded as before (pwa.js waits for load, prerender.js
    # must be there before React hydrates)
    assert ('<script defer="" src="/js/readaloud.js"></script><script defer="" src="/js/pwa.js"></script>'
            in head and '<script src="/js/prerender.js" defer></script>' in head)
    assert '<script data-mz-preload="/assets/manifest-1.js /assets/entry.client-2.js">' in head
    assert boot_js() in head and "/*" not in boot_js()[:5]
    # inline scripts, their text and the rest of the document are as they were
    assert '<script>var s = "<link rel=stylesheet href=x>";</script>' in head
    assert out.split("</head>", 1)[1].replace(LATER_MODULE, "module") == SHELL.split("</head>", 1)[1]


def test_every_element_react_rendered_is_still_there_in_the_same_order():
    """React hydrates <head> and <body> element by element: each one it rendered must still be
    found (by tag, and for a <link> by rel and href) in the same order; added ones are skipped."""
    def elements(html):
        return [(t, dict(re.findall(r'([\w-]+)="([^"]*)"', a)).get("rel"), dict(re.findall(r'([\w-]+)="([^"]*)"', a))
                 .get("href")) for t, a in re.findall(r"<(script|link|meta|title|h1|main|div)\b([^>]*)>", html)]
    before = [x for x in elements(SHELL) if x[1] != "modulepreload"]
    after = elements(speed_up(SHELL, {CSS_HREF: CSS}))
    it = iter(after)
    assert all(any(x == y for y in it) for x in before)


def test_a_page_that_is_not_a_reflex_shell_is_left_as_it_is():
    for html in ("<p>hi</p>", SHELL.replace('type="module"', ""), "<!DOCTYPE html><html><head></head><body></body></html>"):
        assert speed_up(html, {CSS_HREF: CSS}) == html


def test_a_shell_with_nothing_to_paint_is_left_as_it_is():
    """The SPA fallback of a dynamic route (/apply/<code>): React alone fills its body, so there is
    no first paint to wait for (boot.js would hold the app back until its WAIT)."""
    empty = re.sub(r"<body>.*?<script>", '<body><section aria-label="Notifications"></section>'
                   '<style>.x{}</style><div title="Connection Error: " class="x"></div><!--$--><script>', SHELL,
                   count=1, flags=re.S)
    assert "民政服务" not in empty.split("</head>")[1]
    assert speed_up(empty, {CSS_HREF: CSS}) == empty
    assert speed_up(SHELL, {CSS_HREF: CSS}) != SHELL  # the same shell with its text is rewritten


# ------------------------------------------------------------------------------ the middleware

def _client(calls: list[str]):
    async def app(scope, receive, send):
        path = scope["path"]
        calls.append(path)
        if is_page_request(scope):  # asked for the whole page, uncompressed (the middleware compresses)
            assert not any(k in (b"accept-encoding", b"if-none-match") for k, _ in scope["headers"])
        if path == CSS_HREF:
            body, ctype = CSS.encode(), b"text/css"
        elif path.startswith("/api/"):
            body, ctype = b"{}", b"application/json"
        elif path == "/moved":
            await send({"type": "http.response.start", "status": 307, "headers": [(b"location", b"/moved/")]})
            await send({"type": "http.response.body", "body": b""})
            return
        else:
            body, ctype = SHELL.encode(), b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", ctype), (b"etag", b'"reflex"'), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return TestClient(first_paint(app), base_url="http://127.0.0.1")


def test_a_page_is_served_rewritten_compressed_and_revalidated():
    calls: list[str] = []
    client = _client(calls)
    html = {"Accept": "text/html,application/xhtml+xml"}
    res = client.get("/services/MZ-ZLJ-01", headers={**html, "Accept-Encoding": "gzip"})
    assert res.status_code == 200 and res.headers["content-encoding"] == "gzip"
    assert f'<style data-mz-inline="{CSS_HREF}">' in res.text and res.headers["cache-control"] == "no-cache"
    etag = res.headers["etag"]
    assert etag != '"reflex"'
    again = client.get("/services/MZ-ZLJ-01", headers={**html, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.head("/", headers=html).content == b""
    assert calls.count(CSS_HREF) == 1  # read once: its name changes with its content


def test_what_is_not_a_page_is_answered_as_the_app_answered():
    calls: list[str] = []
    client = _client(calls)
    assert client.get("/services/MZ-ZLJ-01", headers={"Accept": "application/json"}).text == SHELL
    assert client.get("/services/MZ-ZLJ-01", headers={"Accept": "*/*"}).text == SHELL  # curl: as it was
    assert client.get("/api/health", headers={"Accept": "text/html"}).text == "{}"
    res = client.get("/moved", headers={"Accept": "text/html"}, follow_redirects=False)
    assert res.status_code == 307 and res.headers["location"] == "/moved/"
    for path in ("/offline.html", "/js/boot.js", "/assets/x.js", "/_event", "/api/search"):
        assert not is_page_request({"type": "http", "method": "GET", "path": path,
                                    "headers": [(b"accept", b"text/html")]}), path
    assert not is_page_request({"type": "http", "method": "POST", "path": "/calculator",
                                "headers": [(b"accept", b"text/html")]})
