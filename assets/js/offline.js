/* 民政一键通 — the offline page (assets/offline.html).
 *
 * The service worker serves offline.html for a page that cannot be loaded. This script reads the
 * guide snapshots saved by js/pwa.js (Cache Storage "mz-snapshots-v1"): when the address asked
 * for has one, it is shown (as text, built with textContent — never as HTML); below, every saved
 * guide is listed, newest first, as a link to its own address (which, offline, comes back here and
 * shows that guide).
 */
(function () {
  "use strict";
  var SNAPSHOTS = "mz-snapshots-v1";
  var TAGS = { h1: "h2", h2: "h2", h3: "h3", h4: "h3", p: "p", li: "p", dt: "h3", dd: "p", summary: "h3" };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 " +
      pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function loadAll() {
    if (!window.caches) return Promise.resolve([]);
    return caches.open(SNAPSHOTS).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.map(function (k) {
          return cache.match(k).then(function (r) { return r ? r.json() : null; }).catch(function () { return null; });
        }));
      });
    }).then(function (all) {
      return all.filter(function (s) { return s && s.url && s.title; })
        .sort(function (a, b) { return String(b.savedAt).localeCompare(String(a.savedAt)); });
    }).catch(function () { return []; });
  }

  function showSnapshot(snap) {
    var intro = document.getElementById("offline-intro");
    var art = document.getElementById("offline-snapshot");
    intro.textContent = "";
    intro.appendChild(el("p", "您现在没有连上网络。下面是您" + when(snap.savedAt) +
      "打开这一页时保存的内容，可能不是最新的，办理前请联网核对，或拨打 12345 咨询。", "offline-note"));
    art.appendChild(el("h1", snap.title));
    var list = null;
    (snap.blocks || []).forEach(function (b) {
      if (b.t === "h1" && b.x === snap.title) return;      // already the page heading
      if (b.t === "li") {
        if (!list) { list = el("ul"); art.appendChild(list); }
        list.appendChild(el("li", b.x));
        return;
      }
      list = null;
      art.appendChild(el(TAGS[b.t] || "p", b.x));
    });
    art.hidden = false;
    document.title = snap.title + "（离线） · 民政一键通";
  }

  function showList(all) {
    var list = document.getElementById("saved-list");
    var empty = document.getElementById("saved-empty");
    if (!all.length) return;
    empty.hidden = true;
    all.forEach(function (s) {
      var li = el("li", "", "result");
      var a = el("a", s.title, "result-title");
      a.href = s.url;
      li.appendChild(a);
      li.appendChild(el("p", "保存于 " + when(s.savedAt), "saved-when"));
      list.appendChild(li);
    });
  }

  function init() {
    var retry = document.getElementById("offline-retry");
    if (retry) retry.addEventListener("click", function () { location.reload(); });
    loadAll().then(function (all) {
      var here = location.pathname.replace(/\/$/, "") || "/";
      var mine = null;
      for (var i = 0; i < all.length; i++) if (all[i].url.replace(/\/$/, "") === here) mine = all[i];
      if (mine) showSnapshot(mine);
      showList(all.filter(function (s) { return s !== mine; }));
      document.documentElement.setAttribute("data-offline-ready", mine ? "snapshot" : "list");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
