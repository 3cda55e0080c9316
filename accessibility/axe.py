"""axe-core checks for any Playwright page (WCAG 2.2 A/AA rule set).

Reusable by every end-to-end test: ``assert_no_axe_violations(page)`` injects the axe-core
build installed in ``.tools`` (kept outside ``.web``, which Reflex prunes) and fails with a
readable list of violations and the elements involved.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[1] / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(page) -> list[dict]:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"axe-core not installed at {AXE_JS}: run `make setup`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    violations = run_axe(page)
    assert not violations, "axe-core violations:\n" + format_violations(violations)
