"""The product's page addresses: the one place that knows them.

Every link, redirect, form action and source URL the app builds comes from here, and every page
registers its route from here (``app/ui/pages``). ``tests/test_page_urls.py`` fails on a page
address written anywhere else in ``app/``.

The bot (``bot/actions``) and the kiosk (``voice/``) never import app code: they receive the
addresses in the data the app's REST API sends them (a guide's ``url``, ``apply_url`` and
``check_url``, a match's ``guide_url``). The one address the bot names by itself, the calculator,
is a documented mirror (``bot/actions/discover.py`` ``CALCULATOR_URL``) that the same test
compares with this module.

The functions only concatenate with ``+``: a page may pass a Reflex ``Var`` (a ``StringVar``
concatenates like a ``str``) and gets a ``Var`` back, the address then being built in the browser.
So nothing here formats or quotes, except :func:`search_url` and :func:`with_city`, which take what
a person typed. A
caller that puts a code into HTML escapes and quotes it itself, as ``app/web`` does.
"""

from __future__ import annotations

import re

HOME = "/"
SEARCH = "/search"
CALCULATOR = "/calculator"
CHAT = "/chat"
KIOSK = "/kiosk"
LOGIN = "/login"
#: 我的办件: the citizen's own applications (where a sign-in goes by default).
ME = "/me"
FOR_YOU = "/for-you"
BOOKING = "/booking"
VISIT = "/visit"
FAMILY = "/family"
FAMILY_REQUEST = "/family/request"
FAMILY_AUTHORIZE = "/family/authorize"
FAMILY_ME = "/family/me"
FAMILY_ACT = "/family/act"
CONSENT = "/consent"
STAFF = "/staff"
AGENT = "/agent"
AGENT_ORDERS = "/agent/orders"
AGENT_SUPERVISOR = "/agent/supervisor"
AGENT_OUTREACH = "/agent/outreach"

_SERVICES = "/services/"
_BUNDLES = "/bundles/"
_POLICIES = "/policies/"
_CHECKS = "/eligibility/"
_APPLY = "/apply/"
_APPLICATION = "/application/"
_AGENT_ORDER = AGENT_ORDERS + "/"


def _text(value):
    """A number as text; a ``str`` or a Reflex ``Var`` as it is (``str()`` of a ``Var`` is its code)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _query(url, *pairs):
    """``url`` with the ``(name, value)`` pairs whose value is not ``None``, in that order."""
    sep = "?"
    for name, value in pairs:
        if value is not None:
            url = url + (sep + name + "=" + _text(value))
            sep = "&"
    return url


# ---------------------------------------------------------------------------- knowledge-base pages

def service_url(code: str, section: str | None = None) -> str:
    """A service guide: ``/services/MZ-ZLJ-01``; with a section, ``/services/MZ-ZLJ-01#faq-2``."""
    url = _SERVICES + code
    return url if section is None else url + "#" + section


def faq_url(code: str, n: int | str) -> str:
    """The ``n``-th FAQ (from 1) on a service's guide: ``/services/MZ-ZLJ-01#faq-1``."""
    return service_url(code, "faq-" + _text(n))


def is_service_url(url: str) -> bool:
    """Whether ``url`` is a service guide's address (with or without a section)."""
    return url.startswith(_SERVICES)


def with_city(url: str, city: str) -> str:
    """A service guide's address for one city (``?city=``, quoted, before its section); any other
    address, or no city, as it is. Plain strings only."""
    if not city or not is_service_url(url):
        return url
    from urllib.parse import quote

    path, _, section = url.partition("#")
    return path + "?city=" + quote(city) + ("#" + section if section else "")


def bundle_url(code: str) -> str:
    """A 一件事 bundle: ``/bundles/YJS-CJRBT``."""
    return _BUNDLES + code


def policy_url(policy_id: str) -> str:
    """A policy: ``/policies/<id>``."""
    return _POLICIES + policy_id


def check_url(code: str) -> str:
    """测一测 for a service (its eligibility check, also the no-JS form's action): ``/eligibility/<code>``."""
    return _CHECKS + code


def search_url(query: str) -> str:
    """The search page for what a person typed (quoted here): ``/search?q=%E5%B0%8A…``."""
    from urllib.parse import quote

    return SEARCH + "?q=" + quote(query)


def calculator_url(*, mode: str | None = None) -> str:
    """The policy calculator; ``mode="elder"`` opens it in 长辈版 (the kiosk's link)."""
    return _query(CALCULATOR, ("mode", mode))


# ---------------------------------------------------------------------------- applying

def apply_url(code: str, *, for_person: str | None = None, bundle: str | None = None) -> str:
    """Start an application: ``/apply/<code>``; for a family member (``?for=<person id>``) or as the
    first item of a bundle (``?bundle=<code>``)."""
    return _query(_APPLY + code, ("for", for_person), ("bundle", bundle))


def application_url(app_id: int | str, *, step: int | str | None = None, return_to: str | None = None,
                    done: bool = False) -> str:
    """One application: ``/application/7``; a step of its form (``?step=2``, ``?step=check``), a step
    opened from the check-answers page (``return_to="check"``), or its confirmation (``?done=1``)."""
    return _query(_APPLICATION + _text(app_id), ("step", step), ("return", return_to),
                  ("done", "1" if done else None))


def login_url(next_path: str | None = None) -> str:
    """The sign-in page, and where to go after it (``?next=/me``). ``next_path`` is put in as it is
    (a caller that passes a path with a query quotes it)."""
    return _query(LOGIN, ("next", next_path))


def family_url(*, done: str | None = None, service: str | None = None) -> str:
    """帮家人办: ``/family``; after a form (``?done=requested``), or for one service (``?service=<code>``)."""
    return _query(FAMILY, ("done", done), ("service", service))


def family_request_url(service: str | None = None) -> str:
    """申请为家人代办, for one service if given: ``/family/request?service=<code>``."""
    return _query(FAMILY_REQUEST, ("service", service))


def family_act_url(for_person: str) -> str:
    """为家人办理 for one principal: ``/family/act?for=<person id>``."""
    return _query(FAMILY_ACT, ("for", for_person))


def consent_url(token: str) -> str:
    """确认代办授权, the link sent to the person's phone: ``/consent?t=<one-time token>``."""
    return _query(CONSENT, ("t", token))


# ---------------------------------------------------------------------------- the agents' console

def agent_order_url(order_id: int | str) -> str:
    """One work order: ``/agent/orders/<id>``."""
    return _AGENT_ORDER + _text(order_id)


def agent_orders_url(*, status: str | None = None, overdue: bool = False) -> str:
    """The work-order list, filtered by status (``?status=open``) or to the overdue ones (``?overdue=1``)."""
    return _query(AGENT_ORDERS, ("status", status), ("overdue", "1" if overdue else None))


# ---------------------------------------------------------------------------- routes

SERVICE_ROUTE = service_url("[service_code]")
BUNDLE_ROUTE = bundle_url("[bundle_code]")
POLICY_ROUTE = policy_url("[policy_id]")
CHECK_ROUTE = check_url("[check_code]")
APPLY_ROUTE = apply_url("[service_code]")
APPLICATION_ROUTE = application_url("[app_id]")
AGENT_ORDER_ROUTE = agent_order_url("[order_id]")

#: Every page's route, as the pages register it (``[name]`` is a path parameter).
ROUTES: tuple[str, ...] = (
    HOME, SEARCH, CALCULATOR, CHAT, KIOSK, LOGIN, ME, FOR_YOU, BOOKING, VISIT,
    FAMILY, FAMILY_REQUEST, FAMILY_AUTHORIZE, FAMILY_ME, FAMILY_ACT, CONSENT, STAFF,
    AGENT, AGENT_ORDERS, AGENT_SUPERVISOR, AGENT_OUTREACH,
    SERVICE_ROUTE, BUNDLE_ROUTE, POLICY_ROUTE, CHECK_ROUTE, APPLY_ROUTE, APPLICATION_ROUTE, AGENT_ORDER_ROUTE,
)


def route_regex(route: str) -> re.Pattern[str]:
    """A route as a pattern for a request's path: each ``[name]`` one segment (captured), and an
    optional trailing slash. ``/services/[service_code]`` → ``^/services/([^/]+)/?$``."""
    parts = re.split(r"\[[^\]/]+\]", route)
    return re.compile("^" + "([^/]+)".join(re.escape(p) for p in parts).rstrip("/") + "/?$")
