-- The format column says which writer stored a snapshot, not the layout of its bytes (review of
-- wip-ring19, issue 17): since snapshot layout 2 a writer of format 2 still writes layout 1 for a
-- ring that packs no day, and the reader goes by the snapshot's first byte. A comment only.
ALTER TABLE utility_snapshots_by_partition COMMENT COLUMN format 'The writer''s snapshot version (SNAPSHOT_VERSION in packages/analytics/src/utility/snapshot.ts when written), not the layout of its bytes: a row of format 2 may hold layout 1 (a ring that packs no day), the reader going by the snapshot''s first byte. A restore reads formats OLDEST_SNAPSHOT_VERSION to its own and the hourly rows of a household whose snapshot is of another.';
