"""Chinese text of the 为您推荐 page (/for-you), kept with the UI (DESIGN.md: content design).

The answer options and the 免申即享 words are the 政策计算器's (one wording for one question)."""

from __future__ import annotations

from app.web.calculator_text import (  # noqa: F401 - the same questions and words as the calculator
    AUTO_CONTACT,
    AUTO_PAYMENT,
    DISABILITY_OPTIONS,
    GRADE_OPTIONS,
    HOUSEHOLD_OPTIONS,
    Q_DISABILITY,
    Q_GRADE,
    Q_HOUSEHOLD,
    YES_NO,
    YES_NO_QUESTIONS,
)

TITLE = "为您推荐"
PAGE_TITLE = "为您推荐"
LINK_FROM_ME = "为您推荐：看看您可能能领的补贴"

# ---- 为谁看
FOR_WHOM = "为谁看？"
FOR_WHOM_HINT = "您正在代办的家人，也可以看按登记信息算出的推荐。"
MYSELF = "我自己"
SHOW = "查看"

# ---- consent
ASK_TITLE = "要不要我们按您的信息为您推荐？"
ASK_LEAD = "同意以后，我们用本系统已有的您的信息，算一算您可能可以领哪些补贴、享受哪些救助："
ASK_USES = [
    "出生日期（从您的身份证号算出）和户籍所在地；",
    "您在本系统办过的申请（已经申请或正在领的，就不再推荐）；",
    "您愿意的话，再补充残疾、家庭情况、是否独居等——这些会加密保存，只用来给您推荐。",
]
ASK_REVOKE = "您随时可以撤回同意，撤回后您补充的情况马上删除。不同意也没关系，可以用不保存任何信息的政策计算器自己算。"
ASK_AGENTS = "帮您代办的家人只能看到按登记信息算出的结果，看不到您补充的情况。"
AGREE = "同意，为我推荐"
CALCULATOR = "不登记，用政策计算器算一算"
NO_IDENTITY = "要按您的登记信息推荐，请先确认您的本人信息（姓名和身份证号）。"
CONFIRM_IDENTITY = "确认本人信息"

# ---- the list
RESULT_TITLE = "您可能可以领的"
RESULT_TITLE_OTHER = "可能可以领的"  # after the name
BASED_ON = "按这些信息算出："
ADDED = "还用了您补充的："
LEFT_OUT = "已经申请或正在领的，没有再列出："
NONE_FOUND = "按现在知道的信息，没有找到可能符合的。补充一些情况，结果会更准。"
NONE_FOUND_OTHER = "按登记信息，没有找到可能符合的。"
SCOPE_LIMITED = "代办授权只包括部分事项，这里只列出授权范围内的。"
DISCLAIMER = "这是参考，不是审核结果；能不能领，以审核为准。"
VERDICT_LABEL = {"likely": "可能符合", "maybe": "也许符合"}
VERDICT = "结论"
WHY = "为什么"
STILL_DEPENDS = "还要看"
NO_APPLICATION = "无需申请"
APPLY = "在线办理"
CHECK = "测一测"
GUIDE = "看办事指南"
ASK = "问谁"
MORE = "问谁"
MORE_DEPENDS = "还要看什么、问谁"
TO_FACTS = "补充一些情况，结果更准"
# the 也许符合 ones, folded under the 可能符合 ones (one line and one link each)
MAYBE_SUMMARY = "还有 {n} 项也许符合，要看更多情况才能确定（点开看）"
MAYBE_SUMMARY_ONLY = "{n} 项也许符合，要看更多情况才能确定"
NO_LIKELY = "按现在知道的信息，没有找到可能符合的。下面 {n} 项也许符合，要看更多情况才能确定；补充一些情况，结果会更准。"
NO_LIKELY_OTHER = "按登记信息，没有找到可能符合的。下面 {n} 项也许符合，要看更多情况才能确定。"
STILL_TO_CHECK = "还要看：{first}"
STILL_TO_CHECK_MORE = "还要看：{first}等 {n} 项情况"

# ---- added facts
FACTS_TITLE = "补充情况（可以不填）"
FACTS_LEAD = "填了的会加密保存，只用来给您推荐；不清楚的可以不填。"
SAVE = "保存并重新推荐"
SAVED = "已保存，推荐已按您补充的情况更新。"
OTHER_FACTS = ("不能替家人保存补充情况：代办授权只包括代办事项，不包括替对方保存残疾、家庭情况等个人信息。"
               "请家人本人登录后自己同意并填写；想先算一算，可以用政策计算器（不保存）。")

# ---- revoke
REVOKE_TITLE = "撤回同意"
REVOKE_LEAD = "撤回后，我们不再按您的信息推荐，您补充的情况马上删除。"
REVOKE = "撤回同意"
REVOKED = "已撤回同意，您补充的情况已删除。"
AGREED = "您已同意“为您推荐”。"
SIGN_IN = "请先登录。"
