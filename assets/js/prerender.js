/* 民政一键通 — hand over from the server-rendered page to the hydrated Reflex page.
 *
 * The server puts the whole page (header, content, footer) as <div id="mz-pre"> first in <body>
 * (app/web/shell.py), and CSS hides the Reflex page's own .site while that block is there. Once
 * the Reflex page shows its own content — the CSS selector in data-mz-ready matches inside it
 * (its <h1> has text; its search results are rendered) — the block is removed and the Reflex page
 * is shown, in one step, so nothing is shown twice and the layout does not jump. Without the
 * websocket the Reflex page never fills, and the block stays: the reader still reads everything.
 */
(function () {
  "use strict";
  var pre = document.getElementById("mz-pre");
  if (!pre) return;
  var ready = pre.getAttribute("data-mz-ready") || "main h1:not(:empty)";
  var observer = null;

  function reactSites() {
    var out = [];
    var kids = document.body ? document.body.children : [];
    for (var i = 0; i < kids.length; i++) {
      if (kids[i] !== pre && kids[i].classList && kids[i].classList.contains("site")) out.push(kids[i]);
    }
    return out;
  }

  function check() {
    var sites = reactSites();
    for (var i = 0; i < sites.length; i++) {
      var hit = null;
      try { hit = sites[i].querySelector(ready); } catch (e) { hit = sites[i].querySelector("main h1"); }
      if (hit && (ready.indexOf("h1") < 0 || (hit.textContent || "").trim() !== "")) {
        var hadFocus = pre.contains(document.activeElement);
        if (observer) observer.disconnect();
        pre.parentNode.removeChild(pre);
        if (hadFocus) {
          var main = document.getElementById("main");
          if (main) main.focus({ preventScroll: true });
        }
        return;
      }
    }
  }

  if (window.MutationObserver) {
    observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  check();
})();
