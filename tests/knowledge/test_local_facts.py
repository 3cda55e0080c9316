"""Per-city facts (``data/local/<abbr>.yaml``): attached to the right item, bad entries named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from app.core.config import get_settings
from app.knowledge.loader import check_kb, load_kb
from app.knowledge.schema import CITIES

KB_DIR = get_settings().kb_dir


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    d = tmp_path / "kb"
    shutil.copytree(KB_DIR, d)
    shutil.rmtree(d / "local", ignore_errors=True)
    (d / "local").mkdir()
    return d


SRC = [{"title": "测试来源", "url": "https://example.gov.cn/a.html", "kind": "official", "year": "2024"}]


def _fact(**kw) -> dict:
    base = {"service": "MZ-ZLJ-01", "city": "苏州市", "amount": "80—89周岁每人每月50元", "sources": SRC}
    base.update(kw)
    return base


def _write(d: Path, name: str, entries) -> None:
    (d / "local" / name).write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_facts_attach_to_the_named_item_in_city_order(kb_copy):
    _write(kb_copy, "zlj.yaml", [
        _fact(city="镇江市", county="扬中市", amount="扬中标准"),
        _fact(city="南京市", amount="南京标准"),
        _fact(service="MZ-ZLJ-02", city="南京市", note="换卡说明"),
    ])
    kb = load_kb(kb_copy)
    first = kb.services["MZ-ZLJ-01"]
    assert [(f.city, f.county, f.amount) for f in first.local] == [
        ("南京市", None, "南京标准"), ("镇江市", "扬中市", "扬中标准")]
    assert [f.note for f in kb.services["MZ-ZLJ-02"].local] == ["换卡说明"]
    assert kb.services["MZ-ZLJ-03"].local == []
    # The topic file's view of the item is the same object state as kb.services.
    in_topic = next(s for s in kb.topics["尊老金"].services if s.code == "MZ-ZLJ-01")
    assert in_topic.local == first.local
    stats = kb.stats()
    assert stats["local_facts"] == 3
    assert stats["local_facts_per_service"] == {"MZ-ZLJ-01": 2, "MZ-ZLJ-02": 1}
    assert stats["local_cities_per_service"]["MZ-ZLJ-01"] == ["南京市", "镇江市"]
    assert stats["topics"]["尊老金"]["local_facts"] == 3
    assert stats["topics"]["低保"]["local_facts"] == 0


def test_unknown_service_is_rejected_with_file_and_entry(kb_copy):
    _write(kb_copy, "zlj.yaml", [_fact(), _fact(service="MZ-ZLJ-99", city="无锡市")])
    problems = check_kb(kb_copy)
    assert [(p.file, p.entry) for p in problems] == [("local/zlj.yaml", "[1] MZ-ZLJ-99 无锡市")]
    assert "MZ-ZLJ-99" in problems[0].message


def test_city_outside_the_thirteen_is_rejected(kb_copy):
    _write(kb_copy, "zlj.yaml", [_fact(city="杭州市")])
    problems = check_kb(kb_copy)
    assert len(problems) == 1 and problems[0].file == "local/zlj.yaml"
    assert "杭州市" in problems[0].message and "13" in problems[0].message


@pytest.mark.parametrize("sources", [None, []])
def test_fact_without_source_is_rejected(kb_copy, sources):
    entry = _fact()
    if sources is None:
        entry.pop("sources")
    else:
        entry["sources"] = sources
    _write(kb_copy, "zlj.yaml", [entry])
    problems = check_kb(kb_copy)
    assert len(problems) == 1 and "来源" in problems[0].message and problems[0].entry == "[0] MZ-ZLJ-01 苏州市"


def test_unknown_field_and_bad_value_are_named(kb_copy):
    _write(kb_copy, "zlj.yaml", [_fact(amout="typo"), _fact(city="无锡市", start_age=300)])
    problems = check_kb(kb_copy)
    entries = {p.entry for p in problems}
    assert "[0] MZ-ZLJ-01 苏州市 · amout" in entries
    assert "[1] MZ-ZLJ-01 无锡市 · start_age" in entries
    assert all(p.file == "local/zlj.yaml" for p in problems)


def test_item_of_another_topic_in_the_file_is_rejected(kb_copy):
    _write(kb_copy, "zlj.yaml", [_fact(service="MZ-DB-01")])
    problems = check_kb(kb_copy)
    assert len(problems) == 1 and "MZ-ZLJ-" in problems[0].message


def test_same_item_and_place_twice_is_rejected(kb_copy):
    _write(kb_copy, "zlj.yaml", [_fact(), _fact(amount="另一个")])
    problems = check_kb(kb_copy)
    assert len(problems) == 1 and problems[0].entry == "[1] MZ-ZLJ-01 苏州市" and "重复" in problems[0].message


def test_bad_yaml_and_wrong_shape_are_reported(kb_copy):
    (kb_copy / "local" / "db.yaml").write_text("- service: [unclosed\n", encoding="utf-8")
    _write(kb_copy, "hy.yaml", {"service": "MZ-HY-01"})
    problems = check_kb(kb_copy)
    assert any(p.file == "local/db.yaml" and "YAML" in p.message for p in problems)
    assert any(p.file == "local/hy.yaml" and "列表" in p.message for p in problems)


def test_local_files_change_the_content_hash(kb_copy):
    before = load_kb(kb_copy).content_hash
    _write(kb_copy, "zlj.yaml", [_fact()])
    assert load_kb(kb_copy).content_hash != before


def test_local_facts_reach_the_database_projection(kb_copy, tmp_path):
    """The service row's JSON carries ``local`` (the service page and the answer engine read it there)."""
    from sqlmodel import Session

    from app.core.db import make_engine
    from app.knowledge.models import ServiceRow
    from app.knowledge.store import sync_kb

    _write(kb_copy, "zlj.yaml", [_fact()])
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    try:
        assert sync_kb(engine, load_kb(kb_copy)) is True
        with Session(engine) as s:
            local = s.get(ServiceRow, "MZ-ZLJ-01").data["local"]
            assert s.get(ServiceRow, "MZ-ZLJ-02").data["local"] == []
    finally:
        engine.dispose()
    assert local[0]["city"] == "苏州市" and local[0]["sources"][0]["kind"] == "official"


def test_real_local_facts_are_valid_and_sourced(kb):
    """The shipped local facts: every one has a source with a URL, and a city of the 13."""
    facts = [(c, f) for c, s in kb.services.items() for f in s.local]
    shipped = sum(len(yaml.safe_load(p.read_text(encoding="utf-8")) or []) for p in (KB_DIR / "local").glob("*.yaml"))
    assert shipped and len(facts) == shipped  # every entry in the files reached its item
    assert len({f.city for f in kb.services["MZ-ZLJ-01"].local}) >= 5
    for code, f in facts:
        assert f.city in CITIES, code
        assert f.sources and all(s.url for s in f.sources), (code, f.city)
        assert any([f.amount, f.start_age, f.payment, f.automatic is not None, f.how_to_apply,
                    f.where, f.phone, f.hours, f.note]), (code, f.city)
