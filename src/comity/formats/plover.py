"""PLOVER JSON records: the field names of the PLOVER manual (draft 0.8, "Data Fields") as the
PLOVER gold-standard records write them (camelCase: ``eventText``, ``textInfo``, ``eventLoc``).

A record::

    {"id": ..., "date": "2024-03-05", "source": [{"actorText", "code", "sector", "name"}],
     "target": [...], "event": "AGREE", "mode": "", "context": "economic",
     "eventText": "signed", "text": "<evidence sentence>",
     "textInfo": {"start": 0, "end": 52, "triggerStart": 21, "triggerEnd": 27},
     "eventLoc": {"name": "Beijing", "country_code": "CHN", "lat": 39.9, "lon": 116.4} | null,
     "quadCode": 1, "language": "en", "publication": "<document source>",
     "citeInfo": {"url": ..., "title": ...}, "coder": "comity 0.1.0",
     "docId": ..., "cameo": "057", "goldstein": 8.0, "modality": "asserted", "negated": false,
     "confidence": 0.9, "mentions": 1, "speaker": null}

``docId`` and the fields after it are comity's additions (PLOVER lets providers add named
fields). ``mode`` and ``context`` are strings, several contexts comma-separated, as in the gold
records. A file is one JSON array with one record a line, so it is valid JSON and greps like
JSON lines; :func:`read` reads it back (and reads PLOVER gold files and JSON lines too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from comity import __version__
from comity.formats.common import Record, event_quad
from comity.model import ActorRef, Event, Location

#: field names of a comity PLOVER record: PLOVER's own, then comity's additions
PLOVER_FIELDS = (
    "id", "date", "source", "target", "event", "mode", "context", "eventText", "text", "textInfo",
    "eventLoc", "quadCode", "language", "publication", "citeInfo", "coder",
)  # fmt: skip
COMITY_FIELDS = (
    "docId", "cameo", "goldstein", "modality", "negated", "confidence", "mentions", "speaker", "rules",
)  # fmt: skip


def to_record(record: Record) -> dict[str, Any]:
    event, doc = record.event, record.doc
    text_info: dict[str, int] = {"start": event.span[0], "end": event.span[1]}
    if event.trigger_span:
        text_info |= {"triggerStart": event.trigger_span[0], "triggerEnd": event.trigger_span[1]}
    location = event.location
    cite = {key: value for key, value in (("url", doc.url), ("title", doc.title)) if value}
    return {
        "id": event.id,
        "date": event.date,
        "source": [a.to_dict() for a in event.source],
        "target": [a.to_dict() for a in event.target],
        "event": event.event,
        "mode": event.mode,
        "context": event.context,
        "eventText": event.eventText,
        "text": event.text,
        "textInfo": text_info,
        "eventLoc": {
            "name": location.name,
            "country_code": location.country,
            "lat": location.lat,
            "lon": location.lon,
        }
        if location
        else None,
        "quadCode": event_quad(event),
        "language": "en",
        "publication": doc.source,
        "citeInfo": cite,
        "coder": f"comity {__version__}",
        "docId": event.doc_id,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "negated": event.negated,
        "confidence": event.confidence,
        "mentions": event.mentions,
        "speaker": event.speaker.to_dict() if event.speaker else None,
        "rules": list(event.rules),
    }


def write(records: Iterable[Record], path: Path) -> int:
    """Write a JSON array of PLOVER records, one a line; returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for record in records:
            out.write(",\n" if n else "\n")
            out.write(json.dumps(to_record(record), ensure_ascii=False))
            n += 1
        out.write("\n]\n")
    return n


def read(path: Path) -> list[Event]:
    """Events from a PLOVER JSON array (comity's or a gold file) or PLOVER JSON lines."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        records = json.loads(text)
    else:
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [from_record(r) for r in records]


def _actors(value: Any) -> list[ActorRef]:
    if not isinstance(value, list):  # gold records write "" or null for "no target"
        return []
    return [
        ActorRef(
            actorText=a.get("actorText") or "",
            code=a.get("code") or "",
            sector=a.get("sector") or "",
            name=a.get("name") or "",
        )
        for a in value
    ]


def from_record(record: dict[str, Any]) -> Event:
    info = record.get("textInfo") or {}
    loc = record.get("eventLoc")
    speaker = record.get("speaker")
    trigger = (info["triggerStart"], info["triggerEnd"]) if "triggerStart" in info else None
    return Event(
        id=record["id"],
        doc_id=record.get("docId") or record["id"],
        date=record.get("date") or "",
        event=record["event"],
        mode=record.get("mode") or "",
        context=record.get("context") or "",
        cameo=record.get("cameo") or "",
        goldstein=float(record.get("goldstein") or 0.0),
        quad=int(record.get("quadCode") or 0),
        source=_actors(record.get("source")),
        target=_actors(record.get("target")),
        text=record.get("text") or "",
        eventText=record.get("eventText") or "",
        span=(int(info.get("start", 0)), int(info.get("end", 0))),
        trigger_span=trigger,
        modality=record.get("modality") or "asserted",
        negated=bool(record.get("negated")),
        confidence=float(record.get("confidence") if record.get("confidence") is not None else 0.5),
        location=Location(
            name=loc.get("name") or "",
            country=loc.get("country_code") or "",
            lat=loc.get("lat"),
            lon=loc.get("lon"),
        )
        if loc
        else None,
        mentions=int(record.get("mentions") or 1),
        speaker=ActorRef(**speaker) if speaker else None,
        rules=[str(r) for r in record.get("rules") or []],
    )
