import pytest

from app.core.privacy import id_number_valid, mask_id_number, mask_phone, redact


@pytest.mark.parametrize("value,ok", [
    ("11010519491231002X", True),   # the standard's own example
    ("11010519491231002x", True),
    ("110105194912310021", False),  # wrong check digit
    ("1101051949123100", False),    # too short
    ("", False),
])
def test_gb11643_check_digit(value, ok):
    assert id_number_valid(value) is ok


def test_masking_keeps_only_ends():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"


def test_redact_free_text():
    text = "我叫张三，身份证11010519491231002X，手机 138-1234-5678，门牌 12号，金额 300元"
    out = redact(text)
    assert "11010519491231002X" not in out and "1101**********002X" in out
    assert "138****5678" in out and "1234" not in out.replace("1101", "")
    assert "12号" in out and "300元" in out  # ordinary numbers stay
