"""Document -> events: parse, resolve actors, extract, date, place, and count repeated mentions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from comity.model import (
    NON_STATE_CODES,
    QUAD_OF_TYPE,
    ActorRef,
    Document,
    Event,
    Location,
    PloverType,
    document_id,
    event_id,
)
from comity.settings import load_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from comity.actors.resolve import DocActors, Resolved
    from comity.events.extract import Candidate

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE", "FIGHT"})
#: types whose target, when no actor is named, is the state where the act took place
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "FIGHT", "MOBILIZE", "COERCE", "AID", "RETREAT", "SANCTION"})
#: types that are mostly domestic when no recipient is named: aimed at the actor's own state
DOMESTIC_TYPES = frozenset({"PROTEST", "COERCE", "CONCEDE", "THREATEN", "DEMAND", "REJECT"})


@dataclass(frozen=True, slots=True)
class CoderOptions:
    min_confidence: float = 0.2
    actor_files: tuple[str, ...] = ()
    learned: bool = False  # let the learned decision model (events/models) decide; False: rules alone

    @classmethod
    def from_settings(cls, *, actor_files: tuple[str, ...] = ()) -> CoderOptions:
        """The options the settings file gives (``coder.min_confidence``, ``coder.learned``)."""
        settings = load_settings()
        return cls(
            min_confidence=float(settings.get("coder.min_confidence", 0.2)),
            actor_files=actor_files,
            learned=bool(settings.get("coder.learned", False)),
        )


def _chunks(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Split a very long text at paragraph breaks into pieces of at most ~max_chars."""
    if len(text) <= max_chars:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind(". ", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def code_documents(
    documents: Iterable[Document],
    *,
    nlp: Language | None = None,
    options: CoderOptions | None = None,
    batch_size: int | None = None,
    n_process: int = 1,
    on_document: Callable[[Document, int], None] | None = None,
) -> Iterator[tuple[Document, list[Event]]]:
    """Code documents lazily, in order: yields (document, its events)."""
    from comity.nlp import load_nlp

    settings = load_settings()
    nlp = nlp or load_nlp()
    options = options or CoderOptions.from_settings()
    max_chars = int(settings.get("nlp.max_chars", 200000))
    batch_size = batch_size or int(settings.get("nlp.batch_size", 64))
    nlp.max_length = max(nlp.max_length, max_chars + 1000)

    def pieces() -> Iterator[tuple[str, tuple[Document, int, int]]]:
        for document in documents:
            chunks = _chunks(document.text, max_chars)
            for k, (offset, chunk) in enumerate(chunks):
                yield chunk, (document, offset, len(chunks) - 1 - k)

    current: Document | None = None
    pending: list[Event] = []
    for doc, (document, offset, remaining) in nlp.pipe(
        pieces(), batch_size=batch_size, as_tuples=True, n_process=n_process
    ):
        if current is not None and document is not current:
            pending = []
        current = document
        pending.extend(code_doc(doc, document, nlp=nlp, options=options, offset=offset))
        if remaining == 0:
            events = merge_mentions(pending)
            if on_document:
                on_document(document, len(events))
            yield document, events
            pending = []
            current = None


def code_doc(
    doc: Doc, document: Document, *, nlp: Language, options: CoderOptions, offset: int = 0
) -> list[Event]:
    """The events of one parsed document (or chunk starting at char ``offset``)."""

    from comity.events.decide import decide, load_model

    model = load_model() if options.learned else None
    events = []
    for sent, cands, fallbacks, actors in sentence_candidates(
        doc, document, nlp=nlp, options=options, fallback=model is not None
    ):
        for cand in decide(sent, cands, fallbacks, model=model, actors=actors):
            # the learned decision has already decided; its confidence is a probability to read,
            # not a cut-off (the rules' own confidence is a score, and min_confidence cuts it)
            if model is not None or cand.confidence >= options.min_confidence:
                events.append(_to_event(cand, document, offset))
    return events


def sentence_candidates(
    doc: Doc, document: Document, *, nlp: Language, options: CoderOptions, fallback: bool = False
) -> Iterator[tuple[Span, list[Candidate], list[Candidate], DocActors]]:
    """Per sentence, what the decision reads: the rule extractor's candidates (only those with a
    source, and none whose single source is among its targets) and, with ``fallback`` and only
    where the rules propose nothing, the main clauses as untyped candidates
    (:mod:`comity.events.fallback`)."""
    from comity.actors.dictionary import load_dictionary
    from comity.actors.resolve import DocActors
    from comity.events.extract import Extractor
    from comity.events.fallback import fallback_candidates

    actors = DocActors(doc, nlp, date=document.published, dictionary=load_dictionary(options.actor_files))
    extractor = Extractor(actors)
    for sent in doc.sents:
        cands = [c for c in extractor.sentence(sent) if c.source and not _self_among_targets(c)]
        extra: list[Candidate] = []
        if not cands and fallback:
            extra = [c for c in fallback_candidates(extractor, sent) if not _self_among_targets(c)]
        yield sent, cands, extra, actors


def _self_among_targets(cand: Candidate) -> bool:
    """One state acting on a group that includes itself ("the leaders urged Niger, Mali and
    Burkina Faso", with "the leaders" taken for Niger): the source was misread, and keeping it
    would make the group's members adversaries of each other. Joint acts (the same list on
    both sides) are not this."""
    sources = {r.actor.code for r in cand.source}
    targets = {r.actor.code for r in cand.target}
    return len(sources) == 1 and sources < targets


def _own_civilians_guessed(cand: Candidate, loc: Location | None) -> list[Resolved]:
    """Targets of a material-conflict act that are unnamed civilians ("killing 12 civilians")
    whose nationality was only inferred — and came out as the attacker's own. Their state is
    unknown rather than the attacker's, unless the act happened in the attacker's own country
    (repression: "Syrian forces killed civilians in Aleppo")."""
    if QUAD_OF_TYPE[PloverType(cand.type)] != 4:
        return []
    attackers = {r.actor.code for r in cand.source}
    doc = cand.trigger.doc
    out = []
    for r in cand.target:
        if r.actor.sector != "CVL" or r.actor.code not in attackers:
            continue
        if loc is not None and loc.country == r.actor.code:
            continue
        named = any(t.ent_type_ in ("NORP", "GPE") for t in doc[r.tokens[0] : r.tokens[1]])
        if not named:
            out.append(r)
    return out


def _has_patient(cand: Candidate) -> bool:
    """Whether the trigger verb acts on something: a direct object or a passive subject."""
    return not cand.nominal and any(c.dep_ in ("dobj", "nsubjpass") for c in cand.trigger.children)


def _to_event(cand: Candidate, document: Document, offset: int) -> Event:
    from comity.timeplace.dates import sentence_date
    from comity.timeplace.places import sentence_location

    sent = cand.trigger.sent
    anchor = document.published
    when = sentence_date(sent, anchor, cand.trigger)
    date = when.value if when else (anchor or "")
    # where the event happened: said of its trigger, else of the sentence ("... when they blew
    # themselves up in Tel Aviv")
    loc = sentence_location(sent, cand.trigger) or sentence_location(sent)
    words = sorted({t.i: t for t in cand.words}.values(), key=lambda t: t.i)
    src = _one_per_code([r.ref() for r in cand.source])
    same = {(r.actor.id, r.actor.sector) for r in cand.source}
    victims = _own_civilians_guessed(cand, loc)
    tgt = [r.ref() for r in cand.target if (r.actor.id, r.actor.sector) not in same and r not in victims]
    tgt = _one_per_code(tgt)
    joint = cand.type in SYMMETRIC or QUAD_OF_TYPE[PloverType(cand.type)] in (1, 2)
    if cand.type == "FIGHT" and _has_patient(cand):
        # "Israel and the US intercepted the missiles", "... struck Iranian targets": allies acting
        # together on a third party, not a fight between them ("India and Pakistan clashed")
        joint = False
    if not tgt and joint and len({a.code for a in src}) >= 2:
        # "China and Russia agreed ...", "Saudi Arabia and Iran restored relations": a joint
        # cooperative act makes each side actor and recipient (PLOVER's SRC/TAR)
        tgt = list(src)
    if not tgt:
        tgt = _implicit_target(cand.type, src, loc)
    start = offset + sent.start_char
    trig = cand.trigger
    quad = int(QUAD_OF_TYPE[PloverType(cand.type)])
    return Event(
        id=event_id(document.id, cand.type, [a.code for a in src], [a.code for a in tgt], offset + trig.idx),
        doc_id=document.id,
        date=date,
        event=cand.type,
        mode=cand.mode,
        context=cand.context,
        cameo=cand.cameo,
        goldstein=cand.goldstein,
        quad=quad,
        source=src,
        target=tgt,
        text=sent.text,
        eventText=" ".join(t.text for t in words),
        span=(start, offset + sent.end_char),
        trigger_span=(offset + trig.idx, offset + trig.idx + len(trig.text)),
        modality=cand.modality,
        negated=cand.negated,
        confidence=cand.confidence,
        location=Location(loc.name, loc.country, loc.lat, loc.lon) if loc else None,
        speaker=cand.speaker[0].ref() if cand.speaker else None,
        rules=[f"codebook:{cand.cameo}:{trig.lemma_.lower()}", *cand.rules],
    )


def _one_per_code(refs: list[ActorRef]) -> list[ActorRef]:
    """ "China's leader Xi" names CHN once: keep the most specific mention of each code and sector."""
    out: dict[tuple[str, str], ActorRef] = {}
    for ref in refs:
        bare = (ref.code, "")
        if ref.sector and bare in out:
            del out[bare]
        if not ref.sector and any(code == ref.code for code, _ in out):
            continue
        out.setdefault((ref.code, ref.sector), ref)
    return list(out.values())


def _implicit_target(plover: str, src: list[ActorRef], loc: Location | None) -> list[ActorRef]:
    """The recipient PLOVER codes when the sentence names none.

    An act against a place is an act against its state ("struck targets near Damascus"); a domestic
    act (a protest, a curfew, a lifted emergency) is directed at the actor's own state.
    """
    codes = {a.code for a in src}
    placed = loc is not None and loc.country and plover in PLACE_TARGET_TYPES | DOMESTIC_TYPES
    # several states acting together: a place in one of them is where they are, not whom they
    # act on ("the juntas in Bamako, Niamey and Ouagadougou rejected the offer" is not aimed at Mali)
    domestic = plover in DOMESTIC_TYPES and len(codes) == 1
    if placed and (loc.country not in codes or domestic):  # type: ignore[union-attr]
        return [ActorRef(actorText=loc.name, code=loc.country, sector="", name=loc.name)]  # type: ignore[union-attr]
    if plover in DOMESTIC_TYPES and len(codes) == 1:
        code = next(iter(codes))
        if code not in NON_STATE_CODES:
            return [ActorRef(actorText="", code=code, sector="", name="")]
    return []


def _key(e: Event) -> tuple:
    """Same type, same actors (either direction for symmetric types)."""
    src = frozenset(a.code for a in e.source)
    tgt = frozenset(a.code for a in e.target)
    if e.event in SYMMETRIC:
        return (e.event, src | tgt, e.negated)
    return (e.event, src, tgt, e.negated)


def _same_time(a: str, b: str) -> bool:
    """Dates that can name the same event: equal to the month, or one only gives the year/month."""
    if not a or not b:
        return True
    n = min(len(a), len(b), 7)
    return a[:n] == b[:n]


def merge_mentions(events: list[Event]) -> list[Event]:
    """Restatements of one event in a document become one event with more ``mentions``.

    Restatements share type, actors and time (the same month, or a less precise date that
    contains it). The representative is the most confident statement; its date is the most
    precise one given.
    """
    clusters: list[list[Event]] = []
    by_key: dict[tuple, list[list[Event]]] = {}
    for e in events:
        for cluster in by_key.setdefault(_key(e), []):
            if all(_same_time(e.date, other.date) for other in cluster):
                cluster.append(e)
                break
        else:
            cluster = [e]
            by_key[_key(e)].append(cluster)
            clusters.append(cluster)
    out = []
    for group in clusters:
        best = max(group, key=lambda e: (e.confidence, -e.span[0]))
        dated = max(group, key=lambda e: (len(e.date), e.confidence))
        if len(dated.date) > len(best.date):
            best.date = dated.date
        best.mentions = len(group)
        out.append(best)
    out.sort(key=lambda e: e.span[0])
    return out


def code(text: str, date: str | None = None, *, doc_id: str | None = None) -> list[Event]:
    """Code one text as it is (no cleaning): ``comity.code("Russia attacked Ukraine.", date="2025-01-02")``.

    Event spans index into ``text``. For scraped pages, ingest them (``comity ingest``) so they are
    cleaned first.
    """
    document = Document(id=doc_id or document_id(text), text=text, published=date)
    for _, events in code_documents([document]):
        return events
    return []
