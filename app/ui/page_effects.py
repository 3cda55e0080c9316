"""What a page does when its content changes without a new document: say what the page is
(``document.title``) and move keyboard focus to its heading, as a new page load would.

Why: Reflex pages change by websocket; without this, focus stays on ``<body>`` (or a button that
no longer exists) and a screen reader user is not told that the question changed.
"""

from __future__ import annotations

import json

import reflex as rx

from app.ui import text


def page_title(name: str) -> str:
    """'尊老金申领 · 民政一键通': what the page is first, the site second."""
    return f"{name} · {text.SITE_NAME}" if name else text.SITE_NAME


def title_script(name: str) -> str:
    """Set the title, and keep it for a few seconds while React may still write the route's static
    <title> back (it does on a first load); stop at once if the reader moves to another page.

    One keeper per page (``window.__mzTitle``): a new title replaces the old keeper. Two keepers
    with different titles, alive together (two step changes within the few seconds), would each undo
    the other's write, every write waking the other — a loop of microtasks that froze the page
    (the booking confirmation never drew). A keeper also gives up after a few rewrites, so nothing
    else that writes the title can start such a loop with it."""
    return ("(function(t){var p=location.pathname+location.search,w=window,k=w.__mzTitle;"
            "if(k){k.o.disconnect();clearTimeout(k.timer);}document.title=t;var n=0;"
            "var o=new MutationObserver(function(){if(location.pathname+location.search!==p||++n>20){o.disconnect();return;}"
            "if(document.title!==t)document.title=t;});"
            "o.observe(document.head,{childList:true,characterData:true,subtree:true});"
            "w.__mzTitle={o:o,timer:setTimeout(function(){o.disconnect();},4000)};})("
            + json.dumps(page_title(name)) + ");")


def focus_heading_script() -> str:
    """Focus the page's h1 once React has drawn it (it may be replaced while the state arrives)."""
    return ("(function(){var n=0;function go(){var h=document.querySelector('main h1');"
            "if(!h||!h.textContent.trim()){if(++n<40)return setTimeout(go,50);return;}"
            "if(!h.hasAttribute('tabindex'))h.setAttribute('tabindex','-1');h.focus({preventScroll:false});}"
            "setTimeout(go,30);})();")


def announce(name: str, focus: bool = True):
    """Set the title and (by default) move focus to the h1."""
    return rx.call_script(title_script(name) + (focus_heading_script() if focus else ""))
