"""The reader's city, chosen once and remembered on this device: one picker for every page.

Why one primitive: the guide, the search page's direct answer and the assistant must agree on
"which city is this person asking about". The choice lives in the browser only (localStorage and
the ``mz_city`` cookie, which the server reads on the next request); it is not personal data
tied to anyone and is never stored on the server. Chinese text is kept here, with the UI.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import reflex as rx

from app.knowledge.schema import CITIES
from app.web.render import CITY_COOKIE, NO_CITY  # noqa: F401 - one wording for both pickers


def known_city(value: str | None) -> str:
    """'苏州' or '苏州市' → '苏州市'; anything that is not one of the 13 cities → ''."""
    v = str(value or "").strip()
    if v in CITIES:
        return v
    return v + "市" if v and v + "市" in CITIES else ""


def remembered_city(state: rx.State) -> str:
    """The city this browser remembered (cookie ``mz_city``), or '' when none or not a known city."""
    from app.ui.session import cookie_value

    try:
        raw = cookie_value(state.router.headers.cookie, CITY_COOKIE) or ""
    except Exception:  # noqa: BLE001 - no request headers (e.g. a background task): no city
        return ""
    return known_city(unquote(raw))


def remember_city_script(city: str) -> str:
    """Browser script that remembers (or, for '', forgets) the city for a year."""
    v = json.dumps(known_city(city))
    return ("try{localStorage.setItem('mz_city'," + v + ")}catch(e){};"
            "document.cookie='mz_city='+encodeURIComponent(" + v + ")+';path=/;max-age=31536000;SameSite=Lax';")


def city_picker(value, on_change, *, label: str = "老人户籍所在的城市", select_id: str = "city",
                class_name: str = "city-picker") -> rx.Component:
    """A labelled select of the 13 cities (plus 'no city'); ``on_change`` gets the chosen city."""
    return rx.el.div(
        rx.el.label(label, html_for=select_id, class_name="city-label"),
        rx.el.select(
            rx.el.option(NO_CITY, value=""),
            *[rx.el.option(c, value=c) for c in CITIES],
            id=select_id, name="city", value=value, on_change=on_change,
            class_name="input city-select",
        ),
        class_name=class_name,
    )
