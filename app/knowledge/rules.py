"""Eligibility rules as knowledge-base data (``data/rules/*.yaml``): the one source of who may qualify.

Why a separate file set and not more fields on ``ServiceItem``: the conditions text stays what a
citizen reads; a rule only says which of those conditions a computer can check from a few facts
(age, 户籍, disability certificate, household status …) and *cites* the condition it restates. The
checker below makes the citation honest: every cited condition must exist, and every figure a
rule uses (an age, a disability grade) must appear in the cited text, so a rule can never carry a
number the knowledge base does not state. City variants are never written here: a rule marked
``local_start_age`` reads the city's ``LocalFact.start_age`` (镇江 尊老金 from 79).

The matcher (``app.eligibility``), the 测一测 pages and the application check all read these rules.

Hook for the main loader (not wired here; ``loader.py`` belongs to the KB owners): ``check_kb``
could call :func:`check_rules` with the loaded KB so ``minzheng kb check`` reports rule problems,
and ``content_hash`` could include ``rules/*.yaml`` so derived artefacts follow rule edits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.core.config import get_settings
from app.knowledge.loader import KnowledgeBase, Problem
from app.knowledge.schema import SERVICE_CODE

RULES_DIR = "rules"

#: Yes/no facts a person can tell about themselves or the person they ask for.
BoolFact = Literal[
    "income_below_dibao",     # 家庭人均收入低于当地低保标准
    "assets_ok",              # 家庭财产符合当地低保规定
    "unemployed",             # 无业
    "no_supporter",           # 无法定赡养抚养扶养义务人，或义务人无能力
    "no_fixed_income",        # 无固定收入
    "long_term_care",         # 需要长期照护（6个月以上）
    "injury_care_allowance",  # 领取工伤保险生活护理费
    "hardship",               # 遭遇意外、突发重病等，基本生活暂时严重困难
    "high_expense",           # 生活必需支出突然增加、超出承受能力
    "medical_costs",          # 医保报销后自付的医疗费用仍难以承担
    "living_alone",           # 独居
]
BOOL_FACTS: tuple[str, ...] = BoolFact.__args__  # type: ignore[attr-defined]

#: 残疾人证上的残疾类别 (GB/T 26341), and the household statuses the KB's items name.
DISABILITY_CATEGORIES: tuple[str, ...] = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
HOUSEHOLD_STATUSES: tuple[str, ...] = ("低保", "特困", "低保边缘")
GRADE_WORDS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
#: How the KB's conditions text names each household status.
HOUSEHOLD_WORDS = {"低保": ("低保", "最低生活保障"), "特困": ("特困",), "低保边缘": ("低保边缘",)}

Test = Literal["hukou_jiangsu", "age_at_least", "age_below", "household_in", "disability", "fact",
               "local", "any_of", "all_of"]
CITE = re.compile(r"^(MZ-[A-Z]{2,5}-\d{2})?#(\d{1,2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """One checkable condition, restating (and citing) one or more of the KB's conditions."""

    test: Test
    cite: list[str] = Field(min_length=1, description='"#2" (this item\'s 3rd condition) or "MZ-CJR-02#0"')
    value: int | None = Field(default=None, ge=0, le=120, description="age in 周岁 for age tests")
    local_start_age: bool = Field(default=False, description="the city's LocalFact.start_age overrides value")
    values: list[Literal["低保", "特困", "低保边缘"]] = Field(default_factory=list)
    categories: list[Literal["视力", "听力", "言语", "肢体", "智力", "精神", "多重"]] = Field(
        default_factory=list, description="empty: any category")
    grades: list[int] = Field(default_factory=list, description="empty: any grade (a certificate is enough)")
    fact: BoolFact | None = None
    ask: str | None = Field(default=None, min_length=4, description="local: what only the local office decides")
    of: list[Condition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        need = {"age_at_least": self.value is not None, "age_below": self.value is not None,
                "household_in": bool(self.values), "fact": self.fact is not None,
                "local": self.ask is not None, "any_of": len(self.of) >= 2, "all_of": len(self.of) >= 2}
        if not need.get(self.test, True):
            raise ValueError(f"条件 {self.test} 缺少必要的字段（value / values / fact / ask / of）")
        if any(g not in GRADE_WORDS for g in self.grades):
            raise ValueError("残疾等级只能是 1—4")
        for c in self.cite:
            if not CITE.match(c):
                raise ValueError(f"cite {c!r} 应写成 \"#序号\" 或 \"MZ-XX-00#序号\"")
        return self


class Rule(_Strict):
    service: str
    requires: list[Condition] = Field(min_length=1)
    excludes: list[Condition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _code(self) -> Rule:
        if not SERVICE_CODE.match(self.service):
            raise ValueError(f"事项编码 {self.service!r} 不符合 MZ-XX-00 格式")
        return self


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)


def resolve_cite(cite: str, own: str) -> tuple[str, int]:
    """'#1' → (own code, 1); 'MZ-CJR-02#0' → ('MZ-CJR-02', 0)."""
    m = CITE.match(cite)
    assert m, cite
    return (m.group(1) or own), int(m.group(2))


def cited_texts(kb: KnowledgeBase, rule_code: str, cond: Condition) -> list[tuple[str, int, str]]:
    """(code, index, the KB's condition text) for each citation of ``cond``."""
    out = []
    for c in cond.cite:
        code, i = resolve_cite(c, rule_code)
        out.append((code, i, kb.services[code].conditions[i]))
    return out


def _walk(conds: list[Condition]):
    for c in conds:
        yield c
        yield from _walk(c.of)


def check_rules(rules: list[Rule], kb: KnowledgeBase, file: str = "rules") -> list[Problem]:
    """Cross-check rules against the KB: items and cited conditions exist; figures are the KB's."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for r in rules:
        if r.service in seen:
            problems.append(Problem(file, r.service, "同一事项有两条规则"))
        seen.add(r.service)
        if r.service not in kb.services:
            problems.append(Problem(file, r.service, "规则指向不存在的事项"))
            continue
        for cond in _walk(r.requires + r.excludes):
            texts = []
            for c in cond.cite:
                code, i = resolve_cite(c, r.service)
                svc = kb.services.get(code)
                if svc is None or i >= len(svc.conditions):
                    problems.append(Problem(file, r.service, f"cite {c} 指向不存在的申请条件"))
                    continue
                texts.append(svc.conditions[i])
            if not texts:
                continue
            joined = "\n".join(texts)
            if cond.value is not None and not re.search(rf"(?<!\d){cond.value}(?!\d)", joined):
                problems.append(Problem(file, r.service, f"年龄 {cond.value} 在所引申请条件里没有出现：{cond.cite}"))
            for g in cond.grades:
                word = GRADE_WORDS[g]
                if word not in joined and word[0] + "、" not in joined and "、" + word not in joined:
                    problems.append(Problem(file, r.service, f"等级 {word} 在所引申请条件里没有出现：{cond.cite}"))
            for cat in cond.categories:
                if cat not in joined:
                    problems.append(Problem(file, r.service, f"残疾类别 {cat} 在所引申请条件里没有出现：{cond.cite}"))
            for v in cond.values:
                if not any(w in joined for w in HOUSEHOLD_WORDS[v]):
                    problems.append(Problem(file, r.service, f"家庭情况 {v} 在所引申请条件里没有出现：{cond.cite}"))
            if cond.local_start_age and not any(f.start_age for f in kb.services[r.service].local):
                problems.append(Problem(file, r.service, "local_start_age：该事项没有任何城市写了 start_age"))
    return problems


class RulesError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"资格规则有 {len(problems)} 处问题:\n" + "\n".join(str(p) for p in problems))


def rule_files(kb_dir: Path) -> list[Path]:
    return sorted((kb_dir / RULES_DIR).glob("*.yaml"))


def load_rules(kb: KnowledgeBase, kb_dir: Path | None = None) -> dict[str, Rule]:
    """Read, validate and cross-check every rules file; raise :class:`RulesError` naming each problem."""
    kb_dir = Path(kb_dir or get_settings().kb_dir)
    problems: list[Problem] = []
    rules: list[Rule] = []
    for path in rule_files(kb_dir):
        name = f"{RULES_DIR}/{path.name}"
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            rules_here = RuleFile.model_validate(raw).rules
        except yaml.YAMLError as exc:
            problems.append(Problem(name, "(file)", f"YAML 格式错误: {exc}"))
            continue
        except ValidationError as err:
            for e in err.errors():
                problems.append(Problem(name, ".".join(str(x) for x in e["loc"]), e["msg"]))
            continue
        problems += check_rules(rules_here, kb, name)
        rules += rules_here
    if not rules and not problems:
        problems.append(Problem(RULES_DIR, "(folder)", "没有找到资格规则文件"))
    if problems:
        raise RulesError(problems)
    return {r.service: r for r in rules}


_CACHE: dict[tuple[int, str], tuple[KnowledgeBase, dict[str, Rule]]] = {}


def rules_for(kb: KnowledgeBase) -> dict[str, Rule]:
    """The rules for a loaded KB, read once per KB object (the KB is loaded once per process).

    Keyed by the object and its content hash (``KnowledgeBase`` is a mutable dataclass, so it cannot
    be an ``lru_cache`` key); the KB is kept in the entry so its id cannot be reused by another."""
    key = (id(kb), kb.content_hash)
    hit = _CACHE.get(key)
    if hit is None:
        if len(_CACHE) > 4:
            _CACHE.clear()
        hit = _CACHE[key] = (kb, load_rules(kb))
    return hit[1]
