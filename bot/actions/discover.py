"""政策计算器 in conversation: "我能领什么补贴" is answered by asking the calculator's questions.

``discover_form`` asks one question a turn — age (or birth date), 户籍, 残疾人证, household — and
``action_discover_results`` answers with what ``GET /api/eligibility/preview`` (the /calculator page's
matcher) says for those facts: the likely items first with one reason each, the maybes in one line.

Every answer is read by the app (``GET /api/eligibility/read``), so parsing lives in one place; what
the bot keeps per question is the app's reading (``{"params": the calculator's query parameters,
"said": the fact in words}``, ``params`` empty when skipped). Facts already in the first message fill
their questions at once. How an answer is handled:

- an answer: the fact is kept (and any other fact said with it), the next question is asked;
- 不知道 / 跳过: the fact stays unknown, the next question is asked;
- 不查了 / 算了: the form ends and says so kindly;
- a question of its own ("结婚登记要带什么"), 转人工, a button payload: the form rejects, the message is
  handled as usual (answered, handed over) and the form asks its question again;
- an answer that cannot be right (300 岁, 火星): the app's kind message, and the question again;
- the app down: the usual degraded reply, and the form ends.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import wording as W
from actions.app_api import API, AppUnavailable
from actions.replies import HOTLINE, HUMAN, button_url, reply, source

log = logging.getLogger(__name__)

FORM = "discover_form"
#: The app's question names → the form's slots, in the order they are asked.
SLOTS = {"age": "fact_age", "hukou": "fact_hukou", "disability": "fact_disability", "household": "fact_household"}
#: Asked only after "有残疾人证" without the category or grade on it.
GRADE_SLOT = "fact_disability_grade"
STOPPED = "fact_stopped"
ASK_OF = {slot: ask for ask, slot in SLOTS.items()} | {GRADE_SLOT: "disability"}
#: Messages that are never an answer: they go their usual way (转人工 is handed over).
NOT_ANSWERS = {"ask_human", "bot_challenge", "complaint", "check_application"}
#: The app's 政策计算器 page. The action server never imports the app, so this mirrors
#: ``app.core.urls.CALCULATOR`` (every other address comes in the API's data);
#: tests/test_page_urls.py fails when the two differ.
CALCULATOR_URL = "/calculator"
MAX_APPLY_BUTTONS = 3
MAX_MAYBE_NAMES = 5
#: Actions that are part of the form's own turn (anything else after the user's message is an
#: interruption: the message was answered by another action and the form only asks again).
_OWN = {"action_listen", "action_extract_slots", FORM, f"validate_{FORM}"}


def _short(name: str) -> str:
    """'最低生活保障申请（低保申请）' → '最低生活保障申请'."""
    return name.split("（")[0].split("(")[0] or name


def _after_last_user(tracker: Tracker) -> list[dict]:
    events = list(tracker.events or [])
    last = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return events[last + 1:]


def _has_cert_without_detail(reading: dict) -> bool:
    p = reading.get("params") or {}
    return p.get("disability") == "是" and not p.get("grade")


def facts_of(tracker: Tracker) -> tuple[dict[str, str], list[str]]:
    """The readings kept so far → the calculator's query parameters and the facts in words."""
    params: dict[str, str] = {}
    said: list[str] = []
    for slot in SLOTS.values():
        reading = tracker.get_slot(slot)
        if isinstance(reading, dict):
            params.update({k: str(v) for k, v in (reading.get("params") or {}).items()})
            if reading.get("said"):
                said.append(str(reading["said"]))
    return params, said


def calculator_url(params: dict[str, str]) -> str:
    """The /calculator page. Its form does not read query parameters (yet), so the facts are
    not sent along: a link that promised a filled form would mislead."""
    return CALCULATOR_URL


def clear() -> list[EventType]:
    return [SlotSet(s, None) for s in (*SLOTS.values(), GRADE_SLOT, STOPPED)]


class ValidateDiscoverForm(Action):
    """Reads each answer with the app (see the module docstring); runs at the form's activation
    (the first message: every fact in it) and after each answer."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        msg = tracker.latest_message or {}
        text = (msg.get("text") or "").strip()
        if not requested:
            return await self._first_message(dispatcher, text)
        after = _after_last_user(tracker)
        if any(e.get("event") == "action" and e.get("name") not in _OWN for e in after):
            return []  # back after the message was answered another way: the form asks again
        if any(e.get("event") == "action_execution_rejected" for e in after):
            return [SlotSet(requested, None)]  # predicted again after a rejection: ask again
        intent = (msg.get("intent") or {}).get("name")
        if text.startswith("/") or intent in NOT_ANSWERS:
            return []  # rejected: handled as usual (转人工 → the hand-over rule)
        try:
            got = await API.read_facts(text, ASK_OF.get(requested, "age"))
        except AppUnavailable:
            dispatcher.utter_message(json_message=reply(W.APP_DOWN, [], [HOTLINE, HUMAN], degraded=True))
            return [SlotSet(STOPPED, "app_down"), SlotSet("requested_slot", None)]
        status = got.get("status")
        fields = got.get("fields") or {}
        if status == "stop":
            return [SlotSet(STOPPED, "user"), SlotSet("requested_slot", None)]
        if status == "question":
            return []  # rejected: answered as usual, then the form asks again
        if status == "invalid":
            dispatcher.utter_message(text=str(got.get("message") or ""))
            return [SlotSet(requested, None), SlotSet("requested_slot", requested)]
        if requested == GRADE_SLOT:  # the category / grade on the certificate, after "有残疾人证"
            detail = fields.get("disability")
            events: list[EventType] = [SlotSet(GRADE_SLOT, detail or {})]
            if detail and (detail.get("params") or {}).get("disability") != "无" and detail.get("params"):
                events.append(SlotSet(SLOTS["disability"], detail))
            return events
        events = []
        for ask, reading in fields.items():
            slot = SLOTS.get(ask)
            if slot and (slot == requested or tracker.get_slot(slot) is None) and isinstance(reading, dict):
                events.append(SlotSet(slot, reading))
        if not any(e["name"] == requested for e in events):
            events.append(SlotSet(requested, {"params": {}, "said": ""}))
        mine = fields.get(ASK_OF[requested]) if requested in ASK_OF else None
        if requested == SLOTS["disability"] and isinstance(mine, dict) and _has_cert_without_detail(mine):
            events.append(SlotSet("requested_slot", GRADE_SLOT))  # one more small question
        return events

    async def _first_message(self, dispatcher: CollectingDispatcher, text: str) -> list[EventType]:
        """At activation: every fact the first message says fills its question."""
        events = clear()
        try:
            got = await API.read_facts(text, None) if text and not text.startswith("/") else {"fields": {}}
        except AppUnavailable:
            dispatcher.utter_message(json_message=reply(W.APP_DOWN, [], [HOTLINE, HUMAN], degraded=True))
            return events + [SlotSet(STOPPED, "app_down"), SlotSet("requested_slot", None)]
        said = []
        for ask, slot in SLOTS.items():
            reading = (got.get("fields") or {}).get(ask)
            if isinstance(reading, dict) and reading.get("params"):
                events.append(SlotSet(slot, reading))
                if reading.get("said"):
                    said.append(str(reading["said"]))
        dispatcher.utter_message(text=W.DISCOVER_INTRO + (W.DISCOVER_ALREADY.format(said="，".join(said)) if said else ""))
        return events


class ActionDiscoverResults(Action):
    def name(self) -> str:
        return "action_discover_results"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        stopped = tracker.get_slot(STOPPED)
        if stopped == "app_down":  # already said
            return clear()
        if stopped:
            dispatcher.utter_message(response="utter_discover_cancelled")
            return clear()
        params, said = facts_of(tracker)
        try:
            matches = await API.preview(params)
        except AppUnavailable:
            dispatcher.utter_message(json_message=reply(W.APP_DOWN, [], [HOTLINE, HUMAN], degraded=True))
            return clear()
        dispatcher.utter_message(json_message=results_reply(matches, params, said))
        return clear()


def _reason(m: dict) -> str:
    """The most telling reason: one about the person (age, disability …) before the 户籍 one."""
    reasons = [str(r) for r in m.get("reasons") or [] if r]
    specific = [r for r in reasons if not r.startswith("户籍")]
    return (specific or reasons or [""])[0]


def results_reply(matches: list[dict], params: dict[str, str], said: list[str]) -> dict:
    """The calculator's results as one chat reply (pure: no Rasa, no HTTP)."""
    likely = [m for m in matches if m.get("verdict") == "likely"]
    maybe = [m for m in matches if m.get("verdict") == "maybe"]
    parts = [W.DISCOVER_LEAD.format(said="，".join(said)) if said else W.DISCOVER_LEAD_NOTHING]
    if likely:
        lines = [W.DISCOVER_LIKELY.format(n=len(likely))]
        for i, m in enumerate(likely, start=1):
            name = _short(str(m.get("name") or "")) + (W.DISCOVER_AUTOMATIC if m.get("automatic") else "")
            lines.append(W.DISCOVER_LIKELY_ITEM.format(i=i, name=name, reason=_reason(m)).rstrip("："))
        parts.append("\n".join(lines))
    else:
        parts.append(W.DISCOVER_NONE)
    if maybe:
        names = [_short(str(m.get("name") or "")) for m in maybe]
        shown = "、".join(names[:MAX_MAYBE_NAMES])
        if len(names) > MAX_MAYBE_NAMES:
            shown = W.DISCOVER_MAYBE_MORE.format(names=shown, n=len(names))
        parts.append(W.DISCOVER_MAYBE.format(names=shown))
    parts.append(W.DISCOVER_TAIL)
    buttons = [button_url(W.DISCOVER_APPLY.format(name=_short(str(m["name"]))), str(m["apply_url"]))
               for m in likely if m.get("apply_url") and not m.get("automatic")][:MAX_APPLY_BUTTONS]
    buttons += [button_url(W.DISCOVER_CALCULATOR, calculator_url(params)), HUMAN]
    sources = [source(W.DISCOVER_SOURCE.format(name=_short(str(m["name"]))), str(m["guide_url"]), None)
               for m in likely if m.get("guide_url")]
    return reply("\n".join(parts), sources, buttons, discover={
        "likely": [m.get("service_code") for m in likely], "maybe": [m.get("service_code") for m in maybe],
        "facts": params})
