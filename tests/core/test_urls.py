"""The page addresses of ``app.core.urls``: the same strings the pages were built with by hand before."""

from __future__ import annotations

from app.core import urls


def test_knowledge_base_pages():
    assert urls.service_url("MZ-ZLJ-01") == "/services/MZ-ZLJ-01"
    assert urls.service_url("MZ-ZLJ-01", "faq-2") == "/services/MZ-ZLJ-01#faq-2"
    assert urls.faq_url("MZ-ZLJ-01", 2) == urls.faq_url("MZ-ZLJ-01", "2") == "/services/MZ-ZLJ-01#faq-2"
    assert urls.bundle_url("YJS-CJRBT") == "/bundles/YJS-CJRBT"
    assert urls.policy_url("P1") == "/policies/P1"
    assert urls.check_url("MZ-ZLJ-01") == "/eligibility/MZ-ZLJ-01"
    assert urls.is_service_url("/services/MZ-1#faq-1") and not urls.is_service_url("/bundles/B")


def test_search_and_city_quote_what_a_person_typed():
    assert urls.search_url("尊老金 怎么领") == "/search?q=%E5%B0%8A%E8%80%81%E9%87%91%20%E6%80%8E%E4%B9%88%E9%A2%86"
    assert urls.with_city("/services/A#faq-1", "南京市") == "/services/A?city=%E5%8D%97%E4%BA%AC%E5%B8%82#faq-1"
    assert urls.with_city("/services/A", "") == "/services/A"
    assert urls.with_city("/policies/P", "南京市") == "/policies/P"


def test_applying_and_signing_in():
    assert urls.apply_url("MZ-1") == "/apply/MZ-1"
    assert urls.apply_url("MZ-1", for_person="7") == "/apply/MZ-1?for=7"
    assert urls.apply_url("MZ-1", bundle="YJS-1") == "/apply/MZ-1?bundle=YJS-1"
    assert urls.application_url(7) == "/application/7"
    assert urls.application_url(7, step=0) == "/application/7?step=0"
    assert urls.application_url(7, step="check") == "/application/7?step=check"
    assert urls.application_url(7, step=2, return_to="check") == "/application/7?step=2&return=check"
    assert urls.application_url(7, done=True) == "/application/7?done=1"
    assert urls.login_url() == "/login"
    assert urls.login_url(urls.ME) == "/login?next=/me"
    assert urls.family_url() == "/family"
    assert urls.family_url(service="MZ-1") == "/family?service=MZ-1"
    assert urls.family_url(done="requested", service="MZ-1") == "/family?done=requested&service=MZ-1"
    assert urls.family_request_url() == "/family/request"
    assert urls.family_request_url("MZ-1") == "/family/request?service=MZ-1"
    assert urls.family_act_url("7") == "/family/act?for=7"
    assert urls.consent_url("abc") == "/consent?t=abc"
    assert urls.calculator_url() == "/calculator"
    assert urls.calculator_url(mode="elder") == "/calculator?mode=elder"


def test_the_agents_console():
    assert urls.agent_order_url(5) == "/agent/orders/5"
    assert urls.agent_orders_url() == "/agent/orders"
    assert urls.agent_orders_url(status="open") == "/agent/orders?status=open"
    assert urls.agent_orders_url(overdue=True) == "/agent/orders?overdue=1"


def test_routes_are_built_by_the_same_functions():
    assert urls.SERVICE_ROUTE == "/services/[service_code]"
    assert urls.APPLICATION_ROUTE == "/application/[app_id]"
    assert urls.AGENT_ORDER_ROUTE == "/agent/orders/[order_id]"
    assert len(set(urls.ROUTES)) == len(urls.ROUTES)
    assert urls.route_regex(urls.CHECK_ROUTE).pattern == r"^/eligibility/([^/]+)/?$"


def test_a_page_may_pass_reflex_vars_and_gets_the_address_built_in_the_browser():
    import reflex as rx

    code = rx.Var.create("MZ-1")  # stands for a state field: the functions only concatenate
    out = urls.apply_url(code, bundle=rx.Var.create("YJS-1"))
    assert isinstance(out, rx.Var)
    assert "/apply/" in str(out) and "?bundle=" in str(out)
