"""尊老金 eligibility in conversation: a form asks for age and 户籍 (either may already be in
the first message), then the app's rule — the same one as the 测一测 page — gives the answer.

Free answers ("八十二", "南京户口") are read by the app (GET /api/services/…/eligibility),
so the parsing and the rule live in one place.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import wording as W
from actions.app_api import API, AppUnavailable
from actions.replies import HOTLINE, HUMAN, button_url, reply

CODE = "MZ-ZLJ-01"


async def _read(tracker: Tracker) -> dict:
    text = (tracker.latest_message or {}).get("text") or ""
    if text.startswith("/"):
        return {}
    try:
        return await API.eligibility(CODE, text, text) or {}
    except AppUnavailable:
        return {}


class ValidateZljEligibilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_zlj_eligibility_form"

    async def extract_age(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: dict[str, Any]) -> dict[str, Any]:
        if tracker.get_slot("age") is not None:
            return {}
        age = (await _read(tracker)).get("age")
        if age is None:  # not an answer: the form is rejected and the message handled as usual
            return {}
        return {"age": float(age)}

    async def extract_hukou(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: dict[str, Any]) -> dict[str, Any]:
        if tracker.get_slot("hukou") is not None:
            return {}
        in_js = (await _read(tracker)).get("in_jiangsu")
        if in_js is None:
            return {}
        return {"hukou": W.ELIGIBILITY_HUKOU_JS if in_js else W.ELIGIBILITY_HUKOU_OTHER}


class ActionCheckEligibility(Action):
    def name(self) -> str:
        return "action_check_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        age, hukou = tracker.get_slot("age"), tracker.get_slot("hukou")
        clear = [SlotSet("age", None), SlotSet("hukou", None)]
        try:
            res = await API.eligibility(CODE, str(int(age or 0)), hukou or "")
        except AppUnavailable:
            dispatcher.utter_message(json_message=reply(W.APP_DOWN, [], [HOTLINE, HUMAN], degraded=True))
            return clear
        if not res or res.get("need"):
            dispatcher.utter_message(json_message=reply(W.NOTHING_FOUND, [], [HUMAN]))
            return clear
        text = W.ELIGIBILITY_LEAD.format(age=res["age"], hukou=hukou, headline=res["headline"])
        text += "".join(res["reasons"]) + "".join(res["next_steps"]) + W.ELIGIBILITY_TAIL
        buttons = []
        if res.get("apply_url") and res["verdict"] != "no":
            buttons.append(button_url(W.START_APPLICATION, res["apply_url"]))
        buttons += [button_url(W.SEE_GUIDE, res["source"]["url"]), HUMAN]
        dispatcher.utter_message(json_message=reply(text, [res["source"]], buttons, topic=res["source"]["topic"],
                                                    verdict=res["verdict"]))
        return clear + [SlotSet("topic", res["source"]["topic"])]
