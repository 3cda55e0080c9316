"""The assistant in the web app: the chat state, its components, and the launcher for every page.

Accessibility carried by the components:
- the message list is a ``role="log"`` live region (polite; new messages are announced);
- the input has a visible label; sending works with Enter or the 发送 button; every control
  is a real button or link (keyboard and screen-reader usable);
- each assistant reply has a 朗读 button (the browser's speechSynthesis, zh-CN);
- suggested questions (你可能想问) are large chips; targets ≥ 44 px, ≥ 60 px in 长辈版;
- the assistant says it is an assistant, and every answer shows its sources as links.
The state calls the same :class:`app.chat.service.ChatService` as ``POST /api/chat``; the
chat session id stays on the server (a backend-only var), never in the browser.
"""

from __future__ import annotations

import dataclasses
import json

import reflex as rx

from app.chat import text as chat_text
from app.chat.service import get_chat_service
from app.core import urls

INTRO = ("您好！我是民政一键通智能助手（不是真人）。您可以直接问政策、找服务、问办事问题，"
         "我的回答都会注明出处；需要真人帮忙时，点“转人工”。")
LOG_LABEL = "对话记录"
INPUT_LABEL = "输入您的问题"
INPUT_PLACEHOLDER = "例如：我妈80岁了，尊老金怎么领？"
SEND = "发送"
THINKING = "智能助手正在查找答案…"
SUGGEST_TITLE = "你可能想问"
READ_ALOUD = "朗读"
READ_ALOUD_LABEL = "朗读这条回答"
SOURCES = "来源："
YOU = "我："
BOT = "智能助手："
LAUNCHER = "问智能助手"
LAUNCHER_HINT = "有问题，问我"
DEGRADED_NOTE = "智能助手还没有完全准备好，这条回答直接来自民政知识库"
FAILED = f"抱歉，刚才没能回答。请再试一次，或拨打 {chat_text.HOTLINE} 政务服务便民热线。"
#: Starter questions: plain, high-frequency, one per common need.
STARTERS = ("尊老金怎么领？", "低保申请需要什么条件？", "结婚登记要带什么材料？", "家里老人去世了，丧葬费能减免吗？",
            "残疾人两项补贴怎么申请？", "我能领尊老金吗？")


#: Bounds on what one chat page keeps (issue 12: the state grew without limit).
MAX_MESSAGES = 60
MAX_TEXT = 2000

@dataclasses.dataclass
class SourceView:
    title: str = ""
    url: str = ""
    topic: str = ""


@dataclasses.dataclass
class ButtonView:
    title: str = ""
    payload: str = ""
    url: str = ""


@dataclasses.dataclass
class MessageView:
    id: int = 0
    role: str = "bot"  # "bot" | "user"
    text: str = ""
    sources: list[SourceView] = dataclasses.field(default_factory=list)
    buttons: list[ButtonView] = dataclasses.field(default_factory=list)
    degraded: bool = False


def _follow_ups(reply: dict) -> list[str]:
    """Other questions of the item just answered (from the knowledge base), as suggestions."""
    entry = reply.get("entry") or {}
    code = entry.get("code")
    if not code:
        return []
    from app.search.engine import get_engine

    svc = get_engine().kb.services.get(code)
    if svc is None:
        return []
    answered = entry.get("n")
    return [f.q for n, f in enumerate(svc.faqs, start=1) if n != answered][:3]


class ChatState(rx.State):
    messages: list[MessageView] = [MessageView(0, "bot", INTRO)]
    suggestions: list[str] = list(STARTERS[:4])
    pending: bool = False
    #: The server's chat session id (backend-only: never sent to or accepted from the browser).
    _session: str = ""
    _next_id: int = 1

    def _add(self, role: str, text: str, sources=(), buttons=(), degraded: bool = False) -> None:
        if len(self.messages) >= MAX_MESSAGES:  # bounded state: the oldest turns scroll away
            self.messages = self.messages[-(MAX_MESSAGES - 1):]
        self.messages.append(MessageView(
            self._next_id, role, str(text)[:MAX_TEXT],
            [SourceView(s.get("title", ""), s.get("url", ""), s.get("topic") or "") for s in sources],
            [ButtonView(b.get("title", ""), b.get("payload", ""), b.get("url", "")) for b in buttons],
            degraded,
        ))
        self._next_id += 1

    def _person_id(self) -> int | None:
        try:
            from app.ui.session import current_actor

            actor = current_actor(self)
        except Exception:  # noqa: BLE001 - anonymous when identity is not available
            return None
        return actor.person_id if actor else None

    async def _turn(self, shown: str, sent: str):
        from app.ui.city_components import remembered_city

        shown, sent = shown.strip(), sent.strip()
        if not sent:
            return
        self._add("user", shown or sent)
        self.pending = True
        yield
        try:
            result = await get_chat_service().handle(self._session or None, sent, channel="web",
                                                     person_id=self._person_id(), city=remembered_city(self))
        except Exception:  # noqa: BLE001 - the page must never hang on "正在查找"
            self._add("bot", FAILED, buttons=[{"title": chat_text.CALL_HOTLINE, "url": chat_text.HOTLINE_URL}])
            self.pending = False
            return
        self._session = result["session"]
        follow: list[str] = []
        for r in result["replies"]:
            self._add("bot", r.get("text", ""), r.get("sources") or [], r.get("buttons") or [],
                      bool(r.get("degraded")))
            follow = follow or _follow_ups(r)
        if follow:
            self.suggestions = follow
        self.pending = False
        yield rx.call_script(
            "setTimeout(()=>{const l=document.getElementById('chat-log');"
            "if(l&&l.lastElementChild){l.lastElementChild.scrollIntoView({block:'nearest'});}},50)")

    @rx.event
    async def send(self, form_data: dict):
        text = str(form_data.get("message", ""))
        async for update in self._turn(text, text):
            yield update

    @rx.event
    async def ask(self, question: str):
        async for update in self._turn(question, question):
            yield update

    @rx.event
    async def press(self, title: str, payload: str):
        async for update in self._turn(title, payload):
            yield update

    @rx.event
    def speak(self, message_id: int):
        msg = next((m for m in self.messages if m.id == message_id), None)
        if msg is None:
            return None
        said = msg.text + ("。" + SOURCES + "、".join(s.title for s in msg.sources) if msg.sources else "")
        return rx.call_script(
            "(()=>{if(!('speechSynthesis' in window))return;window.speechSynthesis.cancel();"
            f"const u=new SpeechSynthesisUtterance({json.dumps(said, ensure_ascii=False)});"
            "u.lang='zh-CN';window.speechSynthesis.speak(u);})()")

    @rx.event
    async def load(self):
        """/chat?q=… asks the question right away (used by links and the launcher)."""
        q = self.router.url.query_parameters.get("q", "")
        if q and len(self.messages) <= 1:
            async for update in self._turn(str(q), str(q)):
                yield update


# ---------------------------------------------------------------------------------- components
def _source(s: SourceView) -> rx.Component:
    return rx.el.li(rx.el.a(s.title, href=s.url, class_name="chat-source-link"),
                    rx.cond(s.topic != "", rx.el.span(s.topic, class_name="chat-topic")))


def _reply_button(b: ButtonView) -> rx.Component:
    return rx.cond(
        b.url != "",
        rx.el.a(b.title, href=b.url, class_name="button button-secondary chat-action"),
        rx.el.button(b.title, type="button", on_click=ChatState.press(b.title, b.payload),
                     class_name="button button-secondary chat-action"),
    )


def _message(m: MessageView) -> rx.Component:
    return rx.cond(
        m.role == "user",
        rx.el.div(
            rx.el.span(YOU, class_name="visually-hidden"),
            rx.el.p(m.text, class_name="chat-text"),
            class_name="chat-msg chat-msg-user",
        ),
        rx.el.div(
            rx.el.span(BOT, class_name="visually-hidden"),
            rx.cond(m.degraded, rx.el.p(DEGRADED_NOTE, class_name="chat-note")),
            rx.el.p(m.text, class_name="chat-text"),
            rx.cond(
                m.sources.length() > 0,
                rx.el.div(
                    rx.el.p(SOURCES, class_name="chat-sources-title"),
                    rx.el.ul(rx.foreach(m.sources, _source), class_name="chat-sources"),
                ),
            ),
            rx.el.div(
                rx.foreach(m.buttons, _reply_button),
                rx.el.button(READ_ALOUD, type="button", aria_label=READ_ALOUD_LABEL,
                             on_click=ChatState.speak(m.id), class_name="button button-secondary chat-speak"),
                class_name="chat-actions",
            ),
            class_name="chat-msg chat-msg-bot",
        ),
    )


def chat_log() -> rx.Component:
    return rx.el.div(
        rx.foreach(ChatState.messages, _message),
        id="chat-log",
        role="log",
        aria_live="polite",
        aria_label=LOG_LABEL,
        tab_index=0,
        class_name="chat-log",
    )


def _chip(q: str) -> rx.Component:
    return rx.el.li(rx.el.button(q, type="button", on_click=ChatState.ask(q), class_name="chat-chip"))


def suggestions() -> rx.Component:
    return rx.el.section(
        rx.el.h2(SUGGEST_TITLE, id="chat-suggest-title", class_name="chat-suggest-title"),
        rx.el.ul(rx.foreach(ChatState.suggestions, _chip), class_name="chat-chips"),
        aria_labelledby="chat-suggest-title",
        class_name="chat-suggest",
    )


def chat_form() -> rx.Component:
    return rx.el.form(
        rx.el.label(INPUT_LABEL, html_for="chat-input", class_name="chat-label"),
        rx.el.div(
            rx.el.input(id="chat-input", name="message", type="text", placeholder=INPUT_PLACEHOLDER,
                        auto_complete="off", enter_key_hint="send", max_length=500, class_name="chat-input"),
            rx.el.button(SEND, type="submit", class_name="button chat-send", disabled=ChatState.pending),
            class_name="chat-row",
        ),
        on_submit=ChatState.send,
        reset_on_submit=True,
        class_name="chat-form",
    )


def pending_status() -> rx.Component:
    # Always present (empty when idle), so screen readers hear the change.
    return rx.el.p(rx.cond(ChatState.pending, THINKING, ""), role="status", class_name="chat-status")


def chat_panel() -> rx.Component:
    return rx.el.div(chat_log(), pending_status(), chat_form(), suggestions(), class_name="chat-panel")


def chat_launcher() -> rx.Component:
    """A link to the assistant for every page (bottom right, out of the way of content)."""
    return rx.el.aside(
        rx.el.a(
            rx.el.span(LAUNCHER, class_name="chat-launcher-label"),
            rx.el.span(LAUNCHER_HINT, class_name="chat-launcher-hint"),
            href=urls.CHAT,
            class_name="chat-launcher",
        ),
        aria_label="智能助手入口",
        class_name="chat-launcher-wrap",
    )
