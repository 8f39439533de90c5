"""Where a modifier (a date phrase, a locative phrase) hangs in the dependency tree relative to
the event trigger. Shared by :mod:`dates` and :mod:`places`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
VERBAL = frozenset({"VERB", "AUX"})
#: Relations by which a word modifies the noun after it ("the June 2024 treaty").
PRENOMINAL = frozenset({"compound", "nmod", "amod", "poss", "nummod"})
#: Prepositions whose object is a time or an occasion ("on Thursday's anniversary").
OCCASION_PREPS = frozenset({"on", "during", "at", "in", "around", "amid", "amidst"})
#: Relations that put a clause inside a noun phrase: its modifiers are not the main clause's.
NOUN_CLAUSES = frozenset({"relcl", "acl"})

OWN, CLAUSE = 0, 1


def _chain(token: Token) -> list[Token]:
    """``token`` and its ancestors up to the root of its sentence."""
    out = [token]
    while out[-1].head.i != out[-1].i and len(out) < 200:
        out.append(out[-1].head)
    return out


def link_rank(start: Token, trigger: Token, *, inside: frozenset[int] = frozenset()) -> int | None:
    """How closely the phrase headed by ``start`` belongs to the event of ``trigger``.

    0 (OWN): attached to the trigger itself, directly or through one preposition.
    1 (CLAUSE): attached to the trigger's clause: through nested prepositional phrases, a
    coordinated verb, or a governing/light verb of the trigger.
    None: it belongs to something else: another clause below the trigger, a noun-modifying
    clause, or it is a pre-nominal modifier of another noun ("echoes the June 2024 treaty").
    ``inside`` holds the token indices of the phrase itself (a trigger inside it is OWN)."""
    if trigger.i in inside or start.i == trigger.i:
        return OWN
    up = _chain(start)
    down = _chain(trigger)
    position = {t.i: k for k, t in enumerate(down)}
    for k, token in enumerate(up):
        if token.i in position:
            up_path, down_path = up[:k], down[: position[token.i]]
            break
    else:
        return None
    rank = OWN
    for j, node in enumerate(up_path):
        head = node.head
        if j == 0:
            if node.dep_ in PRENOMINAL and head.pos_ in NOMINAL and head.i != trigger.i:
                if not (head.dep_ == "pobj" and head.head.lower_ in OCCASION_PREPS):
                    return None
                rank = CLAUSE
            continue
        if node.pos_ in VERBAL and node.dep_ not in {"amod", "compound"}:
            if node.dep_ != "conj":
                return None  # the phrase sits in a clause below the trigger
            rank = CLAUSE
        elif node.pos_ in NOMINAL or node.dep_ not in {"prep", "pcomp", "agent"}:
            rank = CLAUSE
    for node in down_path:
        if node.dep_ in NOUN_CLAUSES:
            return None
        rank = CLAUSE
    return rank
