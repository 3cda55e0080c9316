"""action_answer: a sourced answer from the knowledge base, or an honest "not sure".

Every knowledge question, complaint, out-of-scope message and NLU fallback comes here (see
data/rules.yml and the generated rules). The decision (which entry, how sure) is in
``decide``; this module fetches the entry from the app and words the reply.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import wording as W
from actions.app_api import API, AppUnavailable
from actions.decide import OUT_OF_SCOPE_OVERRIDE, SEARCH_MAX_SCORE, Decision, Entry, decide
from actions.replies import HOTLINE, HUMAN, reply, service_buttons, source

log = logging.getLogger(__name__)
#: Unsure answers in a row after which the hotline is offered.
FAILURES_BEFORE_HOTLINE = 2


def aspect_of(question: str) -> str | None:
    for name, words in W.ASPECTS:
        if any(w in question for w in words):
            return name
    return None


def guide_part(guide: dict, question: str) -> str:
    """The element of the standardised guide the question asks about (材料, 条件, 流程 …)."""
    aspect = aspect_of(question or "")
    if aspect == "materials":
        items = [m["name"] + ("" if m["required"] else W.OPTIONAL) for m in guide["materials"]]
        body = "；".join(items)
    elif aspect == "conditions":
        body = "；".join(guide["conditions"])
    elif aspect == "steps":
        body = "；".join(f"{i}. {s['name']}" for i, s in enumerate(guide["steps"], start=1))
    elif aspect == "time_limit":
        body = f"法定{guide['time_limit']['legal']}，承诺{guide['time_limit']['promised']}"
    elif aspect in ("amounts", "where", "fee"):
        body = guide.get(aspect) or ""
    else:
        body = ""
    body = body.rstrip("。；; ")
    return W.ASPECT_LEAD[aspect] + body + "。" if body else ""


async def entry_reply(entry: Entry, topic: str | None, question: str = "") -> dict | None:
    """The answer text of one KB entry, with its source and next-step buttons."""
    if entry.kind == "policy":
        pol = await API.policy(entry.code)
        if pol is None:
            return None
        number = f"，{pol['doc_number']}" if pol.get("doc_number") else ""
        text = W.POLICY_LEAD.format(title=pol["title"], issuer=pol["issuer"], number=number) + pol["summary"]
        sources = [source(pol["title"], pol["url"], pol["topic"])]
        guide = await API.service(pol["governs"][0]) if pol.get("governs") else None
        if guide:
            sources.append(source(W.SOURCE_GUIDE.format(name=guide["name"]), guide["url"], guide["topic"]))
        return reply(text, sources, service_buttons(guide) if guide else [HUMAN],
                     topic=pol["topic"], entry={"kind": "policy", "id": entry.code})
    guide = await API.service(entry.code)
    if guide is None:
        return None
    lead = W.ANSWER_LEAD.format(name=guide["name"])
    if entry.kind == "faq" and 1 <= entry.n <= len(guide["faqs"]):
        faq = guide["faqs"][entry.n - 1]
        text = lead + faq["a"]
        src = source(W.SOURCE_FAQ.format(name=guide["name"]), faq["url"], guide["topic"])
    else:
        text = lead + guide["summary"] + guide_part(guide, question) + W.GUIDE_TAIL
        src = source(W.SOURCE_GUIDE.format(name=guide["name"]), guide["url"], guide["topic"])
    return reply(text, [src], service_buttons(guide), topic=guide["topic"],
                 entry={"kind": entry.kind, "code": entry.code, "n": entry.n or None})


def unsure_reply(d: Decision, failures: int) -> dict:
    sources = [source(r["title"], r["url"], r["topic"]) for r in d.alternatives[:3]]
    if failures >= FAILURES_BEFORE_HOTLINE:
        return reply(W.NOT_SURE_AGAIN, sources, [HOTLINE, HUMAN], confident=False)
    return reply(W.NOT_SURE if sources else W.NOTHING_FOUND, sources, [HUMAN], confident=False)


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        msg = tracker.latest_message or {}
        text = msg.get("text") or ""
        intent = (msg.get("intent") or {}).get("name")
        failures = int(tracker.get_slot("failures") or 0)
        try:
            services = await API.services()
            intent_topics = await API.topics_by_intent()
            results = (await API.search(text)).get("results", [])
            entity_topics = [services[e["value"]]["topic"] for e in msg.get("entities") or []
                             if e.get("entity") == "service" and e.get("value") in services]
            selector = ((msg.get("response_selector") or {}).get("default") or {}).get("ranking") or []
            d = decide(msg.get("intent_ranking") or [], selector, intent_topics, results, entity_topics)
            strong = bool(results) and results[0]["score"] / SEARCH_MAX_SCORE >= OUT_OF_SCOPE_OVERRIDE
            answer = await entry_reply(d.entry, d.topic, text) if d.confident and d.entry else None
        except AppUnavailable:
            dispatcher.utter_message(json_message=reply(W.APP_DOWN, [], [HOTLINE, HUMAN], degraded=True))
            return []
        log.debug("decision %s for %r", d, text[:60])

        if intent == "out_of_scope" and not (answer and strong):
            dispatcher.utter_message(json_message=reply(W.OUT_OF_SCOPE, [], [HUMAN]))
            return []
        if intent == "complaint":
            if answer:  # the related item's guide, and the ways to complain
                related = answer["sources"][:1]
                name = related[0]["title"].split("：", 1)[-1].split(" · ")[0]
                text = W.COMPLAINT + W.COMPLAINT_RELATED.format(name=name)
                dispatcher.utter_message(json_message=reply(text, related, [HUMAN, HOTLINE], topic=answer["topic"]))
                return [SlotSet("topic", answer["topic"])]
            dispatcher.utter_message(json_message=reply(W.COMPLAINT, [], [HUMAN, HOTLINE]))
            return []
        if answer:
            answer["confident"] = True
            dispatcher.utter_message(json_message=answer)
            return [SlotSet("failures", 0), SlotSet("topic", answer["topic"])]
        failures += 1
        dispatcher.utter_message(json_message=unsure_reply(d, failures))
        return [SlotSet("failures", failures)]
