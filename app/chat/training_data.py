"""Derive the assistant's knowledge training data from the knowledge base (one source of truth).

``minzheng bot generate OUT`` writes, into an ignored folder:

- ``data/nlu_kb.yml``: one *retrieval intent per topic* (``kb_zlj`` …). Its examples are the
  KB's own FAQ questions, service names / aliases in a few generic question frames, topic
  keywords and policy titles. DIET learns the topic from them; the ResponseSelector learns
  which entry (FAQ, service guide or policy) answers, from the response key
  (``kb_zlj/mz_zlj_01_q3`` = 3rd FAQ of MZ-ZLJ-01, ``…_guide`` = the item's guide,
  ``pol_zlj_01`` = a policy). Service names are annotated as the ``service`` entity with the
  item code as synonym value, so the EntitySynonymMapper turns any alias into a code.
- ``data/rules_kb.yml``: one rule per topic intent → ``action_answer``.
- ``domain/kb.yml``: the retrieval intents and one response per key (the KB answer text).
- ``domain/conversation.yml``: a copy of the hand-written ``bot/domain.yml`` (so one
  ``--domain`` folder holds both halves).
- ``jieba/userdict.txt``: the KB vocabulary for the JiebaTokenizer (same words as
  ``minzheng kb userdict`` plus the annotated service phrases, so annotations align with
  tokens).

Nothing here is written by hand per question: the frames are generic and every example comes
from the KB. Output is deterministic, and files are rewritten only when their content
changes, so the training stamp (a hash of the inputs) is stable.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from app.knowledge.loader import KnowledgeBase
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


@dataclass
class Generated:
    intents: dict[str, list[str]] = field(default_factory=dict)  # retrieval intent -> "intent/key" lines
    examples: dict[str, list[str]] = field(default_factory=dict)  # "intent/key" -> examples
    responses: dict[str, str] = field(default_factory=dict)  # "intent/key" -> text
    lookup: list[str] = field(default_factory=list)
    userdict: list[str] = field(default_factory=list)


def build(kb: KnowledgeBase) -> Generated:
    g = Generated()
    phrases_all: list[str] = []
    frame_i = 0
    for topic, tf in kb.topics.items():
        intent = topic_intent(tf.abbreviation)
        g.intents[intent] = []

        def add(key: str, examples: list[str], response: str) -> None:
            full = f"{intent}/{key}"
            g.intents[intent].append(full)
            seen = g.examples.setdefault(full, [])
            for e in examples:
                if e and e not in seen:
                    seen.append(e)
            g.responses[full] = clean(response)

        for svc in tf.services:
            # A phrase two items share ("急难型临时救助") names neither: keep it for the first.
            phrases = [p for p in service_phrases(svc.name, svc.aliases) if p not in phrases_all]
            phrases_all += phrases
            ann: list[str] = []
            for p in phrases:
                tagged = f'[{p}]{{"entity": "service", "value": "{svc.code}"}}'
                ann.append(tagged)
                ann.append(GUIDE_FRAMES[frame_i % len(GUIDE_FRAMES)].format(x=tagged))
                frame_i += 1
            add(guide_key(svc.code), ann, f"{svc.name}：{svc.summary}")
            for n, faq in enumerate(svc.faqs, start=1):
                add(faq_key(svc.code, n), question_variants(faq.q), faq.a)
        # Topic-wide words people use ("八十岁", "老人钱") point to the topic's first item.
        first = tf.services[0]
        words = [clean(k).replace(" ", "") for k in tf.keywords if len(k) >= 2]
        add(guide_key(first.code), [w for w in words if w], f"{first.name}：{first.summary}")
        for pol in tf.policies:
            title = clean(pol.title).replace(" ", "")
            ex = [f.format(x=title) for f in POLICY_FRAMES]
            if pol.doc_number:
                ex.append(clean(pol.doc_number).replace(" ", ""))
            add(policy_key(pol.id), ex, f"{pol.title}（{pol.issuer}）：{pol.summary}")
    # An example may only teach one label: drop repeats across keys (first one wins).
    owner: dict[str, str] = {}
    for full, exs in g.examples.items():
        keep = []
        for e in exs:
            plain = _ANNOTATION.sub(r"\1", e)
            if plain not in owner:
                owner[plain] = full
                keep.append(e)
        g.examples[full] = keep
    g.lookup = sorted(set(phrases_all))
    g.userdict = sorted(set(user_words(kb)) | {p for p in phrases_all if 2 <= len(p) <= 16})
    return g


def _q(s: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_nlu(g: Generated) -> str:
    lines = ['version: "3.1"', "# GENERATED by `minzheng bot generate` from app/knowledge/data — do not edit.", "nlu:"]
    for full, exs in g.examples.items():
        if not exs:
            continue
        lines.append(f"- intent: {full}")
        lines.append("  examples: |")
        lines.extend(f"    - {e}" for e in exs)
    lines.append("- lookup: service")
    lines.append("  examples: |")
    lines.extend(f"    - {p}" for p in g.lookup)
    return "\n".join(lines) + "\n"


def render_domain(g: Generated) -> str:
    # Rasa also derives the retrieval intents from the NLU data and then warns about
    # "duplicated intents"; they are declared here anyway so rules can name them.
    lines = ['version: "3.1"', "# GENERATED by `minzheng bot generate` from app/knowledge/data — do not edit.", "intents:"]
    lines.extend(f"  - {i}" for i in g.intents)
    lines.append("responses:")
    for full in sorted(g.responses):
        if not g.examples.get(full):
            continue
        lines.append(f"  utter_{full}:")
        lines.append(f"    - text: {_q(g.responses[full])}")
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


def generate(kb: KnowledgeBase, out: Path, conversation_domain: Path | None = None) -> dict:
    """Write the generated files into ``out``; returns counts (and which files changed)."""
    g = build(kb)
    changed = []
    files = {
        out / "data" / "nlu_kb.yml": render_nlu(g),
        out / "data" / "rules_kb.yml": render_rules(g),
        out / "domain" / "kb.yml": render_domain(g),
        out / "jieba" / "userdict.txt": "".join(f"{w} 200000\n" for w in g.userdict),
    }
    if conversation_domain is not None:
        files[out / "domain" / "conversation.yml"] = conversation_domain.read_text(encoding="utf-8")
    for path, text in files.items():
        if _write(path, text):
            changed.append(str(path.relative_to(out)))
    # Anything else in the generated folders is stale output of an older generator.
    for sub in ("data", "domain", "jieba"):
        for p in (out / sub).iterdir():
            if p not in files:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    n_examples = sum(len(v) for v in g.examples.values())
    return {"intents": len(g.intents), "responses": sum(1 for k in g.responses if g.examples.get(k)),
            "examples": n_examples, "lookup": len(g.lookup), "userdict": len(g.userdict),
            "kb_hash": kb.content_hash, "changed": changed}
