"""The speech side of the voice kiosk (and of the PWA's server-side read-aloud).

- ``voice.asr``        Vosk speech recognition: one model per process, a session per kiosk,
                       partial / final results, end of speech, grammar + free decoding
- ``voice.vocabulary`` the runtime vocabulary: phrases handed in → words the model knows → grammar
- ``voice.models``     is a model present, download and verify the official Chinese model
- ``voice.tts``        read-aloud: pyttsx3 + espeak-ng (cmn-latn-pinyin), one engine per process
- ``voice.text``       numbers and dates as Chinese words, sentence splitting
- ``voice.cli``        ``minzheng voice …``

Speech knows nothing of the product: it never imports ``app`` (tests/test_architecture.py). The
app's adapters (``app/api/routes/voice.py``, ``app/api/routes/tts.py``, ``app/ui/kiosk_state.py``,
``app/cli.py``) hand it what it needs: the model path, voice and rate from the settings, and the
phrases to listen for (the KB's terms, ``app/knowledge/terms.py``). The domain never imports
this package either. Vosk and
pyttsx3 are imported lazily, so the app starts (and works by touch) without a model.
"""
