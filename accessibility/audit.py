"""One page audit for the end-to-end tests: the measured rules and axe-core together, one report.

Every journey test checks its pages the same way — ``accessibility.measure`` (font and heading
sizes, targets, contrast, layout; thresholds per mode) first, then axe-core — and fails with both
lists at once, so one run shows everything that is wrong on the page:

    report = audit(page, mode)           # [] when the page is clean
    assert not report, "\\n".join(report)

or ``assert_page_passes(page, mode, context="…")``. ``single_column`` adds the 长辈版 check that
the given root lays out in one column.
"""

from __future__ import annotations

from accessibility.axe import format_violations, run_axe
from accessibility.measure import Finding, check_layout, check_page, check_single_column, format_findings


def report_sections(violations: list[dict], findings: list[Finding]) -> list[str]:
    """The failure report: an ``axe-core:`` section and a ``measured:`` section, each only if non-empty."""
    report = []
    if violations:
        report.append("axe-core:\n" + format_violations(violations))
    if findings:
        report.append("measured:\n" + format_findings(findings))
    return report


def audit(page, mode: str = "normal", *, single_column: str | None = None) -> list[str]:
    """Measure the page in ``mode`` (normal | elder), then run axe-core; the report, empty when clean."""
    findings = check_page(page, mode) + check_layout(page, mode)
    if single_column:
        findings += check_single_column(page, single_column, mode)
    return report_sections(run_axe(page), findings)


def assert_page_passes(page, mode: str = "normal", *, context: str = "", single_column: str | None = None) -> None:
    """Fail with the whole report (prefixed by ``context``, e.g. the page and mode) if anything is found."""
    report = audit(page, mode, single_column=single_column)
    assert not report, (f"{context}:\n" if context else "") + "\n".join(report)
