/* 民政一键通 — the browser speech client: microphone → 16 kHz PCM → /api/voice/asr.
 *
 * One copy for every page that listens: the voice kiosk (kiosk/kiosk.js) and the hotline console
 * (agent.js) add it to the page when they start (a <script data-mz-speech>, so citizen pages never
 * load it) and keep only what differs — what they show, say and do with the results.
 *
 *   var s = minzhengSpeech.open({
 *     start: { mode: "free" },          // extra fields of the {type: "start", sample_rate: 16000} message
 *     onMessage: function (m) { … },    // each JSON message: loading | ready | partial | final | unavailable | error
 *     onClose: function () { … },       // the connection dropped (not called after s.close())
 *     onNoMic: function () { … },       // no microphone, no permission, or the worklet failed to load
 *   });
 *   s.finish();   // ask for the final result ({type: "stop"}); false if the socket is not open yet
 *   s.close();    // let go of everything: microphone, audio graph, socket (no callbacks afterwards)
 *
 * Capture: getUserMedia (echo cancellation, noise suppression, AGC) → an AudioContext at 16 kHz
 * where the browser resamples (Chromium); where it refuses a source at another rate (Firefox), a
 * context at the device rate, and the AudioWorklet (/kiosk/pcm-worklet.js) averages down to 16 kHz
 * 16-bit mono chunks of 100 ms. Audio captured before the socket opens is queued, not lost.
 */
(function () {
  "use strict";
  if (window.minzhengSpeech) return;

  var WORKLET = "/kiosk/pcm-worklet.js";
  var RATE = 16000;

  function supported() {
    return !!(navigator.mediaDevices && window.AudioWorkletNode && window.WebSocket);
  }

  function wsUrl() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/voice/asr";
  }

  function open(opts) {
    opts = opts || {};
    var ws = null, media = null, ctx = null, node = null, src = null, queued = [], closed = false;

    function call(name) { if (!closed && typeof opts[name] === "function") opts[name].apply(null, [].slice.call(arguments, 1)); }

    ws = new WebSocket(wsUrl());
    ws.binaryType = "arraybuffer";
    ws.onopen = function () {
      var start = { type: "start", sample_rate: RATE };
      Object.keys(opts.start || {}).forEach(function (k) { start[k] = opts.start[k]; });
      ws.send(JSON.stringify(start));
      queued.forEach(function (b) { ws.send(b); });
      queued = [];
    };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      call("onMessage", m);
    };
    ws.onerror = ws.onclose = function () { call("onClose"); };

    navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    }).then(function (stream) {
      if (closed) { stream.getTracks().forEach(function (t) { t.stop(); }); return; }
      media = stream;
      try { ctx = new AudioContext({ sampleRate: RATE }); } catch (e) { ctx = new AudioContext(); }
      try { src = ctx.createMediaStreamSource(stream); } catch (e) {
        ctx.close().catch(function () {});
        ctx = new AudioContext();
        src = ctx.createMediaStreamSource(stream);
      }
      return ctx.audioWorklet.addModule(WORKLET).then(function () {
        if (closed) return;
        node = new AudioWorkletNode(ctx, "pcm-capture", { processorOptions: { targetRate: RATE, chunkMs: 100 } });
        node.port.onmessage = function (e) {
          if (ws && ws.readyState === 1) ws.send(e.data);
          else if (ws && ws.readyState === 0) queued.push(e.data);
        };
        var mute = ctx.createGain();
        mute.gain.value = 0; // the worklet must be pulled by the graph; nothing is heard
        src.connect(node);
        node.connect(mute);
        mute.connect(ctx.destination);
      });
    }).catch(function () { call("onNoMic"); });

    function finish() {
      if (!closed && ws && ws.readyState === 1) { ws.send(JSON.stringify({ type: "stop" })); return true; }
      return false;
    }

    function close() {
      closed = true;
      if (media) media.getTracks().forEach(function (t) { t.stop(); });
      if (src) try { src.disconnect(); } catch (e) { /* gone */ }
      if (node) { node.port.onmessage = null; try { node.disconnect(); } catch (e) { /* gone */ } }
      if (ctx) ctx.close().catch(function () {});
      if (ws) {
        ws.onmessage = ws.onclose = ws.onerror = null;
        try { ws.close(); } catch (e) { /* closed */ }
      }
      media = ctx = node = src = ws = null;
      queued = [];
    }

    return { finish: finish, close: close };
  }

  window.minzhengSpeech = { supported: supported, open: open };
})();
