"""Derive the assistant's knowledge training data from the knowledge base (one source of truth).

``minzheng bot generate OUT`` writes, into an ignored folder:

- ``data/nlu_kb.yml``: one intent per topic (``kb_zlj`` …). Its examples are the KB's own FAQ
  questions, service names / aliases in a few generic question frames, topic keywords and
  policy titles. DIET learns the topic from them — only to route a knowledge question to
  ``action_answer``: *which* answer fits is the app's answer engine's choice (``POST
  /api/answer``), so no ResponseSelector and no answer texts are trained any more. Service
  names are annotated as the ``service`` entity (value: the item code). What the conversation
  carries to the next turn is tagged too: ``city`` (Jiangsu's 13 设区市, from the KB schema,
  value: the full name), ``age`` (regexes) and ``for_whom`` (relation words), with lookup
  tables the RegexEntityExtractor reads, so a city said in one turn is known in the next.
- ``data/rules_kb.yml``: one rule per topic intent → ``action_answer``.
- ``domain/kb.yml``: the topic intents.
- ``domain/conversation.yml``: the hand-written ``bot/domain.yml`` (so one ``--domain`` folder
  holds both halves), with the hotline filled in: its fixed responses write
  ``app.core.config.HOTLINE_MARK`` where they name it, and Rasa trains on the number of
  ``Settings.hotline`` (a new ``HOTLINE`` changes the generated file, so the model is retrained).
- ``jieba/userdict.txt``: the KB vocabulary for the JiebaTokenizer (same words as
  ``minzheng kb userdict`` plus the annotated phrases, so annotations align with tokens).

Nothing here is written by hand per question: the frames are generic and every example comes
from the KB. Output is deterministic, and files are rewritten only when their content
changes, so the training stamp (a hash of the inputs) is stable.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from app.core.config import with_hotline
from app.knowledge.loader import KnowledgeBase
from app.knowledge.schema import CITIES
from app.search.engine import user_words

#: Generic question frames for naming a service (no per-question rules).
GUIDE_FRAMES: tuple[str, ...] = (
    "{x}怎么办理",
    "{x}需要什么材料",
    "{x}的条件是什么",
    "在哪里办{x}",
    "{x}要多长时间",
    "我想办{x}",
    "{x}怎么申请",
    "{x}的流程",
)
POLICY_FRAMES: tuple[str, ...] = ("{x}", "{x}是什么内容", "{x}规定了什么")
#: Frames that put a place, an age or a person next to a service name (the context a later turn
#: needs). ``{c}`` city, ``{a}`` age, ``{w}`` for whom, ``{x}`` a service phrase.
CONTEXT_FRAMES: tuple[str, ...] = (
    "{c}的{x}怎么办",
    "户口在{c}，{x}去哪里办",
    "{w}{a}了，{x}能领多少",
    "我在{c}，{w}想办{x}",
    "{w}今年{a}，在{c}，{x}有吗",
    "{c}{x}要什么材料",
)
#: Words people use for whom they ask (a generic vocabulary, not any question's).
RELATIONS: tuple[str, ...] = ("我妈", "我爸", "妈妈", "爸爸", "母亲", "父亲", "老人", "老伴", "爷爷", "奶奶",
                              "外公", "外婆", "孩子", "儿子", "女儿", "我自己", "本人", "家里老人", "婆婆", "公公")
#: Ages as people write them: digits or Chinese numerals, with 岁/周岁.
AGE_REGEXES: tuple[str, ...] = (r"\d{1,3}\s?周?岁", r"[零一二两三四五六七八九十百]{1,5}周?岁")
AGE_SAMPLES: tuple[str, ...] = ("81岁", "八十五岁", "92周岁", "七十九岁", "100岁", "六十岁")

_ANNOTATION = re.compile(r"\[([^\]]+)\]\{[^}]*\}")
_PAREN = re.compile(r"[（(]([^）)]*)[）)]")
_SPLIT = re.compile(r"[，,。！!？?；;、\s]+")
# Characters with a meaning in Rasa's YAML example / response syntax.
_UNSAFE = str.maketrans({"[": "【", "]": "】", "(": "（", ")": "）", "{": "｛", "}": "｝",
                          "\n": " ", "\\": "＼", '"': "“"})


def topic_intent(abbreviation: str) -> str:
    """``ZLJ`` → ``kb_zlj`` (the retrieval intent of a topic)."""
    return f"kb_{abbreviation.lower()}"


def code_key(code: str) -> str:
    """``MZ-ZLJ-01`` → ``mz_zlj_01`` (reversible: upper-case and ``_`` → ``-``)."""
    return code.lower().replace("-", "_")


def faq_key(code: str, n: int) -> str:
    return f"{code_key(code)}_q{n}"


def guide_key(code: str) -> str:
    return f"{code_key(code)}_guide"


def policy_key(policy_id: str) -> str:
    return code_key(policy_id)


def clean(text: str) -> str:
    return " ".join(text.translate(_UNSAFE).split()).strip()


def service_phrases(name: str, aliases: list[str]) -> list[str]:
    """Ways people name a service: the name without its bracketed part, the bracketed part
    when it is a name itself, and the aliases (deduplicated, in a stable order)."""
    out: list[str] = []
    bare = clean(_PAREN.sub("", name))
    inner = [clean(m) for m in _PAREN.findall(name)]
    for p in [bare, *[i for i in inner if "、" not in i and "/" not in i], *map(clean, aliases)]:
        p = p.replace(" ", "")
        if 2 <= len(p) <= 16 and p not in out:
            out.append(p)
    return out


def question_variants(q: str) -> list[str]:
    """The FAQ question, and its longest clause when it has several (people ask shorter)."""
    q = clean(q).replace(" ", "")
    out = [q]
    clauses = [c for c in _SPLIT.split(q) if len(c) >= 4]
    if len(clauses) > 1:
        longest = max(clauses, key=len)
        if longest not in out:
            out.append(longest)
    return out


def city_names() -> dict[str, str]:
    """How people name each 设区市 → its full name: 苏州市 and 苏州 → 苏州市."""
    out: dict[str, str] = {}
    for full in CITIES:
        out[full] = full
        bare = full[:-1] if full.endswith("市") else full
        if len(bare) >= 2:
            out[bare] = full
    return out


def tag(text: str, entity: str, value: str | None = None) -> str:
    meta = f'"entity": "{entity}"' + (f', "value": "{value}"' if value and value != text else "")
    return f"[{text}]{{{meta}}}"


@dataclass
class Generated:
    intents: dict[str, list[str]] = field(default_factory=dict)  # topic intent -> sources of its examples
    examples: dict[str, list[str]] = field(default_factory=dict)  # topic intent -> examples
    lookup: list[str] = field(default_factory=list)
    cities: dict[str, str] = field(default_factory=dict)
    userdict: list[str] = field(default_factory=list)


def build(kb: KnowledgeBase) -> Generated:
    g = Generated(cities=city_names())
    phrases_all: list[str] = []
    owner: dict[str, str] = {}  # an example may only teach one topic (first one wins)
    frame_i = ctx_i = 0
    city_forms = list(g.cities)
    for tf in kb.topics.values():
        intent = topic_intent(tf.abbreviation)
        g.intents[intent] = []
        examples = g.examples.setdefault(intent, [])

        def add(origin: str, new: list[str], intent: str = intent, examples: list[str] = examples) -> None:
            g.intents[intent].append(origin)
            for e in new:
                plain = _ANNOTATION.sub(r"\1", e)
                if e and plain not in owner:
                    owner[plain] = intent
                    examples.append(e)

        for svc in tf.services:
            # A phrase two items share ("急难型临时救助") names neither: keep it for the first.
            phrases = [p for p in service_phrases(svc.name, svc.aliases) if p not in phrases_all]
            phrases_all += phrases
            ann: list[str] = []
            for p in phrases:
                tagged = tag(p, "service", svc.code)
                ann.append(tagged)
                ann.append(GUIDE_FRAMES[frame_i % len(GUIDE_FRAMES)].format(x=tagged))
                frame_i += 1
            if phrases:  # the first name in a context frame: city, age, for whom next to it
                frame = CONTEXT_FRAMES[ctx_i % len(CONTEXT_FRAMES)]
                c = city_forms[ctx_i % len(city_forms)]
                ann.append(frame.format(
                    x=tag(phrases[0], "service", svc.code), c=tag(c, "city", g.cities[c]),
                    a=tag(AGE_SAMPLES[ctx_i % len(AGE_SAMPLES)], "age"),
                    w=tag(RELATIONS[ctx_i % len(RELATIONS)], "for_whom")))
                ctx_i += 1
            add(guide_key(svc.code), ann)
            for n, faq in enumerate(svc.faqs, start=1):
                add(faq_key(svc.code, n), question_variants(faq.q))
        # Topic-wide words people use ("八十岁", "老人钱").
        add("keywords", [w for w in (clean(k).replace(" ", "") for k in tf.keywords if len(k) >= 2) if w])
        for pol in tf.policies:
            title = clean(pol.title).replace(" ", "")
            ex = [f.format(x=title) for f in POLICY_FRAMES]
            if pol.doc_number:
                ex.append(clean(pol.doc_number).replace(" ", ""))
            add(policy_key(pol.id), ex)
    g.lookup = sorted(set(phrases_all))
    g.userdict = sorted(set(user_words(kb)) | {p for p in phrases_all if 2 <= len(p) <= 16}
                        | set(g.cities) | set(RELATIONS))
    return g


def _q(s: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_nlu(g: Generated) -> str:
    lines = ['version: "3.1"', "# GENERATED by `minzheng bot generate` from app/knowledge/data — do not edit.", "nlu:"]
    for intent, exs in g.examples.items():
        if not exs:
            continue
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {e}" for e in exs)

    def block(kind: str, name: str, items: list[str]) -> None:
        lines.append(f"- {kind}: {name}")
        lines.append("  examples: |")
        lines.extend(f"    - {i}" for i in items)

    block("lookup", "service", g.lookup)
    block("lookup", "city", sorted(g.cities))
    block("lookup", "for_whom", list(RELATIONS))
    block("regex", "age", list(AGE_REGEXES))
    for full in sorted(set(g.cities.values())):
        block("synonym", full, sorted(k for k, v in g.cities.items() if v == full and k != full))
    return "\n".join(lines) + "\n"


def render_domain(g: Generated) -> str:
    # Rasa also derives the intents from the NLU data; they are declared here so rules can name them.
    lines = ['version: "3.1"', "# GENERATED by `minzheng bot generate` from app/knowledge/data — do not edit.", "intents:"]
    lines.extend(f"  - {i}" for i in g.intents)
    return "\n".join(lines) + "\n"


def render_rules(g: Generated) -> str:
    lines = ['version: "3.1"', "# GENERATED by `minzheng bot generate` from app/knowledge/data — do not edit.",
             "# Every knowledge question is answered by action_answer, which cites its source.", "rules:"]
    for intent in g.intents:
        lines += [f"- rule: answer a {intent} question", "  steps:", f"  - intent: {intent}",
                  "  - action: action_answer"]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def generate(kb: KnowledgeBase, out: Path, conversation_domain: Path | None = None,
             hotline: str | None = None) -> dict:
    """Write the generated files into ``out``; returns counts (and which files changed).
    ``hotline``: the number the fixed responses name (default ``Settings.hotline``)."""
    g = build(kb)
    changed = []
    files = {
        out / "data" / "nlu_kb.yml": render_nlu(g),
        out / "data" / "rules_kb.yml": render_rules(g),
        out / "domain" / "kb.yml": render_domain(g),
        out / "jieba" / "userdict.txt": "".join(f"{w} 200000\n" for w in g.userdict),
    }
    if conversation_domain is not None:
        files[out / "domain" / "conversation.yml"] = with_hotline(conversation_domain.read_text(encoding="utf-8"),
                                                                  hotline)
    for path, text in files.items():
        if _write(path, text):
            changed.append(str(path.relative_to(out)))
    # Anything else in the generated folders is stale output of an older generator.
    for sub in ("data", "domain", "jieba"):
        for p in (out / sub).iterdir():
            if p not in files:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    n_examples = sum(len(v) for v in g.examples.values())
    return {"intents": len(g.intents), "examples": n_examples, "lookup": len(g.lookup),
            "cities": len(g.cities), "userdict": len(g.userdict),
            "kb_hash": kb.content_hash, "changed": changed}
