"""Chinese text of the 政策计算器 (/calculator), kept with the UI (DESIGN.md: content design): one place
for the Reflex page (app/ui/pages/calculator.py) and the server-rendered one (app/web/checks.py)."""

from __future__ import annotations

from app.knowledge.schema import CITIES

TITLE = "我可能能领什么"
PAGE_TITLE = "政策计算器 · 我可能能领什么"
LEAD = "回答几个简单的问题，看看您（或家里的老人、亲人）可能可以领哪些补贴、享受哪些救助。不知道的可以不填，也可以选“不清楚”。"
NOTHING_STORED = "您的回答只用来算这一次的结果，不会保存。"
SUBMIT = "看看能领什么"
AGAIN = "改一改回答"
DISCLAIMER = "这是按您的回答给出的参考，不是审核结果；最终以审核为准，各地标准不同的以当地公布为准。"

Q_BIRTH = "出生日期"
Q_BIRTH_HINT = "按身份证上的填，例如 1945-03-01。不方便填的，可以只填下面的年龄。"
Q_AGE = "年龄（周岁）"
Q_AGE_HINT = "填了出生日期就不用填。"
Q_CITY = "户口在哪个城市？"
Q_COUNTY = "哪个县（市、区）？（可以不填）"
Q_COUNTY_HINT = "例如 扬中市、昆山市。有的地方县里的规定和市里不一样。"
Q_DISABILITY = "有残疾人证吗？证上是哪类残疾？"
Q_GRADE = "残疾等级"
Q_HOUSEHOLD = "家里现在是哪种情况？"

UNKNOWN = "不清楚"
CITY_OPTIONS = [("", "请选择"), *[(c, c) for c in CITIES], ("省外", "户口不在江苏"), ("不清楚", UNKNOWN)]
DISABILITY_OPTIONS = [("", "请选择"), ("无", "没有残疾人证"), *[(c, c + "残疾") for c in
                      ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")], ("不清楚", UNKNOWN)]
GRADE_OPTIONS = [("", "请选择（没有证的不用选）"), ("1", "一级"), ("2", "二级"), ("3", "三级"), ("4", "四级"),
                 ("不清楚", UNKNOWN)]
HOUSEHOLD_OPTIONS = [("低保", "低保家庭"), ("特困", "特困供养（五保）"), ("低保边缘", "低保边缘家庭"),
                     ("无", "都不是"), ("不清楚", UNKNOWN)]
YES_NO = [("是", "是"), ("否", "否"), ("不清楚", UNKNOWN)]

#: The yes/no questions asked, in order (the rest stay unknown and are named under 还要看).
YES_NO_QUESTIONS = [
    ("living_alone", "是一个人住（独居）吗？"),
    ("long_term_care", "生活需要别人长期照顾（6个月以上）吗？"),
    ("income_below_dibao", "全家每人每月的平均收入，低于当地低保标准吗？"),
    ("hardship", "最近遇到意外、突发重病等，生活一下子很困难吗？"),
]

VERDICT_LABEL = {"likely": "很可能可以领", "maybe": "可能可以，还要看情况", "no": "按您的回答，暂不符合"}
GROUP_LIKELY = "很可能可以领"
GROUP_MAYBE = "可能可以，还要看情况"
GROUP_NO = "按您的回答，暂不符合的"
NONE_LIKELY = "按现在的回答，还没有“很可能可以领”的。多回答几个问题，结果会更准。"
WHY = "为什么"
STILL_DEPENDS = "还要看"
PREPARE = "要准备什么"
MORE = "要准备什么、问谁"
MORE_DEPENDS = "还要看什么、要准备什么、问谁"
AUTO_TITLE = "不用申请（免申即享）"
AUTO_PAYMENT = "什么时候发"
AUTO_CONTACT = "没收到可以问"
HOW_LOCAL = "当地怎么办"
ASK = "问谁"
APPLY = "在线办理"
FAMILY = "帮家人办"
GUIDE = "看办事指南"
RESULT_COUNT = "按您的回答，有 {likely} 项很可能可以领，{maybe} 项可能可以。"
