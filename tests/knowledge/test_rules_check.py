"""`minzheng kb check` (``check_kb``) also checks the eligibility rules against the conditions they cite,
so an editor who rewrites an item's conditions learns at once that a rule no longer holds."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.knowledge.loader import check_kb, content_hash

KB_DIR = Path(__file__).resolve().parents[2] / "app" / "knowledge" / "data"


def _copy(tmp_path: Path) -> Path:
    d = tmp_path / "kb"
    shutil.copytree(KB_DIR, d)
    return d


def test_the_shipped_rules_pass_the_check():
    assert check_kb(KB_DIR) == []


def test_a_rule_citing_a_condition_that_does_not_exist_is_reported(tmp_path: Path):
    d = _copy(tmp_path)
    path = d / "rules" / "eligibility.yaml"
    text = path.read_text(encoding="utf-8")
    assert '{test: age_at_least, value: 80, local_start_age: true, cite: ["#1"]}' in text
    path.write_text(text.replace('value: 80, local_start_age: true, cite: ["#1"]',
                                 'value: 80, local_start_age: true, cite: ["#42"]'), encoding="utf-8")
    problems = check_kb(d)
    assert problems and any("rules" in p.file for p in problems)


def test_a_rule_with_a_figure_its_condition_does_not_state_is_reported(tmp_path: Path):
    d = _copy(tmp_path)
    path = d / "rules" / "eligibility.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{test: age_at_least, value: 80,", "{test: age_at_least, value: 75,", 1),
                    encoding="utf-8")
    assert check_kb(d)


def test_a_rules_edit_changes_the_kb_hash(tmp_path: Path):
    d = _copy(tmp_path)
    before = content_hash(d)
    path = d / "rules" / "eligibility.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert content_hash(d) != before
