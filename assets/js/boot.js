/* 民政一键通 — start Reflex's app after the page's first paint (inlined in <head> by
 * app/web/first_paint.py).
 *
 * The server sends each page with its content and all of its CSS in the HTML, so the first paint
 * needs nothing but the HTML. Reflex's app (React, the router, the websocket: ~170 KiB fetched at
 * high priority) is marked in the HTML so that the browser neither fetches nor runs it before
 * that paint:
 *   <script type="mz/module">…</script>   was Reflex's <script type="module" async> (its entry)
 *   data-mz-preload on this script         the hrefs of Reflex's <link rel="modulepreload">
 * Once the page has painted its content (the first-contentful-paint entry; at once in a hidden
 * tab; at the latest after WAIT ms) and the document is parsed, the modulepreloads are put back
 * (so the modules still load in parallel) and the entry is started as a module. The small defer
 * scripts (朗读, PWA, the hand-over) are not touched: they have run by then, so prerender.js is in
 * place before React hydrates.
 * Without JavaScript none of this matters: the page is the server's HTML and CSS.
 */
(function () {
  "use strict";
  var WAIT = 4000;
  var me = document.currentScript;
  var preloads = ((me && me.getAttribute("data-mz-preload")) || "").split(" ");
  var painted = false;
  var parsed = document.readyState !== "loading";
  var started = false;

  function start() {
    if (started || !painted || !parsed) return;
    started = true;
    var head = document.head;
    for (var i = 0; i < preloads.length; i++) {
      if (!preloads[i]) continue;
      var link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = preloads[i];
      head.appendChild(link);
    }
    var marked = document.querySelectorAll("script[type='mz/module']");
    for (var j = 0; j < marked.length; j++) {
      var s = document.createElement("script");
      s.type = "module";
      s.text = marked[j].text;
      s.async = false;
      head.appendChild(s);
    }
  }

  function paint() {
    if (painted) return;
    painted = true;
    start();
  }

  function afterTwoFrames() {
    requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(paint, 0); }); });
  }

  if (document.visibilityState === "hidden" || document.prerendering || !window.requestAnimationFrame) {
    paint();  // nothing is painted in a hidden tab: no reason to wait
  } else {
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    if (types.indexOf("paint") >= 0) {
      try {
        new PerformanceObserver(function (list, observer) {
          var entries = list.getEntries();
          for (var k = 0; k < entries.length; k++) {
            if (entries[k].name === "first-contentful-paint") {
              observer.disconnect();
              setTimeout(paint, 0);
            }
          }
        }).observe({ type: "paint", buffered: true });
      } catch (e) {
        afterTwoFrames();
      }
    } else {
      afterTwoFrames();
    }
    setTimeout(paint, WAIT);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") paint();
    });
  }
  if (!parsed) {
    document.addEventListener("DOMContentLoaded", function () { parsed = true; start(); });
  }
})();
