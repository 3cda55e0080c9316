/* 民政一键通 — hand over from the server-rendered page to the hydrated Reflex page.
 *
 * The server puts the whole page (header, content, footer) as <div id="mz-pre"> first in <body>
 * (app/web/shell.py), and CSS hides the Reflex page's own .site while that block is there. Once
 * the Reflex page shows its own content — the CSS selectors in data-mz-ready match inside it
 * (its <h1> has text; its search results are rendered, and its direct answer where the block has
 * one; its form is there) — the block is removed
 * and the Reflex page is shown, in one step, so nothing is shown twice and the layout does not
 * jump. Without the websocket the Reflex page never fills, and the block stays: the reader still
 * reads everything, and its forms are plain HTML forms the server answers. This script (defer)
 * runs before the Reflex app, which assets/js/boot.js starts after the page's first paint.
 *
 * What the reader did on the block is not lost in the hand-over:
 * - a tap: the block is not removed while a press that began on it is under way (it used to be
 *   removed between press and click, and the tap went nowhere); a tap on a link once the Reflex
 *   page is ready follows the Reflex page's own link (a client-side navigation, as any later tap);
 * - what was typed, chosen or ticked is copied into the Reflex page's fields of the same name;
 * - focus moves to the same element on the Reflex page (else to <main>).
 */
(function () {
  "use strict";
  var pre = document.getElementById("mz-pre");
  if (!pre) return;
  // What the Reflex page must show before it replaces the block: CSS selectors joined by " && ",
  // all of which must match. The first is needed; the others (the search page's direct answer,
  // which the page asks for apart from its results) are waited for ALSO_WAIT ms at most.
  var ready = (pre.getAttribute("data-mz-ready") || "main h1:not(:empty)").split("&&");
  var ALSO_WAIT = 3000;
  var firstReady = 0;
  var observer = null;
  var pressing = false;    // a press (finger, pen, mouse button) began on the block and is not over
  var releaseTimer = 0;

  function reactSites() {
    var out = [];
    var kids = document.body ? document.body.children : [];
    for (var i = 0; i < kids.length; i++) {
      if (kids[i] !== pre && kids[i].classList && kids[i].classList.contains("site")) out.push(kids[i]);
    }
    return out;
  }

  function shows(site, selector) {
    selector = selector.replace(/^\s+|\s+$/g, "");
    var hit = null;
    try { hit = site.querySelector(selector); } catch (e) { hit = site.querySelector("main h1"); }
    return !!hit && (selector.indexOf("h1") < 0 || (hit.textContent || "").trim() !== "");
  }

  function readySite() {
    var sites = reactSites();
    for (var i = 0; i < sites.length; i++) {
      if (!shows(sites[i], ready[0])) continue;
      var all = true;
      for (var k = 1; k < ready.length; k++) if (!shows(sites[i], ready[k])) all = false;
      if (all) return sites[i];
      if (!firstReady) {
        firstReady = Date.now();
        setTimeout(function () { check(); }, ALSO_WAIT + 50);
      }
      if (Date.now() - firstReady >= ALSO_WAIT) return sites[i];
    }
    return null;
  }

  function cssEscape(v) {
    return window.CSS && CSS.escape ? CSS.escape(v) : String(v).replace(/["\\]/g, "\\$&");
  }

  /* The element on the Reflex page that stands for `el` of the block: same id, else (a link) the
   * same address and words, else (a field) the same name (and value, for a radio or checkbox). */
  function counterpart(el, site) {
    if (!el || el === pre || !site) return null;
    if (el.id) {
      var byId = site.querySelector("#" + cssEscape(el.id));
      if (byId) return byId;
    }
    var tag = el.tagName;
    if (tag === "A" && el.hasAttribute("href")) {
      var links = site.querySelectorAll('a[href="' + cssEscape(el.getAttribute("href")) + '"]');
      for (var i = 0; i < links.length; i++) {
        if ((links[i].textContent || "").trim() === (el.textContent || "").trim()) return links[i];
      }
      return links[0] || null;
    }
    if (el.name && (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA")) {
      var sel = '[name="' + cssEscape(el.name) + '"]';
      if (el.type === "radio" || el.type === "checkbox") sel += '[value="' + cssEscape(el.value) + '"]';
      return site.querySelector(sel);
    }
    return null;
  }

  function setValue(field, value) {
    // React keeps its own copy of a controlled field's value: set it the way a keystroke does.
    var proto = field.tagName === "SELECT" ? HTMLSelectElement.prototype
      : field.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    var desc = Object.getOwnPropertyDescriptor(proto, "value");
    if (desc && desc.set) desc.set.call(field, value); else field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /* What the reader changed on the block's fields, copied into the Reflex page's fields. */
  function carryFields(site) {
    var fields = pre.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit" || f.type === "button") continue;
      var to = counterpart(f, site);
      if (!to || to.tagName !== f.tagName) continue;
      if (f.type === "radio" || f.type === "checkbox") {
        if (f.checked !== f.defaultChecked && to.checked !== f.checked) to.click();
      } else if (f.tagName === "SELECT") {
        var changed = false;
        for (var j = 0; j < f.options.length; j++) {
          if (f.options[j].selected !== f.options[j].defaultSelected) changed = true;
        }
        if (changed && to.value !== f.value) setValue(to, f.value);
      } else if (f.value !== f.defaultValue && to.value !== f.value) {
        setValue(to, f.value);
      }
    }
  }

  function handOver(site) {
    var active = document.activeElement;
    var hadFocus = pre.contains(active);
    carryFields(site);
    if (observer) observer.disconnect();
    pre.parentNode.removeChild(pre);
    if (hadFocus) {
      var target = counterpart(active, site) || document.getElementById("main");
      if (target) target.focus({ preventScroll: true });
    }
  }

  function check() {
    if (!pre.parentNode) return;
    if (pressing) return;  // never between a press on the block and its click
    var site = readySite();
    if (site) handOver(site);
  }

  // A press on the block holds the hand-over until it is over: its click (then the hand-over
  // runs right after it), or a press that became a scroll (pointercancel), or — a release with
  // no click, e.g. a drag — shortly after the release.
  pre.addEventListener("pointerdown", function () {
    pressing = true;
    clearTimeout(releaseTimer);
  }, true);
  function over(delay) {
    if (!pressing) return;
    clearTimeout(releaseTimer);
    releaseTimer = setTimeout(function () { pressing = false; check(); }, delay);
  }
  document.addEventListener("pointerup", function () { over(600); }, true);
  document.addEventListener("pointercancel", function () { over(0); }, true);
  pre.addEventListener("click", function (e) {
    var site = readySite();
    pressing = false;
    clearTimeout(releaseTimer);
    if (!site) return;  // the Reflex page is not there yet: the block's own link or button acts
    var link = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    var same = link && pre.contains(link) ? counterpart(link, site) : null;
    if (same && !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey) {
      // the Reflex page's own link: a client-side navigation, as every tap after the hand-over
      e.preventDefault();
      var from = location.href;
      var to = link.href;
      handOver(site);
      same.click();
      // If the app's router has not moved on soon (a busy phone, a route still loading), the
      // browser goes there itself: a tap is never left doing nothing.
      setTimeout(function () { if (location.href === from) location.assign(to); }, 2500);
      return;
    }
    setTimeout(check, 0);  // after this click's own handlers (mode switch, read-aloud, a summary)
  });

  // Without the websocket (or before the hand-over) the city picker still applies at once: its
  // form is sent (?city=, which the server shows and remembers); its button is for no JavaScript.
  pre.addEventListener("change", function (e) {
    var s = e.target;
    if (s && s.tagName === "SELECT" && s.classList.contains("city-select") && s.form && !readySite()) {
      s.form.submit();
    }
  });

  if (window.MutationObserver) {
    observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  check();
})();
