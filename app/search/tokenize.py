"""Chinese word segmentation with a user dictionary generated from the knowledge base.

Without the KB's own words jieba splits 尊老金 into 尊老/金 and 两项补贴 into 两项/补贴, and the
best evidence in a question is lost. The dictionary is derived from the KB (names, aliases,
keywords), never maintained by hand, and the same list feeds the assistant's tokenizer.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jieba

from app.search.text import normalize

jieba.setLogLevel(logging.WARNING)

#: Words that carry no topic signal in a citizen's question.
STOPWORDS: frozenset[str] = frozenset(
    """
    的 了 吗 呢 吧 啊 呀 嘛 哦 哈 么 是 在 有 和 与 及 或 还 也 都 就 又 再 才 只 很 太 更 最 被 把 给 让 向 对 从 到 为 以 于 而 但 却 并 且
    我 你 您 他 她 它 我们 你们 他们 她们 咱们 自己 大家 人家 这 那 这个 那个 这些 那些 这样 那样 这里 那里 哪 哪里 哪儿 什么 怎么 怎样 如何 为什么 多少 几 谁
    尊敬 领导 市长 书记 局长 主任 同志 网友 政府 有关 有关部门 相关 相关部门 部门 单位 反映 建议 投诉 解决 答复 回复 处理 落实 关注 重视
    请问 请 问 想 想问 问下 问一下 一下 咨询 了解 知道 听说 说 告诉 谢谢 感谢 你好 您好 麻烦 帮忙 帮帮 急 希望 能否 能不能 可不可以 可以 能 会 要 需要 应该 必须 是否 是不是 有没有 没有 不 没 无 非常 已经 一直 现在 今天 昨天 明天 今年 去年 时候 问题 情况 事情 东西 一个 一些 个 里 上 下 中 后 前 时
    """.split()
)


def _jieba_cache_dir() -> Path:
    """Keep jieba's dictionary cache inside the project's ignored data folder, not /tmp."""
    from app.core.config import ROOT

    d = ROOT / ".data" / "jieba"
    try:
        d.mkdir(parents=True, exist_ok=True)
        return d
    except OSError:  # read-only checkout: fall back to the system temp folder
        return Path(tempfile.gettempdir())


class Tokenizer:
    """A jieba tokenizer of our own (not jieba's global one), with the KB's words added."""

    def __init__(self, user_words: Iterable[str] = ()):
        self._jieba = jieba.Tokenizer()
        self._jieba.tmp_dir = str(_jieba_cache_dir())
        self._jieba.cache_file = os.path.join(self._jieba.tmp_dir, "jieba.cache")
        self._jieba.initialize()
        self.user_words: list[str] = []
        for w in sorted({normalize(w) for w in user_words if w and len(w.strip()) >= 2}):
            if " " in w:
                continue
            # A high frequency makes jieba keep the KB's word whole.
            self._jieba.add_word(w, freq=200000)
            self.user_words.append(w)

    def words(self, text: str) -> list[str]:
        """Search-mode words of already-normalised text, stopwords and punctuation removed.

        Memoised: building the index segments the same KB sentences for several views.
        """
        return list(self._cached_words(text))

    @lru_cache(maxsize=32768)  # noqa: B019 - one tokenizer per engine, lives as long as it
    def _cached_words(self, text: str) -> tuple[str, ...]:
        out = []
        for w in self._jieba.cut_for_search(text, HMM=True):
            w = w.strip()
            if not w or w in STOPWORDS:
                continue
            if not any(ch.isalnum() for ch in w):
                continue
            out.append(w)
        return tuple(out)

    def write_user_dict(self, path: Path) -> None:
        """Write the KB's words as a jieba user dictionary (for the assistant's JiebaTokenizer)."""
        path.write_text("".join(f"{w} 200000\n" for w in self.user_words), encoding="utf-8")
