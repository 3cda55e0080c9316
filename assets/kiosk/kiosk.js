/* 民政一键通 — voice kiosk page script (/kiosk).
 *
 * What it owns (the Reflex state owns the rest, see app/ui/kiosk_state.py):
 * - Microphone → speech recognition: the shared speech client (assets/js/speech.js: getUserMedia +
 *   the AudioWorklet pcm-worklet.js → 16 kHz 16-bit mono PCM over a websocket to /api/voice/asr);
 *   partial text is shown as it comes, the final text goes to the state through the hidden form
 *   #kiosk-heard-form. One utterance per tap: a second tap or 20 s asks for the final result.
 * - Read-aloud: whenever the state bumps #kiosk-say[data-seq], its text is fetched from POST /api/tts
 *   (stream=1) and played with Web Audio as the bytes arrive, so the first sentence plays while the
 *   rest is synthesised. 再听一遍 replays, 大声 / 小声 set the volume. Never speaks over the microphone.
 * - Privacy: after `idleSeconds` without touch or speech (while something is on screen) it warns aloud,
 *   then after `warnSeconds` clears everything — audio, transcript, and the server session through
 *   #kiosk-reset — and returns to the start. Timings come from /api/voice/status (settings
 *   KIOSK_IDLE_SECONDS / KIOSK_WARN_SECONDS); tests may call window.minzhengKiosk.configure().
 *
 * Buttons it handles carry data-kiosk="listen | replay | louder | softer | stay" and are handled by
 * delegation, so React re-renders never detach them. The elements it writes into (#kiosk-live,
 * #kiosk-volume, #kiosk-mic-state, #kiosk-idle-text) are rendered empty by the page.
 */
(function () {
  "use strict";
  if (window.minzhengKiosk) return;

  var TEXT = {
    listening: "正在听……说完会自动停",
    speakNow: "请说话",
    preparing: "正在准备语音识别，请稍等",
    noMic: "没有找到麦克风，请点屏幕上的大按钮。",
    unavailable: "语音识别暂不可用，请点屏幕上的大按钮。",
    disconnected: "语音连接断开了，请再点一次“点我说话”，或者点屏幕上的大按钮。",
    idle: function (s) {
      return "如果还要继续，请点“我还在用”或者点一下屏幕。" + s + "秒后将清除本次内容，回到首页。";
    },
    idleSay: function (s) {
      return "还有人在用吗？如果还要继续，请点一下屏幕。" + s + "秒后将清除本次内容。";
    },
    volume: function (v) { return "音量 " + Math.round(v * 100) + "%"; },
  };
  var DEFAULT_VOLUME = 0.8;
  var MAX_LISTEN_MS = 20000;
  var cfg = { idleSeconds: 60, warnSeconds: 15, asr: null };
  var pinned = {}; // keys set by configure(): the server's values do not override them
  var stats = { spoken: [], finals: [], partials: 0, resets: 0, warnings: 0, ttsErrors: 0 };

  function $(id) { return document.getElementById(id); }
  function root() { return $("kiosk"); }
  function setRootAttr(name, value) { var r = root(); if (r) r.setAttribute(name, value); }

  /* ------------------------------------------------------------------ audio out ---------- */
  var actx = null, gain = null, volume = DEFAULT_VOLUME;
  var playGen = 0, sources = [], speaking = false, lastText = "";

  function audioCtx() {
    if (!actx) {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return null;
      actx = new AC();
      gain = actx.createGain();
      gain.gain.value = volume;
      gain.connect(actx.destination);
    }
    if (actx.state === "suspended") actx.resume().catch(function () {});
    return actx;
  }

  function setSpeaking(v) {
    speaking = v;
    setRootAttr("data-speaking", v ? "true" : "false");
    if (!v) lastActivity = Date.now(); // idle time counts from the end of an answer
  }

  function stopSpeaking() {
    playGen++;
    sources.forEach(function (s) { try { s.stop(); } catch (e) { /* not started */ } });
    sources = [];
    if (speaking) setSpeaking(false);
  }

  function concat(a, b) {
    if (!a.length) return b;
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  function speak(text) {
    text = (text || "").trim();
    if (!text) return Promise.resolve();
    stopSpeaking();
    lastText = text;
    stats.spoken.push(text);
    if (stats.spoken.length > 50) stats.spoken.shift();
    if (listening) return Promise.resolve(); // never talk into the microphone
    var c = audioCtx();
    if (!c) return Promise.resolve();
    var gen = playGen, next = 0, rate = 22050, header = false, rest = new Uint8Array(0), streamDone = false;
    setSpeaking(true);

    function maybeDone() {
      if (gen === playGen && streamDone && !sources.length) setSpeaking(false);
    }
    function schedule(u8) {
      var n = u8.length >> 1;
      if (!n) return;
      var dv = new DataView(u8.buffer, u8.byteOffset, n * 2);
      var buf = c.createBuffer(1, n, rate);
      var ch = buf.getChannelData(0);
      for (var i = 0; i < n; i++) ch[i] = dv.getInt16(i * 2, true) / 32768;
      var src = c.createBufferSource();
      src.buffer = buf;
      src.connect(gain);
      var when = Math.max(next, c.currentTime + 0.03);
      src.start(when);
      next = when + buf.duration;
      sources.push(src);
      src.onended = function () {
        sources = sources.filter(function (s) { return s !== src; });
        maybeDone();
      };
    }
    return fetch("/api/tts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, stream: true }),
    }).then(function (r) {
      if (!r.ok || !r.body) throw new Error("tts " + r.status);
      var reader = r.body.getReader();
      function pump() {
        return reader.read().then(function (res) {
          if (gen !== playGen) { reader.cancel().catch(function () {}); return; }
          if (res.done) { streamDone = true; maybeDone(); return; }
          var bytes = concat(rest, res.value);
          if (!header) {
            if (bytes.length < 44) { rest = bytes; return pump(); }
            rate = new DataView(bytes.buffer, bytes.byteOffset, 44).getUint32(24, true) || 22050;
            header = true;
            bytes = bytes.subarray(44);
          }
          var usable = bytes.length - (bytes.length % 2);
          rest = bytes.slice(usable);
          schedule(bytes.subarray(0, usable));
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      stats.ttsErrors++;
      if (gen === playGen) setSpeaking(false);
    });
  }

  function beep(freq, ms) {
    var c = audioCtx();
    if (!c) return Promise.resolve();
    var o = c.createOscillator(), g = c.createGain();
    o.frequency.value = freq || 660;
    g.gain.value = 0.25;
    o.connect(g);
    g.connect(gain);
    o.start();
    o.stop(c.currentTime + (ms || 150) / 1000);
    return new Promise(function (res) { setTimeout(res, (ms || 150) + 60); });
  }

  function setVolume(v) {
    volume = Math.max(0.2, Math.min(1, Math.round(v * 10) / 10));
    if (gain) gain.gain.value = volume;
    var el = $("kiosk-volume");
    if (el) el.textContent = TEXT.volume(volume);
  }

  /* ------------------------------------------------------------------ microphone ---------- */
  // The capture itself is the shared speech client (assets/js/speech.js, window.minzhengSpeech).
  var listening = false, session = null, listenTimer = null;

  function loadSpeech() {
    if (window.minzhengSpeech || document.querySelector("script[data-mz-speech]")) return;
    var s = document.createElement("script");
    s.src = "/js/speech.js";
    s.setAttribute("data-mz-speech", "");
    document.head.appendChild(s);
  }

  function live(text) { var el = $("kiosk-live"); if (el) el.textContent = text || ""; }
  function micState(text) { var el = $("kiosk-mic-state"); if (el) el.textContent = text || ""; }

  function setListening(v) {
    listening = v;
    setRootAttr("data-listening", v ? "true" : "false");
    var b = $("kiosk-mic");
    if (b) b.setAttribute("aria-pressed", v ? "true" : "false");
    micState(v ? TEXT.listening : "");
  }

  function markUnavailable() {
    // No dead button: the microphone goes away and touch is the way; the reason is said once,
    // small (the welcome already says it when the server knew at page load).
    var b = $("kiosk-mic");
    if (b) { b.setAttribute("aria-disabled", "true"); b.hidden = true; }
    var prompt = $("kiosk-prompt"), l = $("kiosk-live");
    var said = prompt && prompt.textContent.indexOf("语音识别暂不可用") >= 0;
    if (l && !said && !l.textContent) l.textContent = TEXT.unavailable;
  }

  function submitHeard(text) {
    var input = $("kiosk-heard-text"), form = $("kiosk-heard-form");
    if (!input || !form) return;
    input.value = text;
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  }

  function stopCapture() {
    clearTimeout(listenTimer);
    if (session) { session.close(); session = null; }
    if (listening) setListening(false);
  }

  function sendStop() {
    // the recogniser answers the stop with its final result, which ends the capture
    if (!(session && session.finish())) { stopCapture(); live(""); }
  }

  function onMessage(m) {
    if (m.type === "loading") live(TEXT.preparing);
    else if (m.type === "ready") live(TEXT.speakNow);
    else if (m.type === "partial") { stats.partials++; touch(); live(m.text); }
    else if (m.type === "final") {
      stats.finals.push(m);
      if (stats.finals.length > 20) stats.finals.shift();
      touch();
      stopCapture();
      live(""); // the confirm screen shows the text in large print
      submitHeard(m.text || "");
    } else if (m.type === "unavailable") {
      stopCapture();
      live("");
      markUnavailable();
      speak(TEXT.unavailable);
    } else if (m.type === "error") {
      stopCapture();
      live(m.message || "");
      speak(m.message || "");
    }
  }

  function startCapture() {
    if (!listening) return;
    session = window.minzhengSpeech.open({
      onMessage: onMessage,
      onClose: function () {
        if (!listening) return;
        stopCapture();
        live("");
        speak(TEXT.disconnected);
      },
      onNoMic: function () {
        stopCapture();
        live("");
        speak(TEXT.noMic);
      },
    });
    listenTimer = setTimeout(sendStop, MAX_LISTEN_MS);
  }

  function listen() {
    if (listening) { sendStop(); return; } // a second tap ends the utterance
    var b = $("kiosk-mic");
    if ((b && b.getAttribute("aria-disabled") === "true") || (cfg.asr && !cfg.asr.available)) {
      speak(TEXT.unavailable);
      return;
    }
    if (!window.minzhengSpeech || !window.minzhengSpeech.supported()) {
      speak(TEXT.noMic);
      return;
    }
    stopSpeaking();
    setListening(true);
    live(TEXT.speakNow);
    beep(660, 150).then(startCapture); // the tone ends before the microphone opens
  }

  /* ------------------------------------------------------------------ what the state says - */
  var lastSeq = null;
  function checkSay() {
    var el = $("kiosk-say");
    if (!el) { lastSeq = null; return; }
    var seq = el.getAttribute("data-seq");
    if (seq === lastSeq) return;
    lastSeq = seq;
    if (seq && seq !== "0") speak(el.textContent);
  }

  /* ------------------------------------------------------------------ idle → privacy reset - */
  var lastActivity = Date.now(), warned = false, warnedAt = 0;

  function touch() {
    lastActivity = Date.now();
    if (warned) cancelWarning();
  }

  function hasSession() {
    var r = root();
    if (!r) return false;
    return r.getAttribute("data-screen") !== "start" || r.getAttribute("data-active") === "true" ||
      listening || !!($("kiosk-live") && $("kiosk-live").textContent);
  }

  function warn() {
    warned = true;
    warnedAt = Date.now();
    stats.warnings++;
    var box = $("kiosk-idle"), txt = $("kiosk-idle-text");
    if (txt) txt.textContent = TEXT.idle(cfg.warnSeconds);
    if (box) box.hidden = false;
    var stay = box && box.querySelector("[data-kiosk=stay]");
    if (stay) stay.focus();
    speak(TEXT.idleSay(cfg.warnSeconds));
  }

  function cancelWarning() {
    warned = false;
    var box = $("kiosk-idle");
    if (box) box.hidden = true;
    stopSpeaking();
  }

  function clearAll() {
    warned = false;
    var box = $("kiosk-idle");
    if (box) box.hidden = true;
    stopSpeaking();
    stopCapture();
    live("");
    lastText = "";
    setVolume(DEFAULT_VOLUME);
    stats.resets++;
    var reset = $("kiosk-reset");
    if (reset) reset.click(); // KioskState.reset_session: the server forgets the session too
    lastActivity = Date.now();
  }

  function tick() {
    if (!root()) return;
    var now = Date.now();
    if (warned) {
      var left = Math.ceil(cfg.warnSeconds - (now - warnedAt) / 1000);
      var txt = $("kiosk-idle-text");
      if (txt && left >= 0) txt.textContent = TEXT.idle(left);
      if (left <= 0) clearAll();
      return;
    }
    if (speaking || listening || !hasSession()) { lastActivity = now; return; }
    if ((now - lastActivity) / 1000 >= cfg.idleSeconds) warn();
  }

  /* ------------------------------------------------------------------ wiring -------------- */
  function onClick(ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-kiosk]") : null;
    if (!el || !root() || !root().contains(el)) {
      if (listening && ev.target && ev.target.closest && ev.target.closest("button")) stopCapture();
      return;
    }
    var action = el.getAttribute("data-kiosk");
    if (action === "listen") listen();
    else if (action === "replay") speak(lastText || ($("kiosk-say") && $("kiosk-say").textContent));
    else if (action === "say-part") speak(el.getAttribute("data-say") || "");  // one part: its own 再听一遍
    else if (action === "louder") { setVolume(volume + 0.2); beep(880, 120); }
    else if (action === "softer") { setVolume(volume - 0.2); beep(440, 120); }
    else if (action === "stay") cancelWarning();
  }

  function loadConfig() {
    return fetch("/api/voice/status?warm=1", { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (j) {
      if (!j) return;
      cfg.asr = j.asr;
      if (j.kiosk) {
        if (!pinned.idleSeconds) cfg.idleSeconds = j.kiosk.idle_seconds;
        if (!pinned.warnSeconds) cfg.warnSeconds = j.kiosk.warn_seconds;
      }
      if (j.asr && !j.asr.available) markUnavailable();
    }).catch(function () { /* keep defaults; the websocket reports unavailability too */ });
  }

  function init() {
    loadSpeech();
    document.addEventListener("click", onClick);
    ["pointerdown", "keydown", "touchstart", "wheel"].forEach(function (name) {
      document.addEventListener(name, function () { touch(); audioCtx(); }, true);
    });
    new MutationObserver(function () {
      checkSay();
      var v = $("kiosk-volume");
      if (v && !v.textContent) v.textContent = TEXT.volume(volume);
    }).observe(document.documentElement, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-seq"],
    });
    checkSay();
    setVolume(volume);
    setInterval(tick, 250);
    loadConfig();
  }

  window.minzhengKiosk = {
    configure: function (o) {
      ["idleSeconds", "warnSeconds"].forEach(function (k) {
        if (o && typeof o[k] === "number") { cfg[k] = o[k]; pinned[k] = true; }
      });
      lastActivity = Date.now();
      return cfg;
    },
    state: function () {
      return {
        listening: listening, speaking: speaking, volume: volume, warned: warned, lastText: lastText,
        spoken: stats.spoken.slice(), finals: stats.finals.slice(), partials: stats.partials,
        resets: stats.resets, warnings: stats.warnings, ttsErrors: stats.ttsErrors,
        idleSeconds: cfg.idleSeconds, warnSeconds: cfg.warnSeconds, asr: cfg.asr,
      };
    },
    speak: speak,
    listen: listen,
    stop: sendStop,
    reset: clearAll,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
