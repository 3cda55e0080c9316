/* 民政一键通 — PWA glue: registers the service worker (assets/sw.js) and keeps an offline copy of
 * the service guides the user opens.
 *
 * A guide page (/services/…, /bundles/…, /policies/…) is filled in over the websocket after load,
 * so its HTML alone is an empty shell offline. Once its <main> has a title and has stopped
 * changing, a plain-text snapshot (headings, paragraphs, list items — text only, never HTML) is
 * stored in the Cache Storage cache "mz-snapshots-v1" under /__snapshot__/<path>. The offline
 * page (assets/offline.html + js/offline.js) lists these and shows the one for the page asked for.
 * Only public guide content is kept: never applications, sign-in or 我的办件 pages.
 *
 * Everything is feature-tested: in a webview without service workers or Cache Storage (some
 * mini-program hosts) the site simply works online.
 */
(function () {
  "use strict";
  var SNAPSHOTS = "mz-snapshots-v1";
  var PREFIX = "/__snapshot__";
  var GUIDE = /^\/(services|bundles|policies)\/[^/?#]+\/?$/;
  var MAX_SNAPSHOTS = 30;
  var SETTLE_MS = 800;
  var BLOCKS = "h1,h2,h3,h4,p,li,dt,dd,summary";
  var SKIP = "nav,button,input,select,textarea,script,style,[aria-hidden=true],[data-readaloud-skip]," +
    ".readaloud-bar,.mode-switch,.actions,form";

  if (navigator.serviceWorker && typeof navigator.serviceWorker.register === "function") {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* not allowed here */ });
    });
  }

  /* 长辈版 has no pop-ups, so Reflex's "cannot connect" toast is hidden there (elder.css); this puts
     a plain Chinese notice at the top of the page instead, for as long as the toast is up. */
  var NOTICE = "网络连接中断，正在重新连接。页面内容可以继续看；着急的话请拨打 12345。";
  function connectionWatch() {
    var lost = !!document.querySelector("[data-sonner-toast][data-type=error]");
    var root = document.documentElement;
    if (lost === (root.getAttribute("data-connection") === "lost")) return;
    if (lost) {
      if (!document.getElementById("mz-connection") && document.body) {
        var p = document.createElement("p");
        p.id = "mz-connection";
        p.setAttribute("role", "status");
        p.textContent = NOTICE;
        document.body.insertBefore(p, document.body.firstChild);
      }
      root.setAttribute("data-connection", "lost");
    } else {
      root.removeAttribute("data-connection");
    }
  }
  if (window.MutationObserver) {
    new MutationObserver(connectionWatch).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (!window.caches || !window.MutationObserver || !window.fetch) return;

  function clean(s) { return String(s || "").replace(/\s*\n\s*/g, "：").replace(/\s+/g, " ").trim(); }

  function extract(main) {
    var h1 = main.querySelector("h1");
    var title = h1 ? clean(h1.textContent) : "";
    if (!title || /^没有找到/.test(title)) return null;
    var blocks = [];
    var taken = [];
    var els = main.querySelectorAll(BLOCKS);
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.closest(SKIP)) continue;
      var inside = false;
      for (var k = 0; k < taken.length; k++) if (taken[k].contains(el)) { inside = true; break; }
      if (inside) continue;
      var tag = el.tagName.toLowerCase();
      var text = clean(tag === "li" ? el.innerText || el.textContent : el.textContent);
      if (!text) continue;
      if (tag === "li") taken.push(el);
      blocks.push({ t: tag, x: text.slice(0, 2000) });
      if (blocks.length >= 400) break;
    }
    return { url: location.pathname, title: title, blocks: blocks, savedAt: new Date().toISOString() };
  }

  function save(snap) {
    return caches.open(SNAPSHOTS).then(function (cache) {
      var key = PREFIX + snap.url;
      return cache.delete(key).then(function () {
        return cache.put(key, new Response(JSON.stringify(snap), {
          headers: { "Content-Type": "application/json; charset=utf-8" },
        }));
      }).then(function () { return cache.keys(); }).then(function (keys) {
        var extra = keys.length - MAX_SNAPSHOTS;
        var drops = [];
        for (var i = 0; i < extra; i++) drops.push(cache.delete(keys[i]));
        return Promise.all(drops);
      });
    }).then(function () {
      document.documentElement.setAttribute("data-offline-saved", snap.url);
    }).catch(function () { /* storage full or blocked: the page still works */ });
  }

  var timer = null;
  var lastSaved = "";
  function schedule() {
    if (!GUIDE.test(location.pathname)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () {
      timer = null;
      var main = document.getElementById("main");
      if (!main || !GUIDE.test(location.pathname)) return;
      var snap = extract(main);
      if (!snap) return;
      var sig = snap.url + "|" + snap.blocks.length + "|" + snap.title;
      if (sig === lastSaved) return;
      lastSaved = sig;
      save(snap);
    }, SETTLE_MS);
  }

  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  if (document.readyState !== "loading") schedule();
  else document.addEventListener("DOMContentLoaded", schedule);
})();
