"""The `minzheng` console script, run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = shutil.which("minzheng") or str(Path(sys.executable).parent / "minzheng")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_search_json_prints_one_array():
    p = run("search", "尊老金怎么领", "--json", "--limit", "3")
    assert p.returncode == 0, p.stderr
    arr = json.loads(p.stdout)
    assert len(arr) == 3 and arr[0]["topic"] == "尊老金"
    assert {"kind", "title", "topic", "service_code", "score", "snippet"} <= set(arr[0])


def test_search_stdin_prints_one_array_per_line():
    p = run("search", "--json", "--stdin", stdin="低保\n\n結婚登記\n！！！\n")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.strip("\n").split("\n")
    assert len(lines) == 4
    arrays = [json.loads(line) for line in lines]
    assert arrays[0][0]["topic"] == "低保"
    assert arrays[1] == []
    assert arrays[2][0]["topic"] == "婚姻登记"
    assert arrays[3] == []


def test_search_text_output_groups_and_highlights():
    p = run("search", "结婚登记")
    assert p.returncode == 0
    assert "== 服务 ==" in p.stdout and "【" in p.stdout


def test_empty_search_offers_hot_services():
    p = run("search")
    assert p.returncode == 0
    assert "请输入" in p.stdout and "尊老金" in p.stdout


def test_kb_check_passes_and_stats_json():
    assert run("kb", "check").returncode == 0
    stats = json.loads(run("kb", "stats", "--json").stdout)
    assert stats["services"] >= 45 and stats["faqs"] >= 300 and stats["policies"] >= 15
    assert len(stats["topics"]) == 16


def test_kb_check_fails_on_a_broken_folder(tmp_path):
    (tmp_path / "zlj.yaml").write_text("topic: 尊老金\nservices: []\n", encoding="utf-8")
    p = run("kb", "check", "--dir", str(tmp_path))
    assert p.returncode == 1
    assert "zlj.yaml" in p.stdout
