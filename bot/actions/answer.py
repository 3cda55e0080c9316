"""action_answer: the app's answer engine's answer, with what the conversation knows.

Every knowledge question, complaint, out-of-scope message and NLU fallback comes here (see
data/rules.yml and the generated rules). Which answer fits — the service, the point asked
(材料, 多久, 多少钱 …), the city's own figures, or an honest "not sure" with whom to ask — is
decided once, in the app (``POST /api/answer``), for every channel. What Rasa adds is the
conversation: the city, age and person said in earlier turns and the service of the previous
answer go with the question as its context. Values in the *current* message win over the
slots: its entities (Rasa's RegexEntityExtractor/DIET) go into the context instead of the slots,
and the engine, which parses the question itself, puts what it understood from the question
before the context; what it understood (``understood``: city, age, for whom) becomes the slots
for the next turn.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import wording as W
from actions.app_api import API, AppUnavailable
from actions.replies import HOTLINE, HUMAN, answer_reply, reply

log = logging.getLogger(__name__)
#: A message Rasa reads as out of scope ("今天天气怎么样") is still answered when the engine is
#: this sure (0–1) of an answer; else the assistant says what it can help with.
OUT_OF_SCOPE_MIN_CONFIDENCE = 0.8

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def age_value(text: str | None) -> int | None:
    """An ``age`` entity ("81岁", "八十五周岁", "一百零一岁") as years; None when it is not one."""
    t = str(text or "")
    m = re.search(r"\d{1,3}", t)
    if m:
        n = int(m.group(0))
    else:
        total = num = 0
        digits = re.findall(r"[零〇一二两三四五六七八九十百]", t)
        if not digits:
            return None
        for ch in digits:
            if ch == "百":
                total, num = total + (num or 1) * 100, 0
            elif ch == "十":
                total, num = total + (num or 1) * 10, 0
            else:
                num = _CN[ch]
        n = total + num
    return n if 0 < n < 130 else None


def said_now(entities: list[dict]) -> dict[str, Any]:
    """City, age and for whom as the current message says them (first mention of each)."""
    out: dict[str, Any] = {}
    for e in entities or []:
        name, value = e.get("entity"), e.get("value")
        if name in out or not value:
            continue
        if name == "age":
            age = age_value(value)
            if age is not None:
                out["age"] = age
        elif name in ("city", "for_whom"):
            out[name] = str(value)
    return out


def context_of(tracker: Tracker, now: dict[str, Any]) -> dict[str, Any]:
    """The engine's context: what the current message says, else what earlier turns said, else
    the city remembered on the user's device (the app sends it as the message's metadata)."""
    age = now.get("age", tracker.get_slot("age"))
    meta = (tracker.latest_message or {}).get("metadata")
    device_city = meta.get("city") if isinstance(meta, dict) and isinstance(meta.get("city"), str) else None
    return {
        "city": now.get("city") or tracker.get_slot("city") or device_city,
        "age": int(age) if age is not None else None,
        "for_whom": now.get("for_whom") or tracker.get_slot("for_whom"),
        "previous_service": tracker.get_slot("service"),
        "channel": "chat",
    }


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        msg = tracker.latest_message or {}
        text = msg.get("text") or ""
        intent = (msg.get("intent") or {}).get("name")
        failures = int(tracker.get_slot("failures") or 0)
        now = said_now(msg.get("entities") or [])
        remembered = [SlotSet(k, v) for k, v in now.items()]
        ctx = context_of(tracker, now)
        if intent == "out_of_scope":  # an earlier turn's service says nothing about this message
            ctx["previous_service"] = None
        try:
            ans = await API.answer(text, ctx)
            other = (ans.get("understood") or {}).get("other_region")
            if other and ctx.get("city") and "city" not in now:
                # the question is about another region: the remembered Jiangsu city is stale
                ans = await API.answer(text, {**ctx, "city": None})
            understood = ans.get("understood") if isinstance(ans.get("understood"), dict) else {}
            for key in ("city", "age", "for_whom"):
                if understood.get(key) not in (None, "") and understood[key] != now.get(key):
                    remembered.append(SlotSet(key, understood[key]))
            code = ans.get("service_code")
            services = await API.services()
            guide = await API.service(code) if code in services else None
        except AppUnavailable:
            dispatcher.utter_message(json_message=reply(W.APP_DOWN, [], [HOTLINE, HUMAN], degraded=True))
            return remembered
        topic = services[code]["topic"] if code in services else None
        sure = ans.get("status") in ("answered", "partial")
        log.debug("answer %s/%s %s for %r", ans.get("status"), ans.get("facet"), code, text[:60])
        if intent == "out_of_scope" and not (sure and float(ans.get("confidence") or 0) >= OUT_OF_SCOPE_MIN_CONFIDENCE):
            dispatcher.utter_message(json_message=reply(W.OUT_OF_SCOPE, [], [HUMAN]))
            return remembered
        if code:  # the next turn's "previous service" (also when only the service was clear)
            remembered.append(SlotSet("service", code))
        if intent == "complaint":
            if guide:  # the related item's guide, and the ways to complain
                out = answer_reply(ans, guide, topic)
                text = W.COMPLAINT + W.COMPLAINT_RELATED.format(name=guide["name"])
                dispatcher.utter_message(json_message=reply(text, out["sources"][:1], [HUMAN, HOTLINE], topic=topic))
                return remembered + [SlotSet("topic", topic)]
            dispatcher.utter_message(json_message=reply(W.COMPLAINT, [], [HUMAN, HOTLINE]))
            return remembered
        if sure:
            dispatcher.utter_message(json_message=answer_reply(ans, guide, topic))
            return remembered + [SlotSet("failures", 0), SlotSet("topic", topic)]
        failures += 1
        dispatcher.utter_message(json_message=answer_reply(ans, guide, topic, failures))
        return remembered + [SlotSet("failures", failures)]
