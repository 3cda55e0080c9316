"""Places named in a question: a Jiangsu 设区市 (and county), or somewhere outside Jiangsu.

Why it matters: the knowledge base holds Jiangsu's rules. "我妈户口在昆山" must fill 苏州's figures;
"四川省的重残补助" must not be answered with Jiangsu's as if they were Sichuan's. The names come from
``geo/places.tsv`` (China's administrative divisions, from the cpca package's adcodes data, MIT),
so no place is listed by hand except the few short names that are also ordinary words.

Matching is a longest-match scan over full names (南京市, 海珠区, 禄劝彝族苗族自治县) and short names
where they are safe: provinces (四川), prefecture cities (洛阳) and Jiangsu's county-level cities and
counties (昆山, 沭阳). Outside Jiangsu, districts and counties match only by their full name, because
many short county names are ordinary words (安宁, 新民, 东方).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.knowledge.schema import CITIES

DATA = Path(__file__).with_name("geo") / "places.tsv"
JIANGSU = "江苏省"
#: Short names that are also everyday words or Jiangsu landmarks (中山陵, 东海, 白银 …).
UNSAFE_SHORT = {"中山", "安康", "长治", "大同", "来宾", "普洱", "白山", "通化", "海东", "海西", "阿里", "玉树",
                "三沙", "白银", "朝阳", "东海", "滨海", "北海", "黄山", "吉安", "永安", "金昌", "新余", "铜仁",
                "丰县", "沛县", "海南", "山南", "林芝", "和田", "昌都", "那曲", "阿勒泰", "塔城", "哈密", "铁岭"}
_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$")
#: Words for "our city" that name no place.
OWN_CITY = ("我市", "本市", "我县", "本县", "我区", "本区")


@dataclass
class Place:
    name: str
    kind: str       # province | city | county
    province: str
    city: str       # the prefecture city (for Jiangsu: one of CITIES)


@dataclass
class Places:
    city: str | None = None            # a Jiangsu 设区市, e.g. 苏州市
    county: str | None = None          # a Jiangsu county/district, e.g. 昆山市
    other: list[Place] = field(default_factory=list)  # places outside Jiangsu
    jiangsu_named: bool = False        # 江苏 itself is named

    @property
    def other_region(self) -> str | None:
        """The first non-Jiangsu place named, as people would say it (洛阳市（河南省）)."""
        if not self.other:
            return None
        p = self.other[0]
        if p.kind == "province":
            return p.name
        return f"{p.name}（{p.province}）"


def _short(name: str) -> str:
    return _SUFFIX.sub("", name)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[Place]], int]:
    names: dict[str, list[Place]] = {}

    def add(key: str, place: Place) -> None:
        if len(key) >= 2:
            bucket = names.setdefault(key, [])
            if place not in bucket:
                bucket.append(place)

    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, province, city = line.split("\t")
        place = Place(name, kind, province, city)
        add(name, place)
        short = _short(name)
        if short == name or short in UNSAFE_SHORT:
            continue
        if kind in ("province", "city"):
            add(short, place)
        elif province == JIANGSU and (name.endswith("市") or name.endswith("县")):
            add(short, place)
        elif kind == "county" and city == name:  # 省直辖县级市 such as 天门市, 仙桃市
            add(short, place)
    for c in CITIES:  # the KB's own spelling of the 13 cities always wins
        add(c, Place(c, "city", JIANGSU, c))
        add(_short(c), Place(c, "city", JIANGSU, c))
    return names, max(len(k) for k in names)


def _pick(cands: list[Place]) -> Place | None:
    """One place for a name: Jiangsu first (鼓楼区 in 南京 and 徐州 is still Jiangsu), then bigger units."""
    js = [p for p in cands if p.province == JIANGSU]
    if js:
        cities = {p.city for p in js}
        if len(cities) == 1:
            return js[0]
        return Place(js[0].name, js[0].kind, JIANGSU, "")  # Jiangsu, but which city is unclear
    order = {"province": 0, "city": 1, "county": 2}
    return sorted(cands, key=lambda p: order.get(p.kind, 3))[0]


def find_places(text: str, limit: int = 400) -> Places:
    """Places named in ``text`` (already normalised: simplified characters)."""
    names, longest = _lexicon()
    out = Places()
    text = text[:limit]
    i, n = 0, len(text)
    while i < n - 1:
        hit = None
        for L in range(min(longest, n - i), 1, -1):
            if text[i:i + L] in names:
                hit = text[i:i + L]
                break
        if hit is None:
            i += 1
            continue
        place = _pick(names[hit])
        i += len(hit)
        if place is None:
            continue
        if place.province == JIANGSU:
            if place.kind == "province":
                out.jiangsu_named = True
            elif place.kind == "city" and out.city is None:
                out.city = place.city
            elif place.kind == "county" and out.county is None:
                out.county = place.name
                if place.city and out.city is None:
                    out.city = place.city
        elif place not in out.other:
            out.other.append(place)
    return out


def county_city(county: str | None) -> str | None:
    """The Jiangsu city of a county name (昆山 / 昆山市 → 苏州市), or None."""
    if not county:
        return None
    p = find_places(county)
    return p.city
