"""Browser set-ups the accessibility checks use: modes, phone and mini-program webview contexts.

- :func:`with_mode` adds ``mode=elder|standard`` to a URL (the way mini-program links switch modes).
- :func:`settle` waits until a Reflex page has loaded its data: load, network idle, an optional
  "ready" selector, then a quiet DOM (no mutations for ``quiet_ms``).
- :data:`WECHAT_UA` is a WeChat Android (XWeb) mini-program webview user agent; with
  :func:`webview_context_args` it gives the 320 px mini-program test set-up.
"""

from __future__ import annotations

WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 12; SM-A515F Build/SP1A.210812.016; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 "
    "MMWEBSDK/20230701 MMWEBID/6264 MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin "
    "NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx0000000000000000"
)

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


def webview_context_args(width: int = 320, height: int = 640) -> dict:
    """Context options for a narrow mini-program webview (WeChat UA, touch, mobile viewport)."""
    return {"viewport": {"width": width, "height": height}, "user_agent": WECHAT_UA, "is_mobile": True,
            "has_touch": True, "device_scale_factor": 2, "locale": "zh-CN"}


def with_mode(url: str, mode: str) -> str:
    """``url`` with ``mode=elder`` (or ``mode=standard``) added to its query."""
    value = "elder" if mode == "elder" else "standard"
    return url + ("&" if "?" in url else "?") + "mode=" + value


_QUIET_JS = """
(quietMs) => new Promise(resolve => {
  let timer = setTimeout(done, quietMs);
  const deadline = setTimeout(done, 10000);
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quietMs); });
  obs.observe(document.documentElement, {childList: true, subtree: true, characterData: true, attributes: true});
  function done() { obs.disconnect(); clearTimeout(timer); clearTimeout(deadline); resolve(true); }
})
"""


def settle(page, ready: str | None = None, quiet_ms: int = 600, timeout_ms: int = 20000) -> None:
    """Wait for a Reflex page to finish loading its data and stop changing."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 — a long-poll must not fail the check
        pass
    if ready:
        page.locator(ready).first.wait_for(state="visible", timeout=timeout_ms)
    page.evaluate(_QUIET_JS, quiet_ms)
