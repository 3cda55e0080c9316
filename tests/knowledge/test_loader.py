"""The knowledge base: real content meets the issue's floor, and bad files are reported well."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from app.core.config import get_settings
from app.knowledge.loader import check_kb, load_kb
from app.knowledge.schema import TOPICS

KB_DIR = get_settings().kb_dir


def test_real_kb_is_valid():
    assert check_kb() == []


def test_real_kb_covers_every_topic_with_enough_content(kb):
    stats = kb.stats()
    assert stats["services"] >= 45
    assert stats["faqs"] >= 300
    assert stats["policies"] >= 15
    assert stats["bundles"] >= 5
    for topic in TOPICS:
        assert stats["topics"][topic]["services"] >= 2, topic
    for code, svc in kb.services.items():
        assert len(svc.faqs) >= 6, code
        assert svc.sources, code


def test_the_five_named_bundles_exist_and_link_items(kb):
    names = " ".join(b.name for b in kb.bundles.values())
    for needle in ("婚姻", "殡葬", "残疾人两项补贴", "养老机构", "地名"):
        assert needle in names
    for b in kb.bundles.values():
        assert any(s.service_code in kb.services for s in b.steps)


def test_every_result_topic_is_one_of_the_sixteen(kb):
    assert set(kb.service_topic.values()) <= set(TOPICS)
    assert {t for _, t in kb.policies.values()} <= set(TOPICS)
    assert {b.topic for b in kb.bundles.values()} <= set(TOPICS)


def test_local_variation_is_said_where_amounts_are_given(kb):
    """Where an item gives amounts that differ by city, it says 以当地公布为准 (never a bare figure)."""
    for code, svc in kb.services.items():
        if svc.amounts and ("市" in svc.amounts or "各地" in svc.amounts):
            text = svc.amounts + (svc.local_note or "")
            assert "以当地" in text or "为准" in text, code


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    d = tmp_path / "kb"
    shutil.copytree(KB_DIR, d)
    return d


def _edit(path: Path, fn) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_missing_field_is_reported_with_file_and_entry(kb_copy):
    _edit(kb_copy / "zlj.yaml", lambda d: d["services"][0].pop("materials"))
    problems = check_kb(kb_copy)
    assert any(p.file == "zlj.yaml" and "MZ-ZLJ-01" in p.entry and "materials" in p.entry for p in problems)


def test_duplicate_code_is_reported(kb_copy):
    def dup(d):
        d["services"][1]["code"] = d["services"][0]["code"]
    _edit(kb_copy / "db.yaml", dup)
    problems = check_kb(kb_copy)
    assert any(p.file == "db.yaml" and "重复" in p.message for p in problems)


def test_broken_links_are_reported(kb_copy):
    _edit(kb_copy / "hy.yaml", lambda d: d["services"][0].__setitem__("related", ["MZ-XX-99"]))
    _edit(kb_copy / "hy.yaml", lambda d: d["policies"][0].__setitem__("governs", ["MZ-YY-98"]))
    _edit(kb_copy / "bundles.yaml", lambda d: d["bundles"][0]["steps"][0].__setitem__("service_code", "MZ-ZZ-97"))
    msgs = [p.message for p in check_kb(kb_copy)]
    assert any("MZ-XX-99" in m for m in msgs)
    assert any("MZ-YY-98" in m for m in msgs)
    assert any("MZ-ZZ-97" in m for m in msgs)


def test_too_few_faqs_and_bad_yaml_are_reported(kb_copy):
    _edit(kb_copy / "tk.yaml", lambda d: d["services"][0].__setitem__("faqs", d["services"][0]["faqs"][:2]))
    (kb_copy / "broken.yaml").write_text("topic: [unclosed\n", encoding="utf-8")
    problems = check_kb(kb_copy)
    assert any(p.file == "tk.yaml" and "faqs" in p.entry for p in problems)
    assert any(p.file == "broken.yaml" and "YAML" in p.message for p in problems)


def test_missing_topic_is_reported(kb_copy):
    (kb_copy / "sq.yaml").unlink()
    assert any(p.entry == "社区治理" for p in check_kb(kb_copy))


def test_content_hash_changes_with_content(kb_copy):
    before = load_kb(kb_copy).content_hash
    _edit(kb_copy / "zlj.yaml", lambda d: d.__setitem__("description", d["description"] + "。"))
    assert load_kb(kb_copy).content_hash != before
