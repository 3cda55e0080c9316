"""Registry offices, read from the knowledge base — never a second list.

Where a ``local/hy.yaml`` fact names an office (its ``where``), that office is listed as written,
with the fact's phone, booking channel and sources. Most cities have no office list in the sources
we hold, so each city is also offered as one modelled office, "<city>婚姻登记处", carrying the city's
sourced booking channel and marked ``modelled``: the page says that which registry in the city
receives the couple is as the city publishes it. No office name or address is made up here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from app.knowledge.schema import CITIES

SERVICE_MARRIAGE = "MZ-HY-01"
#: Services that can be booked here (the first one: 结婚登记).
BOOKABLE = (SERVICE_MARRIAGE,)


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    kind: str


@dataclass(frozen=True)
class Office:
    id: str
    service_code: str
    city: str
    county: str | None
    name: str
    #: True: "<city>婚姻登记处", standing for the city's registries (no office list in the KB).
    modelled: bool
    booking_channel: str = ""
    phone: str = ""
    hours: str = ""
    sources: tuple[Source, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"id": self.id, "service_code": self.service_code, "city": self.city, "county": self.county,
                "name": self.name, "modelled": self.modelled, "booking_channel": self.booking_channel,
                "phone": self.phone, "hours": self.hours,
                "sources": [{"title": s.title, "url": s.url, "kind": s.kind} for s in self.sources]}


def office_id(service_code: str, city: str, county: str | None, name: str) -> str:
    """Stable while the KB's wording of the office stays the same (slots and bookings refer to it)."""
    raw = f"{service_code}|{city}|{county or ''}|{name}".encode()
    return hashlib.sha1(raw).hexdigest()[:12]


def _sources(items) -> tuple[Source, ...]:
    return tuple(Source(s.title, s.url, s.kind) for s in items)


def list_offices(kb, service_code: str = SERVICE_MARRIAGE, city: str | None = None) -> list[Office]:
    """The offices for ``service_code``, in the province's city order; ``city`` narrows to one city."""
    item = kb.services.get(service_code)
    if item is None or service_code not in BOOKABLE:
        return []
    province_channel = next((st.detail for st in item.steps if "预约" in st.name), "")
    out: list[Office] = []
    for c in CITIES:
        if city and c != city:
            continue
        facts = [f for f in item.local if f.city == c]
        city_fact = next((f for f in facts if f.county is None and f.how_to_apply), None)
        name = f"{c}婚姻登记处"
        out.append(Office(
            id=office_id(service_code, c, None, name), service_code=service_code, city=c, county=None, name=name,
            modelled=True, booking_channel=(city_fact.how_to_apply if city_fact else province_channel) or "",
            hours=next((f.hours for f in facts if f.county is None and f.hours), "") or "",
            sources=_sources(city_fact.sources if city_fact else item.sources)))
        for f in facts:
            if not f.where:
                continue
            for piece in (p.strip() for p in f.where.split("；")):
                if len(piece) < 2:
                    continue
                out.append(Office(
                    id=office_id(service_code, c, f.county, piece), service_code=service_code, city=c,
                    county=f.county, name=piece, modelled=False, booking_channel=f.how_to_apply or "",
                    phone=f.phone or "", hours=f.hours or "", sources=_sources(f.sources)))
    return out


def find_office(kb, office: str) -> Office | None:
    return next((o for c in BOOKABLE for o in list_offices(kb, c) if o.id == office), None)
