"""Read-aloud: pyttsx3 over espeak-ng's ``cmn-latn-pinyin`` voice, one engine per process.

espeak-ng can be initialised only once per process and pyttsx3 engines are not thread-safe, so a
single worker thread owns the engine and every request is a job on its queue (synthesis is
serialised; a short sentence takes ~10–30 ms). Callers get PCM (16-bit mono, 22,050 Hz) per
sentence, so an answer can be streamed: the first sentence plays while the rest is synthesised.

pyttsx3 2.99 quirks: ``runAndWait()`` may return before ``save_to_file`` has written the file, a
rate set just before an utterance can apply to the next one, and the driver's callback drops the
last buffer of every utterance (all of a short sentence). So pyttsx3 initialises espeak-ng and
selects the voice, and the worker takes the samples from espeak-ng's callback itself, synchronously.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import io
import queue
import shutil
import struct
import threading
import time
import wave
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from voice.text import speakable, split_sentences

SAMPLE_RATE = 22050
#: Rates espeak-ng accepts sensibly (words per minute). Elderly listeners: ~130 (default 175).
MIN_RATE, MAX_RATE = 80, 260
#: Longest text one request may ask for (a kiosk answer is a few hundred characters).
MAX_TEXT_CHARS = 2000
#: Jobs waiting beyond this are refused (the HTTP layer answers 429) instead of queueing forever.
MAX_QUEUE = 64
JOB_TIMEOUT_S = 20.0


class TtsUnavailable(RuntimeError):
    """espeak-ng / pyttsx3 cannot be used on this machine."""


class TtsBusy(RuntimeError):
    """Too many synthesis jobs are waiting."""


@dataclass
class _Job:
    text: str
    voice: str
    rate: int
    future: concurrent.futures.Future


class _Engine:
    """The process's one espeak-ng engine (initialised by pyttsx3) and the thread that owns it.

    espeak-ng keeps one global state (voice, rate, audio callback), so every synthesis in the
    process goes through this one queue, whichever :class:`Synthesizer` asked for it.
    """

    def __init__(self):
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tts-engine", daemon=True)
        if not espeak_available():
            self.error = TtsUnavailable("espeak-ng is not installed (apt-get install espeak-ng)")
            self._ready.set()
        else:
            self._thread.start()

    def wait_ready(self, timeout: float = 15.0) -> None:
        self._ready.wait(timeout)
        if self.error is not None:
            raise TtsUnavailable(str(self.error))

    def _run(self) -> None:
        import ctypes

        try:
            import pyttsx3
            from pyttsx3.drivers import _espeak

            # pyttsx3 loads libespeak-ng and initialises it (once per process, in retrieval mode).
            # Its own run loop is not used: its command queue applies a rate change to the next
            # utterance rather than this one and its callback drops the last buffer of each
            # utterance (pyttsx3 2.99). We take the audio from espeak-ng's callback ourselves.
            self._pyttsx3 = pyttsx3.init("espeak")  # kept: when it is collected it unhooks callbacks
            chunks: list[bytes] = []

            def on_audio(wav, numsamples, _events):
                if numsamples > 0 and wav:
                    chunks.append(ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short)))
                return 0

            _espeak.SetSynthCallback(on_audio)
        except BaseException as exc:  # noqa: BLE001 - reported to every caller as TtsUnavailable
            self.error = exc
            return
        finally:
            self._ready.set()
        voice = None
        while True:
            job = self.jobs.get()
            if job is None:
                break
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                if job.voice != voice:
                    if _espeak.SetVoiceByName(job.voice.encode("utf-8")) != _espeak.EE_OK:
                        raise TtsUnavailable(f"espeak-ng voice {job.voice!r} not found")
                    voice = job.voice
                chunks.clear()
                _espeak.SetParameter(_espeak.RATE, job.rate, 0)
                if _espeak.Synth(job.text, flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8) != _espeak.EE_OK:
                    raise RuntimeError("espeak-ng refused the text")
                _espeak.Synchronize()
                job.future.set_result(b"".join(chunks))
            except BaseException as exc:  # noqa: BLE001 - the caller gets it
                job.future.set_exception(exc)


_ENGINE: _Engine | None = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = _Engine()
    return _ENGINE


def wav_bytes(pcm: bytes, rate: int = SAMPLE_RATE) -> bytes:
    """A complete WAV file (16-bit mono) around ``pcm``."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buf.getvalue()


def streaming_wav_header(rate: int = SAMPLE_RATE) -> bytes:
    """A WAV header of unknown length (sizes 0xFFFFFFFF), for audio sent as it is made."""
    return (b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
            + b"data" + struct.pack("<I", 0xFFFFFFFF))


def silence(seconds: float, rate: int = SAMPLE_RATE) -> bytes:
    return b"\x00\x00" * int(seconds * rate)


class Synthesizer:
    """Voice, rate and a cache of recent sentences over the process's one engine."""

    def __init__(self, voice: str = "cmn-latn-pinyin", rate: int = 130, cache_size: int = 256):
        self.voice = voice
        self.rate = rate
        self._cache: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def _ensure_started(self) -> _Engine:
        engine = _engine()
        engine.wait_ready()
        return engine

    # ---------------------------------------------------------------- public API -------------
    def submit(self, sentence: str, rate: int | None = None) -> concurrent.futures.Future:
        """Queue one already-speakable sentence; the future gives its PCM."""
        rate = clamp_rate(rate or self.rate)
        key = (sentence, rate)
        with self._cache_lock:
            pcm = self._cache.get(key)
            if pcm is not None:
                self._cache.move_to_end(key)
        if pcm is not None:
            f: concurrent.futures.Future = concurrent.futures.Future()
            f.set_result(pcm)
            return f
        engine = self._ensure_started()
        if engine.jobs.qsize() >= MAX_QUEUE:
            raise TtsBusy("too many read-aloud requests waiting")
        f = concurrent.futures.Future()
        if self._cache_size:
            f.add_done_callback(lambda fut: self._remember(key, fut))
        engine.jobs.put(_Job(sentence, self.voice, rate, f))
        return f

    def _remember(self, key: tuple[str, int], fut: concurrent.futures.Future) -> None:
        if fut.cancelled() or fut.exception() is not None:
            return
        with self._cache_lock:
            self._cache[key] = fut.result()
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def sentences(self, text: str) -> list[str]:
        """The speakable sentences of ``text`` (numbers and dates already in words)."""
        return [s for s in (speakable(x) for x in split_sentences(text)) if s]

    def synthesize(self, text: str, rate: int | None = None) -> bytes:
        """PCM of the whole ``text`` (blocking), sentences separated by a short pause."""
        return b"".join(self.iter_pcm(text, rate))

    def iter_pcm(self, text: str, rate: int | None = None) -> Iterator[bytes]:
        """PCM sentence by sentence; all sentences are queued at once, so the worker never idles."""
        futures = [self.submit(s, rate) for s in self.sentences(text)]
        for i, f in enumerate(futures):
            yield f.result(timeout=JOB_TIMEOUT_S * (i + 1))
            if i < len(futures) - 1:
                yield silence(0.15)

    async def aiter_pcm(self, text: str, rate: int | None = None) -> AsyncIterator[bytes]:
        """Async version of :meth:`iter_pcm` for the HTTP layer (never blocks the event loop)."""
        futures = [self.submit(s, rate) for s in self.sentences(text)]
        try:
            for i, f in enumerate(futures):
                yield await asyncio.wait_for(asyncio.wrap_future(f), JOB_TIMEOUT_S * (i + 1))
                if i < len(futures) - 1:
                    yield silence(0.15)
        finally:
            for f in futures:
                f.cancel()

    def available(self) -> bool:
        try:
            self._ensure_started()
            return True
        except TtsUnavailable:
            return False


def clamp_rate(rate: int) -> int:
    return max(MIN_RATE, min(MAX_RATE, int(rate)))


@functools.lru_cache(maxsize=1)
def espeak_available() -> bool:
    """Is libespeak-ng installed (no engine is started; looked up once per process)?"""
    import ctypes.util

    return bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
                or shutil.which("espeak-ng"))


_SYNTHS: dict[tuple[str, int], Synthesizer] = {}
_SYNTH_LOCK = threading.Lock()


def get_synthesizer(voice: str = "cmn-latn-pinyin", rate: int = 130) -> Synthesizer:
    """The process-wide synthesiser for ``voice`` and ``rate`` (the app passes its settings).

    Every synthesiser shares the process's one engine; one per voice and rate keeps its own
    sentence cache warm across requests.
    """
    key = (voice, int(rate))
    synth = _SYNTHS.get(key)
    if synth is None:
        with _SYNTH_LOCK:
            synth = _SYNTHS.setdefault(key, Synthesizer(voice=voice, rate=int(rate)))
    return synth


def timed_first_audio(synth: Synthesizer, text: str, rate: int | None = None) -> tuple[float, float]:
    """(seconds to the first sentence's PCM, seconds to all of it) — for the benchmark."""
    t0 = time.perf_counter()
    it = synth.iter_pcm(text, rate)
    next(it)
    first = time.perf_counter() - t0
    for _ in it:
        pass
    return first, time.perf_counter() - t0
