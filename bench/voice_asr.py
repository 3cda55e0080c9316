"""Speech recognition figures: real-time factor, delay from end of speech to final text, and
accuracy, for free, grammar and auto (grammar preferred, free fallback) decoding.

    python bench/voice_asr.py                       # Korean model from PyPI, Korean espeak-ng speech
    python bench/voice_asr.py --realtime            # also stream at real-time pace and time it
    python bench/voice_asr.py --model DIR --phrases FILE [--voice cmn-latn-pinyin]   # e.g. a Chinese model

Speech: each phrase of the phrases file (default tests/voice/data/ko_phrases.txt) plus sentences
outside the grammar, synthesised with espeak-ng, 0.5 s of silence before and 2.5 s after, fed in
100 ms chunks as a kiosk microphone sends them.

- RTF: decoding time / audio duration, audio fed as fast as the decoder takes it.
- End-of-speech delay: how long after the speech ends the final result is out. Measured as the audio
  time at which the recogniser declared the end (Vosk endpointing or our stall rule) minus the end of
  speech, plus the time to decode that last chunk and finish — what a real-time stream sees when the
  RTF is below 1. ``--realtime`` streams with real pauses and measures wall-clock time instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.voice import korean  # noqa: E402
from voice.asr import RecognitionSession, grammar_for, load_model  # noqa: E402

OUTSIDE_KO = ["오늘 날씨가 좋습니다", "학교에 갑니다", "저는 병원에 가고 싶어요"]
BEFORE, AFTER = 0.5, 2.5


def cer(ref: str, hyp: str) -> float:
    r, h = ref.replace(" ", ""), hyp.replace(" ", "")
    d = list(range(len(h) + 1))
    for i, rc in enumerate(r, 1):
        prev, d[0] = d[0], i
        for j, hc in enumerate(h, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (rc != hc))
    return d[len(h)] / max(1, len(r))


def clips(texts: list[str], folder: Path, voice: str | None) -> list[tuple[str, bytes, int, float]]:
    import subprocess

    out = []
    for i, text in enumerate(texts):
        path = folder / f"c{i}.wav"
        if voice:  # another language's voice, same padding
            raw = folder / f"c{i}.raw.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(path), "pad", str(BEFORE),
                            str(AFTER)], check=True, stderr=subprocess.DEVNULL)
        else:
            korean.speech_wav(text, path, before=BEFORE, after=AFTER)
        pcm, rate = korean.pcm_of(path)
        out.append((text, pcm, rate, len(pcm) / (rate * 2) - AFTER))
    return out


def run_clip(model, grammar, mode, pcm, rate, speech_end, realtime=False):
    session = RecognitionSession(model, grammar=grammar or None, mode=mode, sample_rate=rate)
    step = rate * 2 // 10
    decode = 0.0
    final, delay = None, None
    t_start = time.perf_counter()
    for i in range(0, len(pcm), step):
        if realtime:
            target = t_start + i / (rate * 2)
            if (wait := target - time.perf_counter()) > 0:
                time.sleep(wait)
        t = time.perf_counter()
        events = session.accept(pcm[i:i + step])
        took = time.perf_counter() - t
        decode += took
        finals = [e for e in events if e["type"] == "final"]
        if finals and final is None:
            final = finals[0]
            audio_pos = (i + len(pcm[i:i + step])) / (rate * 2)
            if realtime:
                delay = (time.perf_counter() - t_start) - speech_end
            else:
                delay = (audio_pos - speech_end) + took
            break
    if final is None:
        t = time.perf_counter()
        final = session.finish()
        decode += time.perf_counter() - t
        delay = float("nan")  # the end was not detected within the trailing silence
    audio_used = min(len(pcm), (i + step)) / (rate * 2)
    return final, decode / audio_used, delay


async def _ws_clip(url, mode, phrases, pcm, rate, speech_end):
    """Stream one clip in real time through the app's websocket; (final, seconds after speech end)."""
    import asyncio
    import json

    import websockets

    async with websockets.connect(url.replace("http", "ws", 1).rstrip("/") + "/api/voice/asr") as ws:
        await ws.send(json.dumps({"type": "start", "sample_rate": rate, "mode": mode, "phrases": phrases}))
        while json.loads(await ws.recv())["type"] != "ready":
            pass
        loop = asyncio.get_running_loop()
        t0 = loop.time()

        async def send():
            step = rate * 2 // 10
            for i in range(0, len(pcm), step):
                await asyncio.sleep(max(0.0, t0 + i / (rate * 2) - loop.time()))
                await ws.send(pcm[i:i + step])
            await ws.send(json.dumps({"type": "stop"}))

        sender = asyncio.create_task(send())
        while True:
            m = json.loads(await ws.recv())
            if m["type"] == "final":
                took = loop.time() - t0 - speech_end
                sender.cancel()
                return m, took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="Vosk model folder (default: the Korean model from PyPI)")
    ap.add_argument("--phrases", default=str(korean.PHRASES_FILE), help="grammar phrases, one per line")
    ap.add_argument("--voice", default=None, help="espeak-ng voice for the speech (default Korean ko+f3)")
    ap.add_argument("--outside", nargs="*", default=None, help="sentences outside the grammar")
    ap.add_argument("--realtime", action="store_true", help="also stream at real-time pace")
    ap.add_argument("--url", default=None, help="also stream through a running app's /api/voice/asr "
                    "(it must use the same model: VOSK_MODEL_PATH)")
    args = ap.parse_args()

    model_path = Path(args.model) if args.model else korean.model_path()
    phrases = [p.strip() for p in Path(args.phrases).read_text(encoding="utf-8").splitlines()
               if p.strip() and not p.startswith("#")]
    outside = args.outside if args.outside is not None else (OUTSIDE_KO if not args.model else [])
    t = time.perf_counter()
    model = load_model(model_path)
    load_s = time.perf_counter() - t
    grammar, dropped = grammar_for(model, str(model_path), tuple(phrases))
    print(f"model: {model_path} (loaded in {load_s:.2f} s)")
    print(f"grammar: {len(grammar)} phrases ({len(dropped)} dropped: not spellable with the model's words)")

    with tempfile.TemporaryDirectory() as tmp:
        in_grammar = clips(phrases, Path(tmp), args.voice)
        (Path(tmp) / "o").mkdir()
        out_grammar = clips(outside, Path(tmp) / "o", args.voice)
        speech_s = sum(c[3] - BEFORE for c in in_grammar + out_grammar)
        print(f"speech: {len(in_grammar)} in-grammar phrases + {len(out_grammar)} sentences outside it, "
              f"{speech_s:.1f} s of speech, espeak-ng {args.voice or korean.VOICE}, 16 kHz")
        print()
        header = f"{'mode':<8} {'RTF mean':>8} {'RTF max':>8} {'EoS delay p50':>13} {'p90':>6} {'max':>6} " \
                 f"{'exact (in grammar)':>18} {'CER in':>7} {'CER out':>7}"
        for realtime in ([False, True] if args.realtime else [False]):
            print("real-time streaming (wall clock)" if realtime else "decoding as fast as possible")
            print(header)
            for mode in ("free", "grammar", "auto"):
                rtfs, delays, exact, cers_in, cers_out = [], [], 0, [], []
                for group, items in (("in", in_grammar), ("out", out_grammar)):
                    for text, pcm, rate, end in items:
                        final, rtf, delay = run_clip(model, grammar, mode, pcm, rate, end, realtime)
                        rtfs.append(rtf)
                        delays.append(delay)
                        if group == "in":
                            exact += final["text"] == text
                            cers_in.append(cer(text, final["text"]))
                        else:
                            cers_out.append(cer(text, final["text"]))
                ok = sorted(d for d in delays if d == d)
                missed = len(delays) - len(ok)
                p = lambda q, ok=ok: ok[min(len(ok) - 1, int(q * len(ok)))] if ok else float("nan")  # noqa: E731
                print(f"{mode:<8} {statistics.mean(rtfs):>8.3f} {max(rtfs):>8.3f} {p(0.5):>12.2f}s {p(0.9):>5.2f}s "
                      f"{max(ok) if ok else float('nan'):>5.2f}s {exact:>9}/{len(in_grammar):<8} "
                      f"{statistics.mean(cers_in):>7.2f} {statistics.mean(cers_out) if cers_out else float('nan'):>7.2f}"
                      + (f"  (end not detected in {missed})" if missed else ""))
            print()
        if args.url:
            import asyncio

            print(f"through the websocket of {args.url} (real time, 100 ms frames; delay = final received − end of speech)")
            print(f"{'mode':<8} {'EoS delay p50':>13} {'p90':>6} {'max':>6} {'exact (in grammar)':>18}")
            for mode in ("free", "grammar", "auto"):
                delays, exact = [], 0
                for text, pcm, rate, end in in_grammar + out_grammar:
                    final, took = asyncio.run(_ws_clip(args.url, mode, phrases, pcm, rate, end))
                    delays.append(took)
                    exact += (text in phrases) and final["text"] == text
                ds = sorted(delays)
                print(f"{mode:<8} {ds[len(ds) // 2]:>12.2f}s {ds[int(0.9 * len(ds))]:>5.2f}s {ds[-1]:>5.2f}s "
                      f"{exact:>9}/{len(in_grammar):<8}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
