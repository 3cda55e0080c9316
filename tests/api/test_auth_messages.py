"""Sign-in messages say where the code went: after a wrong code the page names the masked phone
of the sign-in this browser started — never "1", never another browser's phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from app.core.web import PENDING_COOKIE
from tests.security.conftest import SITE, db, http  # noqa: F401  (db is a fixture)

PHONE = "13812345678"


def _query(resp) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(resp.headers["location"]).query).items()}


@pytest.mark.usefixtures("db")
def test_a_wrong_code_names_the_masked_phone_it_was_sent_to():
    browser = http()
    r = browser.post("/api/auth/request-code", data={"phone": PHONE}, headers={"Origin": SITE})
    assert r.status_code == 303 and r.cookies.get(PENDING_COOKIE)
    r = browser.post("/api/auth/verify", data={"code": "000000"}, headers={"Origin": SITE})
    q = _query(r)
    assert q["field"] == "code" and q["error"]
    assert q["sent"] == "138****5678"


@pytest.mark.usefixtures("db")
def test_a_wrong_code_from_a_browser_with_a_forged_reference_names_no_phone():
    http().post("/api/auth/request-code", data={"phone": PHONE}, headers={"Origin": SITE})
    attacker = http()
    attacker.cookies.set(PENDING_COOKIE, "1.forged")
    q = _query(attacker.post("/api/auth/verify", data={"code": "000000"}, headers={"Origin": SITE}))
    assert "5678" not in q.get("sent", "")
