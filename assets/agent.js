/* 民政一键通 — hotline console page script (/agent).
 *
 * What it owns (app/ui/agent_state.py owns the rest):
 * - Live transcription: the microphone (the caller's audio on the agent's headset line) is streamed
 *   as 16 kHz PCM to /api/voice/asr, the same Vosk recogniser as the kiosk, by the same speech
 *   client (assets/js/speech.js, mode "free"). Partial text is shown in
 *   #agent-live; every final result is handed to the state through the hidden #agent-heard-form
 *   and becomes a caller line of the transcript (and refreshes the suggestions).
 * - Read-aloud of a suggestion to the caller: POST /api/tts (WAV), or the browser's
 *   speechSynthesis when the server has no voice. Called by the state (window.minzhengAgent.speak).
 * - Queue refresh: clicks #agent-refresh every 15 s while the page is visible.
 */
(function () {
  "use strict";
  if (window.minzhengAgent) return;

  var TEXT = {
    preparing: "正在准备语音识别……",
    listening: "正在转写……",
    unavailable: "语音识别暂不可用，请手动记录。",
    noMic: "没有找到麦克风，请手动记录。",
    stopped: "",
  };
  var REFRESH_MS = 15000;
  var stats = { finals: [], partials: 0, spoken: [], ttsErrors: 0 };

  function $(id) { return document.getElementById(id); }
  function live(text) { var el = $("agent-live"); if (el) el.textContent = text || ""; }

  /* ---------------------------------------------------------------- read aloud ---------- */
  var audio = null;
  function speakBrowser(text) {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
    var u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    u.rate = 0.9;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
  }

  function speak(text) {
    text = (text || "").trim();
    if (!text) return Promise.resolve();
    stats.spoken.push(text);
    if (audio) { try { audio.pause(); } catch (e) { /* gone */ } audio = null; }
    return fetch("/api/tts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text.slice(0, 2000) }),
    }).then(function (r) {
      if (!r.ok) throw new Error("tts " + r.status);
      return r.blob();
    }).then(function (blob) {
      audio = new Audio(URL.createObjectURL(blob));
      return audio.play();
    }).catch(function () {
      stats.ttsErrors++;
      speakBrowser(text);
    });
  }

  /* ---------------------------------------------------------------- live transcript ------ */
  // The capture itself is the shared speech client (assets/js/speech.js, window.minzhengSpeech).
  var session = null, on = false;

  function loadSpeech() {
    if (window.minzhengSpeech || document.querySelector("script[data-mz-speech]")) return;
    var s = document.createElement("script");
    s.src = "/js/speech.js";
    s.setAttribute("data-mz-speech", "");
    document.head.appendChild(s);
  }

  function button() { return $("agent-live-toggle"); }
  function setOn(v) {
    on = v;
    var b = button();
    if (b) {
      b.setAttribute("aria-pressed", v ? "true" : "false");
      b.textContent = b.getAttribute(v ? "data-stop" : "data-start") || b.textContent;
    }
  }

  function submitHeard(text) {
    var input = $("agent-heard-text"), form = $("agent-heard-form");
    if (!input || !form || !text) return;
    input.value = text;
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  }

  function stop(message) {
    if (session) {
      var s = session;
      session = null;
      s.finish(); // the recogniser gets its stop; what it says after it is not waited for
      s.close();
    }
    setOn(false);
    live(message || "");
  }

  function onMessage(m) {
    if (m.type === "loading") live(TEXT.preparing);
    else if (m.type === "ready") live(TEXT.listening);
    else if (m.type === "partial") { stats.partials++; live(m.text); }
    else if (m.type === "final") {
      stats.finals.push(m.text || "");
      live(on ? TEXT.listening : "");
      submitHeard((m.text || "").trim());
    } else if (m.type === "unavailable") stop(m.message || TEXT.unavailable);
    else if (m.type === "error") stop(m.message || "");
  }

  function start() {
    var speech = window.minzhengSpeech;
    if (!speech || !speech.supported()) { live(TEXT.noMic); return; }
    setOn(true);
    live(TEXT.preparing);
    session = speech.open({
      start: { mode: "free" },
      onMessage: onMessage,
      onClose: function () { if (on) stop(TEXT.unavailable); },
      onNoMic: function () { stop(TEXT.noMic); },
    });
  }

  function onClick(ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-agent]") : null;
    if (!el) return;
    if (el.getAttribute("data-agent") === "live") { if (on) stop(TEXT.stopped); else start(); }
  }

  function refresh() {
    if (document.hidden) return;
    var b = $("agent-refresh");
    if (b && !b.disabled) b.click();
  }

  loadSpeech();
  document.addEventListener("click", onClick);
  setInterval(refresh, REFRESH_MS);
  window.addEventListener("pagehide", function () { if (on) stop(); });
  window.minzhengAgent = { speak: speak, stop: stop, stats: stats };
})();
