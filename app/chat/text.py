"""What the app itself says in the chat (the assistant's own wording lives in bot/)."""

EMPTY = "请输入您想问的问题，比如“尊老金怎么领”。"
TOO_LONG = "您的消息比较长，我按前 {n} 个字来理解。"
DEGRADED = ("抱歉，智能助手暂时不在线。我先按您的问题搜索了办事指南，您可以点开看看；"
            "也可以转人工，或拨打 12345 政务服务便民热线。")
DEGRADED_NOTHING = ("抱歉，智能助手暂时不在线，也没有搜索到相关内容。您可以换个说法，"
                    "转人工，或拨打 12345 政务服务便民热线。")
HANDOFF_DONE = ("已为您转人工，排队编号 {id}。我们刚才的对话已一并转给工作人员（身份证号、手机号已隐去），"
                "请稍候；着急的话请直接拨打 12345 政务服务便民热线。")
HANDOFF_FAILED = "抱歉，转人工没有成功。请拨打 12345 政务服务便民热线，由工作人员为您解答。"
HANDOFF_SUMMARY = "用户在智能助手中要求转人工（助手暂时不在线）"
ASK_HUMAN = "转人工"
CALL_HOTLINE = "拨打 12345"
HOTLINE_URL = "tel:12345"
BUTTON_CLICKED = "（点击了“{title}”）"
#: Said by people who want a person, recognised even when the assistant is down.
HUMAN_WORDS = ("转人工", "人工客服", "人工服务", "找人工", "真人")
