"""Identifier normalisation: every spelling of one number becomes one string."""

from app.core.identifiers import compact_number, normalize_code, normalize_id_number, normalize_phone_digits


def test_full_width_id_number_becomes_ascii():
    assert normalize_id_number("３２０１０２１９４５０３０１００１ｘ") == "32010219450301001X"


def test_spaces_dashes_and_invisible_characters_are_removed():
    assert normalize_id_number(" 320102 1945-0301\u200b 001x ") == "32010219450301001X"


def test_phone_country_prefix_and_full_width():
    assert normalize_phone_digits("+86 １３８-1234-5678") == "13812345678"
    assert normalize_phone_digits("0086 13812345678") == "13812345678"
    assert normalize_phone_digits("025-83201234") == "02583201234"


def test_none_is_empty_not_the_word_none():
    assert compact_number(None) == ""
    assert normalize_code(None) == ""


def test_code_full_width():
    assert normalize_code("１２３ ４５６") == "123456"
