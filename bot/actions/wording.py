"""What the assistant says in composed replies (fixed replies are responses in domain.yml).

Short, plain Chinese; it always says it is an assistant when it is unsure, and never guesses.
"""

from actions.settings import HOTLINE

ASK_HUMAN = "转人工"
ASK_HUMAN_PAYLOAD = "/ask_human"
APPLY_ONLINE = "在线办理"
SEE_GUIDE = "看办事指南"
CHECK = "测一测能不能办"
CALL_HOTLINE = f"拨打 {HOTLINE}"
HOTLINE_URL = f"tel:{HOTLINE}"

#: The answer text itself is the answer engine's (the app's, the same on every channel); these
#: are only said around it.
NOT_SURE = ("我是智能助手，这个问题我没有把握答准，就不乱说了。"
            "您可以换个说法再问，或者转人工。")
#: Added after the second unsure answer in a row.
NOT_SURE_AGAIN = (f"　我已经连续没能答准您的问题，建议您拨打 {HOTLINE} 政务服务便民热线，"
                  "或者点“转人工”，由工作人员为您解答。")
NOTHING_FOUND = "我是智能助手，没有在民政服务里找到和您的问题相关的内容。您可以换个说法，比如说出事项名称“尊老金”“低保”，或者转人工。"
OUT_OF_SCOPE = ("抱歉，我是民政一键通智能助手，只能回答民政业务（尊老金、低保、救助、婚姻登记、殡葬、养老、"
                "残疾人补贴等）的问题。")
COMPLAINT = ("很抱歉给您带来不便。投诉需要工作人员处理：您可以点“转人工”留下情况，"
             f"或拨打 {HOTLINE} 政务服务便民热线反映。")
COMPLAINT_RELATED = "和您说的事有关的办事指南是「{name}」，可以先对照看看。"
APP_DOWN = f"抱歉，我暂时查不到办事指南，请稍后再问，或拨打 {HOTLINE} 政务服务便民热线。"

HANDOFF = "好的，正在为您转人工。我会把我们刚才的对话一并转给工作人员，请稍候。"
HANDOFF_SUMMARY = "{topic} · 用户在智能助手中要求转人工"
HANDOFF_NO_TOPIC = "未分类"
BUTTON_CLICKED = "（点击了“{title}”）"

ELIGIBILITY_LEAD = "按您说的情况（{age}周岁，{hukou}户籍）：{headline}。"
ELIGIBILITY_HUKOU_JS = "江苏"
ELIGIBILITY_HUKOU_OTHER = "非江苏"
ELIGIBILITY_TAIL = "这是参考，最终以审核结果为准。"
START_APPLICATION = "开始在线申请"

# 政策计算器 in conversation (the discover form: its questions are responses in domain.yml)
DISCOVER_INTRO = "好的，我帮您看看能领哪些补贴。我会问几个简单的问题，一次问一个；不知道的可以说“不知道”跳过，想停下来说“不查了”。"
DISCOVER_ALREADY = "您已经说了：{said}。"
DISCOVER_LEAD = "按您说的情况（{said}），"
DISCOVER_LEAD_NOTHING = "您没有说具体情况，"
DISCOVER_LIKELY = "很可能可以领这{n}项："
DISCOVER_LIKELY_ITEM = "{i}. {name}：{reason}"
DISCOVER_AUTOMATIC = "（免申即享，不用申请）"
DISCOVER_NONE = "暂时没有算出很可能能领的项目。"
DISCOVER_MAYBE = "还要看具体情况的有：{names}。"
DISCOVER_MAYBE_MORE = "{names}等{n}项"
DISCOVER_TAIL = "这是参考，最终以审核结果为准。打开“政策计算器”可以看每一项的原因、还要看什么和要准备的材料。"
DISCOVER_CALCULATOR = "打开政策计算器"
DISCOVER_APPLY = "在线办理：{name}"
DISCOVER_SOURCE = "办事指南：{name}"
