"""Reusable accessibility checks for any Playwright page.

- ``accessibility.axe``: axe-core (WCAG 2.2 A/AA + best practice) — ``run_axe``, ``assert_no_axe_violations``.
- ``accessibility.measure``: measured rules axe does not cover by numbers — font and heading sizes,
  line height, target sizes, contrast against the effective background, layout at narrow widths —
  with thresholds for 标准版 (WCAG 2.2 AA) and 长辈版 (MIIT 2021 适老化).
- ``accessibility.audit``: both at once for a journey test — ``audit(page, mode)`` (the report, empty when
  clean) and ``assert_page_passes(page, mode)``.
- ``accessibility.browsing``: modes (``?mode=elder``), a WeChat mini-program webview context, and
  waiting for a Reflex page to settle.
"""
