"""GET /api/health — liveness, what the knowledge base holds, and the parts the product leans on.

For run scripts, load balancers and operators. ``checks`` says, for each part, one word:
``ok``, ``down``, ``not configured`` (the embedded default has no Redis) or ``client missing``
(REDIS_URL set but the Python client not installed). Nothing else leaks: no address, no version,
no error text (those are in the server's own log).

``status`` is ``ok`` while the product can serve citizens, i.e. while its database answers; a
missing assistant or Redis only degrades it (chat answers from search) and is listed in
``degraded``. A database that does not answer makes ``status`` ``down`` and the answer 503, so a
load balancer stops sending citizens to this worker.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.core import web
from app.core.config import get_settings
from app.search.engine import get_engine

log = logging.getLogger(__name__)

DB_TIMEOUT_S = 3.0
REDIS_TIMEOUT_S = 0.5
RASA_TIMEOUT_S = 1.0
OK, DOWN, NOT_CONFIGURED, CLIENT_MISSING = "ok", "down", "not configured", "client missing"


def _query_database() -> None:
    from sqlalchemy import text

    with web.engine().connect() as conn:
        conn.execute(text("SELECT 1")).scalar_one()


async def check_database() -> str:
    try:
        await asyncio.wait_for(run_in_threadpool(_query_database), DB_TIMEOUT_S)
        return OK
    except Exception as exc:  # noqa: BLE001 - any failure is "down"; the cause goes to the log only
        log.warning("health: database check failed (%s)", type(exc).__name__)
        return DOWN


async def check_redis() -> str:
    url = get_settings().redis_url
    if not url:
        return NOT_CONFIGURED
    try:
        import redis.asyncio as aioredis
    except ImportError:
        return CLIENT_MISSING
    client = aioredis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S)
    try:
        return OK if await asyncio.wait_for(client.ping(), REDIS_TIMEOUT_S * 2) else DOWN
    except Exception as exc:  # noqa: BLE001
        log.warning("health: redis check failed (%s)", type(exc).__name__)
        return DOWN
    finally:
        await client.aclose()


async def _rasa_up(client, base: str) -> bool:
    try:
        return (await client.get(base.rstrip("/") + "/")).status_code == 200
    except Exception as exc:  # noqa: BLE001
        log.warning("health: rasa check failed (%s)", type(exc).__name__)
        return False


async def check_rasa() -> str:
    """Each configured Rasa server's root endpoint (``GET /`` answers "Hello from Rasa" without the
    API token). RASA_URL may list several servers (comma-separated): ``ok`` when all answer,
    ``down`` when none does, else ``partial n/m`` (how many, never which address)."""
    bases = [u.strip() for u in get_settings().rasa_url.split(",") if u.strip()]
    if not bases:
        return NOT_CONFIGURED
    import httpx

    async with httpx.AsyncClient(timeout=RASA_TIMEOUT_S) as client:
        up = sum(await asyncio.gather(*(_rasa_up(client, b) for b in bases)))
    if up == len(bases):
        return OK
    return DOWN if up == 0 else f"partial {up}/{len(bases)}"


async def health(_request: Request) -> JSONResponse:
    kb = get_engine().kb
    database, redis, rasa = await asyncio.gather(check_database(), check_redis(), check_rasa())
    checks = {"database": database, "redis": redis, "rasa": rasa}
    degraded = [name for name, value in checks.items() if value not in {OK, NOT_CONFIGURED} and name != "database"]
    status = "ok" if database == OK else "down"
    return JSONResponse({"status": status, "checks": checks, "degraded": degraded,
                         "kb": {"hash": kb.content_hash, "services": len(kb.services), "faqs": len(kb.faqs)}},
                        status_code=200 if database == OK else 503, headers={"cache-control": "no-store"})


routes = [Route("/api/health", health, methods=["GET"])]
