"""Chinese text of the 上门代办 page (/visit), kept with the UI (DESIGN.md: content design)."""

from __future__ import annotations

TITLE = "申请上门代办"
PAGE_TITLE = "上门代办"
LEAD = ("家里有老人、残疾人不方便到服务大厅的，可以请社区工作人员上门帮忙办。"
        "填好下面几项，工作人员会先打电话和您约时间。")
FOR_WHOM = "为谁申请？"
FOR_ME = "为我自己"
FOR_OTHER = "{name}（我是{relationship}，代办）"
NO_FAMILY = "要为家人申请，需要先在“帮家人办”里申请代办，并经家人本人同意。"
FAMILY_LINK = "去帮家人办"
Q_NAME = "您的姓名"
Q_NAME_HINT = "方便工作人员上门时称呼和核对。为家人申请时不用填。"
Q_SERVICE = "要办什么事？"
Q_ADDRESS = "上门的地址"
Q_ADDRESS_HINT = "写到门牌号，例如：南京市玄武区某某街道某某小区3幢2单元501室。我们加密保存。"
Q_PHONE = "联系电话"
Q_PHONE_HINT = "工作人员会先打这个电话约时间。可以填手机，也可以填带区号的座机。"
Q_HALF = "什么时候方便上门？（可以选几个）"
Q_HALF_HINT = "工作人员会在您选的时间里打电话约具体时间。"
Q_NOTE = "还想告诉工作人员什么（可以不填）"
Q_NOTE_HINT = "例如：老人听力不好，请大声说话。不要写身份证号、银行卡号。"
SUBMIT = "提交申请"

DONE_TITLE = "申请已提交"
REF = "申请编号"
REF_HINT = "请记下申请编号。工作人员打电话来时，会报这个编号，您可以核对。"
NEXT_TITLE = "接下来会怎样"
NEXT_STEPS = (
    "民政工作人员把您的申请派给社区工作人员。",
    "社区工作人员先打电话，和您约好上门的具体时间。",
    "上门时请准备好身份证件、户口簿等材料；工作人员会出示工作证。",
    "上门后，这里会显示“已上门”和办理结果。",
)
WARN = "工作人员不会向您索要验证码、银行卡密码，也不会收任何费用。"
NEW = "再申请一次"

MINE = "我的上门申请"
MINE_NONE = "还没有上门代办申请。"
STATUS = "状态"
SERVICE = "事项"
WHO = "上门对象"
WHERE = "地址"
WHEN = "方便时间"
OUTCOME = "上门结果"
FOR_OTHER_TAG = "（代办）"
CANCEL = "取消申请"
CANCEL_Q_BEFORE = "确定要取消申请 "
CANCEL_Q_AFTER = " 吗？取消后工作人员就不会上门了。"
CANCEL_YES = "确定取消"
CANCEL_NO = "不取消"
CANCELLED = "已取消申请 {ref}。"
ERR_FOR_WHOM = "请选择为谁申请。"
