"""The one answer engine: question + context → the answer to the point asked, with its source.

Every channel (search page, assistant, kiosk, hotline suggestions) calls :func:`answer`, so a fix
here improves them all. The steps, each in its own module:

1. ``question.parse`` — facets asked, city/county, age, relation, household, conditions;
2. the existing ``SearchEngine.search`` — which services (no second search is written);
3. ``choose`` — the unit of those services that answers each facet, for this audience;
4. ``compose`` — the words, with the city's figure where the KB has it, else the provincial rule
   and 以当地公布为准; and an honest "not in the knowledge base, ask …" when no unit has the point.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from app.answers.choose import (
    REPORTS_OPERATOR,
    Fitter,
    Scored,
    asked_for_household,
    premise_factor,
    question_grams,
    score_unit,
    speaks_as_institution,
    strength,
)
from app.answers.compose import FACET_LABEL, FACET_WHAT, WORDS, ask_whom, exclusion_text, guide_text
from app.answers.discover import asks_what_i_can_get, discover_answer
from app.answers.model import Answer, AnswerContext, Part, SourceRef
from app.answers.question import QUALIFIERS, RELATIONS, Question, facet_free, facets_of, parse, situation_free
from app.answers.units import VERDICT_OPENING, Unit, build_units
from app.core import urls
from app.core.clock import utcnow
from app.knowledge.brief import local_fact
from app.knowledge.places import county_city
from app.knowledge.schema import CITIES
from app.search.text import char_bigrams, meaningful_chars, normalize

#: Services considered per question, facets answered at most, search depth.
TOP_SERVICES, MAX_PARTS, DEPTH = 3, 4, 20
#: Kinds of search results and how much each says about its item.
KIND_WEIGHT = {"服务": 1.0, "问题": 0.9, "政策": 0.75}
#: Below this a part is not said as an answer.
MIN_PART_SCORE = 0.32
#: Item score = BM25 share of its best document + this × its topic's share of the topic evidence.
TOPIC_SHARE = 0.8
#: A topic's first item (its main application: 尊老金申领, 低保申请) is the default when words tie.
FIRST_ITEM_PRIOR = 0.1
#: Other items are considered only when they score this close to the best (near neighbours that
#: merely share the topic's words must not lend an element the best item lacks).
NEIGHBOUR_RATIO = 0.8
#: A topic said by its name: its first item's floor, relative to the best item (a candidate, not a winner).
TOPIC_NAMED_SHARE = 0.98
#: Weight of the facet words (流程, 多少钱) in ranking items, against 1 for the other words.
FACET_WORD_SHARE = 0.3
#: Query tokens whose IDF in a channel is below this are not scored (see ``services_for``).
MIN_IDF = 1.5
#: Below this share of the question's words found in the best item's own text, the item is only
#: a neighbour by stray words (户口, 老人): say the KB does not cover the question.
MIN_COVERAGE = 0.1
#: Coverage from which the item is taken to cover the whole question (full confidence).
FULL_COVERAGE = 0.35
#: A clause this long (meaningful characters) can carry a post's matter on its own (see ``coverage``).
COVER_CLAUSE_CHARS = 5
#: ... and it counts when it is clearly the item's: this share of its telling pairs in the item's text.
CLAUSE_COVERAGE = 0.3
#: A question with no KB word at all would need this much coverage (0: off; tried 0.25-0.3, it
#: also silenced on-point posts such as 我市对残疾人有什么保障政策, so it stays off).
LONE_COVERAGE = 0.0
#: A FAQ replaces the guide element when it covers this share of the question's content words,
#: and this much more than the item's name does (see ``_situation_faq``).
#: A FAQ of another point than the one asked only when the name covers less than this.
SITUATION_MIN, SITUATION_MARGIN, SITUATION_NAME_MAX = 0.35, 0.25, 0.2
#: How well a FAQ asked by someone of the asker's household status must fit (see ``_household_faq``).
HOUSEHOLD_FAQ_FIT = 0.3
#: a topic's first item this close to the topic's best item leads when only the topic is said
FIRST_ITEM_CLOSE = 0.9
#: a FAQ on a point people say outright (收费吗, 多少钱, 多久, 电话) weighs this much for a question
#: that says no point: "救助站能帮忙找吗" is not asking whether it costs money
POINT_NOT_ASKED = 0.4
POINTS_SAID_OUTRIGHT = frozenset({"fee", "amount", "time", "hours", "phone", "materials", "count", "payment"})
#: a FAQ fitting the question this well answers for all the items it names together, once
JOINT_FAQ_FIT = 0.5
#: a report FAQ of the chosen item answers a complaint in place of the bare "whom to tell" line
COMPLAINT_FAQ_FIT = 0.15
#: A FAQ that covers this much of the question's content is its situation however long its own
#: wording is (its wording fit may then be low: "家里有人得了癌症，治病把钱都花光了，能不能申请低保").
SITUATION_SURE = 0.4
#: Another candidate's FAQ may be the situation asked when search ranks that item this close to the best.
SITUATION_TIE = 0.95
#: …and one ranked a little lower (≥ NEAR) when its FAQ covers this much of the situation
#: (低保户 + 孩子上大学的学费: 临时救助's FAQ tells it, not 低保's 住房救助 one)
SITUATION_NEAR, SITUATION_CLEAR = 0.85, 0.65
#: A short subject ("老年公交卡") is all the question says about what it wants: when a term of it
#: (this many characters the best item never uses) is unknown to the item, the KB does not hold it
#: (a long post carries many stray words, so only ``MIN_COVERAGE`` applies to those).
SHORT_SUBJECT_CHARS, UNKNOWN_TERM_CHARS = 8, 3
#: Elements whose text is decided by the person's age (eligibility): kept over a situation FAQ when an
#: age was said. Others (how much, why less than reported) may be better said by the FAQ.
AGE_DECIDES = frozenset({"conditions", "automatic", "what", "general"})
#: Characters that name nothing on their own: pronouns, particles, light verbs. A clause whose
#: facet-free text is only these ("那要带什么", "怎么去领？") is about the clause before it.
_FUNCTION_CHARS = frozenset("我你他她它们这那个些要能会也还就都的了吗呢啊吧呀嘛请问一下去来是否有没可以"
                            "想再又得该应把被给让对在和与及或者么啥怎样如何")
#: Service factor, in choosing a unit, of a candidate none of whose own names/aliases/keywords the
#: question says while another candidate's are said.
KEY_WORD_ABSENT = 0.5
#: The same, when the question names the best candidate outright (its name or alias, not a keyword).
NAMED_ELSEWHERE = 0.3
#: A payment said to have stopped (see ``_stopped_faq``); FAQ questions are matched by the same words.
STOPPED = re.compile(r"(没了|停发|停了|不发了|没发|没到账|不到账|断了|没(有)?(领|拿|收)到)")
#: Money words: with STOPPED, the question is about a paid benefit (钱没了, 补贴停发).
MONEY = re.compile(r"(钱|补贴|津贴|补助|金|费)")
UNPAID_STOPPED = 0.5
#: Another province's question: a national FAQ replaces the chosen unit when it fits this well and
#: scores at least this share of the chosen one (a Jiangsu element is only a reference there).
NATIONAL_MIN_FIT = 0.35
#: The LocalFact field that answers a facet for one city.
LOCAL_FIELD = {"hours": "hours", "amount": "amount", "phone": "phone", "where": "where", "how": "how_to_apply",
               "payment": "payment", "automatic": "automatic"}
NATIONAL_SHARE = 0.6
#: The item type of a payment to the citizen (尊老金, 低保金): its 多少钱 is an amount, never a fee.
BENEFIT = "行政给付"
MSG_EMPTY = "请说说您想问什么，比如“尊老金每月多少钱”“低保要带什么材料”。"
MSG_UNCLEAR = "没太明白您的问题。可以说出事项名称，比如“尊老金”“低保”“结婚登记”，再说想问什么（多少钱、要带什么、在哪办）。"
MSG_TOO_LONG = "您的问题比较长，我们按前面的内容作答。"


@dataclass
class _Candidate:
    code: str
    score: float   # relative to the best service (0–1)
    named: bool    # the question names this service outright


class AnswerEngine:
    def __init__(self, search_engine, hotline: str | None = None):
        from app.core.config import get_settings

        self.search = search_engine
        self.kb = search_engine.kb
        self.hotline = hotline or get_settings().hotline
        self.units = build_units(self.kb)
        ch = search_engine.index.channels.get("body.g")
        n = max(search_engine.index.size, 1)
        rarest = math.log(1 + (n - 0.5) / 1.5)
        self.fitter = Fitter(dict(ch.idf) if ch is not None else {}, rarest, search_engine.synonyms)
        self._names = self._service_names()
        self._name_of: dict[str, str] = {}
        self._syn_grams: dict[str, frozenset[str]] = {}
        self._name_gram_cache: dict[str, frozenset[str]] = {}
        for nm, code in reversed(self._names):  # shortest first, so a shared name keeps its first item
            self._name_of.setdefault(nm, code)
        #: a name standing for several items (两项补贴): each of them is named
        self._collective: dict[str, tuple[str, ...]] = {
            normalize(nm): tuple(codes) for tf in self.kb.topics.values() for nm, codes in tf.collective_names.items()}
        self._name_max = max((len(nm) for nm in [*self._name_of, *self._collective]), default=3)
        self._homophones = self._homophone_keys()
        self._vocab_words = sorted({w for w in self._vocab if len(w) >= 2}, key=len)
        self._service_grams = {
            code: frozenset(char_bigrams(normalize("。".join(
                [svc.name, *svc.aliases, *svc.keywords, svc.summary, *svc.conditions, *(f.q + f.a for f in svc.faqs)]))))
            for code, svc in self.kb.services.items()}
        self._own_words: dict[str, tuple[str, ...]] = {}
        self._passive: dict[str, list[re.Pattern]] = {}
        #: every word the KB uses for an item (names, aliases, keywords): a phrase said only inside a
        #: longer one of them is not said (办养老院 inside 公办养老院, 开证明 inside 不用开证明)
        self._kb_words = frozenset(
            w for svc in self.kb.services.values()
            for w in (normalize(x) for x in (re.split(r"[（(]", svc.name)[0], *svc.aliases, *svc.keywords))
            if len(w) >= 3)
        self._longer: dict[str, tuple[tuple[str, int], ...]] = {}
        self._first_item = {t: tf.services[0].code for t, tf in self.kb.topics.items() if tf.services}
        #: FAQ ids whose rule is national: an answer to a question about another province too
        self._cov_cache: dict[str, tuple[dict[str, float], float]] = {}
        self._place_names = tuple(sorted({c for c in CITIES} | {c[:-1] for c in CITIES}))
        self._national = {u.id for units in self.units.values() for u in units if u.national}

    def _service_names(self) -> list[tuple[str, str]]:
        """(normalised name or alias, code), longest first: explicit mentions of a service."""
        out: list[tuple[str, str]] = []
        others = {code: [normalize(o.name) for c, o in self.kb.services.items() if c != code]
                  for code in self.kb.services}

        def own(part: str, code: str) -> bool:
            # a piece of the name that is part of another item's name too ("养老机构" of a name
            # 养老机构（…）收费… is in 养老机构备案) names the topic, not this item
            return not any(normalize(part) in o for o in others[code])

        for code, svc in self.kb.services.items():
            base = re.split(r"[（(]", svc.name)[0]
            if not own(base, code):
                base = re.sub(r"[（(][^）)]*[）)]", "", svc.name)
            names = {base, *svc.aliases}
            for extra in re.findall(r"[（(]([^）)]+)[）)]", svc.name):
                names.update(x for x in re.split(r"[、，,]", extra) if len(x) >= 3 and own(x, code))
            for n in names:
                n = normalize(n)
                if len(n) >= 3:
                    out.append((n, code))
        return sorted(out, key=lambda x: -len(x[0]))

    def _homophone_keys(self) -> dict[str, str]:
        """Fuzzy-pinyin key → the one KB word with that sound (尊老京 → 尊老金, 低包 → 低保).

        Keys shared by two different words are dropped: a guess between two words is no correction."""
        from pypinyin import Style, lazy_pinyin

        from app.search.engine import user_words
        from app.search.text import fuzzy_syllable

        keys: dict[str, set[str]] = {}
        for w in user_words(self.kb):
            w = normalize(w)
            if 2 <= len(w) <= 5 and all("\u4e00" <= ch <= "\u9fff" for ch in w):
                k = "~".join(fuzzy_syllable(x) for x in lazy_pinyin(w, style=Style.NORMAL))
                keys.setdefault(k, set()).add(w)
        self._vocab = {w for ws in keys.values() for w in ws}
        fixes = {k: next(iter(ws)) for k, ws in keys.items() if len(ws) == 1}
        #: per length, every character of a correction target: a window sharing none cannot be fixed
        self._homophone_chars = {L: set() for L in range(2, 6)}
        for w in fixes.values():
            self._homophone_chars[len(w)].update(w)
        return fixes

    def correct_homophones(self, text: str) -> str:
        """Replace a run of characters that sounds like a KB word, is not one, and shares a character
        with it (speech recognisers get most characters of a word right).

        The sound of each character is read once per text (pinyin of each run of Chinese characters,
        in context), and a window is looked up only when it could be corrected at all: it must share
        a character with some KB word of its length (``_homophone_chars``)."""
        syll = self._syllables(text)
        out, i, n = [], 0, len(text)
        while i < n:
            done = False
            for L in (5, 4, 3, 2):
                w = text[i:i + L]
                if len(w) < L or any(s is None for s in syll[i:i + L]):
                    continue
                if w in self._vocab:
                    out.append(w)
                    i += L
                    done = True
                    break
                if not self._homophone_chars[L].intersection(w):
                    continue
                fix = self._homophones.get("~".join(syll[i:i + L]))  # type: ignore[arg-type]
                if fix and fix != w and set(fix) & set(w):
                    out.append(fix)
                    i += L
                    done = True
                    break
            if not done:
                out.append(text[i])
                i += 1
        return "".join(out)

    @staticmethod
    def _syllables(text: str) -> list[str | None]:
        """The fuzzy syllable of each character (None for a non-Chinese one)."""
        from pypinyin import Style, lazy_pinyin

        from app.search.text import fuzzy_syllable

        out: list[str | None] = []
        for run in re.finditer(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+", text):
            part = run.group(0)
            if "\u4e00" <= part[0] <= "\u9fff":
                py = lazy_pinyin(part, style=Style.NORMAL)
                if len(py) != len(part):  # never expected: one syllable per character
                    py = [lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in part]
                out.extend(fuzzy_syllable(x) for x in py)
            else:
                out.extend([None] * len(part))
        return out

    # ------------------------------------------------------------------ services
    def says(self, text: str, phrase: str) -> bool:
        """Does ``text`` say ``phrase`` other than inside a longer KB word that contains it?

        "公办养老院" says 养老院 but not 办养老院 (opening a care home): a plain substring test let the
        备案 item claim every question about a public care home.
        """
        if not phrase or phrase not in text:
            return False
        longer = self._longer.get(phrase)
        if longer is None:
            # only a word that begins before the phrase changes what it means (公+办养老院); one that
            # extends it (五保+户, 特困+人员) still says it
            longer = self._longer[phrase] = tuple(
                (w, k) for w in self._kb_words if len(w) > len(phrase)
                for k in [w.find(phrase)] if k > 0)
        start = text.find(phrase)
        while start >= 0:
            if not any(text.startswith(w, start - k) for w, k in longer if start >= k):
                return True
            start = text.find(phrase, start + 1)
        return False

    def named_services(self, text: str) -> list[str]:
        """Items named outright, by a longest-match scan (names and aliases, ≥ 3 characters)."""
        found: list[str] = []
        i, n = 0, len(text)
        while i < n - 2:
            for L in range(min(self._name_max, n - i), 2, -1):
                piece = text[i:i + L]
                codes = self._collective.get(piece) or ((self._name_of[piece],) if piece in self._name_of else ())
                if codes and not self.says(text, piece):
                    codes = ()  # only inside a longer KB word here (办养老院 in 公办养老院)
                if codes:
                    found.extend(c for c in codes if c not in found)
                    i += L
                    break
            else:
                i += 1
        return found

    def services_for(self, q: Question, ctx: AnswerContext) -> tuple[list[_Candidate], set[str], float]:
        """The services the question is about, best first, scored relative to the best.

        Uses the search engine's own index and topic views (``SearchEngine`` internals, not a second
        search): the search's final score adds up to ~4 of topic evidence to a BM25 share ≤ 1, which
        ranks topics well but hardly separates two items of one topic. Here the two are kept apart:
        item = best BM25 share of its documents + a weighted topic share, so within a topic the
        words decide (流程 → the 申请 item, not the 发放查询 one).
        """
        se = self.search
        text = q.text
        qt = se._query_tokens(text)
        bare = situation_free(facet_free(text))
        bt = se._query_tokens(bare) if meaningful_chars(bare) >= 2 else qt
        idx = se.index.channels

        def channels(t: dict[str, list[str]]) -> dict[str, list[str]]:
            # Tokens in a large share of all documents (的, 怎么, 申请 as bigrams) add almost nothing to
            # the ranking but walk the longest posting lists: leave them out (speed at scale).
            def keep(name: str, toks: list[str]) -> list[str]:
                idf = idx[name].idf
                return [x for x in toks if idf.get(x, 9.0) >= MIN_IDF]

            pairs = {"title.w": "ws", "title.g": "g", "title.p": "p", "alias.w": "ws", "alias.g": "g",
                     "alias.p": "p", "body.w": "ws", "body.g": "g"}
            return {name: keep(name, t[key]) for name, key in pairs.items()}

        raw = se.index.score(channels(bt))
        if bt is not qt:
            # facet words still count a little (申请 leans to the 申请 item): score only the tokens
            # the blanking removed (BM25 adds per token), instead of scoring the whole text twice
            extra = {k: _minus(qt[k], bt[k]) for k in ("ws", "g", "p")}
            if any(extra.values()):
                raw = raw.plus(se.index.score(channels(extra)), FACET_WORD_SHARE)
        if not raw:
            return [], set(), 0.0
        # topic evidence from the words that name the subject: facet phrasings (打什么电话) are as common in
        # one topic's FAQs as another's by chance of authoring, and must not choose the topic
        tev = se.topic_evidence(bare, bt, raw) if bt is not qt else se.topic_evidence(text, qt, raw)
        tmax = max(tev.values(), default=0.0) or 1.0
        top = raw.max() or 1.0
        order = raw.top(60)
        result_ids = {se.docs[i].id for i in order[:DEPTH]}
        top_final = raw[order[0]] / top + tev.get(se.docs[order[0]].topic, 0.0)
        bm: dict[str, float] = {}
        for i in order[:60]:
            d = se.docs[i]
            code = d.service_code
            if not code or code not in self.kb.services or d.id.startswith("YJS-"):
                continue
            bm[code] = max(bm.get(code, 0.0), raw[i] / top * KIND_WEIGHT.get(d.kind, 0.8))
        scores = {c: b + TOPIC_SHARE * tev.get(self.kb.service_topic[c], 0.0) / tmax
                  + (FIRST_ITEM_PRIOR if self._first_item.get(self.kb.service_topic[c]) == c else 0.0)
                  for c, b in bm.items()}
        named = self.named_services(text)
        if COMPARE.search(text):
            named = self._compared(text, named)
        if ctx.previous_service in self.kb.services and not named and not se.phrase_scores(bare):
            # a follow-up ("那要带什么？") names no service: it is about the previous turn's
            return [_Candidate(ctx.previous_service, 1.0, False)], result_ids, max(top_final, 2.5)
        best = max(scores.values(), default=0.0) or 1.0
        for topic in topics_named(text):
            # the topic said by its own name (低保, 殡葬): its first item is a candidate however much
            # another topic's FAQ shares the rest of the story (在外地打工…在打工的地方申请)
            if not any(self.kb.service_topic[c] == topic and v >= NEIGHBOUR_RATIO * best for c, v in scores.items()):
                first = self._first_item.get(topic)
                if first:
                    scores[first] = max(scores.get(first, 0.0), best * TOPIC_NAMED_SHARE)
        for code in named:  # a service named outright outranks one that only shares words
            scores[code] = best * 1.02 + 0.02 * scores.get(code, 0.0)
        inst = speaks_as_institution(q)
        reporting = bool(REPORTS_OPERATOR.search(text))
        stopped_money = bool(STOPPED.search(text) and MONEY.search(text))
        for code in list(scores):
            svc = self.kb.services[code]
            if self.units[code] and self.units[code][0].audience == "institution" and not inst and not reporting:
                # a family's question is not about running an institution — unless it reports one
                scores[code] *= 0.6
            not_for = tuple(getattr(svc, "not_for", None) or ())
            if any(self.says(text, normalize(p)) for p in not_for):
                scores[code] *= 0.4
            if stopped_money and not _pays_money(svc):
                # "the money stopped": a benefit that is paid, not a service that shares 老人 or 孩子
                scores[code] *= UNPAID_STOPPED
        said = {c for c in scores if c in named or self._own_words_in(text, c)}
        if said:
            # the question says an item's own name/alias/keyword (起名, 流浪): items that only share the
            # subject's general words step back (only within that item's topic: across topics the
            # topic evidence decides)
            said_topics = {self.kb.service_topic[c] for c in said}
            said_cover = max(self.coverage(bare, c) for c in said)
            for code in scores:
                # an item whose own text covers the question at least as well keeps its place
                if code not in said and self.kb.service_topic[code] in said_topics and self.coverage(bare, code) < said_cover:
                    scores[code] *= KEY_WORD_ABSENT
        for topic in topics_named(text):
            # the topic said by its own word (低保) and none of its items by theirs: the topic's first
            # item leads, not one that shares a stray word (有钱 → 低保边缘's "有钱拿吗")
            first = self._first_item.get(topic)
            mine = [c for c in scores if self.kb.service_topic[c] == topic]
            if first in scores and not any(c in said for c in mine):
                top = max(mine, key=lambda c: scores[c])
                lead = scores[top]
                # …unless the leader's own text covers the question better (生态殡葬 → 生态安葬奖补)
                if scores[first] >= FIRST_ITEM_CLOSE * lead and self.coverage(bare, first) >= self.coverage(bare, top):
                    scores[first] = max(scores[first], lead * 1.01)
        best = max(scores.values(), default=0.0) or 1.0
        ranked = [(c, s / best) for c, s in sorted(scores.items(), key=lambda kv: -kv[1])]
        cands = [_Candidate(c, s, c in named) for c, s in ranked[:TOP_SERVICES] if s >= NEIGHBOUR_RATIO]
        for code in named:  # keep a named service even when it fell outside the top few
            if all(c.code != code for c in cands):
                cands.append(_Candidate(code, 0.97, True))
        return cands, result_ids, top_final

    # ------------------------------------------------------------------ parts
    def _best_unit(self, facet: str, q: Question, cands: list[_Candidate], result_ids: set[str],
                   qgrams: dict[str, float], only: str | None = None) -> Scored | None:
        best: Scored | None = None
        hits = {c.code: c.named or self._own_words_in(q.text, c.code) for c in cands}
        if not any(hits.values()):
            # none said in the KB's words: a citizen's word for one ("我妈走了" for 去世) counts
            hits = {c.code: self._own_words_in(q.text, c.code, synonyms=True) for c in cands}
        some = any(hits.values())
        # the best candidate is named outright: the others are neighbours, not what was asked
        named_top = bool(cands) and cands[0].named
        for c in cands:
            if only and c.code != only:
                continue
            # the question's key words (起名, 流浪) are another candidate's names, not this one's:
            # this one only shares the subject's general words and is not what was asked
            absent = KEY_WORD_ABSENT if some and not hits[c.code] else 1.0
            if named_top and not c.named and not hits[c.code]:
                # the question names another item outright (民非登记): a FAQ of this one that shares
                # only the generic wording (登记多久能办好) must not answer for it
                absent = NAMED_ELSEWHERE
            svc = self.kb.services[c.code]
            not_for = tuple(p for p in (normalize(x) for x in (getattr(svc, "not_for", None) or ()))
                            if self.says(q.text, p))  # the phrases this question really says
            # 多少钱 of a payment asks what is paid: a benefit's 收费 (nothing is charged) is not it
            paid = facet == "amount" and svc.item_type == BENEFIT
            for u in self.units.get(c.code, []):
                if u.kind == "policy" and u.id not in result_ids:
                    continue
                if paid and u.kind == "guide" and u.facets[0] == "fee":
                    continue
                s = score_unit(u, facet, q, c.score * absent, qgrams, self.fitter, not_for)
                if best is None or s.score > best.score:
                    best = s
        return best

    def _own_words_in(self, text: str, code: str, synonyms: bool = False) -> bool:
        """Does the question say one of the item's own names, aliases or keywords (≥ 2 characters)?"""
        words = self._own_words.get(code)
        if words is None:
            svc = self.kb.services[code]
            words = self._own_words[code] = tuple(
                w for w in {normalize(x) for x in (re.split(r"[（(]", svc.name)[0], *svc.aliases, *svc.keywords)}
                if len(w) >= 2)
        if any(w in text and self.says(text, w) for w in words):
            return True
        if any(rx.search(text) for rx in self._passive_words(code, words)):
            return True
        if not synonyms:
            return False
        said = [w for w in self.search.synonyms if len(w) >= 2 and w in text]
        return any(w in syn for w in words for s in said for syn in self.search.synonyms[s])

    def _passive_words(self, code: str, words: tuple[str, ...]) -> list[re.Pattern]:
        """An item's keywords told as something done to it (低保被取消) also match with a few words
        between the thing and what happened to it, as people tell it (李汉的低保因此被取消)."""
        hit = self._passive.get(code)
        if hit is None:
            hit = self._passive[code] = [
                re.compile(re.escape(w[:w.index("被")]) + r"[^，。,；;？?！!\s]{1,4}" + re.escape(w[w.index("被"):]))
                for w in words if "被" in w[1:-1]]
        return hit

    def _part(self, facet: str, chosen: Scored | None, q: Question, city: str | None, conf_base: float) -> Part:
        if chosen is None or chosen.score < MIN_PART_SCORE:
            svc = self.kb.services.get(chosen.unit.service_code) if chosen else None
            what = FACET_WHAT.get(facet, "这个问题")
            if facet == "plan":
                # a local plan (何时能有助餐点): asked of the local office, not of the service's own venue
                text = WORDS["not_in_kb_plan"].format(place=city or "当地") + ask_whom(None, city, self.hotline)
            else:
                text = WORDS["not_in_kb"].format(what=what) + ask_whom(svc, city, self.hotline)
            return Part(facet, text, "unsure", svc.code if svc else None, None, round(conf_base * 0.3, 2), [facet])
        u = chosen.unit
        svc = self.kb.services[u.service_code]
        if u.kind == "guide" and facet == "exclusion":
            # who does not get it: the item's own exclusion sentences, or honestly none
            text = exclusion_text(svc)
            missing = not text
            if missing:
                text = WORDS["not_in_kb"].format(what=f"{_short_name(svc.name)}不予办理的情形") + ask_whom(svc, city, self.hotline)
            src = SourceRef("guide", u.title, u.url, svc.code)
        elif u.kind == "guide":
            text, missing, local = guide_text(svc, u.facets[0] if facet not in u.facets else facet, q, city, self.hotline)
            if not text:
                text, missing = WORDS["not_in_kb"].format(what=FACET_WHAT.get(facet, "")) + ask_whom(svc, city, self.hotline), True
            kind = "local" if local else "guide"
            src = SourceRef(kind, u.title, u.url, svc.code)
        else:
            text, missing = u.text, u.not_public
            if u.verdict and not q.yes_no:
                # a FAQ's 可以。/ 不行。 answers the yes/no question it was written for, not a
                # statement or a how-to question it also fits
                text = VERDICT_OPENING.sub("", text, count=1)
            src = SourceRef("faq" if u.kind == "faq" else "policy", u.title, u.url, u.id)
        if q.qualifiers and not missing:
            text = self._with_qualifier(svc, q, text)
        fit = min(1.0, chosen.score)
        conf = round(max(0.05, min(0.99, conf_base * (0.55 + 0.45 * fit))), 2)
        if missing:
            return Part(facet, text, "unsure", svc.code, src, round(conf * 0.5, 2), [facet])
        return Part(facet, text, "answered", svc.code, src, conf, [])

    # ------------------------------------------------------------------ public
    def answer(self, question: str, context: AnswerContext | None = None) -> Answer:
        ctx = context or AnswerContext()
        raw = question if isinstance(question, str) else ""
        q = parse(raw, utcnow().year)
        city = q.city or (ctx.city if ctx.city in CITIES else None) or county_city(ctx.county) or (
            county_city(ctx.city) if ctx.city else None)
        if q.age is None and ctx.age is not None:
            q.age = ctx.age
        if q.for_whom is None and ctx.for_whom:
            q.for_whom = ctx.for_whom
        understood = q.slots() | ({"city": city} if city else {})
        if q.age is not None:
            understood["age"] = q.age
        if meaningful_chars(q.text) < 2:
            msg = MSG_EMPTY if not q.text else MSG_UNCLEAR
            return Answer(msg, "unsure", "general", None, None, 0.0, ["question"], [], understood)
        max_chars = self.search_max_chars()
        if len(q.text) > max_chars:
            q.text = q.text[:max_chars]
        q.text = self.correct_homophones(q.text)
        if asks_what_i_can_get(q, self._place_names) and not self.named_services(q.text):
            # 政策找人: what may I get — the eligibility matcher's list, not one item's guide
            return discover_answer(self.kb, q, city, understood)
        clauses = self._clauses(q)
        parts: list[Part] = []
        prev = ctx.previous_service
        for cq in clauses:
            if cq is not q and not self._names_something(cq.text):
                # a clause naming nothing ("怎么去领？") is about the clause before it, or the whole post
                cq = Question(**{**cq.__dict__})
                cq.text = cq.text if prev else q.text
            cctx = AnswerContext(**{**ctx.__dict__, "previous_service": prev})
            got = self._parts_for(cq, cctx, city)
            if got is None:
                continue
            parts.extend(got)
            prev = next((p.service_code for p in got if p.service_code), prev)
        if not parts:
            text = MSG_UNCLEAR + f"也可以拨打 {self.hotline} 或转人工客服。"
            return Answer(text, "unsure", q.main_facet, None, None, 0.0, ["service"], [], understood)
        sure = {p.service_code for p in parts if p.status == "answered"}
        parts = [p for p in parts if not ("service" in p.missing and p.service_code in sure)]
        parts = _dedupe(parts)[:MAX_PARTS + 1]
        return self._assemble(q, parts, understood, city)

    def _clauses(self, q: Question) -> list[Question]:
        """A post with several questions ("老年公交卡如何办理？如何申报高龄津贴？") is answered clause by
        clause, each with its own service, a clause naming none following the one before it. One
        question (or one facet) stays whole, so its context words are not lost."""
        pieces = [p for p in re.split(r"[？?！!；;\n]|\d[、.．]", q.text) if meaningful_chars(p) >= 2]
        asked = [p for p in pieces if facets_of(p)]
        if len(asked) < 2:
            return [q]
        out = []
        for p in asked[:MAX_PARTS]:
            cq = Question(**{**q.__dict__})
            cq.text, cq.facets = p, facets_of(p)
            out.append(cq)
        return out

    def _names_something(self, text: str) -> bool:
        """Does a clause name a subject of its own — a KB phrase, or words the KB may not know
        ("老年公交卡如何办理")? Only then is it answered (or said to be missing) on its own; a clause of
        pronouns and facet words follows the clause before it."""
        rest = facet_free(text)
        if self.search.phrase_scores(rest):
            return True
        return sum(1 for ch in rest if ch.strip() and ch not in _FUNCTION_CHARS and meaningful_chars(ch)) >= 3

    def _unknown_term(self, text: str, code: str) -> str | None:
        """A run of the question's own characters (function words aside) of which the item's text
        has no character pair at all: a term the item does not know ("公交卡" against 老年助餐)."""
        rest = facet_free(text)
        own = self._service_grams.get(code, frozenset())
        known = [False] * len(rest)
        for i in range(len(rest) - 1):
            if rest[i:i + 2] in own:
                known[i] = known[i + 1] = True
        run = ""
        for ch, k in zip(rest, known, strict=True):
            if k or not ch.strip() or not meaningful_chars(ch):
                if len(run) >= UNKNOWN_TERM_CHARS:
                    return run
                run = ""
            elif ch not in _FUNCTION_CHARS:
                run += ch
        return run if len(run) >= UNKNOWN_TERM_CHARS else None

    def mentions_kb_word(self, text: str) -> bool:
        """Does the text use any word of the KB's own vocabulary (names, aliases, keywords, synonyms)?"""
        return any(w in text for w in self._vocab_words)

    def coverage(self, text: str, code: str) -> float:
        """Share of the question's telling character pairs (IDF-weighted, facet words left out) that
        the item's own text (name, aliases, summary, conditions, FAQs) contains."""
        own = self._service_grams.get(code, frozenset())
        best = 0.0
        # the whole post, or its best-covered clause: a post tells its matter in one clause and
        # adds feelings and asks around it ("老人住在桥下，不免令人心酸，希望…"), which the KB has
        # no words for and which must not make the matter look unknown
        for part in [text, *(c for c in re.split(r"[，,。；;！!？?]", text) if meaningful_chars(c) >= COVER_CLAUSE_CHARS)]:
            w, total = self._coverage_weights(part)
            if not total:
                return 1.0
            share = sum(v for g, v in w.items() if g in own) / total
            if part is text or share >= CLAUSE_COVERAGE:  # a clause counts only when it is clearly the item's
                best = max(best, share)
        return best

    def _coverage_weights(self, text: str) -> tuple[dict[str, float], float]:
        """The question's weighted telling pairs, computed once per text (coverage is asked for
        many items of one question)."""
        hit = self._cov_cache.get(text)
        if hit is None:
            if len(self._cov_cache) > 256:
                self._cov_cache.clear()
            w = self.fitter.weights(set(char_bigrams(facet_free(text))))
            hit = self._cov_cache[text] = (w, sum(w.values()))
        return hit

    def _parts_for(self, q: Question, ctx: AnswerContext, city: str | None) -> list[Part] | None:
        cands, result_ids, top_raw = self.services_for(q, ctx)
        if not cands:
            return None
        top = cands[0]
        followed = ctx.previous_service == top.code
        cover0 = 1.0 if (top.named or followed) else self.coverage(q.text, top.code)
        short = meaningful_chars(facet_free(q.text)) <= SHORT_SUBJECT_CHARS
        if cover0 < MIN_COVERAGE or (cover0 < LONE_COVERAGE and not self.mentions_kb_word(q.text)) or (
                short and not (top.named or followed) and self._unknown_term(q.text, top.code)):
            # the best item shares only stray words with the question: the KB does not cover it
            svc = self.kb.services[top.code]
            name = _short_name(svc.name)
            text = WORDS["not_in_kb_q"] + ask_whom(None, city, self.hotline) + WORDS["maybe"].format(name=name)
            src = SourceRef("guide", svc.name, urls.service_url(svc.code), svc.code)
            return [Part(q.main_facet, text, "unsure", svc.code, src, 0.1, ["service"], _subject(q.text))]
        cover = cover0
        # how sure: search's certainty of the item, times how much of the question the item covers
        conf_base = (0.35 + 0.6 * strength(top_raw)) * min(1.0, cover / FULL_COVERAGE)
        qgrams = question_grams(q.text, self.fitter)
        facets = (q.facets or ["general"])[:MAX_PARTS]
        parts: list[Part] = []
        named = [c.code for c in cands if c.named]
        targets: list[str | None] = named[:2] if len(named) >= 2 else [None]
        comparing = len(targets) >= 2 and bool(COMPARE.search(q.text)) and not any(
            nm in q.text for nm, members in self._collective.items() if set(targets) <= set(members))
        # (两项补贴…一样吗 asks about the pair as one, not one against the other)
        if comparing:
            said_order = self._compared(q.text, self.named_services(q.text))
            targets.sort(key=lambda c: said_order.index(c) if c in said_order else len(said_order))
        if comparing and set(facets) <= {"general", "what", "conditions"}:
            # A和B有什么区别 / 一样吗: what each one is, side by side — not a FAQ about taking both
            facets = ["what"]
        for facet in facets:
            if comparing and facet == "what":
                for only in targets:
                    parts.append(self._part(facet, self._best_unit("what", q, cands, result_ids, qgrams, only),
                                            q, city, conf_base))
                continue
            if len(targets) >= 2 and facet in ("general", "conditions", "what"):
                # one FAQ about the named items together (生活补贴和护理补贴能一起领吗) answers once
                joint = self._general_fallback(q, [c for c in cands if c.named], qgrams, JOINT_FAQ_FIT)
                if joint is not None and facet in joint.unit.facets + ("general",) and self._speaks_of_all(
                        joint.unit.question or "", targets):
                    parts.append(self._part(facet, joint, q, city, conf_base))
                    continue
            for only in targets:
                chosen = self._best_unit(facet, q, cands, result_ids, qgrams, only)
                if facet in ("general", "complaint", "what") and (chosen is None or chosen.unit.kind == "guide"):
                    pool = [c for c in cands if c.code == only] if only else cands
                    fallback = self._general_fallback(q, pool, qgrams, 0.5 if facet == "what" else 0.35)
                    if fallback is not None and (chosen is None or fallback.score >= MIN_PART_SCORE):
                        # a FAQ in the question's words, but never one too weak to answer in place
                        # of the item's own summary (A和B有什么区别: each item's 是什么)
                        chosen = fallback
                elif chosen is None or chosen.score < MIN_PART_SCORE or (chosen.unit.kind == "guide" and chosen.unit.not_public):
                    # before saying "not in the KB": a FAQ in the person's own words about this subject
                    chosen = self._general_fallback(q, cands, qgrams, 0.6) or chosen
                if facet == "complaint" and chosen is not None and chosen.unit.kind == "guide":
                    # a report or complaint: the item's own FAQ about reporting says the rule that
                    # decides the case and who checks it, which the bare "whom to tell" line does not
                    chosen = self._complaint_faq(q, chosen, qgrams) or chosen
                if chosen is not None and chosen.unit.kind == "guide":
                    # for one of several named items, only its own FAQs speak for it
                    own = [c for c in cands if c.code == only] if only else cands
                    chosen = self._situation_faq(q, own, chosen) or chosen
                if q.household and chosen is not None:
                    chosen = self._household_faq(q, chosen, qgrams) or chosen
                if STOPPED.search(q.text) and (chosen is None or not STOPPED.search(chosen.unit.question or "")):
                    chosen = self._stopped_faq(q, cands, qgrams) or chosen
                chosen = self._own_city_element(facet, chosen, city, cands)
                if q.other_region and (chosen is None or chosen.unit.id not in self._national):
                    chosen = self._national_faq(facet, q, cands, qgrams, chosen) or chosen
                parts.append(self._part(facet, chosen, q, city, conf_base))
        return parts

    def _compared(self, text: str, named: list[str]) -> list[str]:
        """A comparison (低保和特困有什么区别) names its sides by topic words as often as by item names:
        each topic said outright, and not already said through one of its items, stands for its
        first item. In the order the text says them."""
        pos: dict[str, int] = {c: self._first_pos(text, c) for c in named}
        spans = [(m.start(), m.end()) for c in named for nm in self._mentions(c) for m in re.finditer(re.escape(nm), text)]
        for topic in topics_named(text):
            first = self._first_item.get(topic)
            if not first or first in pos:
                continue
            # the topic's own word said apart from a named item's name (低保 in 低保和低保边缘)
            apart = [m.start() for w, t in _TOPIC_WORDS.items() if t == topic for m in re.finditer(w, text)
                     if not any(a <= m.start() < b for a, b in spans) and not _STATUS_AFTER.match(text[m.end():])]
            if apart:
                pos[first] = min(apart)
        if len(pos) == 1:
            # the other side said by the tail of a sibling's name (生活补贴 beside 护理补贴: both are 残疾人…)
            (one,) = pos
            topic = self.kb.service_topic[one]
            for side in re.split(r"和|与|跟|还是|、|同", COMPARE.split(text)[0]):
                side = side.strip(" ，,。？?")
                if len(side) < 3 or any(nm in side for nm in self._mentions(one)):
                    continue
                sibs = {c for nm, c in self._names if c != one and self.kb.service_topic[c] == topic
                        and nm.endswith(side)}
                if len(sibs) == 1:
                    (sib,) = sibs
                    pos[sib] = text.find(side)
        return sorted(pos, key=lambda c: pos[c]) if len(pos) >= 2 else named

    def _mentions(self, code: str) -> list[str]:
        return [nm for nm, c in self._names if c == code] + [nm for nm, cs in self._collective.items() if code in cs]

    def _first_pos(self, text: str, code: str) -> int:
        return min((text.find(nm) for nm in self._mentions(code) if nm in text), default=len(text))

    def _speaks_of_all(self, text: str, codes: list[str | None]) -> bool:
        """Does a FAQ's question say each of these items (a name, alias or keyword of each, or a
        collective name of them)? Only such a FAQ answers for them together."""
        text = normalize(text)
        for nm, members in self._collective.items():
            # the collective name, or one of its synonyms (生活补贴和护理补贴 for 两项补贴)
            if set(codes) <= set(members) and any(w in text for w in (nm, *self.search.synonyms.get(nm, ()))):
                return True
        return all(c is not None and self._own_words_in(text, c) for c in codes)

    def _stopped_faq(self, q: Question, cands: list[_Candidate], qgrams: dict[str, float]) -> Scored | None:
        """A payment that stopped (没了, 停发, 没到账): the FAQ of the item's topic that is about a
        stop — why it stops and how it is resumed or paid back — not the generic 'to complain, call'.

        Looked for in the best candidate's topic (the stop FAQ may sit under the application item while
        the question ranked the payment-enquiry item first)."""
        topics = {self.kb.service_topic[c.code] for c in cands[:1]}
        best: Scored | None = None
        for code, units in self.units.items():
            if self.kb.service_topic[code] not in topics:
                continue
            for u in units:
                if u.kind != "faq" or u.not_public or not STOPPED.search(u.question or ""):
                    continue
                if u.verdict and not q.yes_no:
                    continue  # "可以。…" answers a yes/no question, not "why did it stop / whom to ask"
                s = score_unit(u, u.facets[0], q, 1.0, qgrams, self.fitter)
                if best is None or s.fit > best.fit:
                    best = s
        if best is None:
            return None
        return Scored(best.unit, max(best.score, MIN_PART_SCORE + 0.05), best.fit)

    def _own_city_element(self, facet: str, chosen: Scored | None, city: str | None,
                          cands: list[_Candidate]) -> Scored | None:
        """The asker's city's fact for the point, when the KB holds it: a FAQ whose example is another
        city (例如无锡新吴区…) gives way to the item's element that says 苏州's hours, and an element of
        an item without that city's figure gives way to the same element of a neighbouring candidate
        that has it (徐州's 低保标准 sits on the application item, not the payment one)."""
        field = LOCAL_FIELD.get(facet)
        if chosen is None or not city or not field:
            return chosen
        u = chosen.unit
        if u.kind == "faq" and (not u.mentions_city or city in u.mentions_city):
            return chosen
        if u.kind not in ("faq", "guide"):
            return chosen
        codes = [u.service_code] + [c.code for c in cands if c.code != u.service_code
                                    and self.kb.service_topic[c.code] == self.kb.service_topic[u.service_code]]
        for code in codes:
            fact = local_fact(self.kb.services[code], city)
            if fact is None or getattr(fact, field) in (None, ""):
                continue
            if code == u.service_code and u.kind == "guide":
                return chosen
            return Scored(self._element(code, facet) or u, chosen.score, 1.0)
        return chosen

    def _element(self, code: str, facet: str) -> Unit | None:
        """The item's guide element for a facet (one made on the spot where the item has none of its
        own, e.g. 办公时间, composed from the city's fact alone)."""
        units = self.units.get(code, [])
        element = next((x for x in units if x.kind == "guide" and facet in x.facets), None)
        if element is None:
            first = next((x for x in units if x.kind == "guide"), None)
            if first is None:
                return None
            svc = self.kb.services[code]
            element = Unit(f"{code}:{facet}", "guide", code, first.topic, (facet,), first.audience,
                           f"{svc.name} · 本地信息", urls.service_url(code))
        return element

    def _national_faq(self, facet: str, q: Question, cands: list[_Candidate], qgrams: dict[str, float],
                      chosen: Scored | None) -> Scored | None:
        """For a question about another province: a FAQ whose rule is national and that fits the
        question, instead of Jiangsu's guide element — the national rule holds where the asker lives,
        Jiangsu's practice does not. Taken when it fits about as well as the element chosen."""
        best: Scored | None = None
        for c in cands:
            for u in self.units.get(c.code, []):
                if u.id not in self._national or u.not_public:
                    continue
                s = score_unit(u, facet if facet in u.facets else u.facets[0], q, c.score, qgrams, self.fitter)
                if u.verdict and not q.yes_no:
                    continue
                if s.fit >= NATIONAL_MIN_FIT and (best is None or s.score > best.score):
                    best = s
        if best is None:
            return None
        if chosen is not None and best.score < NATIONAL_SHARE * chosen.score:
            return None
        return Scored(best.unit, max(best.score, MIN_PART_SCORE + 0.05), best.fit)

    def _content_share(self, weights: dict[str, float], grams) -> float:
        total = sum(weights.values())
        return sum(v for g, v in weights.items() if g in grams) / total if total else 0.0

    def _situation_faq(self, q: Question, cands: list[_Candidate], guide: Scored) -> Scored | None:
        """A FAQ that speaks of the asker's situation, instead of the generic guide element.

        A guide element says the rule under the item's name; when the question's telling words
        (单身证明, 重病, 疫情) are in a FAQ's own question of the same item but not in the item's
        name, the FAQ is the better answer: it is what was asked, not the item's general rule.
        Taken only when the FAQ covers clearly more of the question's content than the name does."""
        w = self.fitter.weights(set(char_bigrams(_MONEY.sub(" ", _people_free(facet_free(q.text))))))
        if not w or (getattr(q, "age", None) is not None and guide.unit.facets[0] in AGE_DECIDES):
            # the guide element speaks to the person's age (还没到80周岁): a FAQ would lose it
            return None
        code = guide.unit.service_code
        name_cov = self._content_share(w, self._name_grams(code))
        best: tuple[float, Scored] | None = None
        said = topics_named(q.text)
        for c in cands:
            # the chosen item's FAQs; and those of an item search ranks as high (a tie: 低保户 + 学费 is
            # as much 临时救助 as 低保), only when they say the situation more fully still
            neighbour = c.code != code
            if neighbour and (c.score < SITUATION_NEAR or (
                    self.kb.service_topic[code] in said and self.kb.service_topic[c.code] not in said)):
                continue  # not a tie, or the question names the chosen item's topic and not this one's
            for u in self.units.get(c.code, []):
                if u.kind != "faq" or u.not_public and not guide.unit.not_public:
                    continue
                if premise_factor(u, q) < 1.0:
                    continue  # written for a situation the asker did not say they are in (持残疾证)
                cov = self._content_share(w, u.grams | self._synonym_grams(u))
                if neighbour and cov < (SITUATION_SURE if c.score >= SITUATION_TIE else SITUATION_CLEAR):
                    continue  # a neighbour ranked a little lower: only a FAQ that tells the whole situation
                if cov >= SITUATION_MIN and cov >= name_cov + SITUATION_MARGIN and (best is None or cov > best[0]):
                    s = score_unit(u, u.facets[0], q, c.score, question_grams(q.text, self.fitter), self.fitter)
                    # a FAQ of another point only when the item's name does not say what was asked
                    other_point = guide.unit.facets[0] not in u.facets
                    if other_point and not q.facets and u.facets[0] in POINTS_SAID_OUTRIGHT:
                        continue  # the question asks no point: not a FAQ on one (收费吗) it did not ask
                    if (other_point and guide.unit.facets[0] in POINTS_SAID_OUTRIGHT and guide.unit.facets[0] in q.facets
                            and not guide.unit.not_public):
                        continue  # a point asked outright (一个月多少) that the guide answers: not a FAQ on another one told alike
                    fits = s.fit >= 0.3 or (cov >= SITUATION_SURE and not other_point)
                    if fits and not (u.verdict and not q.yes_no) and not (other_point and name_cov >= SITUATION_NAME_MAX):
                        best = (cov, Scored(u, max(s.score, guide.score), s.fit))
        return best[1] if best else None

    def _household_faq(self, q: Question, chosen: Scored, qgrams) -> Scored | None:
        """The chosen item's FAQ asked by someone of the asker's household status (五保户, 低保户),
        when the chosen answer does not speak of it: the rule often turns on that status (特困供养
        的人不享受两项补贴), so the FAQ written for it is the answer, not the general one."""
        svc = self.kb.services[chosen.unit.service_code]
        subject = " ".join((svc.name, *svc.aliases, self.kb.service_topic[svc.code]))
        if asked_for_household(chosen.unit, q, subject):
            return None  # the chosen answer already speaks of the asker's status
        best: Scored | None = None
        for u in self.units.get(chosen.unit.service_code, []):
            if not asked_for_household(u, q, subject) or u.not_public or premise_factor(u, q) < 1.0:
                continue
            if u.verdict and not q.yes_no:
                continue
            facet = chosen.unit.facets[0]
            if facet not in u.facets and u.facets != ("general",):
                continue  # another point than the one asked
            s = score_unit(u, facet, q, 1.0, qgrams, self.fitter)
            if s.fit >= HOUSEHOLD_FAQ_FIT and (best is None or s.fit > best.fit):
                best = s
        return Scored(best.unit, max(best.score, chosen.score), best.fit) if best else None

    def _name_grams(self, code: str) -> frozenset[str]:
        """The character pairs of an item's names (its name and aliases: 领结婚证 names 结婚登记, it is no
        situation) and of the synonyms of the words in its name: measured
        against a FAQ's question with its synonyms (``_synonym_grams``), the name must get the same
        allowance — else a citizen's 补助 meets a FAQ's 补贴 but not the name's 补贴, and any FAQ of
        the item ("没有残疾证能申请残疾人补贴吗") looks more like the question than the item itself."""
        hit = self._name_gram_cache.get(code)
        if hit is None:
            svc = self.kb.services[code]
            name = normalize(svc.name)
            names = (name, *(normalize(a) for a in svc.aliases),
                     *(nm for nm, codes in self._collective.items() if code in codes))
            hit = frozenset(g for n in names for g in char_bigrams(n)) | frozenset(
                g for w, others in self.search.synonyms.items() if len(w) >= 2 and w in name
                for o in others for g in char_bigrams(o))
            self._name_gram_cache[code] = hit
        return hit

    def _synonym_grams(self, u: Unit) -> frozenset[str]:
        """The character pairs of the synonyms of the words in a FAQ's question (its 癌症 also says
        重大疾病, its 去世 also 过世): a citizen's word for the situation meets the FAQ's word."""
        hit = self._syn_grams.get(u.id)
        if hit is None:
            text = u.question or ""
            hit = frozenset(g for w, others in self.search.synonyms.items() if len(w) >= 2 and w in text
                            for o in others for g in char_bigrams(o))
            self._syn_grams[u.id] = hit
        return hit

    def _with_qualifier(self, svc, q: Question, text: str) -> str:
        """The question's qualifier (非户籍, 不会用电脑) said in the answer: when the chosen element
        does not speak of it, the item's own sentence that does is added (居住地申请 for someone
        living away from their 户籍), so the point asked is not answered with the ordinary rule."""
        rxs = [QUALIFIERS[k] for k in q.qualifiers]
        if any(rx.search(normalize(text)) for rx in rxs):
            return text
        # a FAQ asked about the same circumstance answers it whole; else the item's sentences that say it
        found = [VERDICT_OPENING.sub("", f.a, count=1).rstrip("。") for f in svc.faqs
                 if any(rx.search(normalize(f.q)) for rx in rxs) and f.a not in text][:1]
        pool = [] if found else [svc.where, svc.local_note or "", *svc.conditions, *(st.detail for st in svc.steps),
                                 *(m.note or "" for m in svc.materials)]
        for chunk in pool:
            for sent in re.split(r"(?<=[。；;])", chunk):
                sent = sent.strip().rstrip("；;")
                if sent and any(rx.search(normalize(sent)) for rx in rxs) and sent not in text and sent not in found:
                    found.append(sent)
        if not found:
            return text
        extra = "；".join(found[:2]).rstrip("。") + "。"
        return f"{text.rstrip()}\n{WORDS['qualifier_lead']}{extra}"

    def _complaint_faq(self, q: Question, chosen: Scored, qgrams) -> Scored | None:
        """The chosen item's best-fitting FAQ that is itself a report or complaint (能举报吗, 找谁投诉)."""
        best = None
        # fitted first on what is complained about, not on the shared 找谁投诉 frame; then on it all
        subject = facet_free(q.text)
        tries = [question_grams(subject, self.fitter)] if meaningful_chars(subject) >= 2 else []
        reporting = bool(REPORTS_OPERATOR.search(q.text))
        for grams in [*tries, qgrams]:
            for u in self.units.get(chosen.unit.service_code, []):
                if u.kind != "faq" or "complaint" not in u.facets:
                    continue
                s = score_unit(u, "complaint", q, 1.0, grams, self.fitter)
                # a report of an unlicensed operator meets the FAQ about reporting one however
                # differently the two tell the story (没有证照、没消防 / 没备案、条件差)
                need = COMPLAINT_FAQ_FIT * (0.5 if reporting and REPORTS_OPERATOR.search(u.question or "") else 1.0)
                if s.fit >= need and (best is None or s.fit > best.fit):
                    best = s
            if best:
                break
        # the item was chosen for the question already: the FAQ stands in its place at its score
        # (anyone may report an institution, so the FAQ's audience does not lower it)
        return Scored(best.unit, chosen.score, best.fit) if best else None

    def _general_fallback(self, q, cands, qgrams, min_fit: float) -> Scored | None:
        """No facet recognised: the best-fitting FAQ of any facet, else the item's summary."""
        best = None
        for c in cands:
            for u in self.units.get(c.code, []):
                if u.kind != "faq":
                    continue
                s = score_unit(u, u.facets[0], q, c.score, qgrams, self.fitter)
                if not q.facets and u.facets[0] in POINTS_SAID_OUTRIGHT:
                    # the question asks no point: a FAQ on one point (收费吗) answers what was not asked
                    s = Scored(s.unit, s.score * POINT_NOT_ASKED, s.fit)
                if s.fit >= min_fit and (best is None or s.score > best.score):
                    best = s
        return best

    def _assemble(self, q: Question, parts: list[Part], understood: dict, city: str | None) -> Answer:
        answered = [p for p in parts if p.status == "answered"]
        lead = tail = ""
        if q.other_region:
            lead, tail, parts, answered = self._other_region(q.other_region, parts)
        status = "answered" if len(answered) == len(parts) else "partial" if answered else "unsure"
        if len(parts) == 1:
            body = parts[0].text
        else:
            names = {p.service_code for p in parts}
            body = "\n".join(
                _labelled(self._label(p, len(names) > 1), p.text) for p in parts)
        text = "\n".join(t for t in (lead, body.strip() and body, tail) if t) if lead else body
        main = answered[0] if answered else parts[0]
        missing = sorted({m for p in parts for m in p.missing})
        conf = round(sum(p.confidence for p in parts) / len(parts), 2)
        return Answer(text, status, main.facet, main.service_code, main.source, conf, missing, parts, understood)

    def _other_region(self, region: str, parts: list[Part]) -> tuple[str, str, list[Part], list[Part]]:
        """A question about another province: a national rule is its answer there too; Jiangsu's own
        rule is only a reference, framed as such, and the local office decides.

        Parts answered from a FAQ marked ``scope: national`` keep their status (the rule holds in
        every province); every other part becomes a reference (unsure, ``other_region`` missing),
        shown only where it answers the point asked well, so no off-point neighbour is presented."""
        good = [p for p in parts if p.status == "answered" and p.confidence >= 0.7]
        # a national rule answered as surely as any answer at home is the answer there too: the
        # stricter bar for a Jiangsu reference (off-point practice must not be shown) is not its bar
        national = [p for p in parts if p.status == "answered" and p.source is not None
                    and p.source.code in self._national]
        good += [p for p in national if p not in good]
        if national:
            kept = [p for p in parts if p in national or p in good]
            for p in kept:
                if p not in national:
                    p.status, p.confidence = "unsure", round(p.confidence * 0.4, 2)
                    p.missing = sorted(set(p.missing) | {"other_region"})
                    p.text = WORDS["jiangsu_ref"] + p.text
            lead = WORDS["national"].format(region=region)
            tail = WORDS["national_local"].format(region=region, hotline=self.hotline)
            return lead, tail, kept, [p for p in kept if p.status == "answered"]
        kept = good or parts[:1]
        for p in kept:
            p.status, p.confidence = "unsure", round(p.confidence * 0.4, 2)
            p.missing = sorted(set(p.missing) | {"other_region"})
        if kept[0].confidence < 0.28 or "service" in kept[0].missing:
            kept[0].text = ""
        lead, tail = WORDS["other_region"].format(region=region, hotline=self.hotline), ""
        if kept[0].text:
            lead = WORDS["other_region_ref"].format(region=region)
            if len(kept) == 1:
                kept[0].text = WORDS["jiangsu_ref"] + kept[0].text
            else:
                lead += "\n" + WORDS["jiangsu_ref"]
            tail = WORDS["other_region_tail"].format(region=region, hotline=self.hotline)
        return lead, tail, kept, []

    def _label(self, p: Part, with_service: bool) -> str:
        label = FACET_LABEL.get(p.facet, "答复")
        if with_service and p.subject and p.status == "unsure":
            return f"{p.subject}·{label}"
        if with_service and p.service_code:
            name = _short_name(self.kb.services[p.service_code].name)
            return f"{name}·{label}"
        return label

    @staticmethod
    def search_max_chars() -> int:
        from app.core.config import get_settings

        return get_settings().max_query_chars


_PEOPLE = re.compile("|".join(sorted({re.escape(w) for w, _ in RELATIONS} | {"我们家", "我家", "家里人", "家里", "我们", "城里人", "本人",
                                     "城镇居民", "农村居民", "城乡居民", "居民", "市民", "村民"},
                                    key=len, reverse=True)))


#: Words for "the money" in general (低保补助, 孤儿补贴): they say the item's benefit itself, not a
#: situation, so they must not make a FAQ about a side benefit (低保户孩子上学的补助) the "situation" asked.
_MONEY = re.compile(r"补助金?|补贴|津贴|救助金|生活费|钱")


#: Topic names as citizens say them; a status (低保户, 低保家庭, 特困人员) names the person, not the service asked.
_TOPIC_WORDS = {"低保": "低保", "特困": "特困供养", "五保": "特困供养", "临时救助": "临时救助", "医疗救助": "医疗救助",
                "殡葬": "殡葬", "两项补贴": "残疾人两项补贴", "收养": "收养登记", "尊老金": "尊老金", "高龄补贴": "尊老金",
                "高龄津贴": "尊老金", "婚姻登记": "婚姻登记", "慈善": "慈善", "地名": "地名"}
#: a question that sets two things side by side
COMPARE = re.compile(r"(区别|不同|差别|不一样|一样吗|一样不|是一回事吗|哪个好|哪个划算|有什么差)")
_STATUS_AFTER = re.compile(r"^(户|家庭|对象|人员|边缘|老人|证)")


def topics_named(text: str) -> set[str]:
    """The topics the question names by their own word (低保 in "低保可以在打工的地方申请吗"), not as
    the asker's status ("我是低保户"): the status is a fact about the person, the topic may be another."""
    out: set[str] = set()
    for word, topic in _TOPIC_WORDS.items():
        start = 0
        while (i := text.find(word, start)) >= 0:
            start = i + len(word)
            if not _STATUS_AFTER.match(text[start:]):
                out.add(topic)
                break
    return out


def _people_free(text: str) -> str:
    """The text without who it is about (老公, 我妈, 家里人): a FAQ about a situation (得了癌症能不能吃
    低保) fits whoever has it, and rare relation words must not outweigh the situation's words."""
    return _PEOPLE.sub(lambda m: " " * len(m.group(0)), text)


def _subject(text: str) -> str | None:
    """The clause's subject in its own words: the longest facet-free run, trimmed of small words
    ("老年公交卡如何办理" → "老年公交卡"); None when nothing telling is left."""
    runs = [r.strip("".join(_FUNCTION_CHARS) + "，。,.？?！! ") for r in re.split(r"\s+|[，。,.？?！!；;、]", facet_free(text))]
    runs = [r for r in runs if meaningful_chars(r) >= 2]
    if not runs:
        return None
    best = max(runs, key=len)
    return best[:12]


def _pays_money(svc) -> bool:
    """An item that pays people money (给付, or one with standard amounts)."""
    return svc.item_type == "行政给付" or bool(svc.amounts)


def _short_name(name: str) -> str:
    """'尊老金发放信息变更（银行卡/户籍迁移）' → '尊老金发放信息变更'; '村（居）民…' stays whole."""
    short = re.split(r"[（(]", name)[0]
    return short if len(short) >= 4 else name


def _minus(a: list[str], b: list[str]) -> list[str]:
    """Multiset difference of token lists."""
    left = Counter(b)
    out = []
    for tok in a:
        if left[tok] > 0:
            left[tok] -= 1
        else:
            out.append(tok)
    return out


def _dedupe(parts: list[Part]) -> list[Part]:
    """The same text twice (one FAQ answering two facets) is said once; and one point of one item
    answered twice (two clauses of a post, both 怎么反映 about 慈善) is said once, from the FAQ in the
    person's own situation rather than the item's generic line."""
    seen: set[str] = set()
    out: list[Part] = []
    for p in parts:
        if p.text in seen:
            continue
        seen.add(p.text)
        twin = next((o for o in out if p.status == o.status == "answered" and p.service_code
                     and (o.service_code, o.facet) == (p.service_code, p.facet)), None)
        if twin is not None:
            if _is_faq(p) and not _is_faq(twin):
                out[out.index(twin)] = p
            continue
        out.append(p)
    return out


def _labelled(label: str, text: str) -> str:
    """A part's text under its label, said once ("收费：未找到…", never "收费：收费：未找到…")."""
    return text if text.startswith(label + "：") else f"{label}：{text}"


def _is_faq(p: Part) -> bool:
    return p.source is not None and p.source.kind == "faq"


_ENGINE: AnswerEngine | None = None


def get_answer_engine() -> AnswerEngine:
    global _ENGINE
    from app.search.engine import get_engine

    se = get_engine()
    if _ENGINE is None or _ENGINE.search is not se:
        _ENGINE = AnswerEngine(se)
    return _ENGINE


def answer(question: str, context: AnswerContext | None = None) -> Answer:
    """The answer to ``question`` (never raises on any text; see module docstring)."""
    return get_answer_engine().answer(question, context)
