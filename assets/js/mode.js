/* 民政一键通 — 长辈版 (elder mode), applied before first paint.
 *
 * Runs synchronously in <head> — inlined into every page by app/ui/a11y_components.py:mode_script()
 * (no render-blocking request), loaded as /js/mode.js by the offline page — so <html class="elder"
 * data-mode="elder"> is set before the body is parsed and the stylesheet (assets/elder.css, keyed on
 * html.elder) applies to the very first paint. <html> is not re-rendered by React after
 * hydration, and a MutationObserver puts the class back should anything (a theme script, a
 * hydration) drop it.
 *
 * Which mode, first match wins:
 *   1. ?mode=elder | ?mode=standard in the URL (mini-program links)      → applied and remembered
 *   2. the user's own choice, remembered in localStorage and the cookie mz_mode=elder|standard
 *      (the cookie lets the server know too)
 *   3. host hints, followed but not remembered (the host setting may change):
 *      - the default font size is enlarged (browser / OS / webview text zoom: a `font-size: medium`
 *        probe measures ≥ 18.4 px, i.e. ≥ 115 % of 16 px — WeChat 关怀模式 is ≈ 23.8 px),
 *      - WeChat on iOS enlarges text through -webkit-text-size-adjust on <body> (> 100 %),
 *      - WeChat's WeixinJSBridge `menu:setfont` event (the user changed the font size in the
 *        webview menu): the probes are measured again.
 *   4. otherwise 标准版.
 *
 * The switch buttons (app/ui/a11y_components.py: mode_switch) carry data-mz-mode="elder" |
 * "standard"; clicks are handled here by delegation, so they work before React hydrates and
 * without the websocket. aria-pressed is kept in sync, also on buttons that React mounts later.
 * No pop-ups, no timers, no features mini-program webviews block (storage access is guarded).
 */
(function () {
  "use strict";
  var KEY = "mz_mode";
  var ELDER = "elder";
  var STANDARD = "standard";
  var SCALE_HINT = 1.15;
  var root = document.documentElement;
  var current = STANDARD;
  var source = "default";

  function normalise(v) {
    v = String(v || "").toLowerCase();
    if (v === "elder" || v === "care" || v === "senior" || v === "zhangbei") return ELDER;
    if (v === "standard" || v === "normal" || v === "std" || v === "default") return STANDARD;
    return null;
  }

  function readCookie() {
    var m = document.cookie.match(/(?:^|;\s*)mz_mode=([^;]*)/);
    return m ? normalise(decodeURIComponent(m[1])) : null;
  }

  function readStored() {
    var v = null;
    try { v = normalise(window.localStorage.getItem(KEY)); } catch (e) { /* storage blocked */ }
    return v || readCookie();
  }

  function store(mode) {
    try { window.localStorage.setItem(KEY, mode); } catch (e) { /* storage blocked */ }
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = KEY + "=" + mode + "; path=/; max-age=31536000; SameSite=Lax" + secure;
  }

  function fromUrl() {
    var m = location.search.match(/[?&]mode=([^&#]*)/);
    return m ? normalise(decodeURIComponent(m[1])) : null;
  }

  /* --- host hints ------------------------------------------------------------------------ */
  function defaultFontScale() {
    // A `font-size: medium` probe measures the default font size the browser / webview uses
    // (16 px unless the user or the host enlarged it). Appended to <html> so it works in <head>.
    try {
      var p = document.createElement("div");
      p.setAttribute("aria-hidden", "true");
      p.style.cssText = "position:absolute;visibility:hidden;font-size:medium;line-height:1;" +
        "padding:0;border:0;top:-999px;left:-999px;white-space:nowrap";
      p.textContent = "字";
      root.appendChild(p);
      var computed = parseFloat(window.getComputedStyle(p).fontSize) || 16;
      var laidOut = p.getBoundingClientRect().height || computed;
      root.removeChild(p);
      return Math.max(computed, laidOut) / 16;
    } catch (e) {
      return 1;
    }
  }

  function bodyTextAdjust() {
    // WeChat iOS applies its font-size setting as -webkit-text-size-adjust on <body>.
    try {
      if (!document.body) return 1;
      var v = document.body.style.webkitTextSizeAdjust ||
        window.getComputedStyle(document.body).webkitTextSizeAdjust || "";
      var m = String(v).match(/([\d.]+)%/);
      return m ? parseFloat(m[1]) / 100 : 1;
    } catch (e) {
      return 1;
    }
  }

  function hostHint() {
    if (defaultFontScale() >= SCALE_HINT) return "host-font-scale";
    if (bodyTextAdjust() >= SCALE_HINT) return "host-text-size-adjust";
    return null;
  }

  /* --- applying ---------------------------------------------------------------------------- */
  function syncButtons() {
    var buttons = document.querySelectorAll("[data-mz-mode]");
    for (var i = 0; i < buttons.length; i++) {
      var want = buttons[i].getAttribute("data-mz-mode") === current ? "true" : "false";
      if (buttons[i].getAttribute("aria-pressed") !== want) buttons[i].setAttribute("aria-pressed", want);
    }
  }

  function apply(mode, why) {
    current = mode === ELDER ? ELDER : STANDARD;
    source = why || source;
    if (current === ELDER) root.classList.add(ELDER); else root.classList.remove(ELDER);
    if (root.getAttribute("data-mode") !== current) root.setAttribute("data-mode", current);
    if (root.getAttribute("data-mode-source") !== source) root.setAttribute("data-mode-source", source);
    syncButtons();
  }

  function set(mode) {
    mode = normalise(mode) || STANDARD;
    store(mode);
    apply(mode, "user");
    try {
      document.dispatchEvent(new CustomEvent("mz:modechange", { detail: { mode: mode } }));
    } catch (e) { /* very old webview */ }
  }

  function decide() {
    var u = fromUrl();
    if (u) { store(u); return apply(u, "url"); }
    var s = readStored();
    if (s) return apply(s, "stored");
    var h = hostHint();
    apply(h ? ELDER : STANDARD, h || "default");
  }

  // Re-check host hints once the body exists (iOS WeChat sets them on <body>), unless the user
  // or a link chose a mode.
  function recheckHost() {
    if (source !== "default" && source.indexOf("host-") !== 0) return;
    var h = hostHint();
    apply(h ? ELDER : STANDARD, h || "default");
  }

  decide();

  // Keep the class on <html> and the buttons in sync with whatever React mounts later.
  if (window.MutationObserver) {
    new MutationObserver(function () {
      var has = root.classList.contains(ELDER);
      if (has !== (current === ELDER) || root.getAttribute("data-mode") !== current) apply(current);
    }).observe(root, { attributes: true, attributeFilter: ["class", "data-mode"] });
    new MutationObserver(syncButtons).observe(root, { childList: true, subtree: true });
  }

  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target.closest("[data-mz-mode]") : null;
    if (!t) return;
    e.preventDefault();
    set(t.getAttribute("data-mz-mode"));
  });

  document.addEventListener("DOMContentLoaded", function () { syncButtons(); recheckHost(); });

  function onBridge() {
    try {
      window.WeixinJSBridge.on("menu:setfont", function () { setTimeout(recheckHost, 300); });
    } catch (e) { /* not WeChat */ }
  }
  if (window.WeixinJSBridge && window.WeixinJSBridge.on) onBridge();
  else document.addEventListener("WeixinJSBridgeReady", onBridge, false);

  window.mzMode = {
    get: function () { return current; },
    source: function () { return source; },
    set: set,
    hostHint: hostHint,
  };
})();
