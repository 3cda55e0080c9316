"""The measured checks of accessibility/measure.py on pages whose answers are known."""

from __future__ import annotations

import pytest

from accessibility.measure import (
    ELDER,
    NORMAL,
    check_layout,
    check_page,
    check_single_column,
    contrast_ratio,
    evaluate,
    format_findings,
)


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio((0x0B, 0x3D, 0x91), (255, 255, 255)) > 7       # --brand on white
    # half-transparent black over white is mid grey
    assert contrast_ratio((0, 0, 0, 0.5), (255, 255, 255)) == pytest.approx(3.98, abs=0.02)


def test_thresholds_are_the_published_numbers():
    assert (NORMAL.min_contrast, NORMAL.min_contrast_large, NORMAL.min_target_px) == (4.5, 3.0, 24)
    assert (ELDER.min_text_px, ELDER.min_heading_px, ELDER.min_line_height) == (20, 30, 1.5)
    assert (ELDER.min_target_px, ELDER.min_contrast, ELDER.min_contrast_large) == (60, 7.0, 7.0)


def test_evaluate_large_text_and_inline_links():
    data = {
        "text": [
            # 3.5:1 grey: fails as 16 px text, passes as 24 px (large) text in normal mode
            {"selector": "p", "text": "a", "fontSize": 16, "lineHeight": 24, "weight": 400, "heading": False,
             "fg": [0x8a, 0x8a, 0x8a, 1], "bg": [255, 255, 255]},
            {"selector": "h2", "text": "b", "fontSize": 24, "lineHeight": 36, "weight": 400, "heading": True,
             "fg": [0x8a, 0x8a, 0x8a, 1], "bg": [255, 255, 255]},
        ],
        "targets": [
            {"selector": "a", "text": "x", "x": 0, "y": 0, "w": 30, "h": 18, "inline": True},
            {"selector": "button", "text": "y", "x": 0, "y": 0, "w": 20, "h": 44, "inline": False},
        ],
    }
    normal = evaluate(data, NORMAL)
    assert [(f.rule, f.selector) for f in normal] == [("contrast", "p"), ("target-size", "button")]
    elder = {(f.rule, f.selector) for f in evaluate(data, ELDER)}
    assert ("font-size", "p") in elder and ("heading-size", "h2") in elder
    assert ("target-size", "a") in elder          # no inline exemption in 长辈版
    assert "contrast" in format_findings(normal)


PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 body { margin: 0; font: 16px/1.5 sans-serif; color: #1a1a1a; background: #fff; }
 .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
 .skip { position: absolute; left: -9999px; }
 .grey { color: #999999; }
 .tiny { font-size: 12px; }
 .tight { line-height: normal; }
 .dark { background: #0b3d91; color: #ffffff; padding: 8px; }
 .veil { background: rgba(0, 0, 0, 0.5); }
 .veil span { color: #000; }
 .img { background-image: linear-gradient(#fff, #eee); }
 .small-btn { width: 20px; height: 20px; padding: 0; }
 .big-btn { width: 64px; height: 64px; }
 .row { display: flex; gap: 8px; }
 .wide { width: 500px; }
 .clip { width: 60px; height: 20px; overflow: hidden; white-space: nowrap; }
 .on-top { position: relative; left: -20px; }
 .check { width: 16px; height: 16px; }
 .check + label { display: inline-block; padding: 20px 0; }
</style></head><body>
<a class="skip" href="#m">跳到主要内容</a>
<main id="m">
 <h1 class="tiny">小标题</h1>
 <p>正文文字 <a href="/x">句中链接</a> 继续。</p>
 <p class="grey" id="grey">灰色文字</p>
 <p class="tight" id="tight">行距正常值</p>
 <p class="dark" id="dark">深色背景上的白字</p>
 <p class="veil" id="veil"><span>半透明黑底上的黑字</span></p>
 <p class="img" id="img">渐变背景</p>
 <span class="sr">只给读屏软件</span>
 <button class="small-btn" id="small">小</button>
 <div class="row"><button class="big-btn" id="b1">一</button><button class="big-btn" id="b2">二</button></div>
 <input type="checkbox" id="c" class="check"><label for="c">带标签的勾选框</label>
</main></body></html>"""


@pytest.fixture()
def known(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.set_content(PAGE)
    return page


def _by_rule(findings):
    out = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_normal_mode_findings(known):
    found = _by_rule(check_page(known, "normal", include_review=True))
    assert [f.selector for f in found["contrast"]] == ["p#grey"]            # 2.85:1; black on 50 % black is 5.3:1
    assert [f.selector for f in found["target-size"]] == ["button#small"]   # the inline link is exempt
    assert [f.selector for f in found["contrast-unknown"]] == ["p#img"]
    assert "font-size" not in found and "line-height" not in found          # no size rules in 标准版
    texts = {f.text for fs in found.values() for f in fs}
    assert "只给读屏软件" not in texts and "跳到主要内容" not in texts       # hidden text is not measured


def _last(selector: str) -> str:
    return selector.split(" > ")[-1]


def test_elder_mode_findings(known):
    found = _by_rule(check_page(known, "elder"))
    assert [_last(f.selector) for f in found["heading-size"]] == ["h1.tiny"]
    assert {"p#grey", "p:nth-of-type(1)"} <= {_last(f.selector) for f in found["font-size"]}
    assert "p#tight" in {f.selector for f in found["line-height"]}
    contrast = {_last(f.selector): f.measured for f in found["contrast"]}
    assert contrast == {"p#grey": 2.85, "span": 5.28}                      # 7:1 needed in 长辈版
    targets = {_last(f.selector) for f in found["target-size"]}
    assert targets == {"button#small", "a"}                                 # the inline link counts in 长辈版
    # a 16 px checkbox with its 64 px tall label is one big enough target


def test_single_column_and_layout(known):
    pairs = check_single_column(known, "main")
    assert any("一" in f.text and "二" in f.text for f in pairs)
    known.set_content(PAGE.replace("</main>", '<div class="wide">很宽的内容</div><div class="clip">被裁掉的很长很长的文字</div>'
                                             '<p><button id="u">下面</button><button id="o" class="on-top">上面</button></p></main>'))
    known.set_viewport_size({"width": 320, "height": 640})
    rules = _by_rule(check_layout(known))
    assert [f.measured for f in rules["overflow-x"]] == [500]
    assert [_last(f.selector) for f in rules["cut-off"]] == ["div.clip"]
    assert [_last(f.selector) for f in rules["off-screen"]] == ["div.wide"]
    assert len(rules["overlap"]) == 1 and "button#o" in rules["overlap"][0].selector
