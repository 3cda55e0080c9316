"""Understand a question: which facet(s) it asks, about whom, where, and under what conditions.

Why rules and not a model: the facets of a service guide are few and are asked in a small set of
everyday phrasings (多少钱, 多久, 带什么, 能不能, 在哪办, 找谁); a list of those phrasings is easy to read,
to test and to extend, and there is no Chinese language model we can ship. The service itself is
not found here but by the existing search (see ``choose.py``); here only the question's shape.

The same parser reads the KB's own FAQ questions (``units.py``), so a FAQ is labelled with the facet
it answers by exactly the rules that read the citizen's question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.knowledge.places import OWN_CITY, Places, find_places
from app.search.text import normalize

#: Phrasings of each facet, most specific first. Order of facets in a question = order of their
#: first match in the text, so "在哪申请？每个月多少钱？" gives [where, amount].
FACET_PATTERNS: dict[str, tuple[str, ...]] = {
    "payment": (r"多久(领|发|给|打)(一次|1次)", r"(几个月|每月|每季度?|按月|按季)(发|领|打)", r"怎么(去)?领(钱|取)?[?？。,，]?$",
                r"怎么(去)?领[?？。,，]", r"发到哪", r"打到(哪|什么)", r"哪张卡", r"什么时候发", r"几号(发|到账)", r"发放方式",
                r"(怎么|如何)(查询?|查).{0,6}(领到|到账|发放)", r"领到了?没", r"是否领到"),
    "time": (r"多久", r"多长时间", r"几天", r"几个工作日", r"多少天", r"(什么时候|何时)(能|才能|可以)?(到账|拿到|批|下来|办好|出结果)",
             r"等多久", r"时限", r"办结(?!婚)", r"要等", r"才能拿到", r"批下来",
             r"(当天|当场|马上|立刻|一天)(就)?(能|可以)?(不能)?(办|拿|领)(完|好|到|下来)?"),
    "hours": (r"上班时间", r"工作时间", r"办公时间", r"几点", r"(节假日|周末|周六|周日|星期[天六日]|礼拜[天六日]|除夕|春节|国庆|元旦|五一|十一|放假|假期).{0,8}(办|上班|开门|开放|值班|登记|领.{0,3}证)",
              r"(办|上班|开门|登记|领证).{0,6}(节假日|周末|周六|周日|星期[天六日]|礼拜[天六日]|除夕|春节|国庆|元旦|放假)", r"开门", r"营业", r"预约", r"名额",
              r"(几月几[日号]|\d+月\d+[日号]).{0,6}(能|可以)?(办|领证|登记)"),
    "fee": (r"收费吗", r"(要不要|需不需要|用不用)(交|花|付)(钱|费)", r"收不收(费|钱)", r"要(不要)?(钱|交钱|花钱|收费)", r"免费吗", r"(?<!医疗)(?<!住院)(?<!治疗)(?<!手术)(?<!看病)(?<!丧葬)(?<!生活)(?<!护理)(?<!医药)(?<!检查)(?<!门诊)(?<!药品)(?<!上学)(?<!读书)费用", r"花多少钱办", r"工本费", r"交钱"),
    "amount": (r"多少钱", r"多少元", r"(多少|几万|多少万)(块|元)?(的)?(注册资金|注册资本|活动资金|开办资金|资金)", r"(注册资金|注册资本|活动资金|开办资金)(要|需要|得)?(多少|几万)", r"多少块", r"几块", r"(标准|金额|额度|数额)", r"每(个)?月(能|可以)?(领|发|补|拿|给)?多少",
               r"一个月(能|可以)?(领|发|补|拿|给)?多少", r"(每(个)?月|一个月)[^，。？?]{1,8}多少(钱)?[？?。]?$", r"(领|发|补|补助|补贴|给|拿)多少", r"多少(补贴|补助|钱)", r"价格", r"限价",
               r"(只有|才|只给|只发)\d+元", r"(钱|补贴|金额).{0,6}((?<!多)少|差距|不一样|不一致)", r"报销比例", r"救助比例", r"比例是多少", r"(奖励|奖补)(吗|多少)", r"(也|还)?有(没有)?(相应的?)?(补贴|补助|奖励)", r"是否(也|还)?有(相应的?)?(补贴|补助|奖励)"),
    "materials": (r"材料", r"带什么", r"带哪些", r"带上什么", r"(需要|要|准备)(什么|哪些)(证|资料|东西|手续)", r"资料", r"要准备",
                  r"准备什么", r"提交什么", r"交什么",
                  # "要不要带户口本", "得带身份证吗": whether one paper is needed is a materials question
                  r"(要不要|需不需要|用不用|得|需要|要|还要)(带|交(?![钱费])|提供|出示)[^，。？?钱费]{1,10}(吗|不|么|呢)?[？?]?$",
                  r"(要不要|需不需要|用不用)(带|交(?![钱费])|提供|出示)(?![钱费])"),
    "conditions": (r"条件", r"(能|可以|可不可以)(去|到|进|住进?|入住)[^，。？?]{1,8}吗", r"(什么|啥|哪些)资格", r"资格(要求|条件)?(是什么|有哪些)", r"能不能", r"能否", r"可以吗", r"可不可以", r"能(领|申请|享受|办|纳入|吃).{0,6}吗", r"能(领|申请|享受)[^，。？?吗]{1,8}(和|与|跟|还有)[^，。？?吗]{1,8}吗", r"符合", r"符不符合", r"有资格",
                   r"(哪些|什么|谁|啥)(人|样的人|情况)(可以|能|才能)?(领|申请|享受|办)", r"哪些人", r"什么人", r"谁可以", r"对象",
                   r"还能", r"还可以", r"是否可以", r"可以申请", r"(可以|能)(同时|一起)(领|享受)", r"谁能(申请|领|办|享受)", r"能享受", r"不能享受", r"算不算", r"够不够", r"能领到?吗", r"有份"),
    "automatic": (r"免申", r"自动(发|发放|到账)", r"不用申请", r"(要不要|需不需要|需要)(自己)?申请(吗)?", r"还要申请吗", r"(要|需要|得)自己(去)?(申请|办)"),
    "online": (r"网上", r"线上", r"手机上", r"\bapp\b", r"小程序", r"在线", r"苏服办", r"支付宝", r"微信上"),
    "where": (r"在哪", r"(去|到)哪(里|儿)(办|问)?[？?。！!]?$", r"去哪(里|儿)?(办|申请|领|交|报|问)", r"哪里(办|申请|领)", r"什么地方", r"地点", r"地址", r"哪个部门(办|申请)",
              r"找(哪个|什么|哪些)部门", r"(应该|要)?找哪(里|儿)", r"(可以|能)(在|到)[^，。？?]{1,8}(申请|办理?|领)", r"到哪(里|儿)?(去)?(办|申请|领|交)"),
    "phone": (r"电话", r"热线", r"联系方式", r"找谁", r"问谁", r"(哪个|什么)部门(管|负责)", r"谁(来)?管", r"号码"),
    "how": (r"(怎么|咋|咋样)(去)?(办|申请|申领|领|弄|报|申报|办理|做|登记|备案|处理|认定|评定|鉴定)", r"如何(去)?(申请|申领|办理|申报|领取|领|办|登记|备案|进行)", r"怎样(去)?(申请|申领|办理|办|领)",
            r"流程", r"程序", r"步骤", r"环节", r"(要|需要)?经过(哪些|什么|几)", r"(?<!办了)(?<!办过)(?<!办好)手续", r"怎么(去)?弄", r"怎么(安排|管理)"),
    "complaint": (r"投诉", r"举报", r"太黑", r"恶劣", r"冷漠", r"推诿", r"不作为", r"服务态度", r"踢皮球", r"不合理", r"刁难", r"态度", r"乱收费", r"收费(太|过|很|特别)高", r"高收费", r"多收费", r"乱收钱", r"骗", r"真的吗", r"是真的", r"真实性", r"怎么回事",
                  r"是不是真的", r"凭什么", r"无证", r"(没有?|无)(任何)?(证照|执照|资质|营业执照|备案)", r"(什么|啥)(证照|证件|执照|手续)都?(没有?|没办)", r"(证照|执照)(都|也)?(没有|不全|没办)", r"安全隐患", r"违规", r"违法", r"为什么(没|不|停)", r"(怎么|为什么|咋).{0,4}(没了|停了|停发|不发|少了|没发|没给)"),
    "exclusion": (r"(哪些|什么|啥)(样的)?(情形|情况|人|人员)(下)?(不予|不能|不得|不可以|不会|不)(给予)?[^，。？?]{0,6}?(救助|享受|领|申请|纳入|发放|批|办|补贴)",
                  r"不予(救助|受理|批准|发放|纳入)的?(情形|情况)"),
    "plan": (r"(何时|什么时候|啥时候|哪年|多久|几时)(才|可以)?(能|会|可以|将|要)?(有|建|建成|建好|开放|恢复|开通|开业|落地|投用|启用|覆盖|设立)",),
    "count": (r"多少(个|家|所|处)", r"有几(个|家|所|处)", r"几家", r"数量"),
    "what": (r"什么是", r"是什么(?!原因)", r"什么叫", r"啥叫", r"啥是", r"是指", r"指什么", r"包括(哪些|什么)", r"(哪些|什么)内容", r"有哪些[?？。]?$",
             r"(什么|哪些)(保障)?政策", r"有没有.{0,12}政策", r"是否有.{0,12}政策", r"有(这样|这个|这种)的?政策", r"什么意思", r"啥意思",
             r"(能|可以)?领(取)?哪些", r"有哪些(补助|补贴|帮扶|救助)", r"什么(补助|补贴|救助)",
             r"(有)?(什么|啥|哪些)(区别|不同|差别)", r"区别(是什么|在哪)?"),
}
_COMPILED = {f: [re.compile(p) for p in ps] for f, ps in FACET_PATTERNS.items()}
#: A facet whose match is inside another facet's match is dropped ("多久领一次" is payment, not time).
_SHADOWS = {"time": ("payment", "plan"), "how": ("online", "payment", "materials"), "conditions": ("automatic", "hours", "exclusion"),
            "amount": ("fee",)}

#: Acts already done, told as background: not a question of how to do them.
_DONE = re.compile(r"(?<![能以要])(?<!不能)(办了|办过|办好|办完|已经办|已办理?|已经申请了?|申请过)[^，。,；;？?！!]{0,6}?(手续|流程|申请)")
_YES_NO = re.compile(r"(吗|能不能|可不可以|能否|是否|是不是|有没有|行不行|算不算|可以不|对不对|要不要|需不需要)")
_AGE = re.compile(r"(\d{2,3})\s*(周岁|岁)")
_AGE_CN = re.compile(r"([一二三四五六七八九十百零两]{2,5})\s*(周岁|岁|多岁)")
_AGE_SAID = re.compile(r"(今年|已经|快|都)(\d{2,3}|[一二三四五六七八九十百零两]{2,5})(多)?(了|岁)")
_BIRTH = re.compile(r"(19\d{2}|20[0-2]\d)\s*年\s*(\d{1,2}\s*月)?[^，。,]{0,4}(出生|生)")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

RELATIONS: tuple[tuple[str, str], ...] = (
    ("我妈", "母亲"), ("我母亲", "母亲"), ("老母亲", "母亲"), ("我娘", "母亲"), ("妈妈", "母亲"), ("婆婆", "母亲"), ("岳母", "母亲"),
    ("我爸", "父亲"), ("我父亲", "父亲"), ("家父", "父亲"), ("老父亲", "父亲"), ("爸爸", "父亲"), ("公公", "父亲"), ("岳父", "父亲"),
    ("爷爷", "祖父母"), ("奶奶", "祖父母"), ("外婆", "祖父母"), ("外公", "祖父母"), ("姥姥", "祖父母"), ("姥爷", "祖父母"),
    ("父母", "父母"), ("老人", "老人"), ("孙子", "孙子女"), ("孙女", "孙子女"), ("儿子", "子女"), ("女儿", "子女"), ("孩子", "子女"),
    ("老公", "配偶"), ("丈夫", "配偶"), ("老婆", "配偶"), ("妻子", "配偶"), ("爱人", "配偶"), ("亲戚", "亲属"), ("邻居", "他人"),
)
HOUSEHOLD: tuple[tuple[str, str], ...] = (
    ("低保边缘", "低保边缘"), ("低保户", "低保"), ("低保家庭", "低保"), ("吃低保", "低保"), ("特困", "特困"), ("五保", "特困"),
    ("三无", "特困"), ("孤儿", "孤儿"), ("建档立卡", "建档立卡"), ("低收入", "低收入"),
)
DISABILITY_KINDS = ("肢体", "视力", "听力", "言语", "智力", "精神", "多重")
_GRADE = re.compile(r"([一二三四1-4])\s*级")
#: Circumstances that change whether a rule applies ("有退休金还能领吗").
CONDITIONS: tuple[tuple[str, str], ...] = (
    ("退休金", "有退休金"), ("养老金", "有养老金"), ("有工作", "有工作"), ("上班", "有工作"), ("有房", "有房产"), ("有车", "有车"),
    ("存款", "有存款"), ("户口不在", "人户分离"), ("人户分离", "人户分离"), ("外地户口", "外地户籍"), ("非本地户籍", "外地户籍"),
    ("户口迁", "户籍迁移"), ("去世", "已去世"), ("住院", "住院"), ("大病", "重病"), ("重病", "重病"), ("重大疾病", "重病"),
    ("没有子女", "无子女"), ("独居", "独居"), ("失能", "失能"), ("卧床", "失能"), ("离婚", "离婚"),
)

#: Qualifiers that change the point asked: the answer must speak of them too ("非户籍居民能申请
#: 低保吗" is not answered by the rule for local residents). One pattern finds them in the
#: question and in a FAQ's words, so a FAQ that speaks of the same circumstance ranks first.
QUALIFIERS: dict[str, re.Pattern[str]] = {
    "non_local": re.compile(r"非(本地|本市|本县|当地)?户籍|外地户[口籍]|户[口籍]不在|外地人|居住证|居住地申请|没有(本地)?户口|"
                            r"在外地(打工|务工|工作|居住|生活|上班)|(打工|务工|工作|居住)(地|的地方)(申请|办|领)"),
    "no_computer": re.compile(r"(不|没人|没有人|都不)会(用|操作|使用)?(电脑|上网|手机|智能手机|网上)|不懂(电脑|上网)|电脑操作"),
}


@dataclass
class Question:
    raw: str
    text: str                                   # normalised (simplified, NFKC, lower case)
    facets: list[str] = field(default_factory=list)
    yes_no: bool = False
    city: str | None = None
    county: str | None = None
    other_region: str | None = None
    own_city: bool = False                      # "我市", "本市": a city, but which one is not said
    age: int | None = None
    for_whom: str | None = None
    household: list[str] = field(default_factory=list)
    disability_kind: str | None = None
    disability_grade: int | None = None
    conditions: list[str] = field(default_factory=list)
    negated: bool = False
    qualifiers: list[str] = field(default_factory=list)

    @property
    def main_facet(self) -> str:
        return self.facets[0] if self.facets else "general"

    def slots(self) -> dict:
        return {k: v for k, v in {
            "city": self.city, "county": self.county, "other_region": self.other_region, "age": self.age,
            "for_whom": self.for_whom, "household": self.household or None, "disability_kind": self.disability_kind,
            "disability_grade": self.disability_grade, "conditions": self.conditions or None,
            "facets": self.facets or None, "yes_no": self.yes_no or None,
        }.items() if v is not None}


def cn_number(s: str) -> int | None:
    """八十一 → 81, 九十 → 90, 一百零二 → 102, 八十多 → 80 (the one reader of Chinese numerals;
    the assistant's eligibility form reads ages with it too)."""
    s = s.replace("多", "")
    total, num = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            num = _CN_DIGIT[ch]
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += (num or 1) * 100
            num = 0
        else:
            return None
    total += num
    return total or None


#: Polite frames around a question (想了解一下, 请问, 您好): they say neither the item nor the point,
#: and their rare character pairs would outweigh the situation's words when fitting a FAQ.
_FRAME = re.compile(r"(麻烦|我)?(想|要)?(了解|咨询|请教|问)(一下|下|问)|想了解|想咨询|请问|您好|你好|谢谢(您|你)?")


def facet_free(text: str) -> str:
    """The text with the facet phrasings blanked out ("低保的流程是什么" → "低保的    是什么"): what is left
    names the service. The facet says which element of an item, not which item, so 流程 or 多少钱 must
    not pull the ranking towards whichever item's text happens to repeat those words."""
    out = text
    for pats in _COMPILED.values():
        for p in pats:
            if ".{" in p.pattern:  # a pattern with a gap would blank the words in the gap (能纳入低保吗)
                continue
            out = p.sub(lambda m: " " * len(m.group(0)), out)
    return _FRAME.sub(lambda m: " " * len(m.group(0)), out)


#: Where the person is registered, said as a circumstance ("户口在苏州", "苏州户口的老人"): the place
#: is a slot, and 户口/户籍 there says nothing about which item is asked — but it is the very word of
#: the items about *moving* 户籍, so left in it pulls "户口在苏州，尊老金多少" to 户籍迁移. Phrases
#: about changing it (户口迁到…, 户籍变更, 户口簿) are not circumstances and stay.
_REGISTERED_AT = re.compile(r"(户口|户籍)(?=(在|是|落在|属于|为)[^迁转变])|(?<=[市县区州京锡江通港安城扬泰迁])(户口|户籍)(?![迁转变簿本注所])")


def situation_free(text: str) -> str:
    """The text with circumstance phrases about the person blanked (see ``_REGISTERED_AT``), for
    ranking items; the slots themselves are read from the whole text."""
    return _REGISTERED_AT.sub(lambda m: " " * len(m.group(0)), text)


_BARE_WHOM = re.compile(r"找谁|问谁")
_COMPLAIN_TO = re.compile(r"(找谁|问谁|找哪个部门|向哪个部门|哪个部门|去哪里?|到哪里?)(去)?(反映|投诉|举报|告)")


def facets_of(text: str) -> list[str]:
    """The facets a (normalised) text asks, in the order they appear."""
    found: dict[str, tuple[int, int]] = {}
    # what the person has already done ("办了补贴手续", "已经申请了") tells, it does not ask how
    text = _DONE.sub(lambda m: " " * len(m.group(0)), text)
    for facet, pats in _COMPILED.items():
        for p in pats:
            m = p.search(text)
            if m and (facet not in found or m.start() < found[facet][0]):
                found[facet] = (m.start(), m.end())
    for facet, by in _SHADOWS.items():
        if facet in found and any(
            b in found and found[b][0] <= found[facet][0] and found[facet][1] <= found[b][1] + 2 for b in by
        ):
            del found[facet]
    # "周六能办吗": the 能办吗 right after the day asks about the day, not who qualifies
    if "hours" in found and "conditions" in found and 0 <= found["conditions"][0] - found["hours"][1] <= 1:
        del found["conditions"]
    # "流程是什么", "条件是什么": the 是什么 right after a facet word asks that facet, not what the item is
    if "what" in found and any(0 <= found["what"][0] - end <= 1 for f, (_, end) in found.items() if f != "what"):
        del found["what"]
    # "找谁反映", "向哪个部门投诉": whom to complain to is the complaint's own route, not a phone number
    m = _COMPLAIN_TO.search(text)
    if m and "phone" in found:
        at = found.pop("phone")
        found.setdefault("complaint", at)
    # "收费太高了，找谁": a complaint followed by a bare 找谁/问谁 asks whom to complain to, which the
    # complaint's answer says — not a separate phone number
    if "complaint" in found and "phone" in found and _BARE_WHOM.fullmatch(text[found["phone"][0]:found["phone"][1]]):
        del found["phone"]
    # "怎么领" asked together with how much: the how part is the payment channel, not the steps.
    return [f for f, _ in sorted(found.items(), key=lambda kv: kv[1][0])]


def parse_age(text: str, this_year: int | None = None) -> int | None:
    m = _AGE.search(text)
    if m:
        age = int(m.group(1))
        return age if 0 < age <= 130 else None
    m = _AGE_CN.search(text)
    if m:
        age = cn_number(m.group(1))
        return age if age and age <= 130 else None
    m = _AGE_SAID.search(text)
    if m:
        age = int(m.group(2)) if m.group(2).isdigit() else cn_number(m.group(2))
        if age and 10 <= age <= 130:
            return age
    m = _BIRTH.search(text)
    if m and this_year:
        age = this_year - int(m.group(1))
        return age if 0 < age <= 130 else None
    return None


def parse(raw: str, this_year: int | None = None) -> Question:
    """Read the question's shape (never raises; any text gives a Question)."""
    text = normalize(raw if isinstance(raw, str) else "")
    q = Question(raw=raw if isinstance(raw, str) else "", text=text)
    if not text:
        return q
    q.facets = facets_of(text)
    q.yes_no = bool(_YES_NO.search(text))
    places: Places = find_places(text)
    q.city, q.county = places.city, places.county
    if places.other and not places.city and not places.county:
        q.other_region = places.other_region
    q.own_city = any(w in text for w in OWN_CITY)
    q.age = parse_age(text, this_year)
    for word, rel in RELATIONS:
        if word in text:
            q.for_whom = rel
            break
    q.household = sorted({h for w, h in HOUSEHOLD if w in text})
    q.disability_kind = next((k for k in DISABILITY_KINDS if f"{k}残疾" in text or f"{k}残" in text), None)
    g = _GRADE.search(text)
    if g and ("残" in text or "残疾" in text):
        q.disability_grade = int(g.group(1)) if g.group(1).isdigit() else _CN_DIGIT.get(g.group(1))
    elif "重残" in text or "重度残疾" in text:
        q.disability_grade = 2
    q.conditions = sorted({c for w, c in CONDITIONS if w in text})
    q.qualifiers = [k for k, rx in QUALIFIERS.items() if rx.search(text)]
    q.negated = bool(re.search(r"(不能|不可以|不行|没有资格|不符合|不给|被拒|停发|取消)", text))
    return q
