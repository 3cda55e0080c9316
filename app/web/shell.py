"""Putting a server-rendered page into the Reflex shell the server would have sent.

The Reflex client hydrates the whole document (``hydrateRoot(document, …)`` in
.web/app/entry.client.js). React 19 skips tags it does not know in <head> and <body> when it
hydrates, so the server block goes in as the FIRST child of <body>, outside anything React
renders: no hydration mismatch. CSS in <head> hides the Reflex page's own ``.site`` while the block
is there (no doubled page, no jump when the websocket's content arrives); assets/js/prerender.js
removes the block once the hydrated page shows its own content. Without JavaScript, or when the
websocket never connects, the block simply stays.
"""

from __future__ import annotations

import re

from app.web.render import Chrome, Rendered, block, e

#: Hides the Reflex page's own (still empty) .site while the server block is in the page.
HIDE_CSS = "<style>#mz-pre~.site,body:has(>#mz-pre)>.site{display:none!important}</style>"
SCRIPT = '<script src="/js/prerender.js" defer></script>'

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.I)


def inject(shell: str, r: Rendered, chrome: Chrome, mode: str = "") -> str | None:
    """The shell with the rendered page in it; None when the shell is not an HTML document."""
    body = _BODY_TAG.search(shell)
    head_end = shell.find("</head>")
    if not body or head_end < 0 or head_end > body.start():
        return None
    head_extra = HIDE_CSS + SCRIPT
    if "<title" not in shell[:head_end]:
        # only where the shell has none: a <title> React renders itself is left as it is
        head_extra = f"<title>{e(r.title)}</title>" + head_extra
    out = (shell[:head_end] + head_extra + shell[head_end:body.end()] + block(r, chrome) + shell[body.end():])
    if mode == "elder":
        # 长辈版 from the first byte (?mode=elder, or the mz_mode cookie mode.js sets): also
        # without JavaScript. <html> hydrates with suppressHydrationWarning, and mode.js agrees.
        m = _HTML_TAG.search(out)
        if m and "class=" not in m.group(0):
            out = out[:m.end() - 1] + ' class="elder" data-mode="elder">' + out[m.end():]
    return out
