"""The voice kiosk in a real Chromium against the real app (production build, one port).

The microphone is Chromium's fake capture device playing a WAV of Korean speech made with
espeak-ng; the app recognises it with the Korean Vosk model from PyPI (tests/voice/korean.py —
no Chinese model can be downloaded here). So this drives the whole path: getUserMedia →
AudioWorklet → websocket through Reflex's api_transformer → Vosk → final text → Reflex state →
confirm screen → read-aloud from /api/tts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accessibility.axe import assert_no_axe_violations
from tests.voice import korean

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"
SPOKEN_PHRASE = "장애인 수당"


@pytest.fixture(scope="module")
def mic_wav(tmp_path_factory) -> Path:
    return korean.speech_wav(SPOKEN_PHRASE, tmp_path_factory.mktemp("mic") / "mic.wav", before=1.0, after=3.0)


@pytest.fixture(scope="module")
def kiosk_browser(playwright, browser_type_launch_args, mic_wav):
    """Chromium with a fake microphone (the WAV) and audio allowed without a tap, as a kiosk runs."""
    args = [*browser_type_launch_args.get("args", []),
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={mic_wav}", "--autoplay-policy=no-user-gesture-required"]
    browser = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


@pytest.fixture
def kiosk(kiosk_browser, app_url) -> Page:
    context = kiosk_browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN",
                                        permissions=["microphone"])
    page = context.new_page()
    page.goto(app_url + "/kiosk")
    expect(page.locator("#kiosk[data-screen=start]")).to_be_visible(timeout=30000)
    page.wait_for_function("() => window.minzhengKiosk && window.minzhengKiosk.state().asr !== null")
    yield page
    context.close()


def kiosk_state(page: Page) -> dict:
    return page.evaluate("() => window.minzhengKiosk.state()")


def wait_spoken(page: Page, pattern: str, timeout: int = 15000) -> None:
    page.wait_for_function(
        "(p) => window.minzhengKiosk.state().spoken.some(s => new RegExp(p).test(s))", arg=pattern, timeout=timeout)


def test_microphone_to_transcript_on_screen(kiosk: Page):
    wait_spoken(kiosk, "^您好")  # the welcome is read aloud
    mic = kiosk.get_by_role("button", name=re.compile("点我说话"))
    expect(mic).to_have_attribute("aria-disabled", "false")
    mic.click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-listening", "true")
    heard = kiosk.locator("#kiosk-heard")
    expect(heard).to_have_text(SPOKEN_PHRASE, timeout=45000)
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "confirm")
    expect(kiosk.get_by_role("button", name="是", exact=True)).to_be_visible()
    expect(kiosk.get_by_role("button", name="重说")).to_be_visible()
    st = kiosk_state(kiosk)
    assert st["partials"] >= 1 and not st["listening"]
    assert st["finals"][-1]["source"] == "grammar" and st["finals"][-1]["free"]
    wait_spoken(kiosk, f"^您说的是：{SPOKEN_PHRASE}")  # the confirmation is read aloud
    SHOTS.mkdir(exist_ok=True)
    kiosk.screenshot(path=str(SHOTS / "kiosk-confirm.png"))
    assert_no_axe_violations(kiosk)
    # 是: the text goes to the same search as typed text; Korean finds nothing, so the
    # kiosk offers the common services and says so
    kiosk.get_by_role("button", name="是", exact=True).click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "list")
    wait_spoken(kiosk, "没有找到相关的内容")
    expect(kiosk.locator(".kiosk-choice").first).to_be_visible()


def test_touch_only_journey_is_spoken_and_accessible(kiosk: Page):
    SHOTS.mkdir(exist_ok=True)
    kiosk.screenshot(path=str(SHOTS / "kiosk-start.png"))
    assert_no_axe_violations(kiosk)
    tiles = kiosk.locator(".kiosk-tile")
    expect(tiles).to_have_count(6)
    for box in [tiles.nth(i).bounding_box() for i in range(6)]:
        assert box["height"] >= 60 and box["width"] >= 60
    # 政策找人 by touch: the calculator, in 长辈版
    calc = kiosk.get_by_role("link", name=re.compile("^我可能能领什么"))
    expect(calc).to_have_attribute("href", "/calculator?mode=elder")
    assert calc.bounding_box()["height"] >= 60
    kiosk.get_by_role("button", name=re.compile("^尊老金")).click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "list")
    wait_spoken(kiosk, "^尊老金有\\d+项服务")
    assert_no_axe_violations(kiosk)
    kiosk.locator(".kiosk-choice").first.click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "detail")
    expect(kiosk.get_by_role("heading", name="要带什么")).to_be_visible()
    expect(kiosk.get_by_role("heading", name=re.compile("^尊老金"))).to_have_count(1)  # the title once
    # one part at a time: 要带什么 has its own 再听一遍, and says the 代办人's ID card too
    kiosk.get_by_role("button", name="再听一遍：要带什么").click()
    wait_spoken(kiosk, "^要带什么：.*代办人")
    assert "未找到公开规定" not in kiosk.locator("main").inner_text()
    kiosk.screenshot(path=str(SHOTS / "kiosk-service.png"), full_page=True)
    assert_no_axe_violations(kiosk)
    # 再听一遍 plays the same answer again; 大声 raises the volume
    before = len(kiosk_state(kiosk)["spoken"])
    kiosk.get_by_role("button", name="再听一遍", exact=True).click()
    kiosk.wait_for_function("(n) => window.minzhengKiosk.state().spoken.length > n", arg=before)
    assert kiosk_state(kiosk)["spoken"][-1] == kiosk_state(kiosk)["spoken"][-2]
    kiosk.get_by_role("button", name="大声").click()
    expect(kiosk.locator("#kiosk-volume")).to_have_text("音量 100%")
    kiosk.get_by_role("button", name="返回").click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "list")
    kiosk.get_by_role("button", name="回到首页").click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "start")
    assert kiosk_state(kiosk)["ttsErrors"] == 0


def test_text_is_large_and_contrast_is_high(kiosk: Page):
    sizes = kiosk.evaluate("""() => [...document.querySelectorAll('#kiosk *')]
        .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 32
    targets = kiosk.evaluate("""() => [...document.querySelectorAll('#kiosk button')]
        .filter(e => e.offsetParent !== null).map(e => [e.offsetWidth, e.offsetHeight])""")
    assert all(w >= 60 and h >= 60 for w, h in targets)
    # axe-core's AAA contrast rule (7:1), which the standard rule set does not run
    result = kiosk.evaluate("""async () => { if (!window.axe) return null;
        const r = await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}});
        return r.violations.map(v => v.nodes.map(n => n.target.join(' ')));}""")
    if result is None:
        from accessibility.axe import run_axe

        run_axe(kiosk)  # injects axe-core
        result = kiosk.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}});
            return r.violations.map(v => v.nodes.map(n => n.target.join(' ')));}""")
    assert result == [], result


def test_call_staff_creates_a_help_request(kiosk: Page, app_database_url: str):
    kiosk.get_by_role("button", name=re.compile("^低保")).click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "list")
    kiosk.get_by_role("button", name="呼叫工作人员").click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "help")
    ref = kiosk.locator("#kiosk-help-ref strong")
    expect(ref).to_have_text(re.compile(r"^\d+$"))
    wait_spoken(kiosk, "^已经通知工作人员")
    from sqlmodel import Session

    from app.contacts.models import Contact
    from app.core.db import make_engine

    with Session(make_engine(app_database_url)) as s:
        c = s.get(Contact, int(ref.inner_text()))
    assert c.kind == "kiosk_help" and c.channel == "kiosk" and c.status == "waiting" and c.topic == "低保"
    assert any(m["from"] == "user" and m["text"] == "低保" for m in c.transcript)
    # the call can be cancelled: it leaves the staff queue and the person is told
    kiosk.get_by_role("button", name="不用了，取消呼叫").click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "start")
    wait_spoken(kiosk, "^已经取消呼叫")
    with Session(make_engine(app_database_url)) as s:
        assert s.get(Contact, c.id).status == "closed"


def test_idle_kiosk_warns_aloud_then_clears_everything(kiosk: Page):
    kiosk.evaluate("() => window.minzhengKiosk.configure({idleSeconds: 2, warnSeconds: 2})")
    kiosk.get_by_role("button", name=re.compile("^婚姻登记")).click()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "list")
    dialog = kiosk.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=60000)  # after the answer has been read and 2 s of quiet
    expect(dialog).to_contain_text("还有人在用吗")
    wait_spoken(kiosk, "^还有人在用吗")
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "start", timeout=10000)
    expect(dialog).to_be_hidden()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-active", "false")
    st = kiosk_state(kiosk)
    assert st["resets"] == 1 and st["lastText"] == "" and st["volume"] == 0.8
    expect(kiosk.locator("#kiosk-prompt")).not_to_contain_text("婚姻登记")


def test_touch_during_the_warning_keeps_the_session(kiosk: Page):
    kiosk.evaluate("() => window.minzhengKiosk.configure({idleSeconds: 2, warnSeconds: 30})")
    kiosk.get_by_role("button", name=re.compile("^殡葬")).click()
    dialog = kiosk.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=60000)
    kiosk.get_by_role("button", name="我还在用").click()
    expect(dialog).to_be_hidden()
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-screen", "list")
    assert kiosk_state(kiosk)["resets"] == 0


def test_kiosk_without_speech_recognition_works_by_touch(kiosk_browser, app_url):
    """When the server has no model the kiosk says 语音识别暂不可用 and the tiles still work."""
    context = kiosk_browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.route("**/api/voice/status*", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body=json.dumps({"asr": {"available": False, "model": "x", "loaded": False, "grammar": False,
                                 "message": "语音识别暂不可用"},
                         "tts": {"available": True}, "kiosk": {"idle_seconds": 60, "warn_seconds": 15}})))
    page.goto(app_url + "/kiosk")
    mic = page.locator("#kiosk-mic")
    expect(mic).to_have_attribute("aria-disabled", "true", timeout=30000)
    expect(mic).to_be_hidden()  # no dead big button: touch is the way
    expect(page.get_by_text("语音识别暂不可用")).to_have_count(1)  # said once
    assert not page.evaluate("() => window.minzhengKiosk.state().listening")
    page.get_by_role("button", name=re.compile("^养老服务")).click()
    expect(page.locator("#kiosk")).to_have_attribute("data-screen", "list")
    context.close()


# ------------------------------------------------------------ the real single-port server ------
def test_websocket_passes_through_the_prod_server(app_url, mic_wav):
    """Reflex's api_transformer serves our WebSocketRoute on the same port as the pages."""
    from websockets.sync.client import connect

    pcm, rate = korean.pcm_of(mic_wav)
    with connect(app_url.replace("http://", "ws://") + "/api/voice/asr", open_timeout=20) as ws:
        ws.send(json.dumps({"type": "start", "sample_rate": rate}))
        msgs = [json.loads(ws.recv(timeout=60))]
        while msgs[-1]["type"] != "ready":
            msgs.append(json.loads(ws.recv(timeout=60)))
        for i in range(0, len(pcm), rate // 5):
            ws.send(pcm[i:i + rate // 5])
        while msgs[-1]["type"] != "final":
            msgs.append(json.loads(ws.recv(timeout=30)))
    assert msgs[-1]["text"] == SPOKEN_PHRASE  # end of speech found in the trailing silence


def test_tts_on_the_prod_server(app_url):
    import urllib.parse
    import urllib.request

    q = urllib.parse.urlencode({"text": "您好，请拨打12345。"})
    with urllib.request.urlopen(f"{app_url}/api/tts?{q}", timeout=30) as r:
        assert r.headers["Content-Type"] == "audio/wav"
        assert r.read(4) == b"RIFF"
