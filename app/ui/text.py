"""Citizen-facing wording of the web channel, kept in one place (plain, short Chinese)."""

from app.core.config import hotline_number

#: The public hotline (``Settings.hotline``), named wherever the page offers help.
HOTLINE = hotline_number()

SITE_NAME = "民政一键通"
SITE_TAGLINE = "江苏民政服务，一键找到、一键办理"
SEARCH_LABEL = "您想办什么事？"
SEARCH_PLACEHOLDER = "例如：尊老金怎么领、低保申请条件、结婚登记预约"
SEARCH_BUTTON = "搜索"
SKIP_LINK = "跳到主要内容"
HELP_TITLE = "需要帮助？"
HELP_TEXT = f"拨打 {HOTLINE} 政务服务便民热线，或到户籍所在地社区（村）、乡镇（街道）便民服务中心咨询。"
HELP_CALL = f"拨打 {HOTLINE}"
HELP_TEL = f"tel:{HOTLINE}"
GROUP_EMPTY = "没有找到{kind}类内容"
RESULT_COUNT = "找到 {n} 条相关内容"
HOT_TITLE = "常办事项"
SOURCE_NOTE = "内容整理自公开政策与办事指南，各地标准不同的，以当地公布为准。"

# ---- forms (app/ui/forms.py)
ERROR_SUMMARY_TITLE = "请先改正以下问题"
#: Said before a field's error by screen readers (visually hidden), as GOV.UK's "Error:".
ERROR_PREFIX = "错误："
