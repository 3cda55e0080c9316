"""Read-aloud figures: synthesis time for a typical kiosk answer and time to first audio.

    python bench/voice_tts.py                 # in process (pyttsx3 + espeak-ng cmn-latn-pinyin)
    python bench/voice_tts.py --url http://localhost:3000   # also over HTTP against `make run`

The typical answer is what the kiosk reads for a service (尊老金's first item: name, summary,
who can apply, what to bring, where, how long, phone) — built by the kiosk's own code. Time to
first audio = until the first sentence's PCM exists (in process) or the first audio bytes arrive
(HTTP, POST /api/tts stream=1); the rest is synthesised while it plays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def typical_answer() -> str:
    from app.knowledge.loader import load_kb
    from app.ui.kiosk_state import service_view, topic_choices

    kb = load_kb()
    return service_view(kb, topic_choices(kb, "尊老金")[0].ref)[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=None, help="also measure over HTTP against a running app")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from voice.tts import SAMPLE_RATE, Synthesizer

    text = typical_answer()
    synth = Synthesizer(cache_size=0)  # no cache: every run synthesises
    sentences = synth.sentences(text)
    print(f"answer: {len(text)} characters, {len(sentences)} sentences; voice {synth.voice}, rate {synth.rate}")
    print(f"first sentence: {sentences[0]}")

    t = time.perf_counter()
    synth.synthesize("您好。")
    print(f"engine start (pyttsx3 init + espeak-ng voice, once per process): {time.perf_counter() - t:.3f} s")

    firsts, totals, audio_s = [], [], 0.0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        it = synth.iter_pcm(text)
        chunk = next(it)
        firsts.append(time.perf_counter() - t0)
        n = len(chunk)
        for chunk in it:
            n += len(chunk)
        totals.append(time.perf_counter() - t0)
        audio_s = n / 2 / SAMPLE_RATE
    per_sentence = []
    for s in sentences:
        t = time.perf_counter()
        synth.submit(s).result()
        per_sentence.append((time.perf_counter() - t) * 1000)
    print()
    print(f"{'':<36}{'median':>9}{'max':>9}")
    print(f"{'time to first audio (in process)':<36}{statistics.median(firsts) * 1000:>7.0f}ms{max(firsts) * 1000:>7.0f}ms")
    print(f"{'whole answer synthesised':<36}{statistics.median(totals) * 1000:>7.0f}ms{max(totals) * 1000:>7.0f}ms")
    print(f"{'one sentence':<36}{statistics.median(per_sentence):>7.0f}ms{max(per_sentence):>7.0f}ms")
    print(f"audio length {audio_s:.1f} s → synthesis real-time factor {statistics.median(totals) / audio_s:.4f}")

    if args.url:
        import httpx

        firsts, totals = [], []
        with httpx.Client(timeout=60) as c:
            c.post(args.url.rstrip("/") + "/api/tts", json={"text": "您好。"}).raise_for_status()  # engine started
            for _ in range(args.runs):
                t0 = time.perf_counter()
                with c.stream("POST", args.url.rstrip("/") + "/api/tts", json={"text": text, "stream": True}) as r:
                    r.raise_for_status()
                    first = None
                    got = 0
                    for b in r.iter_bytes():
                        got += len(b)
                        if first is None and got > 44:
                            first = time.perf_counter() - t0
                    totals.append(time.perf_counter() - t0)
                    firsts.append(first)
        print()
        print(f"over HTTP ({args.url}, POST /api/tts stream=1, engine already started; the server caches")
        print("sentences, so the first run is a new answer and later runs a repeated one, e.g. 再听一遍):")
        print(f"  first audio bytes: first run {firsts[0] * 1000:.0f} ms, median {statistics.median(firsts) * 1000:.0f} ms")
        print(f"  whole response:    first run {totals[0] * 1000:.0f} ms, median {statistics.median(totals) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
