"""The speech side of the voice kiosk (and of the PWA's server-side read-aloud).

- ``voice.asr``        Vosk speech recognition: one model per process, a session per kiosk,
                       partial / final results, end of speech, grammar + free decoding
- ``voice.vocabulary`` the runtime vocabulary: KB phrases → words the model knows → grammar
- ``voice.models``     is a model present, download and verify the official Chinese model
- ``voice.tts``        read-aloud: pyttsx3 + espeak-ng (cmn-latn-pinyin), one engine per process
- ``voice.text``       numbers and dates as Chinese words, sentence splitting
- ``voice.cli``        ``minzheng voice …``

The domain (``app.knowledge``, ``app.search``) never imports this package; the adapters
(``app/api/routes/voice.py``, ``app/api/routes/tts.py``, ``app/ui/kiosk_state.py``) do. Vosk and
pyttsx3 are imported lazily, so the app starts (and works by touch) without a model.
"""
