"""Text for the ear: numbers, dates, phone numbers as Chinese words; sentence splitting."""

from __future__ import annotations

import pytest

from voice.text import digits_to_words, speakable, split_sentences


@pytest.mark.parametrize("raw, spoken", [
    ("拨打12345咨询", "拨打一二三四五咨询"),                      # a hotline is read digit by digit
    ("每人每月300元", "每人每月三百元"),                          # an amount is a number
    ("需要100000元", "需要十万元"),                               # a long amount too
    ("年满80周岁", "年满八十周岁"),
    ("80—99周岁", "八十到九十九周岁"),                           # ranges with any dash
    ("1-2个月", "一到两个月"),                                   # 两个, not 二个
    ("第2个", "第二个"),                                         # …but 第二
    ("2024-03-05起", "二零二四年三月五日起"),                    # ISO dates
    ("2023年1月5日", "二零二三年一月五日"),
    ("办公时间9:00-17:30", "办公时间九点到十七点三十分"),
    ("电话025-83303010", "电话零二五，八三三零三零一零"),
    ("手机13912345678", "手机一三九一二三四五六七八"),
    ("占比5.5%", "占比百分之五点五"),
    ("《江苏省尊老金发放办法》", "江苏省尊老金发放办法"),
    ("访问 https://www.jszwfw.gov.cn 办理", "访问 网址请看屏幕 办理"),
    ("１２３４５", "一二三四五"),                                 # full-width digits
])
def test_speakable(raw, spoken):
    assert speakable(raw) == spoken


def test_speakable_leaves_no_digits():
    text = "第1步，3～5天，1/2，0.5元，A4纸，No.7，2个"
    assert not any(c.isdigit() for c in speakable(text))


def test_digits_to_words():
    assert digits_to_words("0250") == "零二五零"


def test_split_sentences_keeps_terminators_and_order():
    text = "您好！尊老金是给八十周岁以上老年人的补贴。有问题吗？？请拨打12345。"
    assert split_sentences(text) == ["您好！", "尊老金是给八十周岁以上老年人的补贴。", "有问题吗？？", "请拨打12345。"]


def test_split_sentences_cuts_long_sentences_at_commas():
    long = "，".join(["这是一段比较长的说明文字"] * 10) + "。"
    parts = split_sentences(long, limit=40)
    assert len(parts) > 1
    assert all(len(p) <= 40 for p in parts)
    assert "".join(parts) == long


def test_split_sentences_hard_cut_without_commas():
    parts = split_sentences("字" * 130, limit=60)
    assert [len(p) for p in parts] == [60, 60, 10]


def test_split_sentences_drops_empty_and_merges_bare_punctuation():
    assert split_sentences("  \n。。好的。\n\n") == ["好的。"]
    assert split_sentences("") == []
