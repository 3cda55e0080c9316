"""The HTML the server sends, arranged so that its first paint needs nothing but that HTML.

Reflex's shell asks, before anything can be painted, for its stylesheet (a render-blocking
request: one more round trip on a slow phone network) and starts its ~170 KiB of JavaScript
(React, the router, socket.io) at once: ``<link rel="modulepreload">`` for every module and an
``async`` module script that hydrates the page as soon as they are in. On a phone the first paint
then waits for all of it — the content the server put in the HTML was there, but not shown.

:func:`speed_up` rewrites the shell so that the first paint needs the HTML only:

- the stylesheet is put in the HTML as a ``<style>`` (the whole file: the Reflex base layer and
  app/chat/kiosk/elder/agent.css, 7 KiB compressed), and its ``<link>`` stays, ``disabled`` (the
  browser does not fetch a disabled stylesheet; React finds the element it rendered), and so does
  its ``preload``, for ``media="not all"`` (a preload whose media never matches is not fetched);
- Reflex's module entry gets ``type="mz/module"`` and its modulepreloads go: assets/js/boot.js,
  inlined here, starts it after the first contentful paint, its preloads first. The small
  ``defer`` scripts (朗读, PWA, the hand-over) are left as they are: a deferred script is fetched
  at low priority and does not hold the first paint, and they keep running before
  ``DOMContentLoaded`` and the load event, as they expect (pwa.js registers the service worker on
  ``load``; prerender.js is in place before React hydrates).

A shell with no text in its ``<body>`` (the SPA fallback of a dynamic route such as
``/apply/<code>``, which only React fills) is left as it is: it has nothing to paint first, and
waiting for a paint there would only hold its scripts back.

React hydrates the document as before: in production it does not compare attributes, and the
elements it rendered are all still there (boot.js puts the modulepreload ``<link>``s back, and
React finds them as the hoistable elements it rendered). Without JavaScript nothing changes but
the inlined CSS. Nothing here is needed for correctness: a shell in which these pieces are not
found is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from html import escape, unescape
from pathlib import Path

BOOT_JS = Path(__file__).resolve().parents[2] / "assets" / "js" / "boot.js"
#: The module type that no browser runs; assets/js/boot.js runs it as a module after first paint.
LATER_MODULE = "mz/module"

_HEAD = re.compile(r"<head\b[^>]*>(.*?)</head>", re.I | re.S)
#: A <link>, or a whole <script> (an inline script's text is skipped over, never searched).
_TAG = re.compile(r"<(link)\b([^>]*?)\s*/?>|<(script)\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_ATTR = re.compile(r'([^\s=/>"]+)(?:\s*=\s*"([^"]*)")?')
_MODULE_SCRIPT = re.compile(r'<script\b(?=[^>]*\btype="module")(?![^>]*\bsrc=)[^>]*>', re.I)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.I | re.S)
_NOT_TEXT = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.I | re.S)


@cache
def boot_js() -> str:
    code = BOOT_JS.read_text(encoding="utf-8")
    return re.sub(r"\A\s*/\*.*?\*/\s*", "", code, flags=re.S)  # the header comment


def _attrs(inner: str) -> dict[str, str]:
    return {k.lower(): unescape(v or "") for k, v in _ATTR.findall(inner)}


def stylesheets(html: str) -> list[str]:
    """The hrefs of the shell's own (``/assets/``) stylesheets: the CSS :func:`speed_up` inlines."""
    m = _HEAD.search(html)
    out = []
    for tag in _TAG.finditer(m.group(1) if m else ""):
        a = _attrs(tag.group(2) or "")
        if tag.group(1) and a.get("rel") == "stylesheet" and a.get("href", "").startswith("/assets/"):
            out.append(a["href"])
    return out


def paints(html: str) -> bool:
    """Whether the body has text of its own to show before any script runs (a prerendered route,
    the server's block), not only scripts and empty elements (the SPA fallback)."""
    m = _BODY.search(html)
    return bool(m and unescape(_NOT_TEXT.sub("", m.group(1))).strip())


def speed_up(html: str, css: Mapping[str, str]) -> str:
    """``html`` (a Reflex shell, with or without the server's block) arranged for a first paint
    from the HTML alone; ``css`` maps a stylesheet's href to its text (those not in it keep their
    request). Returns ``html`` unchanged when it has no Reflex module entry or nothing to paint."""
    head = _HEAD.search(html)
    module = _MODULE_SCRIPT.search(html, head.end() if head else 0)
    if not head or not module or not paints(html):
        return html
    preloads: list[str] = []

    def head_tag(tag: re.Match) -> str:
        name = "link" if tag.group(1) else "script"
        a = _attrs(tag.group(2) if tag.group(1) else tag.group(4))
        href, rel = a.get("href", ""), a.get("rel", "")
        if name == "link" and rel == "modulepreload" and href:
            preloads.append(href)
            return ""
        if name == "link" and rel == "preload" and a.get("as") == "style" and href in css:
            # kept for React to find (else it puts one back, which is fetched and never used)
            return f'<{tag.group(1)}{tag.group(2)} media="not all"/>'
        if name == "link" and rel == "stylesheet" and href in css and "</style" not in css[href].lower():
            return (f'<style data-mz-inline="{escape(href)}">{css[href]}</style>'
                    f'<{tag.group(1)}{tag.group(2)} disabled=""/>')
        return tag.group(0)

    new_head = _TAG.sub(head_tag, head.group(1))
    boot = f'<script data-mz-preload="{escape(" ".join(preloads))}">{boot_js()}</script>'
    later = module.group(0).replace('type="module"', f'type="{LATER_MODULE}"', 1)
    return (html[:head.start(1)] + new_head + boot + html[head.end(1):module.start()] + later
            + html[module.end():])
