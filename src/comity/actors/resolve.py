"""Resolve the actors of noun phrases in a parsed document, with document-level coreference.

``DocActors(doc, ...)`` indexes the dictionary mentions of one spaCy Doc; ``actors_of(token)``
returns the actors a noun phrase (given by its head token) refers to: names, titles and roles
("Russian Foreign Minister Sergey Lavrov"), role words with a country ("Israeli soldiers",
"security forces in Guinea"), possessives, coordinations and hyphenated compounds
("US-South Korea-Japan military alliances"), surnames after a full mention ("Kim"), and
"they"/"the two leaders"/"the country" through a simple salience model.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from comity.actors.dictionary import ActorDictionary, Entry, fold, load_dictionary
from comity.actors.matcher import Mention, find_mentions
from comity.model import Actor, ActorKind, ActorRef

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

#: "we"/"our" are left out: in news they sit in quotes and mean the speaker's side, which the
#: salience of subjects does not know
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
SINGULAR_PERSON = frozenset({"he", "him", "his", "she", "her", "hers"})
SINGULAR_THING = frozenset({"it", "its"})
PAIR_HEADS = frozenset(
    {
        "leader",
        "country",
        "nation",
        "side",
        "state",
        "government",
        "neighbour",
        "neighbor",
        "ally",
        "capital",
        "party",
        "power",
    }
)
SALIENT_HEADS = frozenset({"country", "nation", "government", "state", "regime", "kingdom", "republic"})
#: dependency labels of modifiers that can carry an actor inside a noun phrase
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod", "appos", "dep"})
ACTOR_PREPS = frozenset({"of", "in", "from", "between", "at", "inside"})
NOT_ACTOR_WORDS = frozenset({"people", "person", "year", "time", "day", "week", "month"})


@dataclass(slots=True)
class Resolved:
    actor: Actor
    text: str
    tokens: tuple[int, int]  # token span of the mention

    def ref(self) -> ActorRef:
        return ActorRef(
            actorText=self.text, code=self.actor.code, sector=self.actor.sector, name=self.actor.name
        )


class DocActors:
    """The actor mentions of one Doc and the resolution of noun phrases to actors."""

    def __init__(
        self, doc: Doc, nlp: Language, *, date: str | None = None, dictionary: ActorDictionary | None = None
    ) -> None:
        from comity.timeplace.places import resolve_place  # local: places data loads lazily

        self._resolve_place = resolve_place
        self.doc = doc
        self.date = date
        self.d = dictionary or load_dictionary()
        self.mentions = find_mentions(doc, nlp, self.d, date=date)
        self.by_token: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        self._starts = [m.start for m in self.mentions]
        self._surnames = self._index_surnames()
        self._sentence_states: dict[int, Entry | None] = {}
        self._resolving = False  # inside a salience search: no nested pronoun resolution

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions starting in tokens [start, end), found by bisection."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return self.mentions[lo:hi]

    # ----------------------------------------------------------------- single mentions

    def _index_surnames(self) -> dict[int, Entry]:
        """Tokens that are the surname (or family name) of a person fully named earlier."""
        seen: dict[str, Entry] = {}
        out: dict[int, Entry] = {}
        first_full: dict[str, int] = {}
        for m in self.mentions:
            entry = m.entry
            if entry.kind is ActorKind.PERSON and m.end - m.start >= 2:
                parts = entry.name.split()
                for key in {fold(parts[-1]), fold(parts[0])}:
                    seen.setdefault(key, entry)
                    first_full.setdefault(key, m.start)
        if not seen:
            return out
        for tok in self.doc:
            if tok.i in self.by_token or tok.pos_ != "PROPN":
                continue
            key = fold(tok.text.removesuffix("'s"))
            if key in seen and tok.i > first_full[key]:
                out[tok.i] = seen[key]
        return out

    def mention_at(self, i: int) -> tuple[Entry, str, str, tuple[int, int]] | None:
        """(entry, alias type, alias sector, token span) when token i is inside a name."""
        m = self.by_token.get(i)
        if m is not None:
            return m.entry, m.alias.type, m.alias.sector, (m.start, m.end)
        entry = self._surnames.get(i)
        if entry is not None:
            return entry, "surname", "", (i, i + 1)
        return None

    def _entry_actor(self, entry: Entry, sector: str = "") -> Actor:
        return entry.actor(self.date, sector=sector)

    # ----------------------------------------------------------------- noun phrases

    def actors_of(self, token: Token, *, depth: int = 0) -> list[Resolved]:
        """The actors the noun phrase headed by ``token`` refers to (coordination included)."""
        out: list[Resolved] = []
        for head in _conjuncts(token):
            out.extend(self._actors_of_head(head, depth))
        return _dedupe(out)

    def _actors_of_head(self, head: Token, depth: int) -> list[Resolved]:
        doc = self.doc
        found = self.mention_at(head.i)
        if found is not None and found[1] == "demonym" and any(c.lower_ == "ethnic" for c in head.lefts):
            # "ethnic Albanians" in Serbia are coded by where they live
            state = self._context_state(head) if depth == 0 else None
            if state is not None and state.code != found[0].code:
                return [
                    Resolved(self._with_sector(state, "CVL"), _phrase(head), (head.left_edge.i, head.i + 1))
                ]
        if found is not None and found[1] == "demonym" and found[3][0] == head.i:
            # "Bosnian Serbs", "Iraqi Kurds", "the Albanians of southern Serbia": a group is coded
            # by the state it is placed in
            mods = self.left_modifier_actors(head) or [
                r
                for prep in head.rights
                if prep.dep_ == "prep" and prep.lower_ in ("of", "in")
                for pobj in prep.children
                if pobj.dep_ == "pobj"
                for r in self.actors_of(pobj, depth=depth + 1)
            ]
            if mods:
                sector = "CVL" if head.tag_ in ("NNPS", "NNS") else ""
                return [
                    Resolved(
                        self._with_sector(r.actor, sector) if sector else r.actor, _phrase(head), r.tokens
                    )
                    for r in mods
                ]
        if found is not None:
            entry, atype, sector, span = found
            if atype in ("demonym",) and head.dep_ in ("amod", "compound"):
                pass  # handled by the noun it modifies
            else:
                sector = sector or self._role_sector(head) or ""
                if atype == "demonym" and not sector:
                    sector = "CVL" if head.tag_ in ("NNPS", "NNS") else ""
                actor = self._entry_actor(entry, sector)
                if actor.kind is ActorKind.PERSON or atype in (
                    "organisation",
                    "seat",
                    "capital",
                    "name",
                    "surname",
                ):
                    return [Resolved(actor, doc[span[0] : span[1]].text, span)]
                return [Resolved(actor, doc[span[0] : span[1]].text, span)]
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PLURAL_PRONOUNS | SINGULAR_PERSON | SINGULAR_THING:
            return self._pronoun(head) if depth == 0 else []
        lemma = head.lemma_.lower()
        agent = self.d.agents.get(lower) or self.d.agents.get(lemma)
        compound_agent = self._compound_agent(head)
        if compound_agent is not None:
            agent = compound_agent
        # modifiers on the left (demonyms, countries, possessives, titles, hyphenated compounds)
        mods = self._modifier_actors(head, depth)
        if mods:
            sector = agent.sector if agent else ""
            if sector:
                mods = [Resolved(self._with_sector(r.actor, sector), _phrase(head), r.tokens) for r in mods]
            return mods
        # "the two leaders", "both countries": the salient pair
        # salience is looked up only for the phrase itself, never while searching for antecedents
        if depth == 0 and lemma in PAIR_HEADS and any(c.lower_ in ("two", "both") for c in head.children):
            return self._salient(2, head)
        if depth == 0 and lemma in SALIENT_HEADS and any(c.lower_ == "the" for c in head.children):
            return self._salient(1, head, kind=ActorKind.STATE)
        # a titled person, a role word or an ethnic group with no state of its own: domestic
        # actors are coded by where the sentence places them (PLOVER practice)
        if depth <= 1 and self._needs_context_state(head, agent):
            state = self._context_state(head)
            if state is not None:
                title = self._title(head)
                sector = agent.sector if agent else (title.sector if title else "")
                return [
                    Resolved(
                        self._with_sector(state, sector) if sector else state,
                        _phrase(head),
                        (head.left_edge.i, head.i + 1),
                    )
                ]
        # named entities not in the dictionary: places stand for their country
        if head.ent_type_ in ("GPE", "LOC", "FAC") and depth <= 2 and not head.is_lower:
            ent_span = _entity_span(head)
            place = self._place(ent_span)
            if place and place.country:
                state = self.d.state(place.country)
                if state is not None:
                    return [
                        Resolved(
                            self._entry_actor(state, agent.sector if agent else ""),
                            ent_span.text,
                            (ent_span.start, ent_span.end),
                        )
                    ]
        return []

    def _compound_agent(self, head: Token):
        """Multiword role words: 'security forces', 'foreign minister', 'riot police'."""
        left = [c for c in head.lefts if c.dep_ in ("compound", "amod")]
        for c in left:
            agent = self.d.agents.get(f"{c.lower_} {head.lower_}") or self.d.agents.get(
                f"{c.lower_} {head.lemma_.lower()}"
            )
            if agent:
                return agent
        return None

    def _agent(self, head: Token):
        return self.d.agents.get(head.lower_) or self.d.agents.get(head.lemma_.lower())

    def role_agent(self, head: Token):
        """The role word a noun is, multiword first ("security forces", "troops"), or None."""
        return self._compound_agent(head) or self._agent(head)

    def _title(self, head: Token):
        """A role word among a proper noun's left modifiers ('President', 'newspaper')."""
        for c in head.lefts:
            agent = self.d.agents.get(c.lower_) or self.d.agents.get(c.lemma_.lower())
            if agent:
                return agent
        if head.dep_ == "appos":  # "the opposition newspaper La Prensa"
            return self.d.agents.get(head.head.lower_) or self.d.agents.get(head.head.lemma_.lower())
        return None

    def _role_sector(self, head: Token) -> str:
        """Sector from a title next to a name: 'Defence Minister X' -> GOV, 'General X' -> MIL."""
        for c in head.lefts:
            agent = self.d.agents.get(c.lower_) or self.d.agents.get(c.lemma_.lower())
            if agent and agent.kind == "role":
                return agent.sector
        return ""

    def _with_sector(self, actor: Actor, sector: str) -> Actor:
        if actor.kind is ActorKind.PERSON:
            return actor
        if actor.kind is ActorKind.STATE or not actor.sectors:
            return Actor(
                code=actor.code,
                name=actor.name,
                kind=actor.kind,
                sectors=(sector,),
                id=actor.id,
                country=actor.country,
            )
        return actor

    def left_modifier_actors(self, head: Token, *, only: Token | None = None) -> list[Resolved]:
        """Actors named in the left modifiers of a noun ("Russian aid", "the US-Japan alliance")."""
        out: list[Resolved] = []
        seen: set[tuple[int, int]] = set()
        for child in head.lefts:
            if child.dep_ not in MODIFIER_DEPS or (only is not None and child.i != only.i):
                continue
            for tok in child.subtree:
                found = self.mention_at(tok.i)
                if found is None and tok.dep_ == "poss" and tok.pos_ == "PRON" and not self._resolving:
                    out.extend(self._pronoun(tok))  # "their forces", "its army"
                    continue
                if found is None:
                    place = self._place_state(tok)
                    if place is not None:
                        out.append(place)
                    continue
                entry, _atype, sector, span = found
                if span in seen:
                    continue
                seen.add(span)
                out.append(Resolved(self._entry_actor(entry, sector), self.doc[span[0] : span[1]].text, span))
        return _dedupe(out)

    def _modifier_actors(self, head: Token, depth: int) -> list[Resolved]:
        """Actors named inside the phrase: left modifiers, appositions, of/in/from/between PPs."""
        if depth > 2:
            return []
        # names anywhere in the left modifiers' subtrees (covers hyphenated compounds)
        out = self.left_modifier_actors(head)
        for child in head.rights:
            if child.dep_ == "acl":  # "a group based in Trinidad", "crimes committed by Croat forces"
                # where an actor is based says who it is; where a thing is kept does not
                actorish = (
                    head.pos_ == "PROPN" or (self._agent(head) or self._compound_agent(head)) is not None
                )
                for prep in child.children:
                    based = prep.dep_ == "prep" and prep.lower_ in ("in", "from") and actorish
                    if based or prep.dep_ == "agent":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                out.extend(self.actors_of(pobj, depth=depth + 1))
            if child.dep_ == "appos":
                out.extend(self.actors_of(child, depth=depth + 1))
                # "two leaders, Xi Jinping from China and Vladimir Putin from Russia": every name in it
                codes = {r.actor.code for r in out}
                for tok in child.subtree:
                    hit = self.mention_at(tok.i)
                    if hit is not None and hit[0].kind is ActorKind.PERSON and hit[0].code not in codes:
                        codes.add(hit[0].code)
                        out.append(
                            Resolved(
                                self._entry_actor(hit[0], hit[2]),
                                self.doc[hit[3][0] : hit[3][1]].text,
                                hit[3],
                            )
                        )
            elif child.dep_ == "prep" and child.lower_ in ACTOR_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self.actors_of(pobj, depth=depth + 1))
        return _dedupe(out)

    def _place(self, ent):
        """A place name, read in a state the sentence names when it has a place there (Tripoli)."""
        place = self._resolve_place(ent.text)
        if place is None:
            return None
        sent = ent.sent
        named = {m.entry.code for m in self.mentions_in(sent.start, sent.end)}
        if place.country in named:
            return place
        for code in sorted(named):
            hinted = self._resolve_place(ent.text, country_hint=code)
            if hinted is not None and hinted.country == code:
                return hinted
        return place

    def _needs_context_state(self, head: Token, agent) -> bool:
        if (
            agent is not None
            and agent.kind in ("group", "body", "vehicle")
            and head.pos_ in ("NOUN", "PROPN")
        ):
            return head.lemma_.lower() not in NOT_ACTOR_WORDS
        if head.pos_ == "PROPN" and head.ent_type_ not in ("GPE", "LOC", "FAC") and self._title(head):
            return True  # "President Laurent Gbagbo", "the newspaper La Prensa"
        return any(c.lower_ == "ethnic" for c in head.lefts)

    def _context_state(self, head: Token) -> Actor | None:
        """The state a sentence is about: where it happens, else the nearest state it names."""
        sent = head.sent
        key = sent.start
        if key not in self._sentence_states:
            from comity.timeplace.places import sentence_location

            state = None
            loc = sentence_location(sent)
            if loc is not None and loc.country:
                state = self.d.state(loc.country)
            if state is None:
                # a place the sentence names outside the dictionary ("shelled the city of Kharkiv")
                state = self._named_place_state(sent)
            self._sentence_states[key] = state
        state = self._sentence_states[key]
        if state is not None:
            return self._entry_actor(state)
        best = None
        for m in self.mentions_in(sent.start, sent.end):
            if self.d.state(m.entry.code) is None:
                continue
            if head.left_edge.i <= m.start <= head.right_edge.i:
                continue
            distance = abs(m.start - head.i)
            if best is None or distance < best[0]:
                best = (distance, m.entry)
        return self._entry_actor(self.d.state(best[1].code)) if best else None

    def _named_place_state(self, sent) -> Entry | None:
        from comity.nlp import ents_in

        for ent in ents_in(sent):
            if ent.label_ not in ("GPE", "LOC", "FAC") or ent.start in self.by_token:
                continue
            place = self._place(ent)
            if place is not None and place.country:
                return self.d.state(place.country)
        return None

    def _place_state(self, tok: Token) -> Resolved | None:
        """A place name in a modifier stands for its state: "Darfur rebels" -> SDN."""
        if tok.ent_type_ not in ("GPE", "LOC") or tok.ent_iob_ != "B":
            return None
        ent = _entity_span(tok)
        place = self._place(ent)
        if place is None or not place.country:
            return None
        state = self.d.state(place.country)
        if state is None:
            return None
        return Resolved(self._entry_actor(state), ent.text, (ent.start, ent.end))

    # ----------------------------------------------------------------- coreference

    def _pronoun(self, tok: Token) -> list[Resolved]:
        lower = tok.lower_
        if lower in PLURAL_PRONOUNS:
            return self._salient(2, tok, allow_group=True)
        if lower in SINGULAR_PERSON:
            return self._salient(1, tok, kind=ActorKind.PERSON)
        if lower in SINGULAR_THING:
            return self._salient(1, tok, kind=None, exclude_person=True)
        return []

    def _salient(
        self,
        n: int,
        tok: Token,
        *,
        kind: ActorKind | None = None,
        allow_group: bool = False,
        exclude_person: bool = False,
    ) -> list[Resolved]:
        """The most recent subject(s) before ``tok``: a coordinated group, or the last n distinct actors."""
        if self._resolving:
            return []
        self._resolving = True
        try:
            return self._salient_search(
                n, tok, kind=kind, allow_group=allow_group, exclude_person=exclude_person
            )
        finally:
            self._resolving = False

    def _salient_search(
        self,
        n: int,
        tok: Token,
        *,
        kind: ActorKind | None,
        allow_group: bool,
        exclude_person: bool,
    ) -> list[Resolved]:
        sent_start = tok.sent.start
        candidates: list[list[Resolved]] = []
        in_sentence: list[bool] = []
        # prefer subjects of the current sentence, then earlier sentences, nearest first
        for prev in reversed(list(self.doc[max(0, sent_start - 400) : tok.i])):
            if prev.dep_ not in ("nsubj", "nsubjpass") or prev.i == tok.i:
                continue
            if prev.pos_ == "PRON":
                continue
            found = self.actors_of(prev, depth=1)
            if found:
                candidates.append(found)
                in_sentence.append(prev.i >= sent_start)
            if len(candidates) >= 4:
                break
        if n == 2 and allow_group:
            # "Putin and Xi Jinping sport a demeanor as they share ...": names earlier in the sentence
            here: list[Resolved] = []
            for m in self.mentions_in(sent_start, tok.i):
                if all(r.actor.code != m.entry.code for r in here):
                    here.append(
                        Resolved(self._entry_actor(m.entry, m.alias.sector), tok.text, (tok.i, tok.i + 1))
                    )
            if len(here) >= 2 and not any(in_sentence):
                return here
        for found in candidates:
            group = [r for r in found if kind is None or r.actor.kind is kind]
            if exclude_person:
                group = [r for r in group if r.actor.kind is not ActorKind.PERSON]
            if not group:
                continue
            if n == 1:
                return [Resolved(group[0].actor, tok.text, (tok.i, tok.i + 1))]
            if len(group) >= 2 or allow_group:
                return [Resolved(r.actor, tok.text, (tok.i, tok.i + 1)) for r in group[: max(n, len(group))]]
        if n == 2:
            # two distinct most recent actors
            seen: list[Resolved] = []
            for group in candidates:
                for r in group:
                    if all(s.actor.code != r.actor.code for s in seen):
                        seen.append(r)
            if len(seen) >= 2:
                return [Resolved(r.actor, tok.text, (tok.i, tok.i + 1)) for r in seen[:2]]
        return []


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    stack = [token]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


def _entity_span(tok: Token):
    from comity.nlp import entity_at

    return entity_at(tok)


def _phrase(head: Token) -> str:
    left = head.left_edge.i
    while left < head.i and head.doc[left].dep_ in ("det", "punct", "cc"):
        left += 1
    return head.doc[left : head.i + 1].text


def _dedupe(items: list[Resolved]) -> list[Resolved]:
    out: list[Resolved] = []
    seen: set[tuple[str, str]] = set()
    for r in items:
        key = (r.actor.code, r.actor.id)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def resolve_actor(
    text: str, context: str = "", date: str | None = None, *, dictionary: ActorDictionary | None = None
) -> Actor | None:
    """Resolve one actor mention, optionally inside a context text (for surnames and pronouns).

    ``comity.resolve_actor("Russian Foreign Minister Sergey Lavrov")`` -> Actor(RUS, GOV, ...).
    Unknown names give None — never a guess.
    """
    from comity.nlp import load_nlp

    nlp = load_nlp()
    text = text.strip()
    if not text:
        return None
    context = context.strip()
    inside = re.search(rf"(?<!\w){re.escape(text)}(?!\w)", context) if context else None
    if inside is not None:
        # the mention inside its sentence
        full, start_char = context, inside.start()
    else:
        # the context is what comes before the mention
        full = f"{context} {text}".strip() if context else text
        start_char = len(full) - len(text)
    doc = nlp(full)
    actors = DocActors(doc, nlp, date=date, dictionary=dictionary)
    span = doc.char_span(start_char, start_char + len(text), alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    while head.dep_ in ("amod", "compound", "nmod") and head.head.i != head.i and head.head.i >= span.end:
        head = head.head  # "Moslem fundamentalist [demonstrators]": the phrase's own head
    found = actors.actors_of(head)
    # of a compound phrase ("French and [Egyptian warships]"), the actor named inside the mention
    inside = [r for r in found if span.start <= r.tokens[0] < span.end]
    found = inside + [r for r in found if r not in inside]
    if not found:
        # a phrase whose root is outside the dictionary, e.g. "the Kremlin's spokesman": any name inside
        for tok in span:
            hit = actors.mention_at(tok.i)
            if hit is not None:
                entry, _, sector, _ = hit
                return entry.actor(date, sector=sector)
        return None
    return found[0].actor
