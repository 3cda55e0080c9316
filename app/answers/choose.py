"""Choose the answer unit: score = service match × facet match × audience match (× wording fit).

- **Service match** comes from the one search (``SearchEngine.search``): the best score of any of
  the item's documents, relative to the best item. A service named outright ("护理补贴") is kept
  even when search ranks a sibling first, so a question naming two services gets both.
- **Facet match**: a guide element answers exactly its facet; a FAQ the facets its own question
  asks (read by the same parser); near facets (在哪办 ~ 怎么办) count a little.
- **Audience**: items an institution applies for (养老机构备案) are for questions that speak as an
  institution (开办, 设立, 我们机构); a citizen asking how to get *into* a care home is not one. The
  KB's ``not_for`` phrases push an item down when the question says them.
- **Wording fit** (FAQs only): how much of the FAQ's question the citizen's words cover, weighted by
  how telling each character pair is (IDF in the search index). A FAQ whose answer opens with a
  verdict (可以。/ 一般不行。) is only taken for a yes/no question it fits closely: a neighbour's
  verdict is worse than none.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from app.answers.question import HOUSEHOLD, QUALIFIERS, Question
from app.answers.units import Unit
from app.search.text import char_bigrams, normalize

#: Facets that partly answer another (asked → offered → factor).
NEAR = {
    ("where", "how"): 0.6, ("how", "where"): 0.5, ("how", "online"): 0.5, ("online", "how"): 0.6,
    ("payment", "how"): 0.4, ("how", "payment"): 0.4, ("time", "payment"): 0.3, ("payment", "time"): 0.5,
    ("conditions", "what"): 0.4, ("what", "conditions"): 0.5, ("automatic", "how"): 0.7, ("how", "automatic"): 0.6,
    ("phone", "where"): 0.5, ("where", "phone"): 0.4, ("amount", "fee"): 0.4, ("fee", "amount"): 0.5,
    ("complaint", "phone"): 0.5, ("exclusion", "conditions"): 0.8, ("hours", "where"): 0.2, ("general", "what"): 0.6,
}
INSTITUTION_WORDS = re.compile(r"(开办|开设|开个|开一家|设立|成立|举办|创办|申办|注册|民办|我们(机构|单位|协会|公司|组织|养老院|基金会)|"
                               r"机构(怎么|如何|需要)|备案|办养老院|开养老院|建设补贴|运营补贴|床位补贴|登记证书|年检|年报|募捐资格)")
#: a report of an operator (无证, 没有证照, 举报): the institution's item is what the citizen needs
REPORTS_OPERATOR = re.compile(r"无证|(没有?|无)(任何)?(证照|执照|资质|营业执照|备案|登记)|(什么|啥)(证照|证件|执照|手续)都?(没有?|没办)|"
                              r"(证照|执照|手续)(都|也)?(没有|不全|没办)|非法|黑(养老院|机构)")
#: How much of a FAQ's question must the citizen's words cover before its answer is said whole.
FAQ_GOOD_FIT = 0.5
#: a FAQ speaking of the question's qualifier (非户籍, 不会用电脑) is its answer before one that does not
#: a FAQ whose question states a disability certificate or grade as its premise
DISABILITY_PREMISE = re.compile(r"(办|有|持|拿)了?[一二三四1-4]级|残疾证|残疾人证|[一二三四1-4]级(残疾|肢体|视力|听力|言语|智力|精神)")
NO_CERTIFICATE = re.compile(r"(没有|没|未|还没)(办|有|申请)?(过)?(残疾证|残疾人证)|不是残疾人|没(有)?评(过)?残")
PREMISE_DENIED = 0.3
PREMISE_UNSAID = 0.25
QUALIFIER_SAID = 1.3
QUALIFIER_UNSAID = 0.9


@dataclass
class Scored:
    unit: Unit
    score: float
    fit: float  # wording fit (FAQ) or 1.0 (a guide element of the asked facet)


def speaks_as_institution(q: Question) -> bool:
    return bool(INSTITUTION_WORDS.search(q.text))


def audience_factor(unit: Unit, q: Question, not_for: tuple[str, ...] = ()) -> float:
    inst = speaks_as_institution(q)
    f = 1.0
    if unit.audience == "institution" and not inst and not REPORTS_OPERATOR.search(q.text):
        # (a citizen reporting an unlicensed operator needs the institution's item: who checks it)
        f = 0.45
    elif unit.audience == "applicant" and inst:
        f = 0.8
    if not_for and any(p and p in q.text for p in not_for):
        f *= 0.3
    return f


def facet_factor(asked: str, offered: tuple[str, ...]) -> float:
    if asked in offered:
        return 1.0
    if offered == ("general",):
        return 0.45
    return max((NEAR.get((asked, o), 0.15) for o in offered), default=0.15)


class Fitter:
    """Wording fit of a FAQ question to the citizen's words (IDF-weighted character pairs)."""

    def __init__(self, idf: dict[str, float], rarest: float, synonyms: dict[str, tuple[str, ...]] | None = None):
        self.idf, self.rarest = idf, rarest
        #: word → the other words of its synonym group (``synonyms.yaml``): a FAQ written with 去世
        #: fits a question that says 过世 or 走了 (see ``question_grams``).
        self.synonyms = synonyms or {}

    def weights(self, grams) -> dict[str, float]:
        return {g: self.idf.get(g, self.rarest) for g in grams}

    def fit(self, qgrams: dict[str, float], unit_grams: frozenset[str]) -> float:
        if not unit_grams or not qgrams:
            return 0.0
        uw = self.weights(unit_grams)
        shared = sum(uw[g] for g in unit_grams if g in qgrams)
        faq_cov = shared / (sum(uw.values()) or 1.0)
        covered = set(unit_grams)
        for own, alternatives in getattr(qgrams, "alts", ()):
            # a word of the question said in the FAQ by a synonym (周六 → 星期六) is covered too
            if not own <= unit_grams and any(a <= unit_grams for a in alternatives):
                covered |= own
        q_cov = sum(w for g, w in qgrams.items() if g in covered) / (sum(qgrams.values()) or 1.0)
        return 0.7 * faq_cov + 0.3 * min(1.0, q_cov * 1.5)


def question_grams(text: str, fitter: Fitter) -> dict[str, float]:
    """The question's weighted character pairs, plus the pairs of the synonyms of its words at weight
    0: a FAQ's pair met only through a synonym counts towards how much of the FAQ the question
    covers, but adds nothing to (and takes nothing from) how much of the question the FAQ covers."""
    out = QuestionGrams(fitter.weights(set(char_bigrams(text))))
    for word, others in fitter.synonyms.items():
        if len(word) >= 2 and word in text:
            for other in others:
                for g in char_bigrams(other):
                    out.setdefault(g, 0.0)
            out.alts.append((frozenset(char_bigrams(word)), [frozenset(char_bigrams(o)) for o in others]))
    return out


class QuestionGrams(dict):
    """A question's weighted pairs, and for each of its words with synonyms, the word's pairs and
    each synonym's: ``Fitter.fit`` counts the word as covered where a FAQ says a synonym."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.alts: list[tuple[frozenset[str], list[frozenset[str]]]] = []


def premise_factor(unit: Unit, q: Question) -> float:
    """A FAQ written for someone who has a 残疾证 (办了一级残疾证…) says "符合条件" to them only: it
    steps back when the question denies the premise (没有残疾证) or does not state it. A FAQ asked by
    someone without a certificate is the answer when none is said."""
    if unit.kind != "faq" or not unit.question:
        return 1.0
    asked = normalize(unit.question)
    if not DISABILITY_PREMISE.search(asked) or NO_CERTIFICATE.search(asked):
        return 1.0
    if NO_CERTIFICATE.search(q.text):
        return PREMISE_DENIED
    return PREMISE_UNSAID if "残" not in q.text else 1.0


def asked_for_household(unit: Unit, q: Question, subject: str = "") -> bool:
    """Was this FAQ asked by someone of the household status the question states (五保户, 低保户)?
    The rule often turns on that status, so such a FAQ is the answer to them. A status the item itself
    is about (``subject``: its name and topic — 特困 of 特困供养, 孤儿 of 孤儿基本生活保障) is no premise."""
    asked_by = {h for h in q.household if h not in subject}
    if not asked_by or unit.kind != "faq" or not unit.question:
        return False
    asked = normalize(unit.question)
    return bool({h for w, h in HOUSEHOLD if w in asked and h not in subject} & asked_by)


def score_unit(unit: Unit, asked: str, q: Question, service: float, qgrams: dict[str, float], fitter: Fitter,
               not_for: tuple[str, ...] = ()) -> Scored:
    aud = audience_factor(unit, q, not_for)
    ff = facet_factor(asked, unit.facets)
    if unit.kind == "guide":
        fit = 1.0 if ff == 1.0 else 0.0
        s = service * ff * aud * (0.55 if unit.not_public else 0.95)
        return Scored(unit, s, fit)
    fit = fitter.fit(qgrams, unit.grams)
    s = service * ff * aud * min(1.4, fit / FAQ_GOOD_FIT)
    if unit.kind == "policy":
        s *= 0.8
    if unit.verdict and (not q.yes_no or fit < 0.55):
        s *= 0.3
    if unit.not_public:
        s *= 0.6
    if q.city and unit.mentions_city and q.city not in unit.mentions_city:
        s *= 0.75
    s *= premise_factor(unit, q)
    if q.qualifiers:
        said = normalize((unit.question or "") + (unit.text or ""))
        s *= QUALIFIER_SAID if any(QUALIFIERS[k].search(said) for k in q.qualifiers) else QUALIFIER_UNSAID
    return Scored(unit, s, fit)


def strength(top_score: float) -> float:
    """How sure the search is of its best result: its score is BM25 share (≤ 1) + topic evidence (≤ 3.8)."""
    return max(0.0, min(1.0, (top_score - 1.0) / 3.0))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
