"""``minzheng voice …``: speech-model and read-aloud tools (registered by app/cli.py).

- ``fetch-model``   download + verify the official small Chinese Vosk model (fails fast offline,
                     saying where to put a copied model)
- ``check-model``   is a model present at VOSK_MODEL_PATH, does it load, how large is the KB grammar
- ``say TEXT -o F`` synthesise TEXT to a WAV file with the kiosk's voice
- ``transcribe F``  recognise a WAV file (16-bit mono) with the configured model, free and grammar
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VoiceContext:
    """What the commands need from the product, handed in by it: speech reads no settings and
    knows no knowledge base.

    ``phrases`` gives the default recognition vocabulary; it is called only by the commands that
    use it (building it loads the knowledge base).
    """

    model_path: Path
    phrases: Callable[[], Sequence[str]]
    tts_voice: str = "cmn-latn-pinyin"
    tts_rate: int = 130


def cmd_fetch_model(args: argparse.Namespace) -> int:
    from voice.models import OFFICIAL_URL, FetchError, fetch_model

    dest = Path(args.dest) if args.dest else args.voice.model_path
    print(f"下载语音识别模型 {args.url or OFFICIAL_URL}\n  → {dest}（超时 {args.timeout:g} 秒）")
    try:
        fetch_model(dest, args.url or OFFICIAL_URL, timeout=args.timeout, force=args.force)
    except FetchError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def cmd_check_model(args: argparse.Namespace) -> int:
    from voice.models import model_status

    path = Path(args.path) if args.path else args.voice.model_path
    st = model_status(path)
    if args.brief:  # one line for `make run`; never fails
        print(("  " if st.present else "  ") + st.message())
        return 0
    info: dict = {"path": str(st.path), "present": st.present, "model": st.name,
                  "grammar_capable": st.grammar_capable, "message": st.message()}
    if st.present:
        from voice.asr import load_model, model_has_word
        from voice.vocabulary import build_grammar

        t = time.perf_counter()
        try:
            model = load_model(st.path)
        except Exception as exc:  # noqa: BLE001
            info.update(loads=False, error=str(exc))
        else:
            info.update(loads=True, load_s=round(time.perf_counter() - t, 2),
                        has_unk=model_has_word(model, "[unk]"))
            phrases = list(args.voice.phrases())
            grammar, dropped = build_grammar(phrases, lambda w: model_has_word(model, w))
            info.update(kb_phrases=len(phrases), grammar_phrases=len(grammar), dropped=len(dropped),
                        dropped_examples=dropped[:10])
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        for k, v in info.items():
            print(f"{k}: {v}")
    return 0 if st.present and info.get("loads", False) else 1


def cmd_say(args: argparse.Namespace) -> int:
    from voice.tts import TtsUnavailable, get_synthesizer, wav_bytes

    text = " ".join(args.text)
    synth = get_synthesizer(args.voice.tts_voice, args.voice.tts_rate)
    try:
        t = time.perf_counter()
        pcm = synth.synthesize(text, args.rate)
    except TtsUnavailable as exc:
        print(f"朗读不可用：{exc}", file=sys.stderr)
        return 2
    Path(args.out).write_bytes(wav_bytes(pcm))
    print(f"已写入 {args.out}：{len(pcm) / 2 / 22050:.1f} 秒音频，合成用时 {time.perf_counter() - t:.2f} 秒")
    print("朗读文本：" + " | ".join(synth.sentences(text)))
    return 0


def cmd_transcribe(args: argparse.Namespace) -> int:
    import wave

    from voice.asr import RecognitionSession, grammar_for, load_model
    from voice.models import model_status

    st = model_status(Path(args.model) if args.model else args.voice.model_path)
    if not st.present:
        print(st.message(), file=sys.stderr)
        return 2
    with wave.open(args.wav, "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            print("需要 16 位单声道 WAV（sox in.wav -r 16000 -c 1 -b 16 out.wav）", file=sys.stderr)
            return 2
        rate, pcm = w.getframerate(), w.readframes(w.getnframes())
    model = load_model(st.path)
    if args.phrases:
        phrases = tuple(p.strip() for p in Path(args.phrases).read_text(encoding="utf-8").splitlines() if p.strip())
    else:
        phrases = tuple(args.voice.phrases())
    grammar, _ = grammar_for(model, str(st.path.resolve()), phrases)
    out = {}
    for mode in ("free", "grammar", "auto"):
        s = RecognitionSession(model, grammar=grammar or None, mode=mode, sample_rate=rate)
        finals = []
        for i in range(0, len(pcm), rate // 5 * 2):
            finals += [e for e in s.accept(pcm[i:i + rate // 5 * 2]) if e["type"] == "final"]
        finals.append(s.finish())
        out[mode] = " / ".join(e["text"] for e in finals if e["text"])
    print(json.dumps(out, ensure_ascii=False))
    return 0


def add_voice_commands(sub, context: VoiceContext) -> None:
    """Add the ``voice`` command group to the ``minzheng`` parser's subparsers; every command
    gets ``context`` as ``args.voice``."""
    v = sub.add_parser("voice", help="语音：识别模型与朗读").add_subparsers(dest="voice_command", required=True)
    f = v.add_parser("fetch-model", help="下载并校验官方中文语音识别模型")
    f.add_argument("--dest", default=None, help="安装到（默认 VOSK_MODEL_PATH）")
    f.add_argument("--url", default=None, help="模型 zip 地址（默认官方 small-cn-0.22）")
    f.add_argument("--timeout", type=float, default=10.0, help="连接/读取超时秒数（默认 10）")
    f.add_argument("--force", action="store_true", help="已存在也重新下载")
    f.set_defaults(func=cmd_fetch_model, voice=context)
    c = v.add_parser("check-model", help="检查语音识别模型是否可用")
    c.add_argument("--path", default=None)
    c.add_argument("--json", action="store_true")
    c.add_argument("--brief", action="store_true", help="只打印一行（供 make run 使用）")
    c.set_defaults(func=cmd_check_model, voice=context)
    s = v.add_parser("say", help="把文字合成为 WAV（自助机的声音）")
    s.add_argument("text", nargs="+")
    s.add_argument("-o", "--out", required=True)
    s.add_argument("--rate", type=int, default=None)
    s.set_defaults(func=cmd_say, voice=context)
    t = v.add_parser("transcribe", help="识别一个 WAV 文件（自由识别、语法识别、自动）")
    t.add_argument("wav")
    t.add_argument("--model", default=None)
    t.add_argument("--phrases", default=None, help="语法短语文件（默认知识库词汇）")
    t.set_defaults(func=cmd_transcribe, voice=context)
