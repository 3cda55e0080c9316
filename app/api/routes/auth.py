"""Sign-in by phone + one-time code, as plain HTML form posts (work without JavaScript).

The session token is set here as a Secure (in production), HttpOnly, SameSite=Lax cookie;
pages never see it. Errors go back to /login with a message the page shows in an error
summary. ``next`` is only ever a local path (no open redirect).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from app.core.config import get_settings
from app.identity.service import AuthError, request_code, sign_out, verify_code
from app.ui.session import PENDING_PHONE_COOKIE, SESSION_COOKIE, cookie_value, engine, token_from_cookie_header


def _safe_next(value: str | None) -> str:
    v = value or "/me"
    return v if v.startswith("/") and not v.startswith("//") and "\\" not in v else "/me"


def _back(params: dict) -> RedirectResponse:
    return RedirectResponse("/login?" + urlencode(params, quote_via=quote), status_code=303)


async def post_request_code(request: Request) -> RedirectResponse:
    form = await request.form()
    phone = str(form.get("phone", "")) or cookie_value(request.headers.get("cookie", ""), PENDING_PHONE_COOKIE) or ""
    nxt = _safe_next(str(form.get("next", "")))
    try:
        masked = request_code(engine(), phone)
    except AuthError as exc:
        return _back({"error": str(exc), "field": "phone", "next": nxt})
    # The phone number waits in an http-only cookie, not in the URL (URLs end up in logs).
    resp = _back({"sent": masked, "next": nxt})
    resp.set_cookie(PENDING_PHONE_COOKIE, phone.strip(), max_age=get_settings().otp_ttl_seconds, httponly=True,
                    secure=get_settings().cookie_secure, samesite="lax", path="/")
    return resp


async def post_verify(request: Request) -> RedirectResponse:
    form = await request.form()
    phone = cookie_value(request.headers.get("cookie", ""), PENDING_PHONE_COOKIE) or ""
    code, nxt = str(form.get("code", "")), _safe_next(str(form.get("next", "")))
    if not phone:
        return _back({"error": "验证码已过期或还没有发送，请重新获取验证码。", "field": "phone", "next": nxt})
    try:
        token, account = verify_code(engine(), phone, code)
    except AuthError as exc:
        return _back({"error": str(exc), "field": "code", "sent": "1", "next": nxt})
    resp = RedirectResponse(nxt, status_code=303)
    resp.delete_cookie(PENDING_PHONE_COOKIE, path="/")
    resp.set_cookie(SESSION_COOKIE, token, max_age=get_settings().session_days * 86400, httponly=True,
                    secure=get_settings().cookie_secure, samesite="lax", path="/")
    return resp


async def post_sign_out(request: Request) -> RedirectResponse:
    sign_out(engine(), token_from_cookie_header(request.headers.get("cookie", "")))
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


routes = [
    Route("/api/auth/request-code", post_request_code, methods=["POST"]),
    Route("/api/auth/verify", post_verify, methods=["POST"]),
    Route("/api/auth/sign-out", post_sign_out, methods=["POST"]),
]
