"""Event records as JSON lines, CSV and Parquet, for pandas, R and Stata, and back.

- JSONL: one ``Event.to_dict()`` a line (the record ``comity code --format jsonl`` prints), plus
  the document's ``url`` and ``publication`` (its source name).
- CSV: one row per event, flat columns (``CSV_COLUMNS``): actor codes and sectors joined by
  ``;`` for filtering, the full actor lists and the speaker as JSON, the location in four
  columns, the spans in four integer columns.
- Parquet: the same records with native types: actors as lists of structs, the location and
  speaker as structs, plus ``source_codes`` / ``target_codes`` lists.

All three add the event's provenance: ``corroboration`` (independent publishers reporting its
cluster) and ``single_source``, empty when the store has not clustered it. Each reader returns
exactly the events written (``Event`` equality); the extra columns are ignored on reading.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from comity.formats.common import Record
from comity.model import ActorRef, Event, Location

CSV_COLUMNS: tuple[str, ...] = (
    "id", "doc_id", "date", "event", "mode", "context", "cameo", "goldstein", "quad",
    "source_codes", "source_sectors", "target_codes", "target_sectors", "source", "target",
    "text", "eventText", "span_start", "span_end", "trigger_start", "trigger_end", "modality",
    "negated", "confidence", "location_name", "location_country", "lat", "lon", "mentions",
    "speaker", "rules", "url", "publication", "corroboration", "single_source",
)  # fmt: skip


def _provenance(record: Record) -> dict[str, Any]:
    """``corroboration`` (independent publishers) and ``single_source`` of the event's cluster,
    None when the store has not clustered it."""
    cluster = record.cluster
    if cluster is None or not cluster.corroboration:
        return {"corroboration": None, "single_source": None}
    return {"corroboration": cluster.corroboration, "single_source": cluster.corroboration <= 1}


# --------------------------------------------------------------------------- JSON lines


def write_jsonl(records: Iterable[Record], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            row = record.event.to_dict() | {"url": record.doc.url, "publication": record.doc.source}
            row |= _provenance(record)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[Event]:
    with path.open(encoding="utf-8") as lines:
        return [Event.from_dict(json.loads(line)) for line in lines if line.strip()]


# --------------------------------------------------------------------------- CSV


def _csv_row(record: Record) -> dict[str, Any]:
    event, location, trigger = record.event, record.event.location, record.event.trigger_span
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "date": event.date,
        "event": event.event,
        "mode": event.mode,
        "context": event.context,
        "cameo": event.cameo,
        "goldstein": repr(float(event.goldstein)),
        "quad": event.quad,
        "source_codes": ";".join(a.code for a in event.source),
        "source_sectors": ";".join(a.sector for a in event.source),
        "target_codes": ";".join(a.code for a in event.target),
        "target_sectors": ";".join(a.sector for a in event.target),
        "source": json.dumps([a.to_dict() for a in event.source], ensure_ascii=False),
        "target": json.dumps([a.to_dict() for a in event.target], ensure_ascii=False),
        "text": event.text,
        "eventText": event.eventText,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "trigger_start": trigger[0] if trigger else "",
        "trigger_end": trigger[1] if trigger else "",
        "modality": event.modality,
        "negated": "true" if event.negated else "false",
        "confidence": repr(float(event.confidence)),
        "location_name": location.name if location else "",
        "location_country": location.country if location else "",
        "lat": _float_cell(location.lat) if location else "",
        "lon": _float_cell(location.lon) if location else "",
        "mentions": event.mentions,
        "speaker": json.dumps(event.speaker.to_dict(), ensure_ascii=False) if event.speaker else "",
        "rules": ";".join(event.rules),
        "url": record.doc.url,
        "publication": record.doc.source,
        **{k: "" if v is None else str(v).lower() for k, v in _provenance(record).items()},
    }


def _float_cell(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def write_csv(records: Iterable[Record], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(_csv_row(record))
            n += 1
    return n


def read_csv(path: Path) -> list[Event]:
    with path.open(encoding="utf-8", newline="") as rows:
        return [_csv_event(row) for row in csv.DictReader(rows)]


def _csv_event(row: dict[str, str]) -> Event:
    has_location = any(row[k] for k in ("location_name", "location_country", "lat", "lon"))
    return Event.from_dict(
        {
            "id": row["id"],
            "doc_id": row["doc_id"],
            "date": row["date"],
            "event": row["event"],
            "mode": row["mode"],
            "context": row["context"],
            "cameo": row["cameo"],
            "goldstein": float(row["goldstein"]),
            "quad": int(row["quad"]),
            "source": json.loads(row["source"]),
            "target": json.loads(row["target"]),
            "text": row["text"],
            "eventText": row["eventText"],
            "span": [int(row["span_start"]), int(row["span_end"])],
            "trigger_span": [int(row["trigger_start"]), int(row["trigger_end"])]
            if row["trigger_start"]
            else None,
            "modality": row["modality"],
            "negated": row["negated"] == "true",
            "confidence": float(row["confidence"]),
            "location": {
                "name": row["location_name"],
                "country": row["location_country"],
                "lat": float(row["lat"]) if row["lat"] else None,
                "lon": float(row["lon"]) if row["lon"] else None,
            }
            if has_location
            else None,
            "mentions": int(row["mentions"]),
            "speaker": json.loads(row["speaker"]) if row["speaker"] else None,
            "rules": [r for r in (row.get("rules") or "").split(";") if r],
        }
    )


# --------------------------------------------------------------------------- Parquet


def _parquet_schema():
    import pyarrow as pa

    from comity.arrow_types import ACTOR, LOCATION

    return pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("date", pa.string()),
            ("event", pa.string()),
            ("mode", pa.string()),
            ("context", pa.string()),
            ("cameo", pa.string()),
            ("goldstein", pa.float64()),
            ("quad", pa.int32()),
            ("source", pa.list_(ACTOR)),
            ("target", pa.list_(ACTOR)),
            ("source_codes", pa.list_(pa.string())),
            ("target_codes", pa.list_(pa.string())),
            ("text", pa.string()),
            ("eventText", pa.string()),
            ("span_start", pa.int64()),
            ("span_end", pa.int64()),
            ("trigger_start", pa.int64()),
            ("trigger_end", pa.int64()),
            ("modality", pa.string()),
            ("negated", pa.bool_()),
            ("confidence", pa.float64()),
            ("location", LOCATION),
            ("mentions", pa.int32()),
            ("speaker", ACTOR),
            ("rules", pa.list_(pa.string())),
            ("url", pa.string()),
            ("publication", pa.string()),
            ("corroboration", pa.int32()),
            ("single_source", pa.bool_()),
        ]
    )


def _parquet_row(record: Record) -> dict[str, Any]:
    event, trigger = record.event, record.event.trigger_span
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "date": event.date,
        "event": event.event,
        "mode": event.mode,
        "context": event.context,
        "cameo": event.cameo,
        "goldstein": float(event.goldstein),
        "quad": int(event.quad),
        "source": [a.to_dict() for a in event.source],
        "target": [a.to_dict() for a in event.target],
        "source_codes": [a.code for a in event.source],
        "target_codes": [a.code for a in event.target],
        "text": event.text,
        "eventText": event.eventText,
        "span_start": int(event.span[0]),
        "span_end": int(event.span[1]),
        "trigger_start": trigger[0] if trigger else None,
        "trigger_end": trigger[1] if trigger else None,
        "modality": event.modality,
        "negated": bool(event.negated),
        "confidence": float(event.confidence),
        "location": event.location.to_dict() if event.location else None,
        "mentions": int(event.mentions),
        "speaker": event.speaker.to_dict() if event.speaker else None,
        "rules": list(event.rules),
        "url": record.doc.url,
        "publication": record.doc.source,
        **_provenance(record),
    }


def write_parquet(records: Iterable[Record], path: Path, *, batch: int = 10_000) -> int:
    """Write a Parquet file in row groups of ``batch`` events; returns the number of events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for rows in _chunks(records, batch):
            writer.write_table(pa.Table.from_pylist([_parquet_row(r) for r in rows], schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_parquet(path: Path) -> list[Event]:
    import pyarrow.parquet as pq

    events = []
    for row in pq.read_table(path).to_pylist():
        location = row["location"]
        speaker = row["speaker"]
        events.append(
            Event(
                id=row["id"],
                doc_id=row["doc_id"],
                date=row["date"],
                event=row["event"],
                mode=row["mode"],
                context=row["context"],
                cameo=row["cameo"],
                goldstein=row["goldstein"],
                quad=row["quad"],
                source=[ActorRef(**a) for a in row["source"]],
                target=[ActorRef(**a) for a in row["target"]],
                text=row["text"],
                eventText=row["eventText"],
                span=(row["span_start"], row["span_end"]),
                trigger_span=(row["trigger_start"], row["trigger_end"])
                if row["trigger_start"] is not None
                else None,
                modality=row["modality"],
                negated=row["negated"],
                confidence=row["confidence"],
                location=Location(**location) if location else None,
                mentions=row["mentions"],
                speaker=ActorRef(**speaker) if speaker else None,
                rules=list(row.get("rules") or []),
            )
        )
    return events
