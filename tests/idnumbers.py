"""Valid test ID numbers (GB 11643 check digit computed, fictitious people)."""

from app.core.privacy import _CHECK, _WEIGHTS


def make_id(region: str = "320102", birth: str = "19400101", seq: str = "123") -> str:
    body = region + birth + seq
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=False)) % 11]
