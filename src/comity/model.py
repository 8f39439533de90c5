"""The plain data types every stage takes and returns: Document, Actor, Event and their enums.

Nothing here imports spaCy, DuckDB or any other heavy library, so every module (and the CLI's
``--help``) can import it for free.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class PloverType(StrEnum):
    """The PLOVER event types (manual draft 0.8), in codebook order."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    CONCEDE = "CONCEDE"
    INVESTIGATE = "INVESTIGATE"
    DEMAND = "DEMAND"
    DISAPPROVE = "DISAPPROVE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"
    FIGHT = "FIGHT"
    CRIME = "CRIME"


class Quad(IntEnum):
    """PLOVER/CAMEO quad classes."""

    VERBAL_COOPERATION = 1
    MATERIAL_COOPERATION = 2
    VERBAL_CONFLICT = 3
    MATERIAL_CONFLICT = 4


QUAD_OF_TYPE: dict[PloverType, Quad] = {
    PloverType.AGREE: Quad.VERBAL_COOPERATION,
    PloverType.CONSULT: Quad.VERBAL_COOPERATION,
    PloverType.SUPPORT: Quad.VERBAL_COOPERATION,
    PloverType.COOPERATE: Quad.MATERIAL_COOPERATION,
    PloverType.AID: Quad.MATERIAL_COOPERATION,
    PloverType.RETREAT: Quad.MATERIAL_COOPERATION,
    PloverType.CONCEDE: Quad.MATERIAL_COOPERATION,
    PloverType.INVESTIGATE: Quad.VERBAL_CONFLICT,
    PloverType.DEMAND: Quad.VERBAL_CONFLICT,
    PloverType.DISAPPROVE: Quad.VERBAL_CONFLICT,
    PloverType.REJECT: Quad.VERBAL_CONFLICT,
    PloverType.THREATEN: Quad.VERBAL_CONFLICT,
    PloverType.PROTEST: Quad.MATERIAL_CONFLICT,
    PloverType.SANCTION: Quad.MATERIAL_CONFLICT,
    PloverType.MOBILIZE: Quad.MATERIAL_CONFLICT,
    PloverType.COERCE: Quad.MATERIAL_CONFLICT,
    PloverType.ASSAULT: Quad.MATERIAL_CONFLICT,
    PloverType.FIGHT: Quad.MATERIAL_CONFLICT,
    PloverType.CRIME: Quad.MATERIAL_CONFLICT,
}


class Modality(StrEnum):
    ASSERTED = "asserted"
    INTENDED = "intended"
    HEDGED = "hedged"
    REPORTED = "reported"
    HYPOTHETICAL = "hypothetical"


class Sector(StrEnum):
    """Agent/sector codes (CAMEO/PLOVER style). The primary sector of an actor comes first."""

    GOV = "GOV"  # government, executive
    MIL = "MIL"  # armed forces
    COP = "COP"  # police
    REB = "REB"  # rebels, insurgents, armed groups
    OPP = "OPP"  # political opposition
    PTY = "PTY"  # political party
    LEG = "LEG"  # legislature
    JUD = "JUD"  # judiciary
    BUS = "BUS"  # business
    MED = "MED"  # media
    CVL = "CVL"  # civilians
    REF = "REF"  # refugees, displaced people
    ELI = "ELI"  # elites: former officials, prominent people
    SPY = "SPY"  # intelligence services
    EDU = "EDU"  # education
    LAB = "LAB"  # labour
    JRN = "JRN"  # journalists
    NGO = "NGO"  # non-governmental organisations
    IGO = "IGO"  # inter-governmental organisations
    CRM = "CRM"  # criminals
    UAF = "UAF"  # unidentified armed forces
    HLH = "HLH"  # health
    REL = "REL"  # religious
    AGR = "AGR"  # agriculture
    ENV = "ENV"  # environment
    SET = "SET"  # settlers
    MOD = "MOD"  # moderates
    RAD = "RAD"  # radicals
    DIP = "DIP"  # diplomats


class ActorKind(StrEnum):
    STATE = "state"
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"


#: Codes for actors that are not one state (PLOVER practice).
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS"})


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: who a mention refers to."""

    code: str  # ISO 3166-1 alpha-3 (or historical code) for states; IGO/NGO/IMG/... otherwise
    name: str  # canonical name
    kind: ActorKind = ActorKind.STATE
    sectors: tuple[str, ...] = ()  # primary first
    id: str = ""  # dictionary entry id ("state:RUS", "person:putin-vladimir")
    country: str = ""  # home country of an organisation/person, when code is not one

    @property
    def sector(self) -> str:
        return self.sectors[0] if self.sectors else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind.value,
            "sectors": list(self.sectors),
            "id": self.id,
            "country": self.country,
        }


@dataclass(slots=True)
class Document:
    """One input text after ingestion and cleaning. ``text`` is what event spans index into."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    published: str | None = None  # YYYY-MM-DD (or shorter precision) when known
    origin: str = ""  # the file / line / URL it came from, for messages
    flags: dict[str, Any] = field(default_factory=dict)  # quality flags: counts per kind
    citations: list[str] = field(default_factory=list)  # citation markers removed ("[3]")
    duplicate_of: str | None = None  # id of the earlier near-duplicate, if any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def document_id(text: str, *, url: str = "", title: str = "") -> str:
    """A stable content hash: the same text (and url/title) always gets the same id."""
    h = hashlib.sha256()
    for part in (url.strip(), title.strip(), text.strip()):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return "d" + h.hexdigest()[:20]


@dataclass(slots=True)
class ActorRef:
    """An actor as it appears in an event: the mention text and what it resolved to."""

    actorText: str
    code: str
    sector: str = ""
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"actorText": self.actorText, "code": self.code, "sector": self.sector, "name": self.name}


@dataclass(slots=True)
class Location:
    name: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(slots=True)
class Event:
    """One coded event. Field names follow PLOVER where PLOVER has one (see DESIGN.md)."""

    id: str
    doc_id: str
    date: str
    event: str  # PloverType value
    source: list[ActorRef]
    target: list[ActorRef]
    text: str  # evidence sentence
    eventText: str
    span: tuple[int, int]  # char offsets of the sentence in the document text
    mode: str = ""
    context: str = ""
    cameo: str = ""
    goldstein: float = 0.0
    quad: int = 0
    modality: str = Modality.ASSERTED.value
    negated: bool = False
    confidence: float = 0.5
    location: Location | None = None
    mentions: int = 1
    trigger_span: tuple[int, int] | None = None  # char offsets of the trigger in the document
    speaker: ActorRef | None = None  # who said it, for reported events
    rules: list[str] = field(default_factory=list)  # codebook entry and named rules that made it

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "date": self.date,
            "event": self.event,
            "mode": self.mode,
            "context": self.context,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad": self.quad,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "text": self.text,
            "eventText": self.eventText,
            "span": list(self.span),
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
            "modality": self.modality,
            "negated": self.negated,
            "confidence": self.confidence,
            "location": self.location.to_dict() if self.location else None,
            "mentions": self.mentions,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "rules": list(self.rules),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        loc = d.get("location")
        spk = d.get("speaker")
        return cls(
            id=d["id"],
            doc_id=d["doc_id"],
            date=d.get("date") or "",
            event=d["event"],
            mode=d.get("mode") or "",
            context=d.get("context") or "",
            cameo=d.get("cameo") or "",
            goldstein=float(d.get("goldstein") or 0.0),
            quad=int(d.get("quad") or 0),
            source=[ActorRef(**a) for a in d.get("source") or []],
            target=[ActorRef(**a) for a in d.get("target") or []],
            text=d.get("text") or "",
            eventText=d.get("eventText") or "",
            span=tuple(d.get("span") or (0, 0)),  # type: ignore[arg-type]
            trigger_span=tuple(d["trigger_span"]) if d.get("trigger_span") else None,  # type: ignore[arg-type]
            modality=d.get("modality") or Modality.ASSERTED.value,
            negated=bool(d.get("negated")),
            confidence=float(d.get("confidence") or 0.0),
            location=Location(**loc) if loc else None,
            mentions=int(d.get("mentions") or 1),
            speaker=ActorRef(**spk) if spk else None,
            rules=[str(r) for r in d.get("rules") or []],
        )


def event_id(doc_id: str, event: str, source: list[str], target: list[str], start: int) -> str:
    """A stable event id from its document, type, actor codes and position."""
    key = "|".join([doc_id, event, ",".join(sorted(source)), ",".join(sorted(target)), str(start)])
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
