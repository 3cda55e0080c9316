"""action_handoff (转人工): pack the conversation so far for a person.

The action does not write anywhere itself: it returns the transcript (already redacted — the
app redacts every message before it reaches Rasa) in a ``handoff`` field of its reply. The
app backend, which receives Rasa's replies server-side, queues it as a Contact
(kind="handoff") for the hotline console and tells the user the reference number.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import wording as W
from actions.replies import HOTLINE, reply

#: Longest transcript handed over (the latest messages are kept).
MAX_MESSAGES = 60


def _iso(ts: float | None) -> str:
    return datetime.fromtimestamp(ts or 0, tz=timezone.utc).isoformat(timespec="seconds")


def _bot_text(event: dict) -> str:
    text = event.get("text") or ""
    custom = (event.get("data") or {}).get("custom") or {}
    return text or custom.get("text") or ""


def transcript(events: list[dict], titles: dict[str, str]) -> list[dict]:
    out: list[dict] = []
    for e in events:
        if e.get("event") == "user":
            text = e.get("text") or ""
            if text.startswith("/"):  # a button press: say which one
                text = W.BUTTON_CLICKED.format(title=titles.get(text, text))
            out.append({"from": "user", "text": text, "at": _iso(e.get("timestamp"))})
        elif e.get("event") == "bot":
            text = _bot_text(e)
            if text:
                out.append({"from": "bot", "text": text, "at": _iso(e.get("timestamp"))})
    return out[-MAX_MESSAGES:]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        topic = tracker.get_slot("topic")
        summary = W.HANDOFF_SUMMARY.format(topic=topic or W.HANDOFF_NO_TOPIC)
        lines = transcript(tracker.events, {W.ASK_HUMAN_PAYLOAD: W.ASK_HUMAN})
        dispatcher.utter_message(json_message=reply(
            W.HANDOFF, [], [HOTLINE],
            handoff={"summary": summary, "topic": topic, "transcript": lines},
        ))
        return []
