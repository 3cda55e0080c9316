"""Streaming speech recognition with Vosk: one loaded model per process, one session per kiosk.

* :func:`load_model` loads a model folder once per process (thread-safe; callers on an event loop
  use :func:`load_model_async`, which loads in a worker thread).
* :class:`RecognitionSession` is one kiosk's recogniser(s) over the shared model. It takes raw
  PCM (16-bit little-endian mono) in any chunk size and returns events: ``partial`` while the
  person speaks, ``final`` at the end of speech (Vosk's endpointing, plus our own guards: a
  stalled partial, a maximum utterance length).
* Modes: ``free`` (the model's own language model), ``grammar`` (only the runtime vocabulary,
  see :mod:`voice.vocabulary`) and ``auto`` — both recognisers run side by side on the same audio
  and the grammar result wins when it is confident and contains no ``[unk]``; otherwise the free
  result is used. So the KB's service names are favoured without losing speech outside them.

Vosk's C calls release the GIL (cffi), so sessions in worker threads decode in parallel.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from voice.vocabulary import UNK, build_grammar, join_words

MODES = ("auto", "grammar", "free")
SAMPLE_RATE = 16000
#: Mean word confidence a grammar result needs to be preferred to the free one (auto mode).
MIN_GRAMMAR_CONF = 0.6
#: Longest single utterance; the result is forced after this much audio.
MAX_UTTERANCE_S = 15.0
#: A non-empty partial that has not changed for this long (while audio keeps coming) ends speech.
STALL_FINAL_S = 1.2
#: No speech at all for this long: end with an empty final (the page says 没听清).
NO_SPEECH_S = 8.0

_models: dict[str, object] = {}
_grammars: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[str]]] = {}
_lock = threading.Lock()


def _quiet_vosk() -> None:
    from vosk import SetLogLevel

    SetLogLevel(-1)


def load_model(path: Path | str):
    """The Vosk model at ``path``, loaded at most once per process."""
    key = str(Path(path).resolve())
    model = _models.get(key)
    if model is not None:
        return model
    with _lock:
        model = _models.get(key)
        if model is None:
            from vosk import Model

            _quiet_vosk()
            model = Model(key)
            _models[key] = model
    return model


async def load_model_async(path: Path | str):
    """Load (or get) the model without blocking the event loop."""
    key = str(Path(path).resolve())
    if key in _models:
        return _models[key]
    return await asyncio.to_thread(load_model, key)


def is_loaded(path: Path | str) -> bool:
    return str(Path(path).resolve()) in _models


def model_has_word(model, word: str) -> bool:
    return model.vosk_model_find_word(word) >= 0


def grammar_for(model, model_key: str, phrases: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(grammar, dropped phrases) for ``phrases`` on ``model``, built once per phrase set."""
    key = (model_key, phrases)
    got = _grammars.get(key)
    if got is None:
        got = build_grammar(phrases, lambda w: model_has_word(model, w))
        with _lock:
            if len(_grammars) > 32:  # per-screen phrase sets from clients: keep it bounded
                _grammars.clear()
            _grammars[key] = got
    return got


@dataclass
class Hypothesis:
    text: str = ""
    words: list[dict] = field(default_factory=list)

    @property
    def conf(self) -> float:
        confs = [w.get("conf", 1.0) for w in self.words]
        return sum(confs) / len(confs) if confs else 0.0

    @property
    def has_unk(self) -> bool:
        return UNK in self.text.split()

    def add(self, result_json: str) -> None:
        r = json.loads(result_json)
        t = r.get("text", "").strip()
        if t:
            self.text = f"{self.text} {t}".strip()
            self.words.extend(r.get("result", []))


def choose(grammar: Hypothesis | None, free: Hypothesis | None,
           min_conf: float = MIN_GRAMMAR_CONF) -> tuple[str, str]:
    """(source, display text) of the final result: ``grammar``, ``free`` or ``none``."""
    if grammar is not None and grammar.text and not grammar.has_unk and grammar.conf >= min_conf:
        return "grammar", join_words(grammar.text)
    if free is not None and join_words(free.text):
        return "free", join_words(free.text)
    if grammar is not None and join_words(grammar.text):
        return "grammar", join_words(grammar.text)
    return "none", ""


class _Rec:
    def __init__(self, model, rate: int, grammar: list[str] | None):
        from vosk import KaldiRecognizer

        if grammar is not None and not grammar:
            raise ValueError("empty grammar: libvosk crashes on []; use free recognition")
        self.rec = (KaldiRecognizer(model, rate, json.dumps(grammar, ensure_ascii=False))
                    if grammar else KaldiRecognizer(model, rate))
        self.rec.SetWords(True)
        self.hyp = Hypothesis()
        self.partial = ""

    def accept(self, pcm: bytes) -> bool:
        ended = bool(self.rec.AcceptWaveform(pcm))
        if ended:
            self.hyp.add(self.rec.Result())
            self.partial = ""
        else:
            self.partial = json.loads(self.rec.PartialResult()).get("partial", "")
        return ended

    def finish(self) -> Hypothesis:
        self.hyp.add(self.rec.FinalResult())
        hyp, self.hyp, self.partial = self.hyp, Hypothesis(), ""
        return hyp


class RecognitionSession:
    """One kiosk's recogniser(s). Not thread-safe: feed it from one thread at a time."""

    def __init__(self, model, *, grammar: list[str] | None = None, mode: str = "auto",
                 sample_rate: int = SAMPLE_RATE, min_conf: float = MIN_GRAMMAR_CONF):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.sample_rate = sample_rate
        self.min_conf = min_conf
        use_grammar = bool(grammar) and mode in ("auto", "grammar")
        self.mode = mode if use_grammar else "free"
        self.grammar_rec = _Rec(model, sample_rate, grammar) if use_grammar else None
        self.free_rec = _Rec(model, sample_rate, None) if self.mode in ("auto", "free") else None
        self._pending = b""
        self._utt_bytes = 0
        self._last_partial = ""
        self._partial_since = 0
        self.utterances = 0

    @property
    def _recs(self) -> list[_Rec]:
        return [r for r in (self.grammar_rec, self.free_rec) if r is not None]

    def _partial_text(self) -> str:
        # The free partial is what the person is saying in the model's words; grammar partials of
        # a looping grammar jump between phrases, so they are shown only without a free recogniser.
        f = self.free_rec.partial if self.free_rec else ""
        g = self.grammar_rec.partial if self.grammar_rec else ""
        return join_words(f) or join_words(g)

    def _heard_anything(self) -> bool:
        return any(r.hyp.text or r.partial for r in self._recs)

    def accept(self, pcm: bytes) -> list[dict]:
        """Feed audio; returns the events it produced (zero or more partials, at most one final)."""
        data = self._pending + pcm
        if len(data) % 2:  # keep whole 16-bit samples
            data, self._pending = data[:-1], data[-1:]
        else:
            self._pending = b""
        if not data:
            return []
        ended = False
        for r in self._recs:
            if r.accept(data) and (r.hyp.text or r is self._recs[-1]):
                ended = True  # an endpoint with words, or the primary's endpoint (maybe silence)
        self._utt_bytes += len(data)
        events: list[dict] = []
        if not ended:
            partial = self._partial_text()
            if partial != self._last_partial:
                self._last_partial, self._partial_since = partial, self._utt_bytes
                if partial:
                    events.append({"type": "partial", "text": partial})
            stalled = partial and (self._utt_bytes - self._partial_since) >= STALL_FINAL_S * self.sample_rate * 2
            too_long = self._utt_bytes >= MAX_UTTERANCE_S * self.sample_rate * 2
            silent = (not self._heard_anything()) and self._utt_bytes >= NO_SPEECH_S * self.sample_rate * 2
            if not (stalled or too_long or silent):
                return events
        events.append(self.finish())
        return events

    def finish(self) -> dict:
        """End the current utterance now and return its ``final`` event."""
        g = self.grammar_rec.finish() if self.grammar_rec else None
        f = self.free_rec.finish() if self.free_rec else None
        source, text = choose(g, f, self.min_conf)
        ev = {
            "type": "final", "text": text, "source": source,
            "grammar": join_words(g.text) if g else None, "free": join_words(f.text) if f else None,
            "audio_s": round(self._utt_bytes / (self.sample_rate * 2), 3),
        }
        self._utt_bytes = 0
        self._last_partial, self._partial_since = "", 0
        self.utterances += 1
        return ev
