"""The server-rendered knowledge-base pages (app/web) and the middleware that serves them
(app/api/prerender.py): content in the HTML, escaping, kind 404s, odd queries, cache headers."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from app.applications.eligibility import material_line
from app.web import render, views
from app.web.shell import inject

SHELL = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charSet="utf-8"/></head><body>'
         '<div title="Connection Error: "></div><script>window.x=1</script></body></html>')
HOME = ('<!DOCTYPE html><html lang="zh-CN"><head><title>民政一键通</title></head><body><div class="site">'
        '<a class="skip-link" href="/#main">跳到主要内容</a><header class="site-header">HEADER</header>'
        '<main class="site-main" id="main"><h1>home</h1></main><footer class="site-footer">FOOTER</footer>'
        '</div></body></html>')


@pytest.fixture(scope="module")
def kb():
    return views.kb()


class Outline(HTMLParser):
    """Headings (level, text), whether a raw <script> appeared, and the ids used."""

    def __init__(self):
        super().__init__()
        self.headings: list[list] = []
        self.scripts = 0
        self.ids: list[str] = []
        self._in: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        if dict(attrs).get("id"):
            self.ids.append(dict(attrs)["id"])
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._in = [int(tag[1]), ""]
            self.headings.append(self._in)

    def handle_endtag(self, tag):
        if len(tag) == 2 and tag[0] == "h":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in[1] += data


def outline(html: str) -> Outline:
    p = Outline()
    p.feed(html)
    return p


def assert_headings_in_order(html: str) -> None:
    levels = [h[0] for h in outline(html).headings]
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    for a, b in zip(levels, levels[1:], strict=False):
        assert b <= a + 1, f"heading jumps from h{a} to h{b}: {levels}"


# ------------------------------------------------------------------------------ every guide

def test_the_html_of_every_guide_holds_its_conditions_and_materials(kb):
    assert len(kb.services) >= 10
    for code, svc in kb.services.items():
        r = render.guide(code)
        assert r.status == 200, code
        assert svc.conditions and svc.materials, code
        for c in svc.conditions:
            assert escape(c) in r.main, f"{code}: condition missing: {c}"
        for m in svc.materials:
            assert escape(material_line(m)) in r.main, f"{code}: material missing: {m.name}"
        for s in svc.steps:
            assert escape(s.detail) in r.main, f"{code}: step missing: {s.name}"
        for f in svc.faqs:
            assert escape(f.q) in r.main and escape(f.a) in r.main, f"{code}: FAQ missing: {f.q}"
        assert f"<h1>{escape(svc.name)}</h1>" in r.main
        assert_headings_in_order(r.main)
        assert outline(r.main).scripts == 0


def test_a_city_shows_that_citys_facts_and_an_unknown_city_the_province(kb):
    r = render.guide("MZ-ZLJ-01", "南京")
    assert "下面是南京的信息。" in r.main or "还没有找到南京的公开资料" in r.main
    assert "南京市的标准" in r.main or "当地的做法" in r.main
    assert "选择老人户籍所在的城市" in render.guide("MZ-ZLJ-01", "火星").main


def test_the_city_note_names_whose_huji_and_the_booking_note_says_it_once(kb):
    # "老人户籍所在的城市" was on every guide, 低保 and 结婚登记 included
    assert "选择户籍所在的城市" in render.guide("MZ-DB-01", "").main
    assert "老人户籍" not in render.guide("MZ-DB-01", "").main
    hy = render.guide("MZ-HY-01", "").main
    assert "可以先在网上预约：" in hy and "网上预约：网上预约" not in hy


def test_a_guide_whose_window_time_can_be_booked_links_to_the_booking_page(kb):
    from app.appointments.offices import BOOKABLE

    assert "MZ-HY-01" in BOOKABLE
    for code in kb.services:
        linked = '<a class="button button-secondary" href="/booking">预约登记时间</a>' in render.guide(code).main
        assert linked == (code in BOOKABLE), code


def test_every_bundle_and_policy_renders_with_its_title(kb):
    for code, b in kb.bundles.items():
        r = render.bundle(code)
        assert r.status == 200 and f"<h1>{escape(b.name)}</h1>" in r.main, code
        assert_headings_in_order(r.main)
    for pid, (p, _t) in kb.policies.items():
        r = render.policy(pid)
        assert r.status == 200 and f"<h1>{escape(p.title)}</h1>" in r.main, pid
        assert escape(p.summary) in r.main
        assert_headings_in_order(r.main)


# ------------------------------------------------------------------------------ escaping, 404

def test_a_kb_string_with_a_script_tag_is_escaped(kb, monkeypatch):
    svc = kb.services["MZ-ZLJ-01"]
    evil = '<script>alert("x")</script>'
    monkeypatch.setitem(kb.services, "MZ-ZLJ-01", svc.model_copy(update={
        "name": "尊老金" + evil, "conditions": [evil + "年满80周岁"], "summary": evil}))
    r = render.guide("MZ-ZLJ-01")
    assert "<script>" not in r.main
    assert escape(evil) in r.main
    assert outline(r.main).scripts == 0
    assert "<script>" not in inject(SHELL, r, render.DEFAULT_CHROME).split("<body>", 1)[1].split("<div title")[0]


@pytest.mark.parametrize("fn,what", [(render.guide, "办事事项"), (render.bundle, "一件事"), (render.policy, "政策")])
def test_an_unknown_code_is_a_kind_chinese_404(fn, what):
    r = fn('NOPE"><script>x</script>')
    assert r.status == 404
    assert f"<h1>没有找到这个{what}</h1>" in r.main
    assert 'action="/search"' in r.main and 'href="/"' in r.main


@pytest.mark.parametrize("q", ["尊老金" * 3000, "<script>alert(1)</script>", "%", "\x00\ufffd", "🙂🙂", "   ", "a" * 501])
def test_long_or_odd_queries_are_handled(q):
    r = render.search(q)
    assert r.status == 200
    assert "<script>alert" not in r.main
    assert 'name="q"' in r.main
    assert_headings_in_order(r.main)
    assert len(r.main) < 200_000


def test_search_results_come_from_the_engine_grouped_like_the_search_page():
    r = render.search("尊老金怎么领")
    assert "找到 " in r.main and '<h2 class="group-title">服务</h2>' in r.main
    assert 'href="/services/MZ-ZLJ-01"' in r.main
    assert "<mark>" in r.main
    assert r.ready.split(" && ")[0] == render.READY_RESULTS


def test_the_direct_answer_is_in_the_html_as_the_search_page_shows_it():
    """The search page's answer box (app/ui/answer_components.py) is in the server's block: read
    without JavaScript, and no jump (nor a later, larger paint) when the hydrated page takes over."""
    a = views.answer_view("尊老金", "")
    r = render.search("尊老金")
    assert a is not None and a.lines
    assert '<div id="answer-slot"><section class="brief-box answer-box" id="answer"' in r.main
    assert r.main.index('id="answer-slot"') < r.main.index('id="search-results"')
    for line in a.lines:
        assert f'<p class="answer-line">{escape(line)}</p>' in r.main
    assert r.ready == render.READY_RESULTS + " && " + render.READY_ANSWER
    # its city picker: a GET form to the search itself, the query kept
    assert 'action="/search"' in r.main and '<input type="hidden" name="q" value="尊老金"/>' in r.main
    assert '<select id="answer-city" name="city" class="input city-select">' in r.main
    # a city: the one the query names wins over the reader's
    assert views.answer_view("南京尊老金", "苏州市").city == "南京市"
    assert views.answer_view("尊老金", "苏州").city == "苏州市"
    assert '<option value="苏州市" selected>' in render.search("尊老金", "苏州市").main
    assert_headings_in_order(r.main)


def test_no_direct_answer_leaves_an_empty_slot_and_waits_for_results_only():
    assert views.answer_view("%ZZ<script>") is None  # garbage: the page's box shows nothing either
    r = render.search("%ZZ<script>")
    assert '<div id="answer-slot"></div>' in r.main and r.ready == render.READY_RESULTS
    assert 'id="answer"' not in r.main


def test_the_form_texts_mirror_the_ui_texts():
    from app.ui import text

    assert (render.SEARCH_LABEL, render.SEARCH_PLACEHOLDER, render.SEARCH_BUTTON, render.SKIP_LINK, render.SITE_NAME) == (
        text.SEARCH_LABEL, text.SEARCH_PLACEHOLDER, text.SEARCH_BUTTON, text.SKIP_LINK, text.SITE_NAME)
    from app.ui import answer_components as box

    assert (render.ANSWER_TITLE, render.ANSWER_FROM, render.ANSWER_UNSURE, render.ANSWER_CITY_LABEL) == (
        box.TITLE, box.FROM, box.UNSURE_NOTE, box.CITY_LABEL)


# ------------------------------------------------------------------------------ shell and chrome

def test_the_block_goes_first_in_body_and_the_header_and_footer_come_from_the_home_page():
    chrome = render.chrome_from(HOME)
    assert "HEADER" in chrome.before and 'href="#main"' in chrome.before and "/#main" not in chrome.before
    assert "FOOTER" in chrome.after and "home" not in chrome.before + chrome.after
    html = inject(SHELL, render.guide("MZ-ZLJ-01"), chrome, "elder")
    assert '<body><div id="mz-pre" data-mz-ready="main h1:not(:empty)">' in html
    assert html.index("</head>") < html.index("<body>") and '<script src="/js/prerender.js" defer></script>' in html
    assert "<title>尊老金申领 · 民政一键通</title>" in html
    assert '<html lang="zh-CN" class="elder" data-mode="elder">' in html
    assert html.endswith('<div title="Connection Error: "></div><script>window.x=1</script></body></html>')
    assert inject("not html", render.guide("MZ-ZLJ-01"), chrome) is None
    assert render.chrome_from("<p>no site</p>") == render.DEFAULT_CHROME


def test_a_shell_with_its_own_title_keeps_it():
    html = inject(HOME, render.search("低保"), render.DEFAULT_CHROME)
    assert html.count("<title>") == 1 and "<title>民政一键通</title>" in html


# ------------------------------------------------------------------------------ the middleware

async def fake_reflex(scope, receive, send):
    """What Reflex's static files answer: the home page, a prerendered search page, the fallback."""
    path = scope["path"]
    if path.startswith("/assets/"):
        body, ctype = b"console.log(1)", b"text/javascript"
    elif path.startswith("/api/"):
        body, ctype = b"{}", b"application/json"
    else:
        body, ctype = (HOME if path == "/" else SHELL).encode(), b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", ctype), (b"etag", b'"abc"')]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture()
def client():
    from app.api.prerender import prerender

    return TestClient(prerender(fake_reflex), base_url="http://127.0.0.1")


def test_a_guide_is_served_with_its_content_and_short_caching(client, kb):
    res = client.get("/services/MZ-ZLJ-01", headers={"Accept": "text/html"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    for c in kb.services["MZ-ZLJ-01"].conditions:
        assert escape(c) in res.text
    assert "HEADER" in res.text and "FOOTER" in res.text  # the home page's chrome
    assert res.headers["cache-control"] == "no-cache" and res.headers["etag"]
    again = client.get("/services/MZ-ZLJ-01", headers={"If-None-Match": res.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    # curl sends */*: it gets the same HTML
    assert escape(kb.services["MZ-ZLJ-01"].conditions[0]) in client.get("/services/MZ-ZLJ-01",
                                                                         headers={"Accept": "*/*"}).text


def test_unknown_codes_are_404_pages_and_json_clients_are_left_alone(client):
    res = client.get("/services/NOPE")
    assert res.status_code == 404 and "没有找到这个办事事项" in res.text and "<!DOCTYPE html>" in res.text
    res = client.get("/services/MZ-ZLJ-01", headers={"Accept": "application/json"})
    assert res.text == SHELL


def test_search_without_javascript_and_the_home_forms_redirect(client):
    res = client.get("/search", params={"q": "低保怎么申请"})
    assert res.status_code == 200 and "找到 " in res.text and 'value="低保怎么申请"' in res.text
    res = client.get("/", params={"q": " 尊老金 "}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/search?q=%E5%B0%8A%E8%80%81%E9%87%91"
    assert client.get("/search").text == SHELL  # no query: Reflex's own page
    assert client.get("/search", params={"q": "%ZZ<script>" * 400}).status_code == 200


def test_hashed_assets_are_immutable_and_other_responses_revalidate(client):
    assert client.get("/assets/entry-abc123.js").headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/api/health").headers["cache-control"] == "no-cache"
    assert client.get("/").headers["cache-control"] == "no-cache"


def test_elder_mode_from_the_cookie_or_the_link_is_in_the_html(client):
    assert 'class="elder"' in client.get("/services/MZ-ZLJ-01?mode=elder").text
    client.cookies.set("mz_mode", "elder")
    assert 'class="elder"' in client.get("/bundles/YJS-CJRBT").text
    client.cookies.set("mz_mode", "standard")
    assert 'class="elder"' not in client.get("/bundles/YJS-CJRBT").text


def test_the_city_cookie_picks_the_guides_city(client):
    client.cookies.set("mz_city", "%E5%8D%97%E4%BA%AC%E5%B8%82")
    assert "南京" in client.get("/services/MZ-ZLJ-01").text.split("先看这里", 1)[1][:2000]


def test_the_answers_city_comes_from_the_picker_or_the_cookie_and_is_remembered(client):
    res = client.get("/search", params={"q": "尊老金", "city": "苏州市"})
    assert '<option value="苏州市" selected>' in res.text
    assert res.headers["set-cookie"].startswith("mz_city=%E8%8B%8F%E5%B7%9E%E5%B8%82;")
    client.cookies.clear()
    client.cookies.set("mz_city", "%E5%8D%97%E4%BA%AC%E5%B8%82")
    res = client.get("/search", params={"q": "尊老金"})
    assert '<option value="南京市" selected>' in res.text and "set-cookie" not in res.headers


def test_the_shell_is_read_even_where_the_server_offers_pathsend(tmp_path):
    """granian offers ``http.response.pathsend``: Starlette's FileResponse would send a path, not bytes."""
    from app.api.prerender import prerender

    shell = tmp_path / "shell.html"
    shell.write_text(SHELL, encoding="utf-8")

    async def files(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        if "http.response.pathsend" in (scope.get("extensions") or {}):
            await send({"type": "http.response.pathsend", "path": str(shell)})
        else:
            await send({"type": "http.response.body", "body": SHELL.encode()})

    inner = prerender(files)

    async def server(scope, receive, send):
        await inner({**scope, "extensions": {"http.response.pathsend": {}}}, receive, send)

    res = TestClient(server, base_url="http://127.0.0.1").get("/services/MZ-ZLJ-01")
    assert '<body><div id="mz-pre"' in res.text and '<div title="Connection Error: "></div>' in res.text


def test_the_shell_comes_from_real_static_files_that_listen_for_a_disconnect(tmp_path):
    """Starlette's file and streaming responses read ``receive`` until ``http.disconnect``: the
    shell request must give them one, once the response is done (not spin on http.request)."""
    from starlette.applications import Starlette
    from starlette.responses import StreamingResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from app.api.prerender import prerender

    (tmp_path / "index.html").write_text(HOME, encoding="utf-8")

    async def stream(request):
        async def chunks():
            yield SHELL.encode()
        return StreamingResponse(chunks(), media_type="text/html")

    files = Starlette(routes=[Route("/services/{code}", stream),
                              Mount("/", StaticFiles(directory=tmp_path, html=True))])
    res = TestClient(prerender(files), base_url="http://127.0.0.1").get("/services/MZ-ZLJ-01")
    assert res.status_code == 200 and '<body><div id="mz-pre"' in res.text and "HEADER" in res.text
