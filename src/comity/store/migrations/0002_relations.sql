-- comity store, schema version 2: event clusters (comity.relations.clusters).
--
-- A cluster is one real-world event however many times it is stated: mentions of the same event
-- type between the same actors, dated at most relations.cluster_window_days apart, within a
-- document and across documents. Both tables are derived from `events` and can be rebuilt from it
-- (comity.relations.rebuild_clusters); relation queries (dyads, scores, network, alerts) read
-- clusters, so each event counts once.

CREATE TABLE cluster_members (
    event_id    VARCHAR PRIMARY KEY,    -- events.id
    cluster_id  VARCHAR NOT NULL,       -- clusters.id
    doc_id      VARCHAR NOT NULL,       -- events.doc_id
    root        VARCHAR NOT NULL,       -- the document, or the earlier copy it near-duplicates
    match_key   VARCHAR NOT NULL,       -- type | negated | source keys | target keys
    source_keys VARCHAR[] NOT NULL,     -- actor keys (comity.relations.actor_key), sorted
    target_keys VARCHAR[] NOT NULL,
    stems       VARCHAR[] NOT NULL      -- word stems of the trigger, for similarity across documents
);

CREATE TABLE clusters (
    id          VARCHAR PRIMARY KEY,    -- 'c' + the id digits of the event that founded it
    match_key   VARCHAR NOT NULL,
    event       VARCHAR NOT NULL,       -- PLOVER type
    negated     BOOLEAN NOT NULL,
    source_keys VARCHAR[] NOT NULL,
    target_keys VARCHAR[] NOT NULL,
    date        VARCHAR NOT NULL,       -- the representative event's date (precision shows)
    date_start  DATE,                   -- earliest member date_start
    date_end    DATE,                   -- latest member date_start
    quad        INTEGER NOT NULL,       -- of the representative event
    goldstein   DOUBLE NOT NULL,
    cameo       VARCHAR NOT NULL,
    modality    VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL,
    event_id    VARCHAR NOT NULL,       -- representative event: the firmest statement (evidence)
    doc_id      VARCHAR NOT NULL,
    members     INTEGER NOT NULL,       -- events in the cluster
    mentions    INTEGER NOT NULL,       -- statements of the event, near-duplicate documents once
    documents   INTEGER NOT NULL,       -- distinct documents, near-duplicates counted once
    sources     INTEGER NOT NULL,       -- distinct outlets (documents.source; a document without one is its own)
    roots       VARCHAR[] NOT NULL,     -- the member documents (near-duplicates as their original)
    cameos      VARCHAR[] NOT NULL,
    stems       VARCHAR[] NOT NULL
);

CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id);
CREATE INDEX cluster_members_doc ON cluster_members (doc_id);
CREATE INDEX clusters_date_start ON clusters (date_start);
CREATE INDEX clusters_match_key ON clusters (match_key);
