/* 民政一键通 — 内容朗读 (read-aloud) for every page.
 *
 * The bar (app/ui/a11y_components.py: read_aloud_bar) has buttons marked data-readaloud="start |
 * pause | resume | stop", a live region [data-readaloud-status] for state changes and errors and
 * a line [data-readaloud-now] that shows the sentence being read. Clicks are handled here by
 * delegation, so the bar works before React hydrates and needs no websocket.
 *
 * What is read: the page's main content (<main id="main">) in DOM (= reading) order, split into
 * sentences at 。！？；!?; and at block boundaries (headings, paragraphs, list items …). Skipped:
 * navigation and menus, form controls and buttons, hidden content (display:none, hidden,
 * aria-hidden, .elder-hide in 长辈版) and anything marked data-readaloud-skip. A button with
 * data-read="ID" reads only that element (a guide section's 朗读这一段).
 *
 * The sentence being read is highlighted in place with the CSS Custom Highlight API (no change to
 * the DOM React owns; style ::highlight(mz-readaloud) in assets/elder.css); where that API is
 * missing its block gets [data-readaloud-current]. It is also shown in the bar and scrolled into view.
 *
 * Engines: the browser's speechSynthesis with a Chinese (zh-CN, then other Mandarin) voice when one
 * exists; otherwise audio from the server, /api/tts (WAV; POSTed as JSON {text} so personal data on
 * pages like 我的办件 stays out of URLs and logs), one sentence at a time with
 * the next one fetched ahead. Errors (endpoint missing, text too long, server error, offline) are
 * shown in plain Chinese in the bar. Phone numbers such as 12345 are turned into digit-by-digit
 * Chinese before speaking (a voice would say 一万两千…); other numbers and dates are left to the
 * engine (browsers read digits correctly in Chinese; the server converts them with cn2an).
 *
 * Pause stops the current sentence and resume starts it again (speechSynthesis.pause() is
 * unreliable on Android), audio pauses and resumes in place. Reading stops when the page changes.
 */
(function () {
  "use strict";
  var HIGHLIGHT = "mz-readaloud";
  var MAX_CHARS = 120; // one request / utterance; longer sentences are split at commas
  var SKIP = "nav,[role=navigation],[role=menu],[role=menubar],[role=toolbar],button,input,select," +
    "textarea,option,script,style,noscript,template,svg,canvas,audio,video,iframe,[aria-hidden=true]," +
    "[hidden],[data-readaloud-skip],.readaloud-bar,.mode-switch,.skip-link";
  var BLOCKS = /^(block|list-item|flex|grid|table|table-row|table-cell|table-caption|flow-root|inline-block|inline-flex|inline-grid)$/;
  var TERMINATORS = "。！？!?；;…";
  var CLOSERS = "”’\"』」）)】";
  var DIGITS = "零一二三四五六七八九";

  var state = "idle"; // idle | loading | playing | paused
  var engine = null; // "speech" | "server"
  var voice = null;
  var sentences = [];
  var index = 0;
  var generation = 0; // bumps on stop/pause so late callbacks of old utterances are ignored
  var startedOn = "";
  var mainEl = null;
  var audio = null;
  var prefetched = {}; // index → Promise<Blob>
  var objectUrl = null;
  var currentBlock = null;

  /* ---------------------------------------------------------------- text → sentences ----- */
  function isHidden(el) {
    if (el.closest && el.closest(SKIP)) return true;
    // the body of a closed <details> (only its <summary> shows)
    var closed = el.closest && el.closest("details:not([open])");
    if (closed && el !== closed && !el.closest("summary")) return true;
    if (typeof el.checkVisibility === "function" &&
        !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: false })) return true;
    var cs = window.getComputedStyle(el);
    return cs.display === "none" || cs.visibility === "hidden" || cs.visibility === "collapse";
  }

  function blockOf(node, stop) {
    var el = node.parentElement;
    while (el && el !== stop) {
      if (BLOCKS.test(window.getComputedStyle(el).display)) return el;
      el = el.parentElement;
    }
    return stop;
  }

  function textPieces(root) {
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (n.nodeType === 1) return isHidden(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        return /\S/.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    var n;
    while ((n = walker.nextNode())) out.push({ node: n, block: blockOf(n, root) });
    return out;
  }

  function splitPoints(text) {
    // indexes where a sentence ends (exclusive), at terminators (+ closing quotes)
    var ends = [];
    for (var i = 0; i < text.length; i++) {
      if (TERMINATORS.indexOf(text[i]) >= 0) {
        var j = i + 1;
        while (j < text.length && (CLOSERS.indexOf(text[j]) >= 0 || TERMINATORS.indexOf(text[j]) >= 0)) j++;
        ends.push(j);
        i = j - 1;
      }
    }
    if (!ends.length || ends[ends.length - 1] !== text.length) ends.push(text.length);
    return ends;
  }

  function splitLong(s, e, text) {
    // split [s, e) at commas so no piece is longer than MAX_CHARS
    var parts = [];
    while (e - s > MAX_CHARS) {
      var cut = -1;
      for (var k = s + MAX_CHARS; k > s + 10; k--) {
        if ("，,、：:".indexOf(text[k - 1]) >= 0) { cut = k; break; }
      }
      if (cut < 0) cut = s + MAX_CHARS;
      parts.push([s, cut]);
      s = cut;
    }
    parts.push([s, e]);
    return parts;
  }

  function buildSentences(root) {
    var pieces = textPieces(root);
    var result = [];
    var i = 0;
    while (i < pieces.length) {
      var block = pieces[i].block;
      var group = [];
      while (i < pieces.length && pieces[i].block === block) group.push(pieces[i++]);
      var text = "";
      var at = [];
      group.forEach(function (p) { at.push(text.length); text += p.node.data; });
      var locate = function (pos, isEnd) {
        for (var g = 0; g < group.length; g++) {
          var len = group[g].node.data.length;
          if (isEnd ? pos <= at[g] + len : pos < at[g] + len) return { node: group[g].node, offset: pos - at[g] };
        }
        var last = group[group.length - 1].node;
        return { node: last, offset: last.data.length };
      };
      var start = 0;
      splitPoints(text).forEach(function (end) {
        splitLong(start, end, text).forEach(function (p) {
          var s = p[0], e = p[1];
          while (s < e && /\s/.test(text[s])) s++;
          while (e > s && /\s/.test(text[e - 1])) e--;
          var said = text.slice(s, e).replace(/\s+/g, " ");
          if (/[\u4e00-\u9fff0-9A-Za-z]/.test(said)) {
            var a = locate(s, false), b = locate(e, true);
            var range = document.createRange();
            try { range.setStart(a.node, a.offset); range.setEnd(b.node, b.offset); } catch (err) { range = null; }
            result.push({ text: said, range: range, block: block });
          }
        });
        start = end;
      });
    }
    return result;
  }

  /* ---------------------------------------------------------------- speakable text ------- */
  function digitsToChinese(d) {
    return d.replace(/\d/g, function (c) { return DIGITS[+c]; });
  }

  var PHONE_CONTEXT = /(拨打|致电|电话|热线|专线|号码|服务台)(\s*[:：]?\s*)(\d[\d\- －]{1,14}\d)/g;
  var PHONE = /(^|[^\d])(0\d{2,3}[-－]\d{7,8}|1[3-9]\d{9}|12345)(?!\d)/g;

  function speakable(text) {
    // Phone numbers and hotlines are read digit by digit (一二三四五, not 一万两千三百四十五).
    return text
      .replace(PHONE_CONTEXT, function (m, word, sep, num) { return word + sep + digitsToChinese(num.replace(/[-－ ]/g, "")); })
      .replace(PHONE, function (m, pre, num) { return pre + digitsToChinese(num.replace(/[-－]/g, "")); })
      .replace(/(\d)\s*[~～]\s*(\d)/g, "$1至$2")
      .replace(/[·•※★☆■□▶►]/g, "，");
  }

  /* ---------------------------------------------------------------- bar / UI ------------- */
  function bars() { return document.querySelectorAll("[data-readaloud-bar]"); }

  function setStatus(msg, isError) {
    var nodes = document.querySelectorAll("[data-readaloud-status]");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = msg || "";
      if (isError) nodes[i].setAttribute("data-error", "true"); else nodes[i].removeAttribute("data-error");
    }
  }

  function setNow(text) {
    var nodes = document.querySelectorAll("[data-readaloud-now]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = text || "";
  }

  function showButtons() {
    var b = bars();
    for (var i = 0; i < b.length; i++) {
      b[i].setAttribute("data-state", state);
      var btns = b[i].querySelectorAll("[data-readaloud]");
      for (var j = 0; j < btns.length; j++) {
        var kind = btns[j].getAttribute("data-readaloud");
        var show = kind === "start" ||
          (kind === "pause" && (state === "playing" || state === "loading")) ||
          (kind === "resume" && state === "paused") ||
          (kind === "stop" && state !== "idle");
        if (show) btns[j].removeAttribute("hidden"); else btns[j].setAttribute("hidden", "");
      }
    }
  }

  function highlight(i) {
    clearHighlight();
    var s = sentences[i];
    if (!s) return;
    setNow(s.text);
    var hasApi = window.CSS && CSS.highlights && typeof window.Highlight === "function";
    if (s.range && hasApi) {
      CSS.highlights.set(HIGHLIGHT, new window.Highlight(s.range));
    } else if (s.block && s.block.setAttribute) {
      s.block.setAttribute("data-readaloud-current", "");
      currentBlock = s.block;
    }
    try {
      var r = s.range ? s.range.getBoundingClientRect() : s.block.getBoundingClientRect();
      var vh = window.innerHeight || document.documentElement.clientHeight;
      if (r && (r.top < 0 || r.bottom > vh)) window.scrollBy({ top: r.top - vh / 3, behavior: "auto" });
    } catch (e) { /* detached */ }
  }

  function clearHighlight() {
    if (window.CSS && CSS.highlights) CSS.highlights.delete(HIGHLIGHT);
    if (currentBlock) { currentBlock.removeAttribute("data-readaloud-current"); currentBlock = null; }
  }

  /* ---------------------------------------------------------------- engines -------------- */
  function isChinese(v) {
    var lang = String(v.lang || "").replace("_", "-").toLowerCase();
    return lang === "zh-cn" || lang.indexOf("cmn") === 0 || lang === "zh" || lang === "zh-hans" ||
      lang === "zh-tw" || lang === "zh-sg";
  }

  function findVoice() {
    if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
      return Promise.resolve(null);
    }
    var pick = function () {
      var vs = window.speechSynthesis.getVoices() || [];
      var zh = vs.filter(isChinese);
      zh.sort(function (a, b) {
        var ra = /zh[-_]cn/i.test(a.lang) ? 0 : 1, rb = /zh[-_]cn/i.test(b.lang) ? 0 : 1;
        return ra - rb || (b.localService ? 1 : 0) - (a.localService ? 1 : 0);
      });
      return zh[0] || null;
    };
    var v = pick();
    if (v) return Promise.resolve(v);
    return new Promise(function (resolve) {
      var done = false;
      var finish = function () { if (!done) { done = true; resolve(pick()); } };
      try { window.speechSynthesis.addEventListener("voiceschanged", finish, { once: true }); } catch (e) { /* old */ }
      setTimeout(finish, 800);
    });
  }

  function speakWithSynthesis(i, gen) {
    var s = sentences[i];
    var u = new window.SpeechSynthesisUtterance(speakable(s.text));
    u.lang = "zh-CN";
    if (voice) u.voice = voice;
    u.rate = document.documentElement.classList.contains("elder") ? 0.85 : 1;
    u.onend = function () { if (gen === generation) next(); };
    u.onerror = function (e) {
      if (gen !== generation) return;
      if (e && (e.error === "interrupted" || e.error === "canceled")) return;
      // the voice failed: try the server for the rest
      engine = "server";
      play(i, gen);
    };
    window.speechSynthesis.speak(u);
  }

  function ttsError(status) {
    if (status === 404 || status === 405 || status === 501) return "朗读服务暂未开通，请稍后再试，或拨打 12345 请人工帮您。";
    if (status === 413 || status === 414 || status === 422 || status === 400) return "这一句太长，无法朗读，已跳过。";
    if (status === 429) return "朗读请求太多，请稍等一会儿再试。";
    if (status === 503) return "朗读服务暂时不可用，请稍后再试，或拨打 12345。";
    return "朗读服务出错了，请稍后再试，或拨打 12345。";
  }

  function fetchAudio(i) {
    if (prefetched[i]) return prefetched[i];
    var s = sentences[i];
    if (!s) return Promise.reject(new Error("no sentence"));
    // POST, not GET ?text=: pages such as 我的办件 carry personal data, which must stay out of
    // URLs and server logs (the endpoint takes both).
    prefetched[i] = fetch("/api/tts", {
      method: "POST",
      headers: { Accept: "audio/wav", "Content-Type": "application/json" },
      body: JSON.stringify({ text: speakable(s.text) }),
      credentials: "same-origin",
    }).then(function (r) {
      if (!r.ok) { var err = new Error("tts " + r.status); err.status = r.status; throw err; }
      var type = r.headers.get("content-type") || "";
      if (type && type.indexOf("audio") < 0) { var bad = new Error("not audio"); bad.status = 502; throw bad; }
      return r.blob();
    });
    prefetched[i].catch(function () { /* reported when played */ });
    return prefetched[i];
  }

  function audioElement() {
    if (!audio) {
      audio = new Audio();
      audio.preload = "auto";
    }
    return audio;
  }

  function unlockAudio() {
    // Webviews (iOS WeChat) only let an <audio> play after a tap: play a short silence now, in
    // the click, so later sentences fetched asynchronously may play on the same element.
    try {
      var a = audioElement();
      var n = 160, buf = new ArrayBuffer(44 + n * 2), v = new DataView(buf);
      var w = function (o, s) { for (var k = 0; k < s.length; k++) v.setUint8(o + k, s.charCodeAt(k)); };
      w(0, "RIFF"); v.setUint32(4, 36 + n * 2, true); w(8, "WAVEfmt "); v.setUint32(16, 16, true);
      v.setUint16(20, 1, true); v.setUint16(22, 1, true); v.setUint32(24, 8000, true);
      v.setUint32(28, 16000, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
      w(36, "data"); v.setUint32(40, n * 2, true);
      a.src = URL.createObjectURL(new Blob([buf], { type: "audio/wav" }));
      var p = a.play();
      if (p && p.catch) p.catch(function () { /* fine */ });
    } catch (e) { /* no audio */ }
  }

  function playFromServer(i, gen) {
    fetchAudio(i).then(function (blob) {
      if (gen !== generation) return;
      var a = audioElement();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(blob);
      a.onended = function () { if (gen === generation) next(); };
      a.onerror = function () {
        if (gen !== generation) return;
        fail("无法播放朗读声音，请检查手机是否静音，或稍后再试。");
      };
      a.src = objectUrl;
      var p = a.play();
      if (p && p.catch) {
        p.catch(function (e) {
          if (gen !== generation) return;
          if (e && e.name === "AbortError") return;
          fail("无法播放朗读声音，请再点一次“朗读本页”。");
        });
      }
      if (sentences[i + 1]) fetchAudio(i + 1);
    }, function (err) {
      if (gen !== generation) return;
      // Offline only when the browser says so; a failed request while online means the speech
      // service (or the way to it) is down, not the reader's network.
      if (!navigator.onLine) return fail("网络没有连接，无法朗读。联网后请再试。");
      if (!err.status) return fail("朗读服务暂时不可用，请稍后再试，或拨打 12345。");
      if (err.status === 413 || err.status === 414 || err.status === 422 || err.status === 400) {
        setStatus(ttsError(err.status), true);
        return next();
      }
      fail(ttsError(err.status));
    });
  }

  function play(i, gen) {
    if (gen !== generation) return;
    index = i;
    if (!sentences[i]) return finish();
    state = "playing";
    showButtons();
    highlight(i);
    if (engine === "speech") speakWithSynthesis(i, gen); else playFromServer(i, gen);
  }

  function next() {
    if (state !== "playing") return;
    play(index + 1, generation);
  }

  /* ---------------------------------------------------------------- controls ------------- */
  function cancelEngines() {
    generation++;
    try { if ("speechSynthesis" in window) window.speechSynthesis.cancel(); } catch (e) { /* none */ }
    if (audio) { try { audio.pause(); } catch (e) { /* none */ } }
  }

  function finish() {
    cancelEngines();
    clearHighlight();
    setNow("");
    state = "idle";
    showButtons();
    setStatus("本页已读完。");
  }

  function fail(msg) {
    cancelEngines();
    clearHighlight();
    setNow("");
    state = "idle";
    showButtons();
    setStatus(msg, true);
  }

  function start(part) {
    stop(true);
    mainEl = document.getElementById("main") || document.querySelector("main");
    if (!mainEl) return setStatus("这一页没有可以朗读的内容。", true);
    // One part only (a guide section's 朗读这一段), or the whole page.
    sentences = buildSentences(part && mainEl.contains(part) ? part : mainEl);
    if (!sentences.length) return setStatus("这一页没有可以朗读的内容。", true);
    startedOn = location.pathname + location.search;
    prefetched = {};
    state = "loading";
    showButtons();
    setStatus("正在准备朗读……");
    var gen = generation;
    var wantServer = document.documentElement.getAttribute("data-readaloud-engine") === "server";
    unlockAudio(); // still inside the tap
    var chosen = wantServer ? Promise.resolve(null) : findVoice();
    chosen.then(function (v) {
      if (gen !== generation) return;
      voice = v;
      engine = v ? "speech" : "server";
      document.documentElement.setAttribute("data-readaloud-using", engine);
      setStatus("开始朗读，共 " + sentences.length + " 句。");
      play(0, gen);
    });
  }

  function pause() {
    if (state !== "playing" && state !== "loading") return;
    if (engine === "server" && audio && !audio.paused) {
      audio.pause();
      state = "paused";
    } else {
      cancelEngines(); // the sentence starts again on resume
      state = "paused";
    }
    showButtons();
    setStatus("已暂停。点“继续”接着读。");
  }

  function resume() {
    if (state !== "paused") return;
    setStatus("继续朗读。");
    if (engine === "server" && audio && audio.src && audio.paused && audio.currentTime > 0 && !audio.ended) {
      state = "playing";
      showButtons();
      var p = audio.play();
      if (p && p.catch) p.catch(function () { play(index, generation); });
      return;
    }
    state = "playing";
    play(index, ++generation);
  }

  function stop(silent) {
    var wasActive = state !== "idle";
    cancelEngines();
    clearHighlight();
    setNow("");
    state = "idle";
    showButtons();
    if (!silent && wasActive) setStatus("已停止朗读。");
  }

  document.addEventListener("click", function (e) {
    var one = e.target && e.target.closest ? e.target.closest("[data-read]") : null;
    if (one) {
      e.preventDefault();
      var part = document.getElementById(one.getAttribute("data-read"));
      if (part) start(part);
      return;
    }
    var t = e.target && e.target.closest ? e.target.closest("[data-readaloud]") : null;
    if (!t) return;
    e.preventDefault();
    var kind = t.getAttribute("data-readaloud");
    if (kind === "start") start();
    else if (kind === "pause") pause();
    else if (kind === "resume") resume();
    else if (kind === "stop") stop(false);
    // keep keyboard focus on the control that took the place of the one pressed
    var bar = t.closest("[data-readaloud-bar]");
    if (bar && t.hasAttribute("hidden")) {
      var swap = { pause: "resume", resume: "pause", stop: "start" }[kind] || "start";
      var to = bar.querySelector('[data-readaloud="' + swap + '"]:not([hidden])') ||
        bar.querySelector("[data-readaloud]:not([hidden])");
      if (to) to.focus();
    }
  });

  // Stop when the page changes (client-side navigation replaces <main>) or is left.
  function watch() {
    if (state === "idle") return;
    if (startedOn !== location.pathname + location.search || (mainEl && !document.contains(mainEl))) {
      stop(true);
    } else {
      showButtons(); // a re-mounted bar gets the right buttons
    }
  }
  if (window.MutationObserver) {
    new MutationObserver(watch).observe(document.documentElement, { childList: true, subtree: true });
  }
  window.addEventListener("popstate", watch);
  window.addEventListener("pagehide", function () { stop(true); });

  window.mzReadAloud = {
    start: start, pause: pause, resume: resume, stop: stop,
    state: function () { return state; },
    engine: function () { return engine; },
    sentences: function () { return sentences.map(function (s) { return s.text; }); },
    index: function () { return index; },
    speakable: speakable,
    build: function () {
      var m = document.getElementById("main") || document.querySelector("main");
      return m ? buildSentences(m).map(function (s) { return s.text; }) : [];
    },
  };
})();
