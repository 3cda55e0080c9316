"""HTML of the public knowledge-base pages, rendered on the server from the knowledge base.

Plain semantic HTML with the Reflex pages' own classes (so app.css / elder.css style it the same
and the swap to the hydrated page barely moves anything), headings in order, and every string from
the knowledge base or the request escaped with :func:`html.escape`. Nothing here needs JavaScript:
the search box is a GET form to ``/search``, the guide's sections are all in the HTML, and
``details``/``summary`` open and close by themselves.

Each render returns a :class:`Rendered` (status, title, the ``<main>`` content, and the CSS
selector that says when the hydrated Reflex page has its own content — see assets/js/prerender.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from app.core import urls
from app.knowledge.schema import CITIES
from app.web import check_text, views
from app.web.views import Link

SITE_NAME = "民政一键通"
#: Mirrors app/ui/text.py (tests/web/test_render.py checks they stay the same).
SEARCH_LABEL = "您想办什么事？"
SEARCH_PLACEHOLDER = "例如：尊老金怎么领、低保申请条件、结婚登记预约"
SEARCH_BUTTON = "搜索"
SKIP_LINK = "跳到主要内容"
#: The guide's city picker (app/ui/city_components.py uses these too).
CITY_COOKIE = "mz_city"
NO_CITY = "不选（看全省规定）"
CITY_BUTTON = "看这个城市的信息"

#: The search page's direct answer (mirrors app/ui/answer_components.py; the test checks).
ANSWER_TITLE = "直接答复"
ANSWER_FROM = "出处："
ANSWER_UNSURE = "这个问题没有确切答复，下面的搜索结果也许有帮助。"
ANSWER_CITY_LABEL = "按城市看："

#: When the hydrated page has its content: its <h1> has text (guide, bundle, policy) or its
#: search results are rendered (and, where the block has a direct answer, its answer too:
#: prerender.js takes `` && `` as "all of these").
READY_TITLE = "main h1:not(:empty)"
READY_RESULTS = "#search-results > *"
READY_ANSWER = "#answer-slot > #answer"


def e(value) -> str:
    """Escape text and attribute values (quotes too)."""
    return escape(str(value if value is not None else ""), quote=True)


@dataclass(frozen=True)
class Rendered:
    status: int
    title: str
    main: str
    ready: str = READY_TITLE


# ------------------------------------------------------------------------------ small pieces

def _ul(items: list[str], cls: str = "") -> str:
    if not items:
        return ""
    c = f' class="{cls}"' if cls else ""
    return f"<ul{c}>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>"


def _link_li(link: Link) -> str:
    inner = f'<a href="{e(link.url)}">{e(link.title)}</a>' if link.url else f"<span>{e(link.title)}</span>"
    if link.note:
        inner += f'<span class="muted"> · {e(link.note)}</span>'
    return f"<li>{inner}</li>"


def _links(links: list[Link], cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<ul{c}>" + "".join(_link_li(x) for x in links) + "</ul>"


def _dl(rows: list[tuple[str, str]], cls: str, row_cls: str) -> str:
    return (f'<dl class="{cls}">' + "".join(f'<div class="{row_cls}"><dt>{e(a)}</dt><dd>{e(b)}</dd></div>'
                                            for a, b in rows) + "</dl>")


def _section(title: str, body: str, sid: str = "", *, read: bool = False) -> str:
    ident = f' id="{e(sid)}"' if sid else ""
    if read:
        head = (f'<div class="section-head"><h2>{e(title)}</h2><button type="button" '
                f'class="button button-secondary read-section" data-read="{e(sid)}">朗读这一段</button></div>')
    else:
        head = f"<h2>{e(title)}</h2>"
    return f'<section class="guide-section"{ident}>{head}{body}</section>'


def search_form(value: str = "") -> str:
    """The search box as a plain GET form: works without JavaScript (forms.js leaves forms with an
    ``action`` to the browser)."""
    return (f'<form class="search-form" role="search" action="{e(urls.SEARCH)}" method="get">'
            f'<label class="search-label" for="q">{e(SEARCH_LABEL)}</label>'
            '<div class="search-row">'
            f'<input id="q" name="q" type="search" value="{e(value)}" placeholder="{e(SEARCH_PLACEHOLDER)}" '
            'autocomplete="off" enterkeyhint="search" class="search-input" maxlength="500"/>'
            f'<button class="button" type="submit">{e(SEARCH_BUTTON)}</button></div></form>')


def city_picker(path: str, city: str, label: str) -> str:
    """The reader's city as a plain GET form to the page itself (``?city=`` shows that city and the
    server remembers it in ``mz_city``). The same label, select and classes as the Reflex picker;
    its button is only there without JavaScript (``<noscript>``): with scripts the choice applies at
    once (the hydrated page, or prerender.js before it), so the hand-over does not move the page."""
    opts = f'<option value="">{e(NO_CITY)}</option>' + "".join(
        f'<option value="{e(c)}"{" selected" if c == city else ""}>{e(c)}</option>' for c in CITIES)
    return (f'<form class="city-picker" method="get" action="{e(path)}">'
            f'<label for="city" class="city-label">{e(label)}</label>'
            f'<select id="city" name="city" class="input city-select">{opts}</select>'
            f'<noscript><button type="submit" class="button button-secondary city-apply">{e(CITY_BUTTON)}</button>'
            "</noscript></form>")


def not_found(what: str) -> Rendered:
    main = (f"<h1>没有找到这个{e(what)}</h1>"
            "<p>链接可能有误，或者内容已经调整。您可以搜索，或回到首页看看常办事项。</p>"
            + search_form() + f'<p><a class="button" href="{e(urls.HOME)}">回到首页</a></p>')
    return Rendered(404, f"没有找到这个{what} · {SITE_NAME}", main)


# ------------------------------------------------------------------------------ pages

def guide(code: str, city: str = "") -> Rendered:
    v = views.guide_view(code, city)
    if v is None:
        return not_found("办事事项")
    out = [f"<h1>{e(v.name)}</h1>"]
    out.append('<section class="brief-box" id="brief" aria-labelledby="brief-title" data-readaloud-first="1">'
               '<h2 id="brief-title" class="brief-title">先看这里</h2>'
               + _dl(v.brief, "brief", "brief-row")
               + city_picker(urls.service_url(quote(v.code)), v.city, v.city_label)
               + f'<p class="muted" aria-live="polite">{e(v.brief_city_note)}</p></section>')
    actions = []
    if v.online:
        actions.append(f'<a class="button" href="{e(urls.apply_url(quote(v.code)))}">在线办理</a>')
    else:
        actions.append('<p class="hint">这个事项暂不支持在线办理，请按下面的地点到窗口办理。</p>')
    if v.online:
        actions.append(f'<a class="button button-secondary" href="{e(urls.family_url(service=quote(v.code)))}">帮家人办</a>')
    if v.bookable:
        actions.append(f'<a class="button button-secondary" href="{e(urls.BOOKING)}">预约登记时间</a>')
    if v.has_check:
        actions.append(f'<a class="button button-secondary" href="{e(urls.check_url(quote(v.code)))}">先测一测能不能办</a>')
    out.append('<div class="actions">' + "".join(actions) + "</div>")
    if v.channel_note:
        out.append(f'<p class="hint channel-note">{e(v.channel_note)}</p>')
    out.append('<nav aria-labelledby="contents-title" class="contents">'
               '<h2 class="contents-title" id="contents-title">本页内容</h2>'
               + _links(v.contents, "contents-list") + "</nav>")
    out.append(_section("谁可以申请", _ul(v.conditions), "who", read=True))
    if v.amounts:
        body = _ul([v.amount_rule]) if v.amount_rule else ""
        if v.amount_city:
            body += f"<div><h3>{e(v.city)}的标准</h3>{_ul(v.amount_city)}</div>"
        if v.amount_others:
            summary = "其他地方的标准" if v.city else "各地的标准（举例）"
            body += f'<details class="faq"><summary>{e(summary)}</summary>{_ul(v.amount_others)}</details>'
        out.append(_section("标准", body, "amounts", read=True))
    if v.local_lines:
        if v.city:
            out.append(_section("当地的做法", _ul(v.local_lines), "local", read=True))
        else:
            out.append('<details class="faq" id="local"><summary>各地的做法（举例）</summary>'
                       + _ul(v.local_lines) + "</details>")
    materials = "".join(f'<li class="checklist-item"><input type="checkbox" id="mat-{i}" class="check"/>'
                        f'<label for="mat-{i}">{e(m)}</label></li>' for i, m in enumerate(v.materials))
    out.append(_section("要准备的材料",
                        '<p class="muted elder-hide">可以逐项勾选，检查是否带齐（只保存在这个页面上）。</p>'
                        f'<ul class="checklist">{materials}</ul>', "materials", read=True))
    steps = "".join(f"<li><strong>{e(a)}</strong><p>{e(b)}</p></li>" for a, b in v.steps)
    out.append(_section("办理流程", f'<ol class="steps">{steps}</ol>', "steps", read=True))
    out.append(_section("多久办好、在哪办", _dl(v.facts, "facts", "fact"), "facts", read=True))
    faqs = "".join(f'<details id="{e(a)}" class="faq"><summary>{e(q)}</summary><p>{e(ans)}</p></details>'
                   for a, q, ans in v.faqs)
    out.append(_section("常见问题", faqs, "faq"))
    if v.policies:
        out.append(_section("相关政策", _links(v.policies), "policies"))
    if v.related:
        out.append(_section("相关事项", _links(v.related)))
    more = ("<h3>办理依据</h3>" + (_ul(v.legal_basis) or "<ul></ul>")
            + "<h3>其他办理信息</h3>" + _dl(v.more_facts, "facts", "fact") + "<h3>信息来源</h3>")
    more += (_links(v.sources, "sources") if v.sources
             else "<p>正式规定以上面列出的文件和当地民政部门公布为准。</p>")
    if v.hidden_sources:
        more += (f'<p class="muted">本页还参考了 {v.hidden_sources} 篇转载报道，只用来核对各地的做法；以官方发布为准。</p>')
    out.append('<details id="more" class="faq more-info"><summary>更多信息：办理依据、信息来源、事项编码</summary>'
               + more + "</details>")
    return Rendered(200, f"{v.name} · {SITE_NAME}", '<article class="guide">' + "".join(out) + "</article>")


def bundle(code: str) -> Rendered:
    v = views.bundle_view(code)
    if v is None:
        return not_found("一件事")
    steps = "".join(
        "<li>" + (f'<a href="{e(url)}">{e(name)}</a>' if url else f"<strong>{e(name)}</strong>")
        + f'<p class="muted">办理部门：{e(dept)}</p></li>' for name, dept, url in v.steps)
    out = ['<p class="eyebrow"><span class="tag">一件事</span></p>', f"<h1>{e(v.name)}</h1>",
           f'<p class="lead">{e(v.summary)}</p>']
    if v.local_note:
        out.append(f'<p class="hint">{e(v.local_note)}</p>')
    out.append(_section("按顺序要办的事", f'<ol class="steps">{steps}</ol>'))
    apply = ('<p>从第一项开始在线申请；其他部门的事项，会按“一件事”联办的方式一并告知办理。</p>'
             + (f'<a class="button" href="{e(urls.apply_url(quote(v.apply_code), bundle=quote(v.code)))}">开始一次申请</a>'
                if v.apply_code else '<p class="hint">这件事目前需要到窗口办理。</p>'))
    out.append(_section("一次申请", apply))
    if v.sources:
        out.append(_section("信息来源", _links(v.sources, "sources")))
    return Rendered(200, f"{v.name} · {SITE_NAME}", '<article class="guide">' + "".join(out) + "</article>")


def policy(policy_id: str) -> Rendered:
    v = views.policy_view(policy_id)
    if v is None:
        return not_found("政策")
    out = ['<p class="eyebrow"><span class="tag">政策</span></p>', f"<h1>{e(v.title)}</h1>",
           f'<p class="muted">{e(v.meta)}</p>', _section("主要内容", f"<p>{e(v.summary)}</p>"),
           _section("适用的办事事项", _links(v.governs))]
    if v.sources:
        out.append(_section("信息来源", _links(v.sources, "sources")))
    return Rendered(200, f"{v.title} · {SITE_NAME}", '<article class="guide">' + "".join(out) + "</article>")


def _hit(h: views.Hit) -> str:
    snippet = "".join(f"<mark>{e(t)}</mark>" if hl else f"<span>{e(t)}</span>" for t, hl in h.segments)
    return (f'<li class="result"><a class="result-title" href="{e(h.url)}">{e(h.title)}</a>'
            f'<span class="tag">{e(h.topic)}</span><p class="snippet">{snippet}</p></li>')


def answer_box(q: str, a: views.AnswerView | None) -> str:
    """The direct answer above the results, as the search page's answer box shows it (an empty
    ``#answer-slot`` when there is none). Its city picker is a GET form to the search itself
    (``?city=``: the server answers for that city and remembers it, as on the guide)."""
    if a is None:
        return '<div id="answer-slot"></div>'
    body = "".join(f'<p class="answer-line">{e(line)}</p>' for line in a.lines)
    if a.status == "unsure":
        body += f'<p class="muted">{e(ANSWER_UNSURE)}</p>'
    if a.source_url:
        body += f'<p class="answer-source">{e(ANSWER_FROM)}<a href="{e(a.source_url)}">{e(a.source_title)}</a></p>'
    opts = f'<option value="">{e(NO_CITY)}</option>' + "".join(
        f'<option value="{e(c)}"{" selected" if c == a.city else ""}>{e(c)}</option>' for c in CITIES)
    picker = (f'<form class="city-picker answer-city" method="get" action="{e(urls.SEARCH)}">'
              f'<input type="hidden" name="q" value="{e(q)}"/>'
              f'<label for="answer-city" class="city-label">{e(ANSWER_CITY_LABEL)}</label>'
              f'<select id="answer-city" name="city" class="input city-select">{opts}</select>'
              f'<noscript><button type="submit" class="button button-secondary city-apply">{e(CITY_BUTTON)}'
              "</button></noscript></form>")
    return (f'<div id="answer-slot"><section class="brief-box answer-box" id="answer" aria-labelledby="answer-title"'
            f' data-status="{e(a.status)}"><h2 id="answer-title">{e(ANSWER_TITLE)}</h2>{body}{picker}</section></div>')


def search(q: str, city: str = "") -> Rendered:
    """The search page: the direct answer (for the city the query names, else ``city``, the reader's)
    and the results, grouped as the page groups them."""
    v = views.search_view(q)
    a = views.answer_view(v.query, city)
    out = ["<h1>搜索结果</h1>", search_form(v.query), answer_box(v.query, a), '<div id="search-results">']
    if v.hint:
        out.append(f'<p class="hint" role="status">{e(v.hint)}</p>')
    if v.total > 0:
        out.append(f'<p class="count">找到 {v.total} 条相关内容</p>')
        for kind, hits in v.groups:
            out.append(f'<section class="group"><h2 class="group-title">{e(kind)}</h2>'
                       f'<ul class="results">{"".join(_hit(h) for h in hits)}</ul></section>')
    elif v.suggestions:
        out.append('<section><h2 class="group-title">您可以看看这些常办事项</h2>'
                   f'<ul class="results">{"".join(_hit(h) for h in v.suggestions)}</ul></section>')
    out.append("</div>")
    title = f"搜索：{v.query.strip()[:40]} · {SITE_NAME}" if v.query.strip() else f"搜索 · {SITE_NAME}"
    return Rendered(200, title, "".join(out), READY_RESULTS + (" && " + READY_ANSWER if a else ""))


def eligibility(code: str, form=None) -> Rendered:
    """测一测 (the questions, or the answer to posted ``form``): app/web/checks.py."""
    from app.web import checks

    return checks.check_page(code, form) or not_found(check_text.NOT_FOUND)


def calculator(form=None) -> Rendered:
    """The 政策计算器 (the questions, or the answer to posted ``form``): app/web/checks.py."""
    from app.web import checks

    return checks.calculator_page(form)


# ------------------------------------------------------------------------------ the page around it

@dataclass(frozen=True)
class Chrome:
    """What stands around <main>: the site header (mode switch, read-aloud bar) and the help footer."""

    before: str
    after: str


#: When no Reflex build is there to take the header and footer from (unit tests, a broken build).
DEFAULT_CHROME = Chrome(
    before=(f'<a class="skip-link" href="#main">{e(SKIP_LINK)}</a><header class="site-header">'
            f'<div class="header-row"><a class="brand" href="{e(urls.HOME)}">{e(SITE_NAME)}</a>'
            f'<nav aria-label="主要导航" class="nav"><a class="nav-link" href="{e(urls.ME)}">我的办件</a></nav></div>'
            '<div aria-label="显示模式" class="mode-switch" role="group">'
            '<button aria-pressed="true" class="mode-choice mode-choice-standard" data-mz-mode="standard" '
            'type="button">标准版</button><button aria-pressed="false" class="mode-choice mode-choice-elder" '
            'data-mz-mode="elder" type="button">长辈版</button></div></header>'),
    after=f'<footer class="site-footer" aria-label="帮助与联系"><p><a href="{e(urls.CHAT)}">问智能助手</a></p></footer>',
)

_MAIN = re.compile(r'<main\b[^>]*>.*?</main>', re.S)


def chrome_from(home_html: str) -> Chrome:
    """The header and footer of the prerendered home page (.web/build/client/index.html): the very
    markup the Reflex layout renders, so the server block shows the same site around its content."""
    start = home_html.find('<div class="site">')
    m = _MAIN.search(home_html, start if start >= 0 else 0)
    end = home_html.find("</footer>", m.end()) if m else -1
    if start < 0 or not m or end < 0:
        return DEFAULT_CHROME
    before = home_html[start + len('<div class="site">'):m.start()]
    after = home_html[m.end():end + len("</footer>")]
    # Reflex renders the in-page skip link as "/#main" (a link to the home page); here it skips.
    before = before.replace('href="/#main"', 'href="#main"')
    return Chrome(before, after)


def block(r: Rendered, chrome: Chrome = DEFAULT_CHROME) -> str:
    """The server block put first in <body>: the whole page, which stays for readers without
    JavaScript and is removed once the hydrated page has its own content (prerender.js)."""
    return (f'<div id="mz-pre" data-mz-ready="{e(r.ready)}"><div class="site">{chrome.before}'
            f'<main id="main" tabindex="-1" class="site-main">{r.main}</main>{chrome.after}</div></div>')


def standalone(r: Rendered, chrome: Chrome = DEFAULT_CHROME, mode: str = "") -> str:
    """A whole document, for when there is no Reflex shell to put the block in."""
    cls = ' class="elder" data-mode="elder"' if mode == "elder" else ""
    return ('<!DOCTYPE html><html lang="zh-CN"' + cls + '><head><meta charset="utf-8"/>'
            '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>'
            f"<title>{e(r.title)}</title>"
            '<link rel="stylesheet" href="/app.css"/><link rel="stylesheet" href="/elder.css"/>'
            '<script src="/js/mode.js"></script><script src="/js/readaloud.js" defer></script>'
            '<script src="/js/error-focus.js" defer></script>'
            f"</head><body>{block(r, chrome)}</body></html>")
