/* 民政一键通 — hotline console page script (/agent).
 *
 * What it owns (app/ui/agent_state.py owns the rest):
 * - Live transcription: the microphone (the caller's audio on the agent's headset line) is turned
 *   into 16 kHz PCM by the kiosk's AudioWorklet (/kiosk/pcm-worklet.js) and streamed over a
 *   websocket to /api/voice/asr, the same Vosk recogniser as the kiosk. Partial text is shown in
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
  var ws = null, media = null, ctx = null, node = null, src = null, queued = [], on = false;

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
    if (media) media.getTracks().forEach(function (t) { t.stop(); });
    if (src) try { src.disconnect(); } catch (e) { /* gone */ }
    if (node) { node.port.onmessage = null; try { node.disconnect(); } catch (e) { /* gone */ } }
    if (ctx) ctx.close().catch(function () {});
    if (ws) {
      var w = ws;
      ws = null;
      w.onmessage = w.onclose = w.onerror = null;
      try { if (w.readyState === 1) w.send(JSON.stringify({ type: "stop" })); w.close(); } catch (e) { /* closed */ }
    }
    media = ctx = node = src = null;
    queued = [];
    setOn(false);
    live(message || "");
  }

  function onMessage(ev) {
    var m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
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
    if (!navigator.mediaDevices || !window.AudioWorkletNode || !window.WebSocket) { live(TEXT.noMic); return; }
    setOn(true);
    live(TEXT.preparing);
    ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/voice/asr");
    ws.binaryType = "arraybuffer";
    ws.onopen = function () {
      ws.send(JSON.stringify({ type: "start", sample_rate: 16000, mode: "free" }));
      queued.forEach(function (b) { ws.send(b); });
      queued = [];
    };
    ws.onmessage = onMessage;
    ws.onerror = ws.onclose = function () { if (on) stop(TEXT.unavailable); };
    navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    }).then(function (stream) {
      if (!on) { stream.getTracks().forEach(function (t) { t.stop(); }); return; }
      media = stream;
      try { ctx = new AudioContext({ sampleRate: 16000 }); } catch (e) { ctx = new AudioContext(); }
      return ctx.audioWorklet.addModule("/kiosk/pcm-worklet.js").then(function () {
        if (!on) return;
        src = ctx.createMediaStreamSource(stream);
        node = new AudioWorkletNode(ctx, "pcm-capture", { processorOptions: { targetRate: 16000, chunkMs: 100 } });
        node.port.onmessage = function (e) {
          if (ws && ws.readyState === 1) ws.send(e.data);
          else if (ws && ws.readyState === 0) queued.push(e.data);
        };
        var mute = ctx.createGain();
        mute.gain.value = 0;
        src.connect(node);
        node.connect(mute);
        mute.connect(ctx.destination);
      });
    }).catch(function () { stop(TEXT.noMic); });
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

  document.addEventListener("click", onClick);
  setInterval(refresh, REFRESH_MS);
  window.addEventListener("pagehide", function () { if (on) stop(); });
  window.minzhengAgent = { speak: speak, stop: stop, stats: stats };
})();
