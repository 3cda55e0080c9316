"""Chinese text of 测一测 (/eligibility/<code>), kept with the UI: one place for the Reflex page
(app/ui/pages/eligibility.py, app/ui/eligibility_state.py) and the server-rendered one
(app/web/checks.py). The questions and their options are the domain's (``CHECKS``)."""

from __future__ import annotations

TITLE = "测一测：能不能申请"
LEAD = "回答几个简单的问题，马上告诉您能不能办、要准备什么。不记录您的回答。"
SUBMIT = "看结果"
AGAIN = "重新回答"
APPLY = "开始在线申请"
#: In the error summary, linked to the question; and under the question itself.
ANSWER_PLEASE = "请回答：{label}"
CHOOSE_ONE = "请选择一项。"
VERDICT = {"yes": "结论：符合条件。", "no": "结论：暂不符合。", "maybe": "结论：可能符合，要看具体情况。"}
#: The class of the result heading (the same colours and ticks as the guide's).
VERDICT_CLASS = {"yes": "result-yes", "no": "result-no", "maybe": "result-maybe"}
WHY = "为什么"
PREPARE = "要准备什么"
NEXT = "接下来"
NEXT_IF_NO = "接下来可以怎么办"
SEE_ALSO = "也可以看看"
DISCLAIMER = "这是根据您的回答给出的参考，最终以审核结果为准；各地标准不同的，以当地公布为准。"
NOT_FOUND = "测一测"
