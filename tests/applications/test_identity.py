import pytest

from app.identity.service import AuthError, actor_for_token, dev_last_code, request_code, sign_out, verify_code


def test_sign_in_by_code_creates_account_and_session(engine):
    assert request_code(engine, "138 1234 5678") == "138****5678"
    code = dev_last_code(engine, "13812345678")
    token, acc = verify_code(engine, "13812345678", code)
    actor = actor_for_token(engine, token)
    assert actor.account_id == acc.id and actor.phone_masked == "138****5678"
    sign_out(engine, token)
    assert actor_for_token(engine, token) is None


@pytest.mark.parametrize("phone", ["123", "2381234567", "138123456789", ""])
def test_bad_phone_gets_a_plain_message(engine, phone):
    with pytest.raises(AuthError, match="11位手机号码"):
        request_code(engine, phone)


def test_wrong_code_counts_attempts_then_locks(engine):
    request_code(engine, "13812345678")
    # the fifth wrong code says it is locked now (not "还可以再试0次")
    for left in ("还可以再试4次", "还可以再试3次", "还可以再试2次", "还可以再试1次", "输错次数太多"):
        with pytest.raises(AuthError, match=left):
            verify_code(engine, "13812345678", "000000" if dev_last_code(engine, "13812345678") != "000000" else "111111")
    with pytest.raises(AuthError, match="输错次数太多"):
        verify_code(engine, "13812345678", dev_last_code(engine, "13812345678"))


def test_code_is_single_use(engine):
    request_code(engine, "13812345678")
    code = dev_last_code(engine, "13812345678")
    verify_code(engine, "13812345678", code)
    with pytest.raises(AuthError):
        verify_code(engine, "13812345678", code)


def test_too_many_codes_are_refused(engine):
    for _ in range(5):
        request_code(engine, "13812345678")
    with pytest.raises(AuthError, match="太频繁"):
        request_code(engine, "13812345678")


def test_garbage_token_is_not_a_session(engine):
    assert actor_for_token(engine, "nonsense") is None
    assert actor_for_token(engine, None) is None
