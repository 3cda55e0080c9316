"""What the voice kiosk shows and says, in one place (plain, short Chinese for older people).

Everything shown on a screen is also read aloud, so sentences are short and end with what to do.
"""

from app.core.config import hotline_number

#: The public hotline (``Settings.hotline``).
HOTLINE = hotline_number()

TITLE = "民政一键通 自助服务"
PAGE_TITLE = "自助服务 · 民政一键通"

WELCOME = "您好！请点“点我说话”，说出您想办的事，比如“我想领尊老金”。也可以直接点下面的大按钮。"
WELCOME_TOUCH = "您好！语音识别暂不可用，请直接点屏幕上的大按钮。需要帮忙，请点“呼叫工作人员”。"
ASR_UNAVAILABLE = "语音识别暂不可用"
ASR_UNAVAILABLE_HINT = "请点下面的大按钮"

MIC = "点我说话"
MIC_HINT = "点一下，然后说话"
TILES_TITLE = "常办事项"
CALC_NAME = "我可能能领什么"
CALC_HINT = "回答几个问题，看看能领哪些补贴"
#: The six most used services (the search engine's HOT_TOPICS) with one line each.
TILE_HINTS = {
    "尊老金": "八十岁以上老人的补贴",
    "低保": "生活困难家庭的保障",
    "婚姻登记": "结婚、离婚登记",
    "残疾人两项补贴": "生活补贴和护理补贴",
    "殡葬": "丧事办理、惠民殡葬",
    "养老服务": "养老院、居家养老",
}

CONFIRM_TITLE = "您说的是："
CONFIRM_SAY = "您说的是：{heard}。对的话请点“是”，不对请点“重说”。"
YES = "是"
RETRY = "重说"
RETRY_SAY = "请再说一遍。"
NOT_HEARD = "没听清楚。请点“点我说话”再说一遍，或者点下面的大按钮。"

RESULTS_SAY = "为您找到{n}项。请点您要了解的："
NO_MATCH_SAY = "没有找到相关的内容。请点“点我说话”换个说法，或者点下面的常办事项，也可以点“呼叫工作人员”。"
TOPIC_SAY = "{topic}有{n}项服务，请点您要办的："
CHOICE_ITEM = "第{i}，{title}"

SEC_WHAT = "这是什么"
SEC_WHO = "谁能办"
SEC_BRING = "要带什么"
SEC_WHERE = "去哪里办"
SEC_TIME = "多久办好"
SEC_PHONE = "咨询电话"
SEC_ANSWER = "回答"
SEE_SERVICE = "看这项服务"

BACK = "返回"
HOME = "回到首页"
STAFF = "呼叫工作人员"
STAFF_SAY = "已经通知工作人员，请在这里稍等，工作人员马上过来帮您。您的求助编号是{ref}号。"
STAFF_FAILED = f"暂时没能通知到工作人员。请到服务窗口找工作人员，或者拨打{HOTLINE}。"
STAFF_SUMMARY = "自助机求助 · {kiosk}"

REPLAY = "再听一遍"
REPLAY_PART = "再听一遍"
DETAIL_PROMPT = "请看下面。想再听哪一段，就点那一段的“再听一遍”。"
DETAIL_NEXT = "想听下一段，请点那一段的“再听一遍”。"
STAFF_CANCEL = "不用了，取消呼叫"
STAFF_CANCELLED = "已经取消呼叫。还需要帮忙，可以再点“呼叫工作人员”。"
PROXY_ID = "请人代办的，代办人带上自己的身份证"
LOUDER = "大声"
SOFTER = "小声"
VOLUME_GROUP = "声音"

IDLE_TITLE = "还有人在用吗？"
IDLE_STAY = "我还在用"
FOOTER = f"不会操作？请点“呼叫工作人员”，或者拨打 {HOTLINE} 政务服务便民热线。"
