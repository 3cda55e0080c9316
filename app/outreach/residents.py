"""Reading the residents CSV a 民政 office imports for 主动发现.

Format (the first line names the columns; the order is free; a column may be left out or empty —
empty means "not known", never "no"):

=============  ==========================================  ====================================
column         also accepted                               value
=============  ==========================================  ====================================
序号           编号, ref                                   the office's own row number (kept, to
                                                           find the row in their sheet)
姓名           name                                        name (kept encrypted; masked in output)
身份证号       身份证号码, 公民身份号码, id_number          18 digits (GB 11643 check); gives the
                                                           birth date
出生日期       birth_date                                  1945-03-01 / 1945/3/1 / 1945年3月1日
年龄           age                                         周岁, when there is no date
户籍地         户籍, 户籍所在地, hukou                      南京市, 昆山市, 扬中市, 省外
户籍区县       区县, county                                 玄武区, 扬中市 … (inside that city)
残疾类别       disability                                  视力 听力 言语 肢体 智力 精神 多重 / 无
残疾等级       grade                                       一级 … 四级 / 1 … 4
家庭情况       household                                   低保 / 特困 / 低保边缘 / 无
独居 …         see ``FLAG_HEADERS``                         是 / 否 / 不清楚
联系电话       电话, 手机, phone                            kept encrypted; masked in output
社区           村居, 社区（村）, community                  for splitting the list among agents
已享受         已申请, receiving                            事项名称或编码, separated by 、 ， ; 或 |
=============  ==========================================  ====================================

Encodings: UTF-8, UTF-8 with BOM ("CSV UTF-8" in Excel), GB18030/GBK (Excel's plain "CSV" on a
Chinese Windows) and UTF-16 with BOM ("Unicode 文本", tab-separated). Comma or tab separated.
A bad row gets a Chinese message with its line number (the header is line 1) and the rest still
runs. Nothing here writes anything: rows live in memory for the run.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from app.core.crypto import lookup_hash
from app.core.identifiers import normalize_id_number, normalize_phone_digits
from app.core.privacy import id_number_valid, mask_id_number
from app.eligibility import FactError, Facts, full_years, parse_facts
from app.knowledge.loader import KnowledgeBase
from app.knowledge.rules import BOOL_FACTS

MAX_ROWS = 200_000
MAX_CELL = 200

#: Short column names for the yes/no facts (the English key is accepted too).
FLAG_HEADERS: dict[str, str] = {
    "独居": "living_alone",
    "需要长期照护": "long_term_care",
    "长期照护": "long_term_care",
    "无业": "unemployed",
    "无固定收入": "no_fixed_income",
    "无赡养扶养人": "no_supporter",
    "无赡养人": "no_supporter",
    "收入低于低保标准": "income_below_dibao",
    "财产符合低保规定": "assets_ok",
    "领取工伤护理费": "injury_care_allowance",
    "突发困难": "hardship",
    "支出骤增": "high_expense",
    "医疗费用难以承担": "medical_costs",
}
assert set(FLAG_HEADERS.values()) == set(BOOL_FACTS)

HEADERS: dict[str, str] = {
    "序号": "ref", "编号": "ref", "ref": "ref",
    "姓名": "name", "name": "name",
    "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number", "id_number": "id_number",
    "出生日期": "birth_date", "birth_date": "birth_date",
    "年龄": "age", "age": "age",
    "户籍地": "hukou", "户籍": "hukou", "户籍所在地": "hukou", "hukou": "hukou",
    "户籍区县": "county", "区县": "county", "county": "county",
    "残疾类别": "disability", "disability": "disability",
    "残疾等级": "grade", "grade": "grade",
    "家庭情况": "household", "household": "household",
    "联系电话": "phone", "电话": "phone", "手机": "phone", "phone": "phone",
    "社区": "community", "村居": "community", "社区（村）": "community", "community": "community",
    "已享受": "receiving", "已申请": "receiving", "receiving": "receiving",
    **FLAG_HEADERS, **{k: k for k in BOOL_FACTS},
}
FACT_KEYS = ("birth_date", "age", "hukou", "county", "disability", "grade", "household", *BOOL_FACTS)


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (no header, no known column); message in Chinese."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


@dataclass
class Resident:
    """One resident to match: facts, and what an agent needs to find them (in memory only)."""

    line: int | None
    facts: Facts
    subject_hash: str
    ref: str = ""
    name: str = ""
    id_number: str = ""
    phone: str = ""
    community: str = ""
    person_id: int | None = None
    receiving: set[str] = field(default_factory=set)
    #: What the product knows from its own records (e.g. a completed 低保 application).
    known: list[str] = field(default_factory=list)
    #: For a person in the database: their masked ID number and phone on record (the clear ones
    #: stay encrypted there), so staff can tell leads apart without revealing anything.
    known_id_masked: str = ""
    known_phone_masked: str = ""

    @property
    def id_masked(self) -> str | None:
        return mask_id_number(self.id_number) if self.id_number else (self.known_id_masked or None)


@dataclass
class Parsed:
    residents: list[Resident]
    errors: list[RowError]
    warnings: list[str]
    rows: int


def decode(data: bytes) -> str:
    """The file's text in whichever of the encodings Excel writes (see the module docstring)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise CsvFormatError("文件编码无法识别：请在 Excel 里“另存为 CSV UTF-8（逗号分隔）”后再导入。") from None


def _norm(cell: str | None) -> str:
    return unicodedata.normalize("NFKC", (cell or "")).strip()[:MAX_CELL]


def _header_key(raw: str) -> str | None:
    h = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "").strip().lstrip("\ufeff"))
    return HEADERS.get(h) or HEADERS.get(h.lower()) or HEADERS.get(unicodedata.normalize("NFKC", raw or "").strip())


def service_codes(kb: KnowledgeBase, text: str, allowed: list[str]) -> tuple[set[str], list[str]]:
    """事项 names or codes in one cell → (codes, tokens not understood)."""
    codes: set[str] = set()
    unknown: list[str] = []
    for token in re.split(r"[、，,;；|/\s]+", text):
        token = token.strip()
        if not token:
            continue
        if token.upper() in allowed:
            codes.add(token.upper())
            continue
        hits = [c for c in allowed if token in kb.services[c].name
                or any(token == a or token in a for a in kb.services[c].aliases)]
        if hits:
            codes.update(hits[:1])
        else:
            unknown.append(token)
    return codes, unknown


def _row(kb: KnowledgeBase, values: dict[str, str], line: int, today: date, allowed: list[str]) -> Resident:
    params = {k: values[k] for k in FACT_KEYS if values.get(k)}
    idn = ""
    raw_id = values.get("id_number", "")
    if raw_id:
        idn = normalize_id_number(raw_id)
        if not id_number_valid(idn):
            raise FactError("身份证号码不正确（位数或校验位不对），请核对。", "id_number")
        try:
            born = date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
        except ValueError:
            raise FactError("身份证号码里的出生日期不存在，请核对。", "id_number") from None
        if params.get("birth_date"):
            stated = parse_facts({"birth_date": params["birth_date"]}, today).birth_date
            if stated != born:
                raise FactError("出生日期和身份证号码里的出生日期不一致，请核对。", "birth_date")
        params["birth_date"] = born.isoformat()
    facts = parse_facts(params, today)
    if facts.birth_date is None and facts.stated_age is None:
        raise FactError("没有身份证号、出生日期或年龄，无法判断年龄条件，请至少填一项。", "birth_date")
    phone = ""
    if values.get("phone"):
        phone = normalize_phone_digits(values["phone"])
        if not re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", phone):
            raise FactError("联系电话请填11位手机号，或带区号的固定电话。", "phone")
    receiving, unknown = service_codes(kb, values.get("receiving", ""), allowed)
    if unknown:
        raise FactError(f"“已享受”里不认识的事项：{'、'.join(unknown)}（请填事项名称或编码，如“尊老金”“MZ-ZLJ-01”）。",
                        "receiving")
    name = re.sub(r"\s+", "", values.get("name", ""))[:40]
    if idn:
        subject = lookup_hash(idn)
    else:
        age = full_years(facts.birth_date, today) if facts.birth_date else facts.stated_age
        subject = lookup_hash(f"csv|{name}|{facts.birth_date or age}|{line}")
    return Resident(line=line, facts=facts, subject_hash=subject, ref=values.get("ref", "")[:40], name=name,
                    id_number=idn, phone=phone, community=values.get("community", "")[:60], receiving=receiving)


def read_residents(kb: KnowledgeBase, data: bytes, today: date, allowed: list[str]) -> Parsed:
    """Every row of the file: residents that could be read, and a message per row that could not."""
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFormatError("文件是空的：第1行应是列名（如“姓名,身份证号,户籍地”）。") from None
    keys = [_header_key(h) for h in header]
    if not any(keys):
        raise CsvFormatError("第1行没有认识的列名：至少要有“身份证号”或“出生日期”，以及“户籍地”。")
    warnings = []
    unknown = [h.strip() for h, k in zip(header, keys, strict=True) if k is None and h.strip()]
    if unknown:
        warnings.append(f"不认识的列（已忽略）：{'、'.join(unknown)}")
    dup = sorted({k for k in keys if k and keys.count(k) > 1})
    if dup:
        raise CsvFormatError(f"第1行有重复的列：{'、'.join(dup)}，请只保留一列。")
    residents: list[Resident] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(RowError(start, "这一行的引号不配对，无法读取。"))
            break
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        if rows > MAX_ROWS:
            errors.append(RowError(start, f"一次最多导入{MAX_ROWS}行，后面的行没有读取，请分批导入。"))
            break
        if len(cells) > len(keys):
            errors.append(RowError(start, f"这一行有{len(cells)}列，比列名多（{len(keys)}列），请检查是否多了逗号。"))
            continue
        values = {k: _norm(c) for k, c in zip(keys, cells, strict=False) if k}
        try:
            r = _row(kb, values, start, today, allowed)
        except FactError as err:
            errors.append(RowError(start, err.message))
            continue
        if r.subject_hash in seen:
            errors.append(RowError(start, f"和第{seen[r.subject_hash]}行是同一个人（身份证号相同），已跳过。"))
            continue
        seen[r.subject_hash] = start
        residents.append(r)
    return Parsed(residents, errors, warnings, rows)
