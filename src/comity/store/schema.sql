-- comity store, schema version 1 (the first migration; later changes are files in migrations/).
--
-- No FOREIGN KEY from events.doc_id to documents.id, on purpose: DuckDB checks foreign keys
-- eagerly, which forbids deleting or rewriting a document that has events and slows bulk
-- inserts. The Store keeps the link instead: events are only inserted together with their
-- (new) document in one transaction, and replace_events() requires the document to exist.
-- Timestamps are UTC.

CREATE TABLE documents (
    id           VARCHAR PRIMARY KEY,   -- content hash (model.document_id) or the corpus' own id
    url          VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    published    VARCHAR,               -- YYYY-MM-DD, YYYY-MM or YYYY (precision shows), or NULL
    text         VARCHAR NOT NULL,      -- the cleaned text that event spans index into
    origin       VARCHAR NOT NULL,      -- file / line / URL it came from
    flags        JSON NOT NULL,         -- quality flags: {kind: count}
    citations    JSON NOT NULL,         -- citation markers removed from the text
    duplicate_of VARCHAR,               -- id of the earlier near-duplicate, if any
    minhash      BLOB,                  -- MinHash signature (comity.ingest.dedup), if computed
    seq          BIGINT NOT NULL,       -- ingest order, 1, 2, 3 ...
    ingested_at  TIMESTAMP NOT NULL
);

CREATE TABLE events (
    id            VARCHAR PRIMARY KEY,  -- model.event_id
    doc_id        VARCHAR NOT NULL,     -- documents.id (see the note on foreign keys above)
    seq           BIGINT NOT NULL,      -- insertion order, for stable listing
    date          VARCHAR NOT NULL,     -- the event's own date: YYYY-MM-DD, YYYY-MM, YYYY or ''
    date_start    DATE,                 -- first day of that date's precision, for range queries
    event         VARCHAR NOT NULL,     -- PLOVER type
    mode          VARCHAR NOT NULL,
    context       VARCHAR NOT NULL,
    cameo         VARCHAR NOT NULL,
    goldstein     DOUBLE NOT NULL,
    quad          INTEGER NOT NULL,
    source        JSON NOT NULL,        -- [{actorText, code, sector, name}, ...]
    target        JSON NOT NULL,
    source_codes  VARCHAR[] NOT NULL,   -- the actor codes of source/target, for joins and filters
    target_codes  VARCHAR[] NOT NULL,
    text          VARCHAR NOT NULL,     -- evidence sentence
    eventText     VARCHAR NOT NULL,     -- trigger words
    span_start    BIGINT NOT NULL,      -- char offsets of the sentence in documents.text
    span_end      BIGINT NOT NULL,
    trigger_start BIGINT,               -- char offsets of the trigger, when known
    trigger_end   BIGINT,
    modality      VARCHAR NOT NULL,
    negated       BOOLEAN NOT NULL,
    confidence    DOUBLE NOT NULL,
    location      JSON,                 -- {name, country, lat, lon} or NULL
    loc_country   VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    mentions      INTEGER NOT NULL,
    speaker       JSON                  -- {actorText, code, sector, name} or NULL
);

CREATE INDEX events_date_start ON events (date_start);
CREATE INDEX events_doc_id ON events (doc_id);
