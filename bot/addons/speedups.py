"""Performance fixes for Rasa 3.6.21, applied in the Rasa process by ``bot/serve.py``.

Found by profiling a full turn (``agent.handle_text`` under cProfile, see README "Assistant"):

1. Every custom-action reply is validated with ``jsonschema.validate(result, schema)``, which
   first re-checks the (constant) schema against the JSON-Schema meta-schema on every call —
   more than half of a turn's CPU. The same validation with the schema checked once, by a
   validator built at start-up, gives identical results (same errors, same message).

2. NLU inference (jieba, featurizers, DIET, ResponseSelector: ~10 ms) ran on Sanic's only
   event loop, so while one message was being understood no other request moved (tracker
   reads, action-server calls, replies). It now runs in a small thread pool (TensorFlow
   releases the GIL, so the two cores overlap inference with the loop's I/O), and its result
   is cached per text (LRU): the NLU output of this pipeline depends on the text alone, and
   the same texts come back all the time (suggested-question chips, buttons, greetings).
   ``BOT_NLU_THREADS`` (default 2) and ``BOT_NLU_CACHE`` (entries, default 4096; 0 = off).

Behaviour is unchanged; only repeated work is removed. Each patch checks that the function it
replaces is the one it expects, and leaves Rasa alone otherwise.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)


def fast_action_result_validation() -> bool:
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    original = RemoteAction._validate_action_result
    if getattr(original, "__module__", "") != "rasa.core.actions.action":
        return False
    schema = RemoteAction.action_response_format_spec()
    validator = validators.validator_for(schema)(schema)  # the schema is checked once, here

    def _validate_action_result(self, result):  # same contract as Rasa's
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    RemoteAction._validate_action_result = _validate_action_result
    return True


class _LRU:
    def __init__(self, size: int):
        self.size, self.data = size, OrderedDict()

    def get(self, key):
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        return None

    def put(self, key, value) -> None:
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.size:
            self.data.popitem(last=False)


def nlu_off_the_event_loop() -> bool:
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor._parse_message_with_graph
    if getattr(original, "__module__", "") != "rasa.core.processor":
        return False
    threads = max(1, int(os.environ.get("BOT_NLU_THREADS", "2")))
    cache = _LRU(int(os.environ.get("BOT_NLU_CACHE", "4096")))
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="nlu")
    original_parse = MessageProcessor.parse_message

    async def parse_message(self, message, tracker=None, only_output_properties=True):
        if self.http_interpreter or not isinstance(message.text, str):
            return await original_parse(self, message, tracker, only_output_properties)
        key = (id(self.graph_runner), message.text, only_output_properties)
        hit = cache.get(key) if cache.size else None
        if hit is None:
            if tracker is None:
                from rasa.shared.core.trackers import DialogueStateTracker

                tracker = DialogueStateTracker.from_events(message.sender_id, [])
            loop = asyncio.get_running_loop()
            hit = await loop.run_in_executor(pool, original, self, message, tracker, only_output_properties)
            if cache.size:
                cache.put(key, hit)
        parse_data = copy.deepcopy(hit)  # Rasa adds to it; the cached copy stays clean
        self._update_full_retrieval_intent(parse_data)
        self._check_for_unseen_features(parse_data)
        return parse_data

    MessageProcessor.parse_message = parse_message
    return True


def apply() -> list[str]:
    applied = []
    for patch in (fast_action_result_validation, nlu_off_the_event_loop):
        try:
            if patch():
                applied.append(patch.__name__)
        except Exception:  # noqa: BLE001 - a speed-up must never stop the assistant
            log.exception("speed-up %s not applied", patch.__name__)
    return applied
