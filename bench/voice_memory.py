"""Memory with one loaded model and N kiosk sessions, and what a KB-sized grammar costs.

    python bench/voice_memory.py                 # Korean model from PyPI; N = 1, 5, 10, 20
    python bench/voice_memory.py --model DIR --sessions 1 4 8

Each session is what one kiosk holds in auto mode: a grammar recogniser and a free recogniser,
both having decoded 2 s of speech. RSS is read from /proc/self/status (the whole process). The
grammar part builds a grammar of as many phrases as the knowledge base gives a Chinese model
(`minzheng voice check-model` prints that number; 1,136 phrases today) out of words the model knows,
and times recogniser creation and decoding with it.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.voice import korean  # noqa: E402
from voice.asr import RecognitionSession, grammar_for, load_model  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def korean_phrases(model, n: int) -> list[str]:
    """n phrases of one or two model words, from common Hangul syllables the model knows."""
    syllables = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히"
    words = [a + b for a, b in itertools.product(syllables, repeat=2) if model.vosk_model_find_word(a + b) >= 0]
    out = list(words)
    for a, b in itertools.product(words[:60], words[:60]):
        if len(out) >= n:
            break
        if a != b:
            out.append(f"{a} {b}")
    return out[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None)
    ap.add_argument("--sessions", type=int, nargs="*", default=[1, 5, 10, 20])
    ap.add_argument("--grammar-size", type=int, default=1136)
    args = ap.parse_args()
    path = Path(args.model) if args.model else korean.model_path()

    base = rss_mb()
    import vosk  # noqa: F401  (the library itself)

    lib = rss_mb()
    t = time.perf_counter()
    model = load_model(path)
    load_s = time.perf_counter() - t
    loaded = rss_mb()
    print(f"model: {path}")
    print(f"RSS: python {base:.0f} MB, + libvosk {lib - base:.0f} MB, + model {loaded - lib:.0f} MB "
          f"(loaded in {load_s:.2f} s) → {loaded:.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        pcm, rate = korean.pcm_of(korean.speech_wav("장애인 수당", Path(tmp) / "s.wav", before=0.3, after=0.5))
    pcm = pcm[: rate * 2 * 2]
    grammar, _ = grammar_for(model, str(path), tuple(korean.phrases()))

    print()
    print(f"{'sessions':>8} {'RSS MB':>8} {'per session MB':>15} {'create ms/session':>18}")
    sessions: list[RecognitionSession] = []
    before = rss_mb()
    for n in args.sessions:
        t = time.perf_counter()
        created = 0
        while len(sessions) < n:
            sessions.append(RecognitionSession(model, grammar=grammar, mode="auto", sample_rate=rate))
            created += 1
        create_ms = (time.perf_counter() - t) * 1000 / max(1, created)
        for s in sessions[-created:] if created else []:
            for i in range(0, len(pcm), 3200):
                s.accept(pcm[i:i + 3200])
        now = rss_mb()
        print(f"{n:>8} {now:>8.0f} {(now - before) / n:>15.1f} {create_ms:>18.1f}")
    sessions.clear()
    gc.collect()

    print()
    big = korean_phrases(model, args.grammar_size)
    t = time.perf_counter()
    g, dropped = grammar_for(model, str(path) + "#big", tuple(big))
    build_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    s = RecognitionSession(model, grammar=g, mode="grammar", sample_rate=rate)
    create_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    for i in range(0, len(pcm), 3200):
        s.accept(pcm[i:i + 3200])
    s.finish()
    rtf = (time.perf_counter() - t) / (len(pcm) / (rate * 2))
    print(f"grammar of {len(g)} phrases ({len(dropped)} dropped): built in {build_ms:.0f} ms (word look-ups, once "
          f"per process), recogniser created in {create_ms:.0f} ms, RTF {rtf:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
