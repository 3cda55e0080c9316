"""Load and check the knowledge-base files.

``load_kb`` returns a validated, cross-linked :class:`KnowledgeBase` or raises
:class:`KnowledgeBaseError` listing every problem with its file and entry, so an editor can
fix them all in one pass (``minzheng kb check`` prints them).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.core.config import get_settings
from app.knowledge.schema import (
    CITIES,
    SERVICE_CODE,
    TOPICS,
    Bundle,
    BundleFile,
    LocalFact,
    Policy,
    ServiceItem,
    SynonymFile,
    TopicFile,
)

MIN_FAQS_PER_SERVICE = 6

#: Per-city facts live in their own folder (``local/<topic abbreviation>.yaml``), apart from the
#: topic files, so the people who research local figures and the people who edit the provincial
#: items never edit the same file.
LOCAL_DIR = "local"


class LocalFactEntry(LocalFact):
    """One entry of a ``local/*.yaml`` file: a :class:`LocalFact` plus the item it belongs to.

    The service code is only needed in the file (on the item, ``ServiceItem.local`` already says
    which item), so it is stripped before the fact is attached.
    """

    service: str


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} :: {self.entry} :: {self.message}"


class KnowledgeBaseError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"知识库有 {len(problems)} 处问题:\n" + "\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class FaqEntry:
    """A FAQ with the item it belongs to (the id is stable: item code + position)."""

    id: str
    service_code: str
    topic: str
    q: str
    a: str
    scope: str = "jiangsu"  # national: holds in every province (see schema.FAQ.scope)


@dataclass
class KnowledgeBase:
    topics: dict[str, TopicFile] = field(default_factory=dict)
    topic_files: dict[str, str] = field(default_factory=dict)  # topic -> file name
    services: dict[str, ServiceItem] = field(default_factory=dict)
    service_topic: dict[str, str] = field(default_factory=dict)
    faqs: list[FaqEntry] = field(default_factory=list)
    policies: dict[str, tuple[Policy, str]] = field(default_factory=dict)  # id -> (policy, topic)
    bundles: dict[str, Bundle] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)
    content_hash: str = ""

    def stats(self) -> dict:
        local_per_service = {c: len(s.local) for c, s in self.services.items() if s.local}
        per_topic = {
            t: {
                "services": sum(1 for c in self.services if self.service_topic[c] == t),
                "faqs": sum(1 for f in self.faqs if f.topic == t),
                "policies": sum(1 for _, pt in self.policies.values() if pt == t),
                "local_facts": sum(n for c, n in local_per_service.items() if self.service_topic[c] == t),
            }
            for t in TOPICS
        }
        return {
            "services": len(self.services),
            "faqs": len(self.faqs),
            "policies": len(self.policies),
            "bundles": len(self.bundles),
            "local_facts": sum(local_per_service.values()),
            "local_facts_per_service": local_per_service,
            "local_cities_per_service": {
                c: sorted({f.city for f in s.local}, key=CITIES.index) for c, s in self.services.items() if s.local
            },
            "topics": per_topic,
            "content_hash": self.content_hash,
        }

    def topic_of_policy(self, policy_id: str) -> str:
        return self.policies[policy_id][1]


def _fmt_validation(err: ValidationError) -> list[tuple[str, str]]:
    out = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"])
        out.append((loc or "(file)", e["msg"]))
    return out


def _entry_name(raw: dict, loc: str) -> str:
    """Turn a pydantic location like 'services.3.faqs.2.q' into 'services[3] MZ-DB-04 … faqs[2].q'."""
    parts = loc.split(".")
    if len(parts) >= 2 and parts[0] in {"services", "policies", "bundles"} and parts[1].isdigit():
        i = int(parts[1])
        items = raw.get(parts[0]) or []
        ident = ""
        if i < len(items) and isinstance(items[i], dict):
            ident = items[i].get("code") or items[i].get("id") or items[i].get("name") or ""
        rest = ".".join(parts[2:])
        return f"{parts[0]}[{i}] {ident}".strip() + (f" · {rest}" if rest else "")
    return loc


def kb_files(kb_dir: Path) -> list[Path]:
    return sorted(p for p in kb_dir.glob("*.yaml"))


def local_files(kb_dir: Path) -> list[Path]:
    """The per-city fact files (``local/*.yaml``); the folder is optional."""
    return sorted((kb_dir / LOCAL_DIR).glob("*.yaml"))


def content_hash(kb_dir: Path) -> str:
    """Hash of all KB files: derived artefacts (DB rows, bot data) are rebuilt when it changes."""
    h = hashlib.sha256()
    for p in kb_files(kb_dir) + local_files(kb_dir) + sorted((kb_dir / "rules").glob("*.yaml")):
        h.update(p.relative_to(kb_dir).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _local_entry_name(i: int, raw: object, loc: str = "") -> str:
    """'[3] MZ-ZLJ-01 苏州市 · sources' — the entry an editor looks for in a local file."""
    ident = ""
    if isinstance(raw, dict):
        ident = " ".join(str(raw[k]) for k in ("service", "city", "county") if raw.get(k))
    return f"[{i}] {ident}".strip() + (f" · {loc}" if loc else "")


def _read_local_file(path: Path, kb: KnowledgeBase, problems: list[Problem]) -> list[tuple[str, LocalFact]]:
    """Validate one ``local/<abbr>.yaml`` file; return its good entries as (service code, fact).

    Checked here, each reported with the file and the entry: the YAML is a list; the item code
    has the right shape, exists, and belongs to the file's topic (``local/zlj.yaml`` holds only
    MZ-ZLJ-… items); the city is one of the 13 设区市; at least one source; the LocalFact fields;
    no second entry for the same item and place (one place, one fact: edit it rather than add).
    """
    name = f"{LOCAL_DIR}/{path.name}"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(name, "(file)", f"YAML 格式错误: {exc}"))
        return []
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem(name, "(file)", "文件内容应为一个列表，每项是一条地方事实 (service / city / sources …)"))
        return []
    prefix = f"MZ-{path.stem.upper()}-"
    out: list[tuple[str, LocalFact]] = []
    seen: set[tuple[str, str, str | None]] = set()
    for i, item in enumerate(raw):
        entry = _local_entry_name(i, item)
        if not isinstance(item, dict):
            problems.append(Problem(name, entry, "每一项应为一个映射 (service / city / sources …)"))
            continue
        bad = False
        code = item.get("service")
        if not isinstance(code, str) or not SERVICE_CODE.match(code):
            problems.append(Problem(name, entry, f"service 应为事项编码 MZ-XX-00，现为 {code!r}"))
            bad = True
        elif code not in kb.services:
            problems.append(Problem(name, entry, f"service 指向不存在的事项 {code}"))
            bad = True
        elif not code.startswith(prefix):
            problems.append(Problem(name, entry, f"{path.name} 只能放 {prefix}… 的事项，{code} 应放到对应主题的文件"))
            bad = True
        if item.get("city") not in CITIES:
            problems.append(Problem(name, entry, f"city {item.get('city')!r} 不是江苏13个设区市之一（{'、'.join(CITIES)}）"))
            bad = True
        if not item.get("sources"):
            problems.append(Problem(name, entry, "缺少来源 sources：每条地方事实至少要有一个来源"))
            bad = True
        if bad:
            continue
        try:
            parsed = LocalFactEntry.model_validate(item)
        except ValidationError as err:
            for loc, msg in _fmt_validation(err):
                problems.append(Problem(name, _local_entry_name(i, item, loc), msg))
            continue
        key = (parsed.service, parsed.city, parsed.county)
        if key in seen:
            problems.append(Problem(name, entry, "同一事项、同一地区重复：请合并为一条"))
            continue
        seen.add(key)
        out.append((parsed.service, LocalFact.model_validate(parsed.model_dump(exclude={"service"}))))
    return out


def _attach_local_facts(kb: KnowledgeBase, facts: list[tuple[str, LocalFact]]) -> None:
    """Put each fact on its item (``ServiceItem.local``), in the province's city order.

    The models are frozen, so the item is copied with its new ``local`` list, and its topic file
    is copied to hold the new item: both views of the item (``kb.services`` and ``kb.topics``) agree.
    """
    by_code: dict[str, list[LocalFact]] = {}
    for code, fact in facts:
        by_code.setdefault(code, []).append(fact)
    for code, new in by_code.items():
        svc = kb.services[code]
        merged = sorted([*svc.local, *new], key=lambda f: (CITIES.index(f.city), f.county or ""))
        kb.services[code] = svc.model_copy(update={"local": merged})
    for topic, tf in kb.topics.items():
        if any(s.code in by_code for s in tf.services):
            kb.topics[topic] = tf.model_copy(update={"services": [kb.services[s.code] for s in tf.services]})


def load_kb(kb_dir: Path | None = None) -> KnowledgeBase:
    kb_dir = Path(kb_dir or get_settings().kb_dir)
    problems: list[Problem] = []
    kb = KnowledgeBase(content_hash=content_hash(kb_dir))
    bundle_files: list[tuple[str, BundleFile]] = []

    files = kb_files(kb_dir)
    if not files:
        raise KnowledgeBaseError([Problem(str(kb_dir), "(folder)", "没有找到任何 .yaml 知识库文件")])

    for path in files:
        name = path.name
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(Problem(name, "(file)", f"YAML 格式错误: {exc}"))
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(name, "(file)", "文件内容应为一个映射 (topic / services / …)"))
            continue
        model = BundleFile if "bundles" in raw else SynonymFile if "synonyms" in raw else TopicFile
        try:
            parsed = model.model_validate(raw)
        except ValidationError as err:
            for loc, msg in _fmt_validation(err):
                problems.append(Problem(name, _entry_name(raw, loc), msg))
            continue
        if isinstance(parsed, SynonymFile):
            kb.synonyms.extend(parsed.synonyms)
            continue
        if isinstance(parsed, BundleFile):
            bundle_files.append((name, parsed))
            continue
        if parsed.topic in kb.topics:
            problems.append(Problem(name, "topic", f"主题 {parsed.topic} 已在另一个文件中定义"))
            continue
        kb.topics[parsed.topic] = parsed
        kb.topic_files[parsed.topic] = name
        for svc in parsed.services:
            if svc.code in kb.services:
                problems.append(Problem(name, svc.code, "事项编码重复"))
                continue
            if not svc.code.startswith(f"MZ-{parsed.abbreviation}-"):
                problems.append(Problem(name, svc.code, f"编码应以 MZ-{parsed.abbreviation}- 开头"))
            kb.services[svc.code] = svc
            kb.service_topic[svc.code] = parsed.topic
            if len(svc.faqs) < MIN_FAQS_PER_SERVICE:
                problems.append(Problem(name, svc.code, f"常见问题少于 {MIN_FAQS_PER_SERVICE} 条"))
            dup_q = [q for q, n in Counter(f.q for f in svc.faqs).items() if n > 1]
            for q in dup_q:
                problems.append(Problem(name, svc.code, f"常见问题重复: {q}"))
            for i, f in enumerate(svc.faqs):
                kb.faqs.append(FaqEntry(f"{svc.code}#{i + 1}", svc.code, parsed.topic, f.q, f.a, f.scope))
        for pol in parsed.policies:
            if pol.id in kb.policies:
                problems.append(Problem(name, pol.id, "政策编号重复"))
                continue
            kb.policies[pol.id] = (pol, parsed.topic)

    # Cross-links are checked once every file is read, since they point across files.
    for svc_code, svc in kb.services.items():
        for rel in svc.related:
            if rel not in kb.services:
                problems.append(Problem(_file_of(kb, svc_code), svc_code, f"related 指向不存在的事项 {rel}"))
    for pid, (pol, topic) in kb.policies.items():
        for code in pol.governs:
            if code not in kb.services:
                problems.append(Problem(_topic_file(kb, topic), pid, f"governs 指向不存在的事项 {code}"))
    for name, bf in bundle_files:
        for b in bf.bundles:
            if b.code in kb.bundles:
                problems.append(Problem(name, b.code, "一件事编码重复"))
                continue
            kb.bundles[b.code] = b
            for step in b.steps:
                if step.service_code and step.service_code not in kb.services:
                    problems.append(Problem(name, b.code, f"步骤「{step.name}」指向不存在的事项 {step.service_code}"))
            if not any(s.service_code for s in b.steps):
                problems.append(Problem(name, b.code, "一件事至少要包含一个本知识库的事项"))

    # Per-city facts point at items, so they are read once every topic file is in.
    local: list[tuple[str, LocalFact]] = []
    for path in local_files(kb_dir):
        local.extend(_read_local_file(path, kb, problems))
    _attach_local_facts(kb, local)

    missing = [t for t in TOPICS if t not in kb.topics]
    for t in missing:
        problems.append(Problem("(all files)", t, "缺少该主题的知识库文件"))

    if problems:
        raise KnowledgeBaseError(problems)
    return kb


def _topic_file(kb: KnowledgeBase, topic: str) -> str:
    return kb.topic_files[topic]


def _file_of(kb: KnowledgeBase, code: str) -> str:
    return _topic_file(kb, kb.service_topic[code])


def check_kb(kb_dir: Path | None = None) -> list[Problem]:
    """All problems in the KB files (empty list: the KB is valid)."""
    try:
        kb = load_kb(kb_dir)
    except KnowledgeBaseError as err:
        return err.problems
    from app.knowledge.rules import RulesError, load_rules

    try:  # the eligibility rules cite the items' conditions: an edit there must not break them unseen
        load_rules(kb, kb_dir)
    except RulesError as err:
        return err.problems
    return []
