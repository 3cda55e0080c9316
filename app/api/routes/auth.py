"""Sign-in by phone + one-time code, as plain HTML form posts (work without JavaScript).

The session token is set here as an HttpOnly, SameSite=Lax cookie, Secure in production; pages
never see it. The browser that asks for a code gets a random reference to *its* challenge in a
cookie (never the phone number): only that browser can finish the sign-in, and in development
only that browser, on this machine, sees the code. Errors go back to /login with a message the
page shows in an error summary. ``next`` is only ever a local path (no open redirect). Both
posts are state-changing: the same-origin guard (``app.api.guard``) refuses foreign origins.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from app.core import urls
from app.core.config import get_settings
from app.core.storage_errors import storage_problem, user_message
from app.core.web import PENDING_COOKIE, SESSION_COOKIE, cookie_value, engine, token_from_cookie_header
from app.identity.service import AuthError, pending_phone_masked, sign_out, start_sign_in, verify_challenge

MAX_FIELD_CHARS = 64


def _safe_next(value: str | None) -> str:
    v = (value or urls.ME)[:300]
    return v if v.startswith("/") and not v.startswith("//") and "\\" not in v else urls.ME


def _back(params: dict) -> RedirectResponse:
    return RedirectResponse(urls.LOGIN + "?" + urlencode(params, quote_via=quote), status_code=303)


def client_key(request: Request) -> str:
    """The client's address (the socket peer; X-Forwarded-For only through trusted proxies)."""
    hops = get_settings().trusted_proxy_hops
    if hops:
        forwarded = [p.strip() for p in request.headers.get("x-forwarded-for", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return "ip:" + forwarded[-hops]
    return "ip:" + (request.client.host if request.client else "unknown")


async def post_request_code(request: Request) -> RedirectResponse:
    form = await request.form()
    nxt = _safe_next(str(form.get("next", "")))
    phone = str(form.get("phone", ""))[:MAX_FIELD_CHARS]
    try:
        if not phone.strip():
            raise AuthError("请输入11位手机号码，例如 13812345678。")
        masked, ref = await run_in_threadpool(start_sign_in, engine(), phone, client_key(request))
    except AuthError as exc:
        return _back({"error": str(exc), "field": "phone", "next": nxt})
    except Exception as exc:  # the storage failed (disk full, database down): say so on the form, in Chinese
        if not storage_problem(exc):
            raise
        return _back({"error": user_message(exc), "field": "phone", "next": nxt})
    resp = _back({"sent": masked, "next": nxt})
    resp.set_cookie(PENDING_COOKIE, ref, max_age=get_settings().otp_ttl_seconds, httponly=True,
                    secure=get_settings().secure_cookies, samesite="lax", path="/")
    return resp


async def post_verify(request: Request) -> RedirectResponse:
    form = await request.form()
    ref = cookie_value(request.headers.get("cookie", ""), PENDING_COOKIE) or ""
    code, nxt = str(form.get("code", ""))[:MAX_FIELD_CHARS], _safe_next(str(form.get("next", "")))
    if not ref:
        return _back({"error": "验证码已过期或还没有发送，请重新获取验证码。", "field": "phone", "next": nxt})
    try:
        token, _account = await run_in_threadpool(verify_challenge, engine(), ref, code)
    except Exception as exc:
        if not isinstance(exc, AuthError):
            if not storage_problem(exc):
                raise
            return _back({"error": user_message(exc), "field": "code", "next": nxt})
        sent = await run_in_threadpool(pending_phone_masked, engine(), ref)
        return _back({"error": str(exc), "field": "code", "sent": sent or "您的手机", "next": nxt})
    resp = RedirectResponse(nxt, status_code=303)
    resp.delete_cookie(PENDING_COOKIE, path="/")
    resp.set_cookie(SESSION_COOKIE, token, max_age=get_settings().session_days * 86400, httponly=True,
                    secure=get_settings().secure_cookies, samesite="lax", path="/")
    return resp


async def post_sign_out(request: Request) -> RedirectResponse:
    await run_in_threadpool(sign_out, engine(), token_from_cookie_header(request.headers.get("cookie", "")))
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


routes = [
    Route("/api/auth/request-code", post_request_code, methods=["POST"]),
    Route("/api/auth/verify", post_verify, methods=["POST"]),
    Route("/api/auth/sign-out", post_sign_out, methods=["POST"]),
]
