"""The Rasa project itself: `rasa data validate` on the hand-written + generated data."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_rasa_data_validate():
    p = subprocess.run(["bash", ".ci/bot.sh", "validate"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    assert "No story structure conflicts found" in p.stdout + p.stderr


def test_config_is_the_chinese_pipeline():
    import yaml

    cfg = yaml.safe_load((ROOT / "bot" / "config.yml").read_text(encoding="utf-8"))
    names = [c["name"] for c in cfg["pipeline"]]
    assert cfg["language"] == "zh"
    # No ResponseSelector: the answer is the app's answer engine's (one answer on every channel).
    assert names == ["JiebaTokenizer", "RegexFeaturizer", "CountVectorsFeaturizer", "CountVectorsFeaturizer",
                     "RegexEntityExtractor", "DIETClassifier", "EntitySynonymMapper", "FallbackClassifier"]
    assert cfg["pipeline"][0]["dictionary_path"] == "generated/jieba"
    assert cfg["pipeline"][3]["analyzer"] == "char_wb"
    assert cfg["pipeline"][4]["use_word_boundaries"] is False  # Chinese: no spaces around a city name
