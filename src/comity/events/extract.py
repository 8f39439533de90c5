"""Who did what to whom: event candidates from the dependency parse of one document.

For every sentence:

1. *Predicates*: verbs whose lemma (or phrasal form, "call for") the codebook knows, light verbs
   whose object names an event ("held talks", "imposed sanctions"), and event nouns ("the treaty",
   "Russian aid").
2. *Frames*: a verb taking a clausal complement turns the complement's event into what PLOVER
   codes ("agreed to restore ties" -> AGREE, "vowed to curb" -> THREATEN, "refused to" -> REJECT,
   "X said Y attacked Z" -> Y->Z with modality "reported").
3. *Arguments*: source and target from subjects, objects, datives, prepositional objects,
   passive agents, and — when a clause has no subject of its own — from the clause it depends on.
4. *Modality, negation, confidence*.

The output is a list of ``Candidate`` per document; ``classify``/``pipeline`` turn them into Events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from comity.actors.resolve import DocActors, Resolved
from comity.events.codebook import Codebook, Rule, load_codebook
from comity.events.frames import load_frames
from comity.model import QUAD_OF_TYPE, Modality, PloverType

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUBJ = ("nsubj", "csubj")
#: prepositions whose object receives a verb's act; "for" is left out: "fought for Russia",
#: "praised X for Y" name an ally or a reason, not a recipient
TARGET_PREPS = frozenset(
    {
        "to",
        "with",
        "against",
        "on",
        "at",
        "into",
        "toward",
        "towards",
        "upon",
        "over",
        "from",
        "onto",
        "across",
        "inside",
        "in",
    }
)
REFLEXIVES = frozenset({"themselves", "itself", "himself", "herself", "ourselves", "myself", "yourself"})
#: verbs that tell how an event went when the event is their subject ("the talks ended")
COURSE_VERBS = frozenset(
    {
        "end",
        "continue",
        "fail",
        "collapse",
        "stall",
        "resume",
        "begin",
        "start",
        "last",
        "drag",
        "conclude",
        "break",
        "falter",
        "close",
        "open",
        "finish",
    }
)
#: intent verbs that state an agreement between the parties, not a one-sided vow
AGREEMENT_VERBS = frozenset({"agree", "consent", "accept", "sign"})
#: prepositions that usually say where, not to whom: "held talks in Beijing" has no target
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "across"})
#: nouns that make a prepositional phrase a time or occasion, never a recipient: "on the eve of
#: the anniversary of Russia's invasion of Ukraine", "on the sidelines of the summit"
OCCASION_NOUNS = frozenset(
    {
        "eve", "anniversary", "day", "weekend", "morning", "afternoon", "evening", "night",
        "occasion", "sidelines", "margins", "heels", "height",
    }
)  # fmt: skip
NOUN_TARGET_PREPS = frozenset(
    {"to", "with", "against", "on", "for", "toward", "towards", "into", "over", "of", "from", "in"}
)
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
MODAL_HEDGE = frozenset({"may", "might", "could"})
MUST = frozenset({"must", "should"})
PAIR_WORDS = frozenset({"bilateral", "mutual", "joint"})
#: what an act announced for the future is coded as (PLOVER manual, AGREE and CONCEDE notes):
#: future cooperation is an AGREE, a future retreat a CONCEDE, future violence a THREATEN;
#: concessions, announced sanctions and verbal acts keep their type
FUTURE_TYPE: dict[str, tuple[str, str]] = {
    "CONSULT": ("AGREE", "030"),
    "SUPPORT": ("AGREE", "030"),
    "COOPERATE": ("AGREE", "030"),
    "AID": ("AGREE", "030"),
    "RETREAT": ("CONCEDE", "080"),
    "PROTEST": ("THREATEN", "130"),
    "MOBILIZE": ("THREATEN", "130"),
    "COERCE": ("THREATEN", "130"),
    "ASSAULT": ("THREATEN", "130"),
    "FIGHT": ("THREATEN", "130"),
    "CRIME": ("THREATEN", "130"),
}
HISTORIC_NOUNS = frozenset({"anniversary", "commemoration", "memorial", "legacy", "history"})


@dataclass(slots=True)
class Candidate:
    trigger: Token  # the anchor token (main verb or event noun)
    type: str
    cameo: str
    mode: str
    context: str
    goldstein: float
    source: list[Resolved]
    target: list[Resolved]
    words: list[Token]
    modality: str = Modality.ASSERTED.value
    negated: bool = False
    confidence: float = 0.7
    speaker: list[Resolved] = field(default_factory=list)
    nominal: bool = False
    rules: list[str] = field(default_factory=list)  # the named decisions that shaped it


@dataclass(slots=True)
class _Pred:
    token: Token
    rule: Rule
    words: list[Token]
    nominal: bool = False
    light: Token | None = None  # the light verb, for "held talks"


def _cooperative(plover: str) -> bool:
    return QUAD_OF_TYPE[PloverType(plover)] in (1, 2)


class Extractor:
    def __init__(self, actors: DocActors, *, codebook: Codebook | None = None) -> None:
        self.actors = actors
        self.cb = codebook or load_codebook()
        self.frames = load_frames()
        mod = self.cb.modality
        self.hedge_words = frozenset(mod.get("hedged", ()))
        self.hypo_words = frozenset(mod.get("hypothetical", ()))
        self.neg_words = frozenset(mod.get("negation", ())) | {"not", "never", "n't", "no"}

    # ------------------------------------------------------------------ predicates

    def _objs(self, tok: Token) -> tuple[set[str], set[str]]:
        objs: set[str] = set()
        preps: set[str] = set()
        for c in tok.children:
            if c.dep_ in ("dobj", "attr", "oprd", "dative", "nsubjpass", "acomp"):
                objs.add(c.lemma_.lower())
                objs.add(c.lower_)
                for cc in c.children:
                    if cc.dep_ in ("compound", "amod"):
                        objs.add(cc.lemma_.lower())
                    if cc.dep_ == "conj":  # "launched artillery, mortar and rocket fire"
                        for conj in cc.subtree:
                            if conj.dep_ in ("conj", "compound", "amod"):
                                objs.add(conj.lemma_.lower())
                    if cc.dep_ == "prep" and cc.lower_ == "of":
                        objs.update(p.lemma_.lower() for p in cc.children if p.dep_ == "pobj")
                    if cc.dep_ == "prep" and cc.lower_ == "as":  # "sees X as a threat"
                        preps.add("as")
                        objs.update(p.lemma_.lower() for p in cc.children if p.dep_ == "pobj")
            elif c.dep_ in ("prep", "agent"):
                preps.add(c.lower_)
                for p in c.children:
                    if p.dep_ == "pobj":
                        objs.add(p.lemma_.lower())
                        objs.add(p.lower_)
                    elif p.dep_ == "prep":  # "walked out of the deal": a particle parsed as a preposition
                        objs.update(q.lemma_.lower() for q in p.children if q.dep_ == "pobj")
            elif c.dep_ == "prt":
                preps.add(c.lower_)
                for pp in c.children:  # "walked out of the deal", "pull out of the treaty"
                    if pp.dep_ == "prep":
                        preps.add(pp.lower_)
                        objs.update(p.lemma_.lower() for p in pp.children if p.dep_ == "pobj")
            elif c.dep_ in ("xcomp", "ccomp"):
                objs.add(c.lemma_.lower())
        return objs, preps

    def lemma(self, tok: Token) -> str:
        """The verb's lemma as the codebook knows it; repairs tagger slips ("staged" -> "stag")."""
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX", "ADJ") or self._known(lemma):
            return lemma
        low = tok.lower_
        for cut, add in (
            ("ied", "y"),
            ("ies", "y"),
            ("ed", "e"),
            ("ed", ""),
            ("ing", "e"),
            ("ing", ""),
            ("es", ""),
            ("s", ""),
            ("d", ""),
        ):
            if low.endswith(cut) and len(low) > len(cut) + 2:
                guess = low[: -len(cut)] + add
                if self._known(guess):
                    return guess
        return lemma

    def _known(self, lemma: str) -> bool:
        return lemma in self.cb.verbs or lemma in self.cb.light_verbs or lemma in self.frames

    def _verb_pred(self, tok: Token) -> _Pred | None:
        lemma = self.lemma(tok)
        objs, preps = self._objs(tok)
        keys = [f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in ("prt", "prep")] + [lemma]
        rule = None
        for key in keys:
            rule = self.cb.match_verb(key, objs=objs, preps=preps)
            if rule is not None:
                break
        # a rule that depends on the object decides, even when it says "no event" ("cut rates")
        specific = rule is not None and bool(rule.obj or rule.prep)
        if not specific and lemma in self.cb.light_verbs:
            for c in tok.children:
                if c.dep_ in ("dobj", "attr", "nsubjpass"):
                    for noun_tok in _event_heads(c):
                        noun = self._noun_rule(noun_tok)
                        if noun is not None:
                            return _Pred(tok, noun, [tok, noun_tok], light=noun_tok)
        if rule is None or rule.cameo is None or rule.type is None:
            return None
        words = [tok] + [c for c in tok.children if c.dep_ == "prt"]
        return _Pred(tok, rule, words)

    def _noun_rule(self, tok: Token) -> Rule | None:
        objs, preps = self._objs(tok)
        for c in tok.lefts:
            if c.dep_ in ("compound", "amod"):
                objs.add(c.lemma_.lower())
        rule = self.cb.match_noun(tok.lemma_.lower(), objs=objs, preps=preps)
        if rule is None and tok.lower_ != tok.lemma_.lower():
            rule = self.cb.match_noun(tok.lower_, objs=objs, preps=preps)
        if rule is None or rule.cameo is None or rule.type is None:
            return None
        return rule

    # ------------------------------------------------------------------ arguments

    def subject(self, tok: Token, hops: int = 0) -> tuple[list[Resolved], int]:
        """The source of a clause: its subject, a passive agent, or the subject it inherits."""
        for c in tok.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = self.actors.actors_of(p)
                        if found:
                            return found, hops
        for c in tok.children:
            if c.dep_ in SUBJ:
                found = self.actors.actors_of(c)
                if found or c.pos_ != "PRON":
                    return found, hops
        if self.frames.get(self.lemma(tok)) in ("intent", "prepare"):
            # "Vietnam is committed to ...": an adjectival passive's subject is the actor
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    return self.actors.actors_of(c), hops
        if hops >= 4:
            return [], hops
        head = tok.head
        if head.i == tok.i:
            return self._nearest_actor_before(tok), hops + 2
        if tok.dep_ == "xcomp":
            # object control: "urged Russia to withdraw" -> Russia withdraws
            for c in head.children:
                if c.dep_ == "dobj":
                    found = self.actors.actors_of(c)
                    if found:
                        return found, hops + 1
            return self.subject(head, hops + 1)
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG" and head.dep_ == "ccomp"
        # ... but "officials said Russian forces attacked Kharkiv, killing 12": an act's participle
        # is the act's own consequence, done by the act's subject
        stative = head.pos_ == "AUX" or head.lemma_ == "be"
        if participle and stative and self.frames.get(self.lemma(head.head)) == "report":
            # "Lavrov argues that X is essential, criticizing Y": the participle is the speaker's
            return self.subject(head.head, hops + 1)
        if tok.dep_ in ("conj", "advcl", "ccomp", "pcomp", "acomp") and head.pos_ in (
            "VERB",
            "AUX",
            "ADJ",
            "NOUN",
        ):
            if tok.dep_ == "pcomp":
                head = head.head
            return self.subject(head, hops + 1)
        if tok.dep_ in ("relcl", "acl"):
            found = self.actors.actors_of(head)
            if not found and tok.dep_ == "acl" and head.dep_ in ("dobj", "attr") and head.head.i != head.i:
                # "the party issued a declaration demanding ...": the declaration's issuer
                return self.subject(head.head, hops + 1)
            return found, hops + 1
        if tok.dep_ == "pcomp" or (tok.dep_ == "pobj" and head.dep_ == "prep"):
            return self.subject(head.head, hops + 1)
        return [], hops

    def _city(self, tok: Token) -> bool:
        """A place rather than an actor: a capital, seat of power or city named as a location."""
        hit = self.actors.mention_at(tok.i)
        if hit is not None:
            return hit[1] in ("capital", "seat")
        return tok.ent_type_ in ("GPE", "LOC", "FAC")

    def _nearest_actor_before(self, tok: Token) -> list[Resolved]:
        """A main verb the parser left without a subject: the nearest actor phrase before it.

        "With the signing of a memorandum, the Sudanese government and SPLM/A have agreed to ...":
        the parser hangs the real subject on the memorandum.
        """
        for t in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod", "poss"):
                found = self.actors.actors_of(t)
                if found:
                    return found
        return []

    def _unnamed_agent(self, tok: Token, plover: str) -> list[Resolved]:
        """Who acted in "X was arrested in Lebanon" / "Y was killed in Beirut": the state where it
        happened — its authorities for coercion, unidentified armed forces (UAF) for violence."""
        if plover not in ("COERCE", "ASSAULT", "FIGHT"):
            return []
        loc = self._location(tok)
        if loc is None or not loc.country:
            return []
        state = self.actors.d.state(loc.country)
        if state is None:
            return []
        sector = "GOV" if plover == "COERCE" else "UAF"
        actor = state.actor(self.actors.date, sector=sector)
        return [Resolved(actor, loc.name, (tok.i, tok.i + 1))]

    def _location(self, tok: Token):
        from comity.timeplace.places import sentence_location

        return sentence_location(tok.sent, tok)

    def objects(self, tok: Token) -> list[Resolved]:
        """The target of a clause: direct object, dative, passive subject, or a prepositional object."""
        out: list[Resolved] = []
        for c in tok.children:
            if c.dep_ in ("dobj", "dative", "nsubjpass", "attr", "oprd"):
                if c.lower_ in REFLEXIVES:
                    continue  # "blew themselves up": the actor, not a recipient
                own = [p.i for p in c.children if p.dep_ == "poss" and p.pos_ == "PRON"]
                # "withdraw their force from Chad": what the possessive pronoun names is the
                # actor's own; "met his Russian counterpart Sergei Lavrov" still names Lavrov
                found = [r for r in self.actors.actors_of(c) if r.tokens[0] not in own]
                if not found and c.dep_ == "dobj":
                    # "cancelled a visit to Haiti", "halt mediation among Serbia's republics",
                    # "launched artillery and rocket fire against Kampuchean camps"
                    for part in [c, *(x for x in c.subtree if x.dep_ == "conj" and x.head.i != tok.i)]:
                        for head in _event_heads(part):
                            _, to, among = self._noun_parts(head)
                            found.extend(r for r in to or among if r not in found)
                out.extend(found)
        if out:
            return out
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                for p in c.children:
                    if p.dep_ != "pobj" or (c.lower_ in ("on", "at") and p.lower_ in OCCASION_NOUNS):
                        continue
                    if not (c.lower_ in LOCATIVE_PREPS and self._city(p)):
                        out.extend(self.actors.actors_of(p))
            if c.dep_ == "prt":  # "hand over to"
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(self.actors.actors_of(p))
        return out

    def noun_args(self, noun: Token) -> tuple[list[Resolved], list[Resolved]]:
        """Source and target of an event noun: "Russian aid", "X's visit to Y", "talks between X and Y"."""
        source, target, pair = self._noun_parts(noun)
        if pair:
            source = source + pair
        if not source and any(c.lower_ in PAIR_WORDS for c in noun.lefts):
            source = self.actors._salient(2, noun)  # "the bilateral treaty": the salient pair
        return source, target

    def _noun_parts(self, noun: Token) -> tuple[list[Resolved], list[Resolved], list[Resolved]]:
        """Actors around a noun: its owners/authors, its recipients, and the parties 'between' whom."""
        source: list[Resolved] = []
        target: list[Resolved] = []
        pair: list[Resolved] = []
        for c in noun.lefts:
            if c.dep_ in ("poss", "amod", "compound", "nmod"):
                found = self.actors.actors_of(c) if c.dep_ == "poss" else []
                if not found:
                    found = self.actors.left_modifier_actors(noun, only=c)
                source.extend(r for r in found if r not in source)
        for c in noun.rights:
            if c.dep_ != "prep":
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                found = self.actors.actors_of(p)
                if c.lower_ in {"between", "among"}:
                    pair.extend(found)
                elif c.lower_ == "by" or (c.lower_ == "of" and self._armed(p)):
                    # "the deployment of NATO troops": the troops are who deploy
                    source.extend(found)
                elif c.lower_ in NOUN_TARGET_PREPS:
                    target.extend(found)
        return source, target, pair

    # ------------------------------------------------------------------ modality

    def _negated(self, tok: Token) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never",)) for c in tok.children)

    def modality(self, tok: Token) -> tuple[str, bool]:
        """Modality of the event at ``tok`` and whether it is negated (public: fallback clauses)."""
        return self._modality(tok, None)

    def _modality(self, tok: Token, frame_tok: Token | None) -> tuple[str, bool]:
        """Modality of the event at ``tok`` and whether it is negated."""
        chain = [tok]
        t = tok
        while t.head.i != t.i and len(chain) < 6:
            t = t.head
            chain.append(t)
        sent = tok.sent
        hedged = False
        hypothetical = False
        for node in chain[:3]:
            for c in node.children:
                low = c.lower_
                if c.dep_ == "aux" and low in MODAL_HEDGE:
                    hedged = True
                if c.dep_ in ("advmod", "npadvmod") and low in self.hedge_words:
                    hedged = True
                if c.dep_ == "mark" and low in ("if", "unless"):
                    hypothetical = True
        for node in chain[1:]:
            if self.frames.get(node.lemma_.lower()) == "hedge" or node.lemma_.lower() in self.hedge_words:
                hedged = True
        for w in sent:
            if w.lower_ in ("reportedly", "allegedly", "purportedly", "possibly", "apparently") and (
                w.head in chain or w.head.head in chain
            ):
                hedged = True
            if w.lower_ in ("if", "unless") and w.dep_ == "mark" and w.head.head in chain[:2]:
                hypothetical = True
        negated = self._negated(tok) or (frame_tok is not None and self._negated(frame_tok))
        if hypothetical:
            return Modality.HYPOTHETICAL.value, negated
        if hedged:
            return Modality.HEDGED.value, negated
        return Modality.ASSERTED.value, negated

    # ------------------------------------------------------------------ the sentence

    def sentence(self, sent: Span) -> list[Candidate]:
        preds: dict[int, _Pred] = {}
        consumed: set[int] = set()
        for tok in sent:
            if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass")):
                pred = self._verb_pred(tok)
                if pred is not None:
                    preds[tok.i] = pred
                    if pred.light is not None:
                        consumed.add(pred.light.i)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in consumed and tok.i not in preds:
                if tok.head.lemma_.lower() in HISTORIC_NOUNS or any(
                    a.lemma_.lower() in HISTORIC_NOUNS for a in list(tok.ancestors)[:3]
                ):
                    continue
                if tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.i in preds:
                    continue  # the verb's own event already covers its object
                rule = self._noun_rule(tok)
                if rule is not None:
                    preds[tok.i] = _Pred(tok, rule, [tok], nominal=True)
        out: list[Candidate] = []
        done: set[int] = set()
        # frames first: outermost verbs before their complements
        framing = [t for t in sent if t.pos_ in ("VERB", "AUX", "ADJ") and self.lemma(t) in self.frames]
        for tok in sorted(framing, key=_depth):
            kind = self.frames[self.lemma(tok)]
            comp = _complement(tok)
            if kind in ("report", "hedge", "aspect"):
                continue  # the complement keeps its own event; modality is read from the chain
            if comp is None:
                continue
            # "vowing to escalate collaboration and curb the impact of X": each conjoined complement
            for part in [comp, *[c for c in comp.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]]:
                inner = _find_pred(part, preds)
                if inner is None or inner.token.i in done:
                    continue
                cand = self._speaker_demand(tok, inner.rule) or self._framed(tok, kind, inner)
                if cand is not None:
                    out.append(cand)
                    done.add(inner.token.i)
                    done.add(tok.i)
        for tok in sent:
            # "X reiterated that Libya must hand over the suspects": a demand, whatever is demanded
            if tok.i in done or tok.i in preds or tok.pos_ not in ("VERB", "AUX"):
                continue
            if any(c.dep_ == "aux" and c.lower_ in MUST for c in tok.children):
                demand = self._speaker_demand(tok, None)
                if demand is not None:
                    out.append(demand)
                    done.add(demand.trigger.i)
        for i, pred in sorted(preds.items()):
            if i in done:
                continue
            cand = self._plain(pred)
            if cand is not None:
                out.append(cand)
        return out

    def _framed(self, frame: Token, kind: str, inner: _Pred) -> Candidate | None:
        rule = inner.rule
        inner_type = rule.type or ""
        if kind in {"intent", "prepare"}:
            if self.lemma(frame) in AGREEMENT_VERBS:
                # "India and China agreed to resume patrols": an agreement, whatever it is about
                plover, cameo = "AGREE", "030"
            elif kind == "prepare" and inner_type in ("ASSAULT", "FIGHT"):
                plover, cameo = "MOBILIZE", "150"
            elif _cooperative(inner_type):
                plover, cameo = "AGREE", "030"
            else:
                plover, cameo = "THREATEN", "130"
            modality = Modality.INTENDED.value
        elif kind == "refuse":
            plover, cameo, modality = "REJECT", "120", Modality.ASSERTED.value
        elif kind == "threaten":
            plover, cameo, modality = "THREATEN", "130", Modality.INTENDED.value
        elif kind == "demand":
            plover, cameo, modality = "DEMAND", "100", Modality.ASSERTED.value
            demanded_of = [
                c for c in frame.children if c.dep_ in ("dobj", "dative") or c.lower_ in ("on", "upon")
            ]
            if not demanded_of and not self.objects(inner.token) and _cooperative(inner_type):
                # "Russia and North Korea pushed for a stronger partnership": asked of no one, an intention
                plover, cameo, modality = "AGREE", "030", Modality.INTENDED.value
        else:
            return None
        source, hops = self.subject(frame)
        target: list[Resolved] = []
        if kind == "demand":
            target = [
                r for c in frame.children if c.dep_ in ("dobj", "dative") for r in self.actors.actors_of(c)
            ]
            if not target:  # "called on Israel to allow aid": the one called on
                target = [
                    r
                    for c in frame.children
                    if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    for p in c.children
                    if p.dep_ == "pobj"
                    for r in self.actors.actors_of(p)
                ]
            if not target:
                for c in inner.token.children:
                    if c.dep_ in SUBJ:
                        target = self.actors.actors_of(c)
        if not target:
            target = self._pred_target(inner)
        if not target and kind != "demand":
            target = self.objects(frame)
        entry = self.cb.cameo.get(cameo)
        modality_read, negated = self._modality(frame, None)
        if modality_read != Modality.ASSERTED.value:
            modality = modality_read
        cand = Candidate(
            trigger=frame,
            type=plover,
            cameo=cameo,
            mode="",
            context=rule.context,
            goldstein=entry.goldstein if entry else 0.0,
            source=source,
            target=target,
            words=[frame, *inner.words],
            modality=modality,
            negated=negated,
        )
        cand.confidence = self._confidence(cand, hops, weak=rule.weak)
        return cand

    def _pred_target(self, pred: _Pred) -> list[Resolved]:
        if pred.nominal:
            return self.noun_args(pred.token)[1]
        target = self.objects(pred.token)
        if not target and pred.light is not None:
            target = self.noun_args(pred.light)[1]
        if not target:
            # "offered to hand over to Great Britain ...", "opened fire to disperse demonstrators",
            # "donated and delivered goods to the school": the recipient of the clause it heads
            # ... but a verb with an object of its own shares no recipient with the next one
            # ("retook Kursk and praised the North Korean soldiers")
            has_object = any(c.dep_ == "dobj" for c in pred.token.children)
            for c in pred.token.children:
                purpose = c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                shared = c.dep_ == "xcomp" or purpose or (c.dep_ == "conj" and not has_object)
                if shared and c.pos_ in ("VERB", "AUX") and not target:
                    target = self.objects(c)
        if not target:
            # "demanded that the DPRK forsake ...": the one asked to act
            for c in pred.token.children:
                if c.dep_ == "ccomp":
                    for sub in c.children:
                        if sub.dep_ in SUBJ:
                            target = self.actors.actors_of(sub)
        return target

    def _plain(self, pred: _Pred) -> Candidate | None:
        rule = pred.rule
        tok = pred.token
        hops = 0
        if pred.nominal:
            source, target = self.noun_args(tok)
            if not source and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
                # "X oversaw the drills", "they shared a handshake": the clause's subject acts
                source, hops = self.subject(tok.head)
                hops += 1
            if not source:
                return None
            if not target and tok.dep_ == "pobj" and tok.head.lower_ in ("with",):
                target, hops = self.subject(tok.head.head)
        else:
            if self._course_of_event(tok):
                return None
            source, hops = self.subject(tok)
            target = self._pred_target(pred)
            passive = any(c.dep_ == "nsubjpass" for c in tok.children)
            intent = self.frames.get(self.lemma(tok)) in ("intent", "prepare")  # "is committed to"
            if passive and not intent and not any(c.dep_ == "agent" for c in tok.children):
                source, target = (
                    self._unnamed_agent(tok, rule.type or ""),
                    self.actors.actors_of(next(c for c in tok.children if c.dep_ == "nsubjpass")),
                )
            elif not intent and _passive_sharing_subject(tok):
                # "Kharkiv lies near the border and has been shelled": the subject it shares
                # with the verb before it suffered the act; who did it is not said
                source, target = self._unnamed_agent(tok, rule.type or ""), source
        plover = rule.type or ""
        cameo = rule.cameo or ""
        goldstein = rule.goldstein
        modality, negated = self._modality(tok, None)
        if plover == "MOBILIZE" and len({r.actor.code for r in source}) >= 2:
            # two states exercising or deploying together cooperate militarily (PLOVER: joint exercises)
            plover, cameo = "COOPERATE", "062"
            entry = self.cb.cameo.get(cameo)
            goldstein = entry.goldstein if entry else goldstein
        conditional = modality == Modality.HYPOTHETICAL.value and (
            self._future(tok) or any(c.dep_ == "aux" and c.lower_ in MODAL_HEDGE for c in tok.children)
        )
        # "would meet the mediator if ..." is a conditional offer; "will withdraw unless ..." a threat
        conditional = conditional and (not _cooperative(plover) or _has_mark(tok, "unless"))
        if conditional and not pred.nominal and plover not in ("DEMAND", "REJECT"):
            # "will withdraw its troops unless ...", "may halt mediation if ...": a conditional threat;
            # the threat itself is made, whatever its condition
            plover, cameo = "THREATEN", "130"
            modality = Modality.ASSERTED.value
            entry = self.cb.cameo.get(cameo)
            goldstein = entry.goldstein if entry else goldstein
        # a cooperative/conflictual act announced for the future is an intention (PLOVER: AGREE/THREATEN)
        if not pred.nominal and self._future(tok) and not conditional:
            future = FUTURE_TYPE.get(plover)
            if future is not None:
                plover, cameo = future
                entry = self.cb.cameo.get(cameo)
                goldstein = entry.goldstein if entry else goldstein
            if modality == Modality.ASSERTED.value:
                modality = Modality.INTENDED.value
        # "X said Y must ..." is a demand by X of Y
        demand = None if pred.nominal else self._speaker_demand(tok, rule)
        if demand is not None:
            return demand
        speaker: list[Resolved] = []
        speech = _speech_head(tok, self.frames)
        if speech is not None:
            speaker, _ = self.subject(speech)
            codes = {r.actor.code for r in source}
            if (
                modality == Modality.ASSERTED.value
                and speaker
                and not codes & {r.actor.code for r in speaker}
            ):
                modality = Modality.REPORTED.value
        if not source and not target:
            return None
        cand = Candidate(
            trigger=tok,
            type=plover,
            cameo=cameo,
            mode=rule.mode,
            context=rule.context,
            goldstein=goldstein,
            source=source,
            target=target,
            words=pred.words,
            modality=modality,
            negated=negated,
            speaker=speaker,
            nominal=pred.nominal,
        )
        cand.confidence = self._confidence(cand, hops, weak=rule.weak)
        return cand

    def _armed(self, tok: Token) -> bool:
        """A role word for forces that act ("troops", "peacekeeping troops", "police")."""
        agent = self.actors._agent(tok) or self.actors._compound_agent(tok)
        return agent is not None and agent.sector in ("MIL", "COP", "REB", "UAF")

    def _course_of_event(self, tok: Token) -> bool:
        """'The talks ended without a deal', 'fighting continued': an event noun as the subject of
        a verb with no object says how that event went; the verb is no event of its own."""
        if self.lemma(tok) not in COURSE_VERBS:
            return False
        if any(c.dep_ in ("dobj", "dative", "attr", "ccomp", "xcomp") for c in tok.children):
            return False
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        return bool(subjects) and all(s.pos_ == "NOUN" and self._noun_rule(s) is not None for s in subjects)

    def _speaker_demand(self, tok: Token, rule: Rule | None) -> Candidate | None:
        """'X said Y must do Z' is a demand by X of Y."""
        must_tok = _clause_with_aux(tok, MUST)
        if must_tok is None:
            return None
        speaker_tok = _speech_head(must_tok, self.frames)
        if speaker_tok is None:
            return None
        speaker, hops = self.subject(speaker_tok)
        if not speaker:
            return None
        demanded, _ = self.subject(must_tok)
        entry = self.cb.cameo.get("100")
        context = rule.context if rule else ""
        cand = Candidate(
            trigger=speaker_tok,
            type="DEMAND",
            cameo="100",
            mode="",
            context=context,
            goldstein=entry.goldstein if entry else -5.0,
            source=speaker,
            target=demanded,
            words=[speaker_tok, tok],
            modality=Modality.ASSERTED.value,
        )
        cand.confidence = self._confidence(cand, hops, weak=bool(rule and rule.weak))
        return cand

    def _future(self, tok: Token) -> bool:
        """'will strike', 'would continue strengthening': future through aspect verbs."""
        t = tok
        for _ in range(3):
            if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in t.children):
                return True
            if t.dep_ == "xcomp" and self.frames.get(t.head.lemma_.lower()) == "aspect":
                t = t.head
                continue
            return False
        return False

    def _confidence(self, cand: Candidate, hops: int, *, weak: bool) -> float:
        c = 0.8
        tok = cand.trigger
        if tok.dep_ == "ROOT":
            c += 0.1
        elif tok.dep_ in ("conj", "xcomp", "ccomp"):
            c += 0.02
        elif tok.dep_ in ("relcl", "acl"):
            c -= 0.1  # background: "rebels fighting to topple him", "whom authorities blame"
        if cand.nominal:
            c -= 0.15
        if weak:
            c -= 0.2
        c -= 0.07 * hops
        if not cand.source:
            c -= 0.35
        if not cand.target:
            c -= 0.05
        if cand.modality == Modality.HEDGED.value:
            c -= 0.25
        elif cand.modality == Modality.HYPOTHETICAL.value:
            c -= 0.3
        elif cand.modality == Modality.REPORTED.value:
            c -= 0.05
        if cand.negated:
            c -= 0.2
        path = abs(tok.i - tok.sent.root.i)
        c -= min(0.1, 0.005 * path)
        return round(max(0.05, min(0.99, c)), 3)


def _passive_sharing_subject(tok: Token) -> bool:
    """A passive verb without a subject or agent of its own, coordinated with an earlier verb
    whose subject it shares ("X lies ... and has been shelled")."""
    return (
        tok.dep_ == "conj"
        and any(c.dep_ == "auxpass" for c in tok.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "expl") for c in tok.children)
    )


#: nouns that only measure or group the event noun after them ("ten days of war games")
QUANTITY_NOUNS = frozenset(
    {
        "day",
        "days",
        "week",
        "weeks",
        "series",
        "wave",
        "round",
        "spate",
        "number",
        "kind",
        "type",
        "set",
        "campaign",
        "string",
        "flurry",
        "barrage",
        "volley",
        "package",
        "raft",
        "batch",
    }
)


def _event_heads(noun: Token) -> list[Token]:
    """The noun itself, then — for a quantity noun — the noun of its 'of' phrase."""
    out = [noun, *(c for c in noun.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))]
    if noun.lemma_.lower() in QUANTITY_NOUNS:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out.extend(p for p in prep.children if p.dep_ == "pobj")
    return out


def _has_mark(tok: Token, word: str) -> bool:
    """Whether a subordinate clause of ``tok`` is introduced by ``word``."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == word for m in c.children)
        for c in tok.children
    )


def _clause_with_aux(tok: Token, auxes: frozenset[str]) -> Token | None:
    """The verb carrying one of ``auxes`` for ``tok`` or the clause it completes.

    "must be ready to mediate": ``must`` sits on "be", which "mediate" completes.
    """
    t = tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in auxes for c in t.children):
            return t
        if t.dep_ in ("xcomp", "acomp") and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _complement(tok: Token) -> Token | None:
    """The clausal complement of a frame verb: "agreed [to restore]", "said [it had halted]"."""
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp"):
            return c
    for c in tok.children:  # "call for X", "ready to X": prepositional/clausal complement
        if c.dep_ == "prep":
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    return p
    for c in tok.children:
        if c.dep_ == "advcl" and any(m.lower_ == "to" for m in c.children):
            return c
    return None


def _find_pred(comp: Token, preds: dict[int, _Pred]) -> _Pred | None:
    """The event of a complement clause: its head, or a nested complement ("agreed to allow aid")."""
    frontier = [comp]
    for _ in range(3):
        nxt = []
        for t in frontier:
            if t.i in preds:
                return preds[t.i]
            nxt.extend(c for c in t.children if c.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "conj"))
        frontier = nxt
    return None


def _speech_head(tok: Token, frames) -> Token | None:
    """The speech verb ("said", "announced") whose complement contains ``tok``, if any."""
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return None
        if t.dep_ in ("ccomp", "parataxis", "xcomp") and frames.get(t.head.lemma_.lower()) == "report":
            return t.head
        if t.dep_ == "ROOT":
            break
        t = t.head
    # "..., police said" where said is a parataxis/ccomp child of the event verb
    for c in tok.children:
        if (
            c.dep_ in ("parataxis", "ccomp", "advcl")
            and frames.get(c.lemma_.lower()) == "report"
            and c.i > tok.i
        ):
            return c
    return None
