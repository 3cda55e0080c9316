"""Shared fixtures: the real knowledge base and search engine, built once per test session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: A copy of ../shared/eval/dev_questions.jsonl, so the repository builds and tests on its own.
DEV_QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty in-process limits (codes per client, 转人工 per session)."""
    from app.core.limits import reset_all

    reset_all()
    yield


@pytest.fixture(scope="session")
def kb():
    from app.knowledge.loader import load_kb

    return load_kb()


@pytest.fixture(scope="session")
def engine(kb):
    from app.search.engine import SearchEngine

    return SearchEngine(kb)


@pytest.fixture()
def database(tmp_path):
    """A fresh database with every table, for one test. (``engine`` here is the search engine.)"""
    from tests.database import fresh_database

    return fresh_database(tmp_path)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    if not DEV_QUESTIONS.exists():
        pytest.fail(f"dev questions not found at {DEV_QUESTIONS}")
    return [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
