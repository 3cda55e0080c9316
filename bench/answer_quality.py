"""Does the first reply answer the point asked? Dev questions through the answer engine (and /api/chat).

    python bench/answer_quality.py                      # engine, in-process
    python bench/answer_quality.py --chat http://127.0.0.1:3000   # also the assistant's first reply
    python bench/answer_quality.py --show ungraded      # print the replies that still need a grade
    python bench/answer_quality.py --file bench/practice_questions.jsonl --grades bench/practice_grades.jsonl
    python bench/answer_quality.py --holdout            # reworded KB FAQs: is the engine overfitted?
    python bench/answer_quality.py --sweep              # every item × facet in a plain template

Grading is by hand, by the rubric below, and stored in ``bench/answer_grades.jsonl``: one line per
graded reply, keyed by channel, question and a hash of the reply's text. When a change alters a
reply its old grade no longer matches, so the reply counts as *ungraded* (the bench prints how many
are stale) until someone grades it again: a figure can never silently carry over to a new answer.

Rubric (applied to the first reply only; ``answer_gist`` is the key fact of the official answer):
- **right** — it answers the point asked (the facet: 多少钱 / 多久 / 材料 / 条件 / 怎么办 / 在哪 / 找谁 …)
  of the right service, and nothing in it contradicts the gist. A gist that is one place's figure
  or practice is conveyed by Jiangsu's rule for that point plus 以当地公布为准 (the eval README's
  rule); a reply that gives the right Jiangsu city's figure is better still. A multi-part question
  needs every part answered (or the part the KB lacks honestly marked as missing).
- **partial** — the right service and point, but a part asked is missing, or the reply is on point
  yet omits the gist's key fact that the KB does hold (e.g. the 单人保 route for a disabled adult).
- **honest-unsure** — the reply says this point (or another province's policy) is not in the
  knowledge base and says whom to ask (local office / 12345 / 转人工), without off-point content
  presented as the answer.
- **wrong** — another service or another point than the one asked, a fact that contradicts the gist,
  or a confident answer to another province's question as if Jiangsu's applied there.
Rows whose gist is null are graded against the question itself by the same rubric.

``--holdout`` is automatic and strict: each KB FAQ question, reworded by fixed rules (the FAQ
removed from the engine's units), must be answered from the FAQ's own service; the facet must be
one the FAQ's question asks. It checks that choosing generalises beyond the exact FAQ wording.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT / "tests" / "data" / "dev_questions.jsonl"
GRADES = ROOT / "bench" / "answer_grades.jsonl"
LABELS = ("right", "partial", "wrong", "unsure")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_grades(path: Path = GRADES) -> dict[tuple[str, str, str], dict]:
    out: dict[tuple[str, str, str], dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                out[(g["channel"], g["q"], g["hash"])] = g
    return out


def engine_replies(rows: list[dict]) -> list[dict]:
    from app.answers import answer

    out = []
    for r in rows:
        a = answer(r["q"])
        out.append({"text": a.text, "status": a.status, "facet": a.facet, "service": a.service_code,
                    "source": a.source.url if a.source else None})
    return out


def chat_replies(rows: list[dict], url: str) -> list[dict]:
    import httpx

    out = []
    with httpx.Client(base_url=url, timeout=60) as c:
        for r in rows:  # each question opens a new conversation (no session id), as bench/chat_quality.py
            resp = c.post("/api/chat", json={"text": r["q"]})
            body = resp.json() if resp.status_code == 200 else {}
            first = (body.get("replies") or [{}])[0] if isinstance(body, dict) else {}
            text = first.get("text", "") if isinstance(first, dict) else str(first)
            out.append({"text": text, "status": body.get("status") if isinstance(body, dict) else None,
                        "facet": None, "service": None, "source": None})
    return out


def grade_table(channel: str, rows: list[dict], replies: list[dict], grades: dict) -> tuple[Counter, list[int]]:
    counts: Counter = Counter()
    ungraded: list[int] = []
    graded_any = {(g[0], g[1]) for g in grades}
    stale = 0
    for i, (r, rep) in enumerate(zip(rows, replies, strict=False)):
        # a reply word for word the engine's (the assistant's first reply is) carries the engine's grade
        g = grades.get((channel, r["q"], text_hash(rep["text"]))) or grades.get(("engine", r["q"], text_hash(rep["text"])))
        if g is None:
            ungraded.append(i)
            counts["ungraded"] += 1
            stale += (channel, r["q"]) in graded_any
        else:
            counts[g["grade"]] += 1
    counts["stale"] = stale
    return counts, ungraded


def holdout(limit: int | None = None) -> dict:
    """Reworded KB FAQ questions with their own FAQ removed: right service and an asked facet?"""

    from app.answers.engine import AnswerEngine
    from app.answers.question import facets_of
    from app.search.engine import get_engine
    from app.search.text import normalize

    se = get_engine()
    eng = AnswerEngine(se)
    # fixed rewordings: polite frames and synonyms citizens use; never per question
    swaps = [("怎么", "咋"), ("什么", "啥"), ("能不能", "可不可以"), ("多少钱", "给多少"), ("需要", "要"),
             ("吗", "不"), ("老人", "老人家"), ("我妈", "我母亲"), ("我爸", "我父亲")]
    faqs = se.kb.faqs[:limit] if limit else se.kb.faqs
    same_service = same_topic = facet_ok = 0
    for f in faqs:
        q = f.q
        for a, b in swaps:
            q = q.replace(a, b, 1)
        q = "请问一下，" + q
        units = eng.units[f.service_code]
        kept = [u for u in units if u.id != f.id]
        eng.units[f.service_code] = kept
        try:
            ans = eng.answer(q)
        finally:
            eng.units[f.service_code] = units
        asked = set(facets_of(normalize(f.q))) or {"general"}
        same_service += ans.service_code == f.service_code
        same_topic += bool(ans.service_code) and se.kb.service_topic.get(ans.service_code) == f.topic
        facet_ok += ans.facet in asked or "general" in asked
    n = len(faqs)
    return {"faqs": n, "service": same_service / n, "topic": same_topic / n, "facet": facet_ok / n}


#: Plain templated questions, one per facet: "the simplest thing a citizen asks of every item".
SWEEP = {"amount": "{n}一个月多少钱", "materials": "办{n}要带什么材料", "conditions": "什么人能申请{n}",
         "time": "{n}多久能办好", "where": "{n}去哪里办", "how": "{n}怎么申请", "phone": "{n}咨询电话是多少"}


def sweep() -> dict:
    """Every item × every facet, asked by the item's first colloquial name in a fixed template: is it
    answered from that item (or said to be missing there) and for the facet asked? Automatic; it
    catches ranking bugs on the simplest questions (孤儿补助多少钱 → an age FAQ) that 50 posts miss."""
    from app.answers.engine import AnswerEngine
    from app.search.engine import get_engine

    se = get_engine()
    eng = AnswerEngine(se)
    n = same_item = same_facet = 0
    misses: list[str] = []
    for code, svc in se.kb.services.items():
        name = (svc.aliases or [svc.name])[0]
        for facet, template in SWEEP.items():
            q = template.format(n=name)
            a = eng.answer(q)
            n += 1
            ok_item = a.service_code == code
            ok_facet = a.facet == facet or (facet == "amount" and a.facet == "fee")
            same_item += ok_item
            same_facet += ok_facet
            if not (ok_item and ok_facet):
                misses.append(f"{q} → {a.service_code} {a.facet}")
    return {"questions": n, "item": same_item / n, "facet": same_facet / n, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--grades", type=Path, default=GRADES, help="the grades file (default: the dev set's)")
    ap.add_argument("--chat", help="base URL of the running app: grade /api/chat's first reply too")
    ap.add_argument("--show", choices=["ungraded", "all"], help="print replies (to grade them)")
    ap.add_argument("--holdout", action="store_true", help="reworded held-out KB FAQs (automatic)")
    ap.add_argument("--sweep", action="store_true", help="every item × facet in a plain template (automatic)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    grades = load_grades(args.grades)
    channels = [("engine", engine_replies(rows))]
    if args.chat:
        channels.append(("chat", chat_replies(rows, args.chat)))
    print(f"{len(rows)} questions from {args.file.name}; grades in {args.grades.resolve().relative_to(ROOT)}\n")
    if args.chat:
        same = sum(a["text"] == b["text"] for a, b in zip(channels[0][1], channels[1][1], strict=False))
        print(f"chat first reply word for word the engine's: {same}/{len(rows)}\n")
    print("| channel | right | partial | wrong | honest-unsure | ungraded (stale) |")
    print("|---|---|---|---|---|---|")
    for channel, replies in channels:
        counts, ungraded = grade_table(channel, rows, replies, grades)
        n = len(rows)
        cells = [f"{counts[k] / n:.0%} ({counts[k]})" for k in LABELS]
        print(f"| {channel} | " + " | ".join(cells) + f" | {counts['ungraded']} ({counts['stale']}) |")
        if args.show:
            for i, (r, rep) in enumerate(zip(rows, replies, strict=False)):
                if args.show == "all" or i in ungraded:
                    print(json.dumps({"channel": channel, "i": i, "q": r["q"], "gist": r.get("answer_gist"),
                                      "hash": text_hash(rep["text"]), "reply": rep}, ensure_ascii=False))
    if args.holdout:
        h = holdout()
        print(f"\nheld-out reworded KB FAQs ({h['faqs']}, own FAQ removed): service {h['service']:.1%}, "
              f"topic {h['topic']:.1%}, facet asked {h['facet']:.1%}")
    if args.sweep:
        w = sweep()
        print(f"\nplain questions, every item × {len(SWEEP)} facets ({w['questions']}): answered from the item "
              f"{w['item']:.1%}, for the facet asked {w['facet']:.1%}")
        for m in w["misses"]:
            print("  miss:", m)


if __name__ == "__main__":
    main()
