"""What the app itself says in the chat (the assistant's own wording lives in bot/)."""

from app.core.config import hotline_number

#: The public hotline (``Settings.hotline``) the chat offers when it cannot help.
HOTLINE = hotline_number()

EMPTY = "请输入您想问的问题，比如“尊老金怎么领”。"
TOO_LONG = "您的消息比较长，我按前 {n} 个字来理解。"
#: Said with every answer given while the assistant (Rasa) is down or still loading: the answer
#: itself is the answer engine's, the same as the assistant's.
NOT_READY = "智能助手还没有完全准备好（暂时记不住上下文），这条回答直接来自民政知识库。"
#: When even the answer engine failed.
DEGRADED_NOTHING = ("抱歉，智能助手暂时不在线，我也没能查到答案。您可以稍后再问，"
                    f"转人工，或拨打 {HOTLINE} 政务服务便民热线。")
# The same words as the assistant's (bot/actions/wording.py), so an answer reads the same on every path.
APPLY_ONLINE = "在线办理"
SEE_GUIDE = "看办事指南"
CHECK = "测一测能不能办"
NOT_SURE = ("我是智能助手，这个问题我没有把握答准，就不乱说了。"
            "您可以换个说法再问，或者转人工。")
NOT_SURE_AGAIN = (f"　我已经连续没能答准您的问题，建议您拨打 {HOTLINE} 政务服务便民热线，"
                  "或者点“转人工”，由工作人员为您解答。")
HANDOFF_DONE = ("已为您转人工，排队编号 {id}。我们刚才的对话已一并转给工作人员（身份证号、手机号已隐去），"
                f"请稍候；着急的话请直接拨打 {HOTLINE} 政务服务便民热线。")
HANDOFF_FAILED = f"抱歉，转人工没有成功。请拨打 {HOTLINE} 政务服务便民热线，由工作人员为您解答。"
HANDOFF_SUMMARY = "用户在智能助手中要求转人工（助手暂时不在线）"
ASK_HUMAN = "转人工"
CALL_HOTLINE = f"拨打 {HOTLINE}"
HOTLINE_URL = f"tel:{HOTLINE}"
BUTTON_CLICKED = "（点击了“{title}”）"
#: Said by people who want a person, recognised even when the assistant is down.
HUMAN_WORDS = ("转人工", "人工客服", "人工服务", "找人工", "真人")
