"""The answer engine's contract: what a channel passes in and what it gets back.

These names are a contract with the assistant (its action server calls ``POST /api/answer``) and
with the kiosk, the hotline console and the search page: keep them stable. Plain dataclasses, no
web or bot types, so every channel can present the same :class:`Answer`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

#: What a question asks about. Each guide element of an item answers one facet.
Facet = Literal[
    "amount", "time", "materials", "conditions", "how", "where", "phone", "fee", "online",
    "hours", "automatic", "what", "payment", "complaint", "count", "plan", "exclusion", "general",
]
FACETS: tuple[str, ...] = (
    "amount", "time", "materials", "conditions", "how", "where", "phone", "fee", "online",
    "hours", "automatic", "what", "payment", "complaint", "count", "plan", "exclusion", "general",
)
Status = Literal["answered", "partial", "unsure"]
Audience = Literal["applicant", "institution", "relative", "any"]


@dataclass
class AnswerContext:
    """What the channel already knows about the person asking (all optional)."""

    city: str | None = None
    county: str | None = None
    age: int | None = None
    for_whom: str | None = None          # 本人 / 父母 / 母亲 / 孩子 … (relation of the beneficiary)
    previous_service: str | None = None  # item code of the previous turn's answer
    channel: str | None = None           # web / chat / kiosk / hotline / api

    @classmethod
    def from_dict(cls, data: dict | None) -> AnswerContext:
        """Lenient: unknown keys are ignored, wrong types become None (bad input is never an error)."""
        data = data if isinstance(data, dict) else {}

        def text(key: str, n: int = 40) -> str | None:
            v = data.get(key)
            return v.strip()[:n] or None if isinstance(v, str) else None

        age = data.get("age")
        if isinstance(age, str) and age.strip().isdigit():
            age = int(age.strip())
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130:
            age = None
        return cls(city=text("city"), county=text("county"), age=age, for_whom=text("for_whom"),
                   previous_service=text("previous_service", 20), channel=text("channel", 20))


@dataclass
class SourceRef:
    kind: Literal["faq", "guide", "policy", "local"]
    title: str
    url: str
    code: str  # FAQ id (MZ-ZLJ-01#3), item code, or policy id


@dataclass
class Part:
    """The answer to one facet of the question."""

    facet: str
    text: str
    status: Status
    service_code: str | None
    source: SourceRef | None
    confidence: float
    missing: list[str] = field(default_factory=list)
    #: The clause's own words for what it asks about, when no item covers it ("老年公交卡"): the
    #: label of that part, so a reply never files it under an item it is not about.
    subject: str | None = None


@dataclass
class Answer:
    text: str
    status: Status
    facet: str
    service_code: str | None
    source: SourceRef | None
    confidence: float
    missing: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    #: What the engine understood (city, age, facets, other region …), for channels and debugging.
    understood: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
