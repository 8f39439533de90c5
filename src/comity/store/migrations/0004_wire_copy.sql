-- comity store, schema version 4: wire copy (comity.provenance.wires).
--
-- document_quality gains `upstream`: the news agency a document credits ("KYIV (Reuters) -"), so
-- that outlets running the same agency story count once in corroboration. Quality rows and
-- clusters are derived data: both are emptied here and computed again on the next write
-- (ensure_quality, ensure_clusters), with the agencies taken into account.

ALTER TABLE document_quality ADD COLUMN upstream VARCHAR;  -- agency credited, or NULL
DELETE FROM document_quality;
DELETE FROM cluster_members;
DELETE FROM clusters;
