"""Measured accessibility rules for any Playwright page: what axe-core does not check by numbers.

``check_page(page, "normal" | "elder")`` measures, in the browser, every visible text element and
every interactive element and returns :class:`Finding` s against the thresholds of the mode:

- text size (computed ``font-size``) and heading size,
- line height (computed ``line-height`` / ``font-size``; ``normal`` counts as 1.2),
- target size of links, buttons, inputs, selects, summaries, ARIA widgets (a checkbox or radio
  counts together with its label, which toggles it too),
- text contrast against the *effective* background: the element's own and its ancestors'
  background colours composited over white, with opacity; text over a background image cannot
  be measured and is returned as a ``contrast-unknown`` note (``severity="review"``).

``check_layout(page)`` finds horizontal overflow, content cut off by ``overflow: hidden`` and
overlapping targets (for the 320 px webview and 长辈版 sizes).

Thresholds: :data:`NORMAL` is WCAG 2.2 AA (1.4.3 contrast 4.5:1, 3:1 for large text — ≥ 24 px, or
≥ 18.66 px bold; 2.5.8 targets ≥ 24×24 px, links inside a sentence exempt). :data:`ELDER` is MIIT 2021
适老化 as this product applies it (body ≥ 20 px, headings ≥ 30 px, line height ≥ 1.5, targets ≥ 60×60 px,
all text ≥ 7:1). Pure-Python helpers (:func:`contrast_ratio`, :func:`evaluate`) are unit-tested
without a browser.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "ELDER", "NORMAL", "THRESHOLDS", "Finding", "PageReport", "Thresholds", "assert_no_findings", "check_layout",
    "check_page", "check_single_column", "contrast_ratio", "evaluate", "format_findings", "measure",
]


@dataclass(frozen=True)
class Thresholds:
    name: str
    min_text_px: float | None        # any visible text
    min_heading_px: float | None     # text inside h1–h6 / role=heading
    min_line_height: float | None    # ratio of line-height to font-size
    min_target_px: float             # width and height of interactive elements
    min_contrast: float              # normal text
    min_contrast_large: float        # large text (≥ 24 px, or ≥ 18.66 px bold)
    inline_links_exempt: bool        # WCAG 2.5.8: links in a sentence are exempt


NORMAL = Thresholds("normal", None, None, None, 24, 4.5, 3.0, True)
ELDER = Thresholds("elder", 20, 30, 1.5, 60, 7.0, 7.0, False)
THRESHOLDS = {"normal": NORMAL, "elder": ELDER}


@dataclass
class Finding:
    rule: str            # font-size | heading-size | line-height | target-size | contrast | …
    selector: str
    text: str
    measured: float | str
    required: float | str
    mode: str = ""
    severity: str = "error"   # error | review
    detail: str = ""

    def __str__(self) -> str:
        extra = f" — {self.detail}" if self.detail else ""
        return (f"[{self.mode}] {self.rule}: {self.selector} “{self.text}” "
                f"measured {self.measured}, required {self.required}{extra}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- colour maths
def _channel(c: float) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (_channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def blend(top: tuple[float, float, float, float], bottom: tuple[float, float, float]) -> tuple[float, float, float]:
    """Composite an RGBA colour (alpha 0–1) over an opaque RGB colour."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3))  # type: ignore[return-value]


def contrast_ratio(fg: tuple, bg: tuple) -> float:
    """WCAG contrast ratio; ``fg`` may carry alpha (4th value, 0–1) and is composited over ``bg``."""
    bg3 = tuple(bg[:3])
    fg3 = blend(tuple(fg), bg3) if len(fg) == 4 else tuple(fg[:3])
    l1, l2 = relative_luminance(fg3), relative_luminance(bg3)
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def is_large_text(px: float, weight: int) -> bool:
    return px >= 24 or (px >= 18.66 and weight >= 700)


# --------------------------------------------------------------------------- browser side
_MEASURE_JS = r"""
() => {
  const W = window.innerWidth, docW = document.documentElement.scrollWidth;
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const colourCache = new Map();
  function rgba(str) {
    if (colourCache.has(str)) return colourCache.get(str);
    let out;
    const m = str.match(/^rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+%?))?\)$/);
    if (m) {
      let a = m[4] === undefined ? 1 : (m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]));
      out = [+m[1], +m[2], +m[3], a];
    } else {  // any other syntax (color(), oklch() …): let the canvas convert it
      ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = '#000'; ctx.fillStyle = str; ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data; out = [d[0], d[1], d[2], d[3] / 255];
    }
    colourCache.set(str, out); return out;
  }
  function over(top, bottom) {  // composite RGBA over opaque RGB
    const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a));
  }
  function sel(el) {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(s + '#' + e.id); break; }
      const cls = [...e.classList].filter(c => !/^css-/.test(c)).slice(0, 2);
      if (cls.length) s += '.' + cls.join('.');
      const p = e.parentElement;
      if (p) {
        const same = [...p.children].filter(c => c.tagName === e.tagName);
        if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(e) + 1) + ')';
      }
      parts.unshift(s);
    }
    return parts.join(' > ');
  }
  function shown(el) {
    if (typeof el.checkVisibility === 'function' &&
        !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) return false;                      // screen-reader-only
    if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return false;  // parked off-screen
    if (r.left + window.scrollX >= Math.max(docW, W)) return false;
    for (let e = el; e; e = e.parentElement) {                              // clip(rect(0 0 0 0)) etc.
      const c = getComputedStyle(e);
      if (c.clip && c.clip !== 'auto' && /rect\(0(px)?,? 0(px)?/.test(c.clip)) return false;
      if (c.clipPath && c.clipPath !== 'none' && /inset\(50%/.test(c.clipPath)) return false;
    }
    return true;
  }
  function opacity(el) {
    let o = 1; for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity || '1');
    return o;
  }
  function background(el) {  // effective background colour, or null when an image is involved
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') return null;
      const c = rgba(cs.backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  }
  const SKIP = 'script,style,noscript,template,title,option,head';
  const text = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    if (!/\S/.test(n.data)) continue;
    const el = n.parentElement;
    if (!el || seen.has(el) || el.closest(SKIP)) continue;
    seen.add(el);
    if (!shown(el)) continue;
    const cs = getComputedStyle(el);
    const fs = parseFloat(cs.fontSize);
    const lh = cs.lineHeight === 'normal' ? null : parseFloat(cs.lineHeight);
    const heading = !!el.closest('h1,h2,h3,h4,h5,h6,[role=heading]');
    const bg = background(el);
    const fg = rgba(cs.color); fg[3] *= opacity(el);
    text.push({selector: sel(el), text: n.data.trim().slice(0, 30), fontSize: fs, lineHeight: lh,
               weight: parseInt(cs.fontWeight, 10) || 400, heading, fg, bg});
  }
  // form fields show text too (value or placeholder)
  for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]),select,textarea')) {
    if (!shown(el)) continue;
    const cs = getComputedStyle(el);
    const ph = el.placeholder && !el.value;
    const pcs = ph ? getComputedStyle(el, '::placeholder') : cs;
    const fg = rgba(pcs.color); fg[3] *= opacity(el);
    text.push({selector: sel(el) + (ph ? '::placeholder' : ''), text: (el.value || el.placeholder || '').slice(0, 30),
               fontSize: parseFloat(cs.fontSize), lineHeight: cs.lineHeight === 'normal' ? null : parseFloat(cs.lineHeight),
               weight: parseInt(cs.fontWeight, 10) || 400, heading: false, fg, bg: background(el), field: true});
  }
  const TARGETS = 'a[href],button,input:not([type=hidden]),select,textarea,summary,[role=button],[role=link],' +
    '[role=checkbox],[role=radio],[role=switch],[role=tab],[role=menuitem],[tabindex]:not([tabindex="-1"])';
  const targets = [];
  for (const el of document.querySelectorAll(TARGETS)) {
    if (el.disabled || !shown(el)) continue;
    let r = el.getBoundingClientRect();
    let box = {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height};
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (el.tagName === 'INPUT' && (type === 'checkbox' || type === 'radio') && el.labels) {
      for (const lab of el.labels) {  // the label toggles the box: they are one target
        if (!shown(lab)) continue;
        const q = lab.getBoundingClientRect();
        const x1 = Math.min(box.x, q.left + scrollX), y1 = Math.min(box.y, q.top + scrollY);
        const x2 = Math.max(box.x + box.w, q.right + scrollX), y2 = Math.max(box.y + box.h, q.bottom + scrollY);
        box = {x: x1, y: y1, w: x2 - x1, h: y2 - y1};
      }
    }
    const cs = getComputedStyle(el);
    let inline = false;
    if (el.tagName === 'A' && cs.display === 'inline') {
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      const own = (el.textContent || '').trim(), all = block ? (block.textContent || '').trim() : own;
      inline = all.length > own.length;
    }
    targets.push({selector: sel(el), text: ((el.getAttribute('aria-label') || el.textContent || el.value || '') + '').trim().slice(0, 30),
                  x: box.x, y: box.y, w: box.w, h: box.h, inline, tag: el.tagName.toLowerCase()});
  }
  return {url: location.href, viewport: W, text, targets};
}
"""

_LAYOUT_JS = r"""
() => {
  const W = document.documentElement.clientWidth;
  const out = {viewport: W, scrollWidth: document.scrollingElement.scrollWidth, cut: [], offscreen: [], overlaps: []};
  function sel(el) {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(s + '#' + e.id); break; }
      const cls = [...e.classList].filter(c => !/^css-/.test(c)).slice(0, 2);
      if (cls.length) s += '.' + cls.join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  }
  function shown(el) {
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility({visibilityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && r.right + scrollX > 0 && r.bottom + scrollY > 0;
  }
  function scrollsX(el) {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.closest('script,style,noscript,template')) continue;
    const cs = getComputedStyle(el);
    const clips = /(hidden|clip)/.test(cs.overflowX + cs.overflowY) && cs.position !== 'fixed';
    if (clips && el.textContent.trim() && !el.matches('input,select,textarea') &&
        (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      out.cut.push({selector: sel(el), text: el.textContent.trim().slice(0, 30),
                    detail: `content ${el.scrollWidth}×${el.scrollHeight} in a box of ${el.clientWidth}×${el.clientHeight}`});
    }
    const r = el.getBoundingClientRect();
    const hasText = [...el.childNodes].some(c => c.nodeType === 3 && /\S/.test(c.data));
    if ((hasText || el.matches('a,button,input,select,textarea,img')) && r.right > W + 1 && !scrollsX(el)) {
      out.offscreen.push({selector: sel(el), text: (el.textContent || '').trim().slice(0, 30),
                          detail: `right edge at ${Math.round(r.right)} px, viewport ${W} px`});
    }
  }
  const T = [...document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary,[role=button]')]
    .filter(shown).map(el => ({el, r: el.getBoundingClientRect()}));
  for (let i = 0; i < T.length; i++) for (let j = i + 1; j < T.length; j++) {
    const a = T[i], b = T[j];
    if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
    if (a.el.labels && [...a.el.labels].some(l => l.contains(b.el))) continue;
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (w > 1 && h > 1) out.overlaps.push({selector: sel(a.el) + '  ×  ' + sel(b.el),
      text: ((a.el.textContent || '').trim() + ' / ' + (b.el.textContent || '').trim()).slice(0, 40),
      detail: `overlap ${Math.round(w)}×${Math.round(h)} px`});
  }
  return out;
}
"""


def measure(page) -> dict:
    """Raw measurements of the page as it is now (text elements and targets)."""
    return page.evaluate(_MEASURE_JS)


def _r(x: float) -> float:
    return round(float(x), 2)


def evaluate(data: dict, thresholds: Thresholds) -> list[Finding]:
    """Apply thresholds to raw measurements (pure Python, unit-testable)."""
    t = thresholds
    out: list[Finding] = []
    for e in data.get("text", []):
        fs = e["fontSize"]
        if e.get("heading") and t.min_heading_px and fs < t.min_heading_px - 0.01:
            out.append(Finding("heading-size", e["selector"], e["text"], _r(fs), t.min_heading_px, t.name))
        elif not e.get("heading") and t.min_text_px and fs < t.min_text_px - 0.01:
            out.append(Finding("font-size", e["selector"], e["text"], _r(fs), t.min_text_px, t.name))
        if t.min_line_height and not e.get("field"):
            ratio = (e["lineHeight"] / fs) if e.get("lineHeight") else 1.2
            if ratio < t.min_line_height - 0.005:
                out.append(Finding("line-height", e["selector"], e["text"], _r(ratio), t.min_line_height, t.name,
                                   detail="line-height: normal" if not e.get("lineHeight") else ""))
        if e.get("bg") is None:
            out.append(Finding("contrast-unknown", e["selector"], e["text"], "background image", "review", t.name,
                               severity="review"))
            continue
        fg = e["fg"]
        if fg[3] <= 0:
            continue
        ratio = contrast_ratio(tuple(fg), tuple(e["bg"]))
        need = t.min_contrast_large if is_large_text(fs, e.get("weight", 400)) else t.min_contrast
        if ratio < need - 0.005:
            out.append(Finding("contrast", e["selector"], e["text"], _r(ratio), need, t.name,
                               detail=f"text rgb{tuple(round(v) for v in fg[:3])} on rgb{tuple(round(v) for v in e['bg'])}"))
    for g in data.get("targets", []):
        if g.get("inline") and t.inline_links_exempt:
            continue
        if g["w"] < t.min_target_px - 0.5 or g["h"] < t.min_target_px - 0.5:
            out.append(Finding("target-size", g["selector"], g["text"], f"{_r(g['w'])}×{_r(g['h'])}",
                               f"{t.min_target_px}×{t.min_target_px}", t.name,
                               detail="inline link" if g.get("inline") else ""))
    return out


def check_page(page, mode: str | Thresholds = "normal", *, include_review: bool = False) -> list[Finding]:
    """Measure the page and return findings for the mode (``"normal"``, ``"elder"`` or thresholds)."""
    t = THRESHOLDS[mode] if isinstance(mode, str) else mode
    found = evaluate(measure(page), t)
    return found if include_review else [f for f in found if f.severity == "error"]


def check_layout(page, mode: str = "") -> list[Finding]:
    """Horizontal overflow, content cut off by overflow:hidden, and targets that overlap."""
    d = page.evaluate(_LAYOUT_JS)
    out: list[Finding] = []
    if d["scrollWidth"] > d["viewport"] + 1:
        out.append(Finding("overflow-x", "document", "", d["scrollWidth"], f"≤ {d['viewport']}", mode,
                           detail="the page scrolls sideways"))
    for c in d["cut"]:
        out.append(Finding("cut-off", c["selector"], c["text"], c["detail"], "fits", mode))
    for c in d["offscreen"]:
        out.append(Finding("off-screen", c["selector"], c["text"], c["detail"], "inside the viewport", mode))
    for c in d["overlaps"]:
        out.append(Finding("overlap", c["selector"], c["text"], c["detail"], "no overlap", mode))
    return out


_COLUMNS_JS = r"""
(rootSel) => {
  const root = document.querySelector(rootSel) || document.body;
  const boxes = [];
  for (const el of root.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary,[role=button]')) {
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility({visibilityProperty: true})) continue;
    const cs = getComputedStyle(el);
    if (el.tagName === 'A' && cs.display === 'inline') continue;             // links inside text
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') continue;                 // a box sits beside its label
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) continue;
    boxes.push({el, r, text: (el.textContent || el.value || '').trim().slice(0, 20)});
  }
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
    const v = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    const apart = a.r.right <= b.r.left + 1 || b.r.right <= a.r.left + 1;
    if (apart && v > 0.5 * Math.min(a.r.height, b.r.height)) out.push(a.text + ' | ' + b.text);
  }
  return out;
}
"""


def check_single_column(page, root: str = "main", mode: str = "elder") -> list[Finding]:
    """长辈版 is one column: no two controls side by side inside ``root`` (inline links excepted)."""
    pairs = page.evaluate(_COLUMNS_JS, root)
    return [Finding("two-columns", root, p, "side by side", "one column", mode) for p in pairs]


def format_findings(findings: list[Finding], limit_per_rule: int = 8) -> str:
    """Readable report, grouped by rule, with at most ``limit_per_rule`` examples each."""
    if not findings:
        return "no findings"
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    lines = []
    for rule, items in by_rule.items():
        lines.append(f"{rule}: {len(items)}")
        for f in items[:limit_per_rule]:
            lines.append(f"    {f}")
        if len(items) > limit_per_rule:
            lines.append(f"    … and {len(items) - limit_per_rule} more")
    return "\n".join(lines)


def assert_no_findings(findings: list[Finding], context: str = "") -> None:
    errors = [f for f in findings if f.severity == "error"]
    assert not errors, (context + "\n" if context else "") + format_findings(errors)


@dataclass
class PageReport:
    """Everything found on one page in one mode (axe violations + measured findings)."""
    url: str
    mode: str
    width: int
    axe: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.axe and not [f for f in self.findings if f.severity == "error"]
