-- One link's rows together (issue 15, docs/adr/0105-events-by-link-projection.md). The table's sort key puts
-- the link after the event type and the day, so a per-link question (seeds 002, 004, 000 with linkId, 003
-- with url_id) read every granule of the workspace's days. A projection sorted by (workspace_id, link_id,
-- timestamp) keeps a second copy of the rows in that order; the engine picks it by itself for any query
-- whose link_id predicate makes it read fewer granules, and keeps the main order for everything else.
-- A copy of every column (SELECT *), so any filter set on one link is answered from it.
ALTER TABLE events ADD PROJECTION IF NOT EXISTS by_link (SELECT * ORDER BY (workspace_id, link_id, timestamp));
-- Parts written before this migration get the projection through a background mutation; until it is done
-- the engine reads those parts in the table's own order, so answers never depend on it.
ALTER TABLE events MATERIALIZE PROJECTION by_link;
-- Tricky: with a projection a lightweight DELETE or UPDATE fails by default ('throw'); 'rebuild' keeps the
-- projection exact by rebuilding it in the parts the mutation touches (none of Tally's statements do today).
ALTER TABLE events MODIFY SETTING lightweight_mutation_projection_mode = 'rebuild';
