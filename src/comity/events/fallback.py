"""Candidates for sentences the codebook rules leave empty, for the learned decision to judge.

Half the event sentences of real news carry a trigger the codebook does not list
("congratulated", "landed in the capital") or an actor only a role word names ("the military",
"rights groups"). When the rules propose nothing with a source, ``comity.fallback.clause.v1``
proposes the sentence's main clauses — the root verb and the verbs it reports or coordinates —
with their subject and objects as arguments and no type of their own (``type`` is ``NONE``).
The decision model (:mod:`comity.events.decide`) then says whether one is an event and of which
type; without a model nothing proposed here is ever emitted.

A subject that no dictionary entry resolves but whose head is a role word ("the military",
"protesters") becomes an actor with that sector and no country code; any other subject ("the
protests", "he" with no antecedent) an actor with neither, so that the clause can be judged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comity.actors.resolve import Resolved
from comity.events.extract import Candidate
from comity.model import Actor, ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from comity.events.extract import Extractor

RULE = "comity.fallback.clause.v1"
NONE = "NONE"
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl"})
MAX_CLAUSES = 4


def _anchors(sent: Span) -> list[Token]:
    root = sent.root
    out = [root]
    for c in root.children:
        if c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX"):
            out.append(c)
    return out[:MAX_CLAUSES]


def _role_agent(extractor: Extractor, tok: Token) -> list[Resolved]:
    """'the military', 'rights groups': a role word as an actor with a sector and no country."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            agent = extractor.actors.role_agent(c)
            if agent is not None and agent.sector:
                actor = Actor(code="", name=c.text, kind=ActorKind.GROUP, sectors=(agent.sector,))
                return [Resolved(actor, c.text, (c.i, c.i + 1))]
    return []


def _unnamed_subject(tok: Token) -> list[Resolved]:
    """'The protests spread', 'He denied it': a subject no dictionary resolves, kept as an actor
    with no code and no sector, so the clause can still be judged (relations skip such actors)."""
    for c in tok.children:
        if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            phrase = c.doc[c.left_edge.i : c.i + 1]
            actor = Actor(code="", name=phrase.text, kind=ActorKind.GROUP)
            return [Resolved(actor, phrase.text, (phrase.start, phrase.end))]
        if c.dep_ == "nsubjpass" and not any(a.dep_ == "agent" for a in tok.children):
            # "three people were killed": someone unnamed did it
            return [Resolved(Actor(code="", name="", kind=ActorKind.GROUP), "", (tok.i, tok.i))]
    return []


def fallback_candidates(extractor: Extractor, sent: Span) -> list[Candidate]:
    out = []
    for tok in _anchors(sent):
        source, _ = extractor.subject(tok)
        if not source:
            source = _role_agent(extractor, tok) or _unnamed_subject(tok)
        if not source:
            continue
        target = [
            r for r in extractor.objects(tok) if r.actor.code != source[0].actor.code or not r.actor.code
        ]
        modality, negated = extractor.modality(tok)
        cand = Candidate(
            trigger=tok,
            type=NONE,
            cameo="",
            mode="",
            context="",
            goldstein=0.0,
            source=source,
            target=target,
            words=[tok],
            modality=modality,
            negated=negated,
            confidence=0.0,
            rules=[RULE],
        )
        out.append(cand)
    return out
