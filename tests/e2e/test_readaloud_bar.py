"""内容朗读: the bar on every page reads <main> (not menus) sentence by sentence, highlights the
sentence being read, pauses, resumes and stops; speechSynthesis with a Chinese voice when there
is one, otherwise WAV from /api/tts (POST), with a visible Chinese message when that fails."""

from __future__ import annotations

import io
import json
import math
import struct
import urllib.error
import urllib.request
import wave

import pytest
from playwright.sync_api import Page, expect

from accessibility.browsing import settle

pytestmark = pytest.mark.e2e
GUIDE = "/services/MZ-ZLJ-01"

# A speechSynthesis stand-in with one zh-CN voice. Each utterance keeps "speaking" until the test
# calls window.__endUtterance(), so the test can look at the page while a sentence is read.
FAKE_SPEECH = """
(() => {
  window.__spoken = [];
  let current = null;
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices() { return [{name: '测试普通话', lang: 'zh-CN', localService: true, default: true, voiceURI: 'zh'}]; },
    speak(u) { window.__spoken.push(u.text); window.__lastUtterance = {lang: u.lang, rate: u.rate,
               voice: u.voice && u.voice.lang}; current = u; this.speaking = true; },
    cancel() { const u = current; current = null; this.speaking = false;
               if (u && u.onerror) u.onerror({error: 'interrupted'}); },
    pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
  };
  window.__endUtterance = () => { const u = current; current = null; synth.speaking = false; if (u && u.onend) u.onend({}); };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.rate = 1; this.voice = null; };
})();
"""

NO_VOICES = """Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  getVoices() { return []; }, speak() {}, cancel() {}, pause() {}, resume() {},
  addEventListener() {}, removeEventListener() {}}});"""


def _wav(seconds: float = 0.3, rate: int = 16000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / rate)))
                               for i in range(int(seconds * rate))))
    return buf.getvalue()


def _highlighted(page: Page) -> str:
    return page.evaluate("""() => { const h = CSS.highlights.get('mz-readaloud');
        return h ? [...h].map(r => r.toString()).join('').replace(/\\s+/g, ' ').trim() : ''; }""")


def _bar(page: Page):
    return page.locator("header").get_by_role("group", name="内容朗读")


def _open_guide(page: Page, base_url: str) -> None:
    page.goto(base_url + GUIDE)
    settle(page, "article.guide h1")


def test_bar_on_every_page(page: Page, base_url: str):
    for path in ("/", "/search?q=尊老金", GUIDE, "/offline.html"):
        page.goto(base_url + path)
        bar = page.get_by_role("group", name="内容朗读")
        expect(bar.get_by_role("button", name="朗读本页")).to_be_visible()
        expect(bar.get_by_role("status")).to_be_attached()
        expect(bar.get_by_role("button", name="停止朗读")).to_be_hidden()


def test_reads_main_content_in_order_not_menus(page: Page, base_url: str):
    _open_guide(page, base_url)
    sentences = page.evaluate("window.mzReadAloud.build()")
    assert sentences, "nothing to read"
    text = "\n".join(sentences)
    h1 = page.locator("main h1").inner_text().strip()
    assert h1 in sentences
    for chrome in ("我的办件", "标准版", "长辈版", "朗读本页", "需要帮助？", "跳到主要内容"):
        assert chrome not in sentences, f"{chrome} is page chrome, not content"
    # reading order = document order
    assert text.index(h1) < text.index("谁可以申请") < text.index("要准备的材料") < text.index("办理流程")
    # closed FAQ answers are not read, their questions are
    first_q = page.locator("main details.faq summary").first.inner_text().strip()
    first_a = page.locator("main details.faq p").first.text_content().strip()
    assert any(s.startswith(first_q[:10]) for s in sentences)
    assert not any(first_a[:12] in s for s in sentences)


def test_speech_synthesis_reads_highlights_pauses_resumes_stops(page: Page, base_url: str):
    page.add_init_script(FAKE_SPEECH)
    _open_guide(page, base_url)
    bar = _bar(page)
    bar.get_by_role("button", name="朗读本页").click()
    page.wait_for_function("window.__spoken.length === 1")
    assert page.evaluate("window.mzReadAloud.engine()") == "speech"
    assert page.evaluate("window.__lastUtterance") == {"lang": "zh-CN", "rate": 1, "voice": "zh-CN"}
    sentences = page.evaluate("window.mzReadAloud.sentences()")
    first = page.evaluate("window.__spoken[0]")
    assert first == sentences[0]
    assert _highlighted(page) == sentences[0]
    expect(bar.locator("[data-readaloud-now]")).to_have_text(sentences[0])
    expect(bar.get_by_role("status")).to_contain_text("开始朗读")
    expect(bar.get_by_role("button", name="暂停朗读")).to_be_visible()
    expect(bar.get_by_role("button", name="停止朗读")).to_be_visible()

    page.evaluate("window.__endUtterance()")
    page.wait_for_function("window.__spoken.length === 2")
    assert _highlighted(page) == sentences[1]

    bar.get_by_role("button", name="暂停朗读").click()
    expect(bar.get_by_role("status")).to_contain_text("已暂停")
    expect(bar.get_by_role("button", name="继续朗读")).to_be_visible()
    expect(bar.get_by_role("button", name="暂停朗读")).to_be_hidden()
    expect(bar.get_by_role("button", name="继续朗读")).to_be_focused()
    bar.get_by_role("button", name="继续朗读").click()
    page.wait_for_function("window.__spoken.length === 3")
    assert page.evaluate("window.__spoken[2]") == sentences[1]      # the paused sentence again

    bar.get_by_role("button", name="停止朗读").click()
    expect(bar.get_by_role("status")).to_have_text("已停止朗读。")
    assert _highlighted(page) == ""
    expect(bar.get_by_role("button", name="停止朗读")).to_be_hidden()
    page.evaluate("window.__endUtterance()")                         # a late end changes nothing
    page.wait_for_timeout(200)
    assert page.evaluate("window.__spoken.length") == 3


def test_elder_mode_reads_slower(page: Page, base_url: str):
    page.add_init_script(FAKE_SPEECH)
    page.goto(base_url + GUIDE + "?mode=elder")
    settle(page, "article.guide h1")
    _bar(page).get_by_role("button", name="朗读本页").click()
    page.wait_for_function("window.__spoken.length === 1")
    assert page.evaluate("window.__lastUtterance.rate") < 1


def test_phone_numbers_are_read_digit_by_digit(page: Page, base_url: str):
    page.goto(base_url + "/")
    say = lambda s: page.evaluate("(s) => window.mzReadAloud.speakable(s)", s)  # noqa: E731
    assert say("拨打 12345 咨询") == "拨打 一二三四五 咨询"
    assert say("咨询电话：025-83456789。") == "咨询电话：零二五八三四五六七八九。"
    assert say("手机13912345678") == "手机一三九一二三四五六七八"
    assert say("每月不低于300元，2024年1月起") == "每月不低于300元，2024年1月起"   # amounts and dates untouched


def test_server_audio_when_there_is_no_chinese_voice(page: Page, base_url: str):
    page.add_init_script(NO_VOICES)
    asked: list[str] = []

    def tts(route):
        assert route.request.method == "POST" and "?" not in route.request.url  # no text in URLs / logs
        asked.append(json.loads(route.request.post_data)["text"])
        route.fulfill(status=200, body=_wav(), headers={"Content-Type": "audio/wav"})

    page.route("**/api/tts", tts)
    _open_guide(page, base_url)
    bar = _bar(page)
    bar.get_by_role("button", name="朗读本页").click()
    page.wait_for_function("window.mzReadAloud.engine() === 'server' && window.mzReadAloud.index() >= 1",
                           timeout=15000)
    sentences = page.evaluate("window.mzReadAloud.sentences()")
    assert asked[:2] == sentences[:2]                     # one request per sentence, in order
    assert _highlighted(page) in sentences[1:4]
    bar.get_by_role("button", name="暂停朗读").click()
    expect(bar.get_by_role("status")).to_contain_text("已暂停")
    assert page.evaluate("window.mzReadAloud.state()") == "paused"
    bar.get_by_role("button", name="继续朗读").click()
    assert page.evaluate("window.mzReadAloud.state()") == "playing"
    bar.get_by_role("button", name="停止朗读").click()
    assert page.evaluate("window.mzReadAloud.state()") == "idle"


@pytest.mark.parametrize("status,message", [(404, "朗读服务暂未开通"), (503, "朗读服务暂时不可用"),
                                            (500, "朗读服务出错了")])
def test_server_errors_are_shown_in_chinese(page: Page, base_url: str, status: int, message: str):
    page.add_init_script(NO_VOICES)
    page.route("**/api/tts", lambda route: route.fulfill(status=status, body="{}",
                                                          headers={"Content-Type": "application/json"}))
    _open_guide(page, base_url)
    bar = _bar(page)
    bar.get_by_role("button", name="朗读本页").click()
    expect(bar.get_by_role("status")).to_contain_text(message)
    expect(bar.get_by_role("status")).to_be_visible()
    assert page.evaluate("window.mzReadAloud.state()") == "idle"
    expect(bar.get_by_role("button", name="朗读本页")).to_be_visible()


def test_reading_stops_when_the_page_changes(page: Page, base_url: str):
    page.add_init_script(FAKE_SPEECH)
    page.goto(base_url + "/")
    settle(page)
    _bar(page).get_by_role("button", name="朗读本页").click()
    page.wait_for_function("window.__spoken.length === 1")
    page.locator("main a[href^='/services/']").first.click()
    page.wait_for_url("**/services/**")
    page.wait_for_function("window.mzReadAloud.state() === 'idle'")
    assert _highlighted(page) == ""


def _server_tts_available(base_url: str) -> bool:
    req = urllib.request.Request(base_url + "/api/tts", data=json.dumps({"text": "你好"}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status == 200 and "audio" in r.headers.get("Content-Type", "")
    except (urllib.error.URLError, OSError):
        return False


def test_real_server_tts_plays(page: Page, base_url: str):
    """Against the real /api/tts (app/api/routes/tts.py, pyttsx3 + espeak-ng), when it is there."""
    if not _server_tts_available(base_url):
        pytest.skip("/api/tts is not available in this build")
    page.add_init_script(NO_VOICES)
    page.goto(base_url + "/offline.html")   # a short, static page
    settle(page)
    _bar(page).get_by_role("button", name="朗读本页").click()
    page.wait_for_function("window.mzReadAloud.index() >= 1 || window.mzReadAloud.state() === 'idle'",
                           timeout=30000)
    status = _bar(page).get_by_role("status").inner_text()
    assert "出错" not in status and "未开通" not in status and "不可用" not in status, status
    assert page.evaluate("window.mzReadAloud.engine()") == "server"


def test_guide_reads_the_short_answer_first_and_one_section_alone(page: Page, base_url: str):
    page.add_init_script(FAKE_SPEECH)
    _open_guide(page, base_url)
    sentences = page.evaluate("window.mzReadAloud.build()")
    text = "\n".join(sentences)
    assert text.index("先看这里") < text.index("谁能领") < text.index("带什么") < text.index("谁可以申请")
    assert sentences[0] == page.locator("main h1").inner_text().strip()  # no tag, no city exceptions first
    # 朗读这一段: only that section
    page.locator("#materials").get_by_role("button", name="朗读这一段").click()
    page.wait_for_function("window.__spoken.length === 1")
    only = page.evaluate("window.mzReadAloud.sentences()")
    assert only[0] == "要准备的材料" and all("办理流程" not in s for s in only)
    assert len(only) < len(sentences) / 3


def test_unreachable_speech_service_is_not_called_offline(page: Page, base_url: str):
    """Online, but /api/tts cannot be reached: the speech service is down, not the network."""
    page.add_init_script(NO_VOICES)
    page.route("**/api/tts", lambda route: route.abort("connectionrefused"))
    _open_guide(page, base_url)
    bar = _bar(page)
    bar.get_by_role("button", name="朗读本页").click()
    expect(bar.get_by_role("status")).to_contain_text("朗读服务暂时不可用")
    assert "网络没有连接" not in bar.get_by_role("status").inner_text()
