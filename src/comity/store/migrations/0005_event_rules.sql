-- comity store, schema version 5: each event's trace.
--
-- events gain `rules`: the codebook entry and the named rules that produced the event (a JSON
-- list of strings), so that every stored event says why it was coded. Events stored before
-- this version have an empty list; re-coding fills it.

ALTER TABLE events ADD COLUMN rules JSON DEFAULT '[]';
