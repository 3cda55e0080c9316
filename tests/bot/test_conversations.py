"""Conversation tests: bot/tests/test_stories.yml replayed against the real Rasa + action server.

Each story runs as a fresh conversation through Rasa's REST channel; after each user message
the intent Rasa understood and the actions it ran (from the tracker) must be the story's.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STORIES = yaml.safe_load((ROOT / "bot" / "tests" / "test_stories.yml").read_text(encoding="utf-8"))["stories"]
IGNORED = {"action_listen", "action_session_start", "action_extract_slots"}


def _post(url: str, body: dict) -> list:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def _turns(steps: list[dict]) -> list[tuple[str, str | None, list[str]]]:
    """[(user text, expected intent or None, expected actions)]"""
    turns: list[tuple[str, str | None, list[str]]] = []
    for step in steps:
        if "user" in step:
            turns.append((step["user"].strip(), step.get("intent"), []))
        elif "action" in step:
            turns[-1][2].append(step["action"])
    return turns


def _actions_after_last_user(events: list[dict]) -> tuple[str, list[str]]:
    last = max(i for i, e in enumerate(events) if e["event"] == "user")
    intent = events[last]["parse_data"]["intent"]["name"]
    return intent, [e["name"] for e in events[last + 1:] if e["event"] == "action" and e["name"] not in IGNORED]


@pytest.mark.parametrize("story", STORIES, ids=[s["story"] for s in STORIES])
def test_story(bot, story):
    sender = f"story-{uuid.uuid4().hex[:10]}"
    for text, intent, actions in _turns(story["steps"]):
        replies = _post(f"{bot.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": text})
        assert replies, f"no reply to {text!r}"
        with urllib.request.urlopen(f"{bot.rasa_url}/conversations/{sender}/tracker?token={bot.token}", timeout=30) as r:
            events = json.loads(r.read())["events"]
        got_intent, got_actions = _actions_after_last_user(events)
        if intent:
            assert got_intent == intent, f"{text!r}: intent {got_intent}, want {intent}"
        assert got_actions == actions, f"{text!r}: actions {got_actions}, want {actions}"
