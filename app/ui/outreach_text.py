"""Chinese text of the 主动发现 staff page (/agent/outreach), kept with the UI (DESIGN.md: content design)."""

from __future__ import annotations

TITLE = "主动发现"
PAGE_TITLE = "主动发现 · 工作人员"
LEAD = ("找出可能符合条件、还没有申请的居民，再打电话或上门告诉他们。"
        "名单里的姓名、身份证号和电话都已脱敏；查看完整电话要写明原因，会记入审计日志。")
TO_CONSOLE = "回到坐席工作台"
STAFF_NAV = "工作人员导航"

DENIED_TITLE = "无法打开主动发现"
DENIED_TEXT = ("主动发现只给民政窗口工作人员、社区代办员和值班长使用，里面有居民的个人信息。"
               "如果您是市民，请回到首页办理或咨询；如果您是工作人员，请换用工作人员账号登录。")
TO_HOME = "回到首页"
STAFF_SIGN_IN = "工作人员登录"
SIGNED_OUT = "请先用工作人员账号登录。"

# ---- 1. what to look for, over whom
SERVICES = "查哪些事项？"
SERVICES_HINT = "默认全部。只想查一两项时，把其他的勾去掉。"
ALL_SERVICES = "全部选上"
SOURCE_TITLE = "查谁？"
DATABASE_TITLE = "本系统里已有的人"
DATABASE_HINT = "按系统里已有的出生日期（来自身份证号）、户籍和以往申请推算。"
RUN_DATABASE = "查本系统里的人"
CSV_TITLE = "导入居民名单（CSV 文件）"
CSV_HINT = ("第1行是列名，例如：序号,姓名,身份证号,户籍地,户籍区县,残疾类别,残疾等级,家庭情况,联系电话,社区,已享受。"
            "在 Excel 里用“另存为 → CSV UTF-8（逗号分隔）”。名单只在这次查找时读取，不会保存原文件。")
CSV_CHOOSE = "选择 CSV 文件"
CSV_LABEL = "居民名单文件"
CSV_CHOSEN = "已选择："
CSV_NONE = "还没有选择文件。"
RUN_CSV = "导入名单并查找"

# ---- 2. the run's leads
RESULT_TITLE = "查找结果"
RESULT_SUMMARY = "第 {run} 次查找（{source}）：读取 {residents} 人，找到线索 {leads} 条。"
SOURCE_DATABASE = "本系统里的人"
SOURCE_CSV = "导入的名单"
PER_SERVICE = "每个事项的线索数"
NO_LEADS = "这次没有找到线索：名单里的人要么已经在享受或申请了，要么看起来不符合条件。"
BAD_ROWS = "名单里有 {n} 行没有读取（其余的行已经查找）。请在原表里改好这些行，再导入一次："
BAD_ROWS_MORE = "……还有 {n} 行，请下载原表逐行核对。"
WARNINGS = "提示"
DOWNLOAD = "下载线索表（CSV，已脱敏）"
DOWNLOAD_NAME = "主动发现线索-第{run}次.csv"
DOWNLOADED = "线索表已下载（姓名、身份证号、电话都已脱敏）。"
MORE = "再显示 {n} 条"
SHOWN = "显示 {shown} / {count} 条"

# ---- a lead
VERDICT_LABELS = {"likely": "可能符合", "maybe": "需核实"}
STATUS_LABELS = {"open": "待联系", "closed": "已结束"}
REASONS = "为什么列入"
TO_ASK = "还需要问清"
NOTHING_TO_ASK = "没有要补问的。"
ROW_IN_FILE = "名单第 {line} 行"
ROW_REF = "（序号 {ref}）"
ID_NUMBER = "身份证号"
PHONE = "电话"
COMMUNITY = "社区"
STATUS = "状态"
OPEN = "处理这条线索"
CLOSE = "收起"

REVEAL_TITLE = "查看联系方式"
REVEAL_REASON = "查看原因（必填，记入审计日志）"
REVEAL_HINT = "例如：电话联系，告知可以申请尊老金。"
REVEAL = "查看联系方式"
REVEALED = "本次查看已记入审计日志。"
REVEALED_NAME = "姓名"
REVEALED_PHONE = "电话"
REVEALED_NO_PHONE = "没有登记电话，请上门或通过社区联系。"

RECORD_TITLE = "记录一次联系"
METHOD = "怎么联系的？"
OUTCOME = "联系结果"
CHOOSE = "请选择"
NOTE = "备注（可以不填）"
NOTE_HINT = "例如：老人说下周让女儿陪着来社区办。不要写身份证号、银行卡号。"
RECORD = "保存联系记录"
RECORDED = "已记录：{method} · {outcome}。"
RECORDED_CLOSED = "已记录：{method} · {outcome}。这条线索已结束。"

HISTORY_TITLE = "联系记录"
HISTORY_NONE = "还没有联系记录。"

# ---- errors (the domain's own messages are shown as they are)
ERR_NO_SERVICE = "请至少选一个事项。"
ERR_NO_FILE = "请先选择要导入的 CSV 文件。"
ERR_TWO_FILES = "一次只能导入一个文件，请只选一个 CSV 文件。"
ERR_EXCEL = "这是 Excel 文件，还不能直接导入：请在 Excel 里用“另存为 → CSV UTF-8（逗号分隔）”保存后，再选择那个 CSV 文件。"
ERR_NOT_CSV = "只能导入 CSV 文件（文件名以 .csv 或 .txt 结尾）。请在 Excel 里“另存为 CSV UTF-8”后再选择。"
ERR_EMPTY_FILE = "这个文件是空的，请检查是否选对了文件。"
ERR_TOO_BIG = "文件太大（超过 {mb} MB），请分几个文件导入。"
ERR_CSV = "名单没能读取：{message} 您选择的事项和上一次的结果都还在，改好文件后再导入即可。"
ERR_NO_LEAD = "这条线索已不在列表里，请重新查找。"
