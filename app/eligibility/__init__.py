"""政策找人: who may qualify for what, from a few facts and the KB's eligibility rules.

Pure domain (no Reflex, no API): the 政策计算器 page, ``GET /api/eligibility/preview`` and the
application check call :func:`match` / :func:`match_one` with :class:`Facts` read by
:func:`parse_facts`. The rules are data (``app/knowledge/data/rules/``, read by
``app.knowledge.rules``); this package only applies them.
"""

from app.eligibility.facts import (  # noqa: F401
    FACT_LABELS,
    OUTSIDE,
    PARAMS,
    FactError,
    Facts,
    beijing_today,
    birthday,
    full_years,
    parse_facts,
)
from app.eligibility.matcher import (  # noqa: F401
    Match,
    local_view,
    match,
    match_one,
    material_line,
    provincial_age,
    start_age,
    start_ages,
)
