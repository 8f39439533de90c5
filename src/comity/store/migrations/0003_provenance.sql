-- comity store, schema version 3: provenance (comity.provenance).
--
-- document_quality: a 0..1 quality score per document with each flag's contribution, computed at
-- ingest (comity.provenance.quality) and derivable again from documents and events.
-- clusters gain `corroboration` (independent publishers reporting the event: a near-duplicate or
-- syndicated copy counts as its original's publisher), `publishers` and `quality` (the best
-- quality among the documents stating it). Clusters are derived data: the table is rebuilt with
-- the new columns and every event is clustered again on the next write (ensure_clusters).

CREATE TABLE document_quality (
    doc_id      VARCHAR PRIMARY KEY,   -- documents.id
    score       DOUBLE NOT NULL,       -- 1 - sum of flag penalties, floored at 0
    hedged      DOUBLE NOT NULL,       -- share of sentences that hedge
    restated    DOUBLE NOT NULL,       -- share of event statements restating an earlier one
    detail      JSON NOT NULL          -- [{flag, value, penalty, about}, ...] for flags that cost
);

DELETE FROM cluster_members;
DROP TABLE clusters;

CREATE TABLE clusters (
    id            VARCHAR PRIMARY KEY,
    match_key     VARCHAR NOT NULL,
    event         VARCHAR NOT NULL,
    negated       BOOLEAN NOT NULL,
    source_keys   VARCHAR[] NOT NULL,
    target_keys   VARCHAR[] NOT NULL,
    date          VARCHAR NOT NULL,
    date_start    DATE,
    date_end      DATE,
    quad          INTEGER NOT NULL,
    goldstein     DOUBLE NOT NULL,
    cameo         VARCHAR NOT NULL,
    modality      VARCHAR NOT NULL,
    confidence    DOUBLE NOT NULL,
    event_id      VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    members       INTEGER NOT NULL,
    mentions      INTEGER NOT NULL,
    documents     INTEGER NOT NULL,
    sources       INTEGER NOT NULL,     -- outlets carrying it, syndicated copies included
    roots         VARCHAR[] NOT NULL,
    cameos        VARCHAR[] NOT NULL,
    stems         VARCHAR[] NOT NULL,
    corroboration INTEGER NOT NULL,     -- independent publishers (copies count as their original's)
    publishers    VARCHAR[] NOT NULL,   -- those publishers (a document with none stands for itself)
    quality       DOUBLE                -- best document_quality.score among its documents
);

CREATE INDEX clusters_date_start ON clusters (date_start);
CREATE INDEX clusters_match_key ON clusters (match_key);
