"""Schema of the knowledge-base data files (app/knowledge/data/*.yaml).

The YAML files are the one source of truth for service content. Everything else (the
database rows, the search index, the assistant's training data, the agent's suggestions)
is derived from objects validated by these models, so a mistake is caught once, here,
with the file and entry named.

Why pydantic and not SQLModel here: these models describe *authored content* with nested
lists (materials, steps, FAQ); the database tables in ``models.py`` are a flattened,
query-friendly projection of them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: The 16 topic labels. Every service, FAQ, policy and bundle carries exactly one.
TOPICS: tuple[str, ...] = (
    "尊老金",
    "低保",
    "特困供养",
    "临时救助",
    "医疗救助",
    "婚姻登记",
    "殡葬",
    "残疾人两项补贴",
    "养老服务",
    "儿童福利",
    "收养登记",
    "社会组织",
    "慈善",
    "地名",
    "流浪乞讨救助",
    "社区治理",
)

#: The same list as a type (subscripting Literal with a tuple is the same as listing its items).
Topic = Literal[TOPICS]  # type: ignore[valid-type]

#: Jiangsu's 13 设区市, in the province's official order: the one list of cities (forms, work-order
#: districts, the city picker, the answer engine's slots and ``LocalFact.city`` all use it).
CITIES: tuple[str, ...] = (
    "南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市",
    "淮安市", "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市",
)
#: The same list as a type (subscripting Literal with a tuple is the same as listing its items).
City = Literal[CITIES]  # type: ignore[valid-type]

#: Our own item codes: ``MZ-<TOPIC ABBREVIATION>-<2 digits>``. Official Jiangsu 事项编码 are
#: mostly not public in the material we have, so we never invent them: an official code goes
#: in ``official_code`` only when a source shows it.
SERVICE_CODE = re.compile(r"^MZ-[A-Z]{2,5}-\d{2}$")
POLICY_ID = re.compile(r"^POL-[A-Z]{2,5}-\d{2}$")
BUNDLE_CODE = re.compile(r"^YJS-[A-Z]{2,6}$")

ItemType = Literal["行政许可", "行政确认", "行政给付", "行政裁决", "其他行政权力", "公共服务"]
SourceKind = Literal["official", "law", "repost", "mirror", "third-party"]
MaterialForm = Literal["原件", "复印件", "原件和复印件", "原件或电子证照", "电子证照"]


class _Strict(BaseModel):
    """Reject unknown keys so a typo in a YAML key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a fact comes from. ``kind`` says how far to trust it (reposts are marked)."""

    title: str = Field(min_length=2)
    url: str | None = Field(default=None, pattern=r"^https?://", description="None: a document we hold, cited by title")
    kind: SourceKind
    year: str | None = None


class Material(_Strict):
    name: str = Field(min_length=2)
    form: MaterialForm = "原件"
    count: int = Field(default=1, ge=1, le=10)
    required: bool = True
    note: str | None = None


class Step(_Strict):
    name: str = Field(min_length=2)
    detail: str = Field(min_length=4)


class TimeLimit(_Strict):
    """Legal (法定) and promised (承诺) limits, as text: '20个工作日', or '未找到公开规定，以当地公布为准'."""

    legal: str = Field(min_length=2)
    promised: str = Field(min_length=2)


class Channels(_Strict):
    online: bool
    window: bool
    proxy_allowed: bool
    province_wide: bool = Field(description="省内通办")
    cross_province: bool = Field(description="跨省通办")
    online_entry: str | None = Field(default=None, description="e.g. 江苏政务服务APP「尊老金申报」")


class FAQ(_Strict):
    q: str = Field(min_length=4)
    a: str = Field(min_length=8)
    sources: list[Source] = Field(default_factory=list, description="empty: the item's sources apply")
    scope: Literal["national", "jiangsu"] = Field(
        default="jiangsu",
        description=(
            "national: a national law, regulation or ministry rule states it, so it holds in every "
            "province and the answer engine may give it to a question about another province; "
            "jiangsu: Jiangsu's own rule or practice (given elsewhere only as 江苏的做法供参考)"
        ),
    )


class LocalFact(_Strict):
    """What one city (or one county of it) does differently for a service, with its own sources.

    The provincial rule stays in the item's own fields; a LocalFact only carries what a source
    shows for that place. Every field but ``city`` and ``sources`` is optional: an unknown value is
    left out (None), never guessed, and pages and answers then fall back to the provincial rule
    with 以当地公布为准.
    """

    city: City
    county: str | None = Field(default=None, description="a county/district of the city, e.g. 丹阳市; None: the whole city")
    amount: str | None = Field(default=None, description="plain text, e.g. 80—89周岁每人每月50元；90—99周岁每人每月100元")
    start_age: int | None = Field(default=None, ge=0, le=120, description="age from which it is paid, where it differs")
    payment: str | None = Field(default=None, description="how and when it is paid, e.g. 按月发放到社保卡")
    automatic: bool | None = Field(default=None, description="True: 免申即享, paid without an application")
    how_to_apply: str | None = None
    where: str | None = Field(default=None, description="the office that handles it there")
    phone: str | None = None
    hours: str | None = Field(default=None, description="office hours, e.g. 婚姻登记处工作时间")
    note: str | None = None
    as_of: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="year (or date) the source states it for")
    sources: list[Source] = Field(min_length=1)


class ServiceItem(_Strict):
    code: str
    official_code: str | None = None
    name: str = Field(min_length=2)
    item_type: ItemType
    summary: str = Field(min_length=8)
    aliases: list[str] = Field(default_factory=list, description="colloquial names people use")
    keywords: list[str] = Field(default_factory=list, description="words people use when they need it")
    legal_basis: list[str] = Field(min_length=1)
    conditions: list[str] = Field(min_length=1)
    materials: list[Material] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    time_limit: TimeLimit
    fee: str = Field(min_length=2)
    channels: Channels
    where: str = Field(min_length=2)
    phone: str = Field(min_length=2)
    amounts: str | None = Field(default=None, description="standard amounts; say 以当地公布为准 where cities differ")
    local_note: str | None = None
    related: list[str] = Field(default_factory=list, description="codes of related items")
    sources: list[Source] = Field(min_length=1)
    faqs: list[FAQ] = Field(min_length=6)
    local: list[LocalFact] = Field(default_factory=list, description="per-city facts, each with its source")
    audience: Literal["applicant", "institution", "relative"] | None = Field(
        default=None, description="who applies (answer engine); None: read from the name")
    not_for: list[str] = Field(default_factory=list, description="what people ask that this item is NOT, e.g. 入住养老院 for 养老机构备案")

    @field_validator("code")
    @classmethod
    def _code_shape(cls, v: str) -> str:
        if not SERVICE_CODE.match(v):
            raise ValueError(f"事项编码 {v!r} 不符合 MZ-XX-00 格式")
        return v


class Policy(_Strict):
    id: str
    title: str = Field(min_length=4)
    issuer: str = Field(min_length=2)
    doc_number: str | None = None
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    summary: str = Field(min_length=10)
    governs: list[str] = Field(min_length=1, description="service codes this policy governs")
    sources: list[Source] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not POLICY_ID.match(v):
            raise ValueError(f"政策编号 {v!r} 不符合 POL-XX-00 格式")
        return v


class TopicFile(_Strict):
    """One YAML file per topic: the topic's services and the policies that govern them."""

    topic: Topic
    abbreviation: str = Field(pattern=r"^[A-Z]{2,5}$")
    description: str = Field(min_length=8)
    keywords: list[str] = Field(default_factory=list, description="topic-wide colloquial vocabulary")
    #: a name that stands for several of the topic's items together (两项补贴 = 生活补贴 + 护理补贴):
    #: a question that says it is asking about each of them, so each is answered
    collective_names: dict[str, list[str]] = Field(default_factory=dict)
    services: list[ServiceItem] = Field(min_length=1)
    policies: list[Policy] = Field(default_factory=list)

    @model_validator(mode="after")
    def _collective_items_are_the_topics(self) -> TopicFile:
        codes = {s.code for s in self.services}
        for name, items in self.collective_names.items():
            if len(items) < 2 or not set(items) <= codes:
                raise ValueError(f"collective name {name}: two or more of this topic's own items, got {items}")
        return self


class BundleStep(_Strict):
    """One step of a 一件事 bundle: either one of our items, or another department's matter."""

    name: str = Field(min_length=2)
    service_code: str | None = None
    department: str = Field(min_length=2)


class Bundle(_Strict):
    code: str
    name: str = Field(min_length=4)
    topic: Topic
    summary: str = Field(min_length=10)
    steps: list[BundleStep] = Field(min_length=2)
    sources: list[Source] = Field(min_length=1)
    local_note: str | None = None

    @field_validator("code")
    @classmethod
    def _code_shape(cls, v: str) -> str:
        if not BUNDLE_CODE.match(v):
            raise ValueError(f"一件事编码 {v!r} 不符合 YJS-XXX 格式")
        return v


class BundleFile(_Strict):
    bundles: list[Bundle] = Field(min_length=1)


class SynonymFile(_Strict):
    """Groups of words citizens use interchangeably (used to expand queries)."""

    synonyms: list[list[str]] = Field(min_length=1)

    @field_validator("synonyms")
    @classmethod
    def _groups(cls, v: list[list[str]]) -> list[list[str]]:
        for g in v:
            if len(g) < 2 or len(set(g)) != len(g):
                raise ValueError(f"同义词组 {g} 至少要有两个不同的词")
        return v
